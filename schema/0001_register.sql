-- The register: the market, its units, its merchants and their leases, and the activity log.
-- Money is integer fen (_fen), areas integer hundredths of a square metre (_m2_hundredths),
-- business dates TEXT 'YYYY-MM-DD' in China Standard Time (_on), instants TEXT ISO 8601 UTC (_at).
-- Rules that must hold whatever writes to the file (a second process, the sqlite3 shell) are
-- CHECK constraints and triggers here, not only checks in the service.

CREATE TABLE markets (
    id INTEGER PRIMARY KEY CHECK (id = 1),              -- one database holds one market
    code TEXT NOT NULL CHECK (length(code) BETWEEN 2 AND 8 AND code NOT GLOB '*[^A-Z]*'),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    operator_name TEXT NOT NULL,
    collective_name TEXT NOT NULL,
    household_min INTEGER NOT NULL DEFAULT 3,
    household_max INTEGER NOT NULL DEFAULT 5,
    created_at TEXT NOT NULL,
    CHECK (household_min >= 1 AND household_max >= household_min AND household_max <= 50)
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16 AND code NOT GLOB '*[^A-Z0-9-]*'),
    kind TEXT NOT NULL CHECK (kind IN ('shop', 'stall', 'cold_room')),
    phase INTEGER NOT NULL DEFAULT 1 CHECK (phase BETWEEN 1 AND 99),
    area_m2_hundredths INTEGER NOT NULL CHECK (area_m2_hundredths > 0),
    building TEXT,
    capacity_kg INTEGER CHECK (capacity_kg > 0),
    is_out_of_service INTEGER NOT NULL DEFAULT 0 CHECK (is_out_of_service IN (0, 1)),
    created_at TEXT NOT NULL,
    -- a cold room has a building and a capacity; a shop or a stall has neither
    CHECK ((kind = 'cold_room') = (building IS NOT NULL AND capacity_kg IS NOT NULL)),
    CHECK (kind = 'cold_room' OR (building IS NULL AND capacity_kg IS NULL))
);

CREATE TABLE merchants (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    phone TEXT NOT NULL,
    id_number TEXT UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE leases (
    id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    rent_fen INTEGER NOT NULL CHECK (rent_fen >= 0),
    billing_cycle TEXT NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly')),
    management_fee_kind TEXT NOT NULL CHECK (management_fee_kind IN ('none', 'per_m2', 'fixed')),
    management_fee_fen INTEGER NOT NULL CHECK (management_fee_fen >= 0),
    deposit_fen INTEGER NOT NULL CHECK (deposit_fen >= 0),
    free_months INTEGER NOT NULL CHECK (free_months >= 0),
    escalation_bp INTEGER NOT NULL CHECK (escalation_bp BETWEEN 0 AND 10000),
    due_day INTEGER NOT NULL CHECK (due_day BETWEEN 1 AND 28),
    grace_days INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 90),
    late_fee_bp INTEGER NOT NULL CHECK (late_fee_bp BETWEEN 0 AND 10000),
    late_fee_cap_bp INTEGER NOT NULL CHECK (late_fee_cap_bp BETWEEN 0 AND 10000),
    -- a renewal names the lease it follows; a lease is renewed at most once
    previous_lease_id INTEGER UNIQUE REFERENCES leases (id),
    created_at TEXT NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK ((management_fee_kind = 'none') = (management_fee_fen = 0))
);
CREATE INDEX leases_by_merchant ON leases (merchant_id);

CREATE TABLE lease_units (
    lease_id INTEGER NOT NULL REFERENCES leases (id),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (lease_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX lease_units_by_unit ON lease_units (unit_id, lease_id);

-- An early end, recorded beside the lease rather than written over it.
CREATE TABLE lease_terminations (
    lease_id INTEGER PRIMARY KEY REFERENCES leases (id),
    ends_on TEXT NOT NULL,          -- the lease's new last day, inclusive
    reason TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- Who did what, when. Appended to, never changed.
CREATE TABLE activity_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);

-- No unit in two leases whose dates overlap (inclusive ranges; a termination shortens a
-- lease). Checked here so that a raw INSERT or a racing second process cannot break it:
-- SQLite runs the trigger inside the writer's lock.
CREATE TRIGGER lease_units_no_overlap BEFORE INSERT ON lease_units
WHEN EXISTS (
    SELECT 1
    FROM lease_units AS other
    JOIN leases AS held ON held.id = other.lease_id
    LEFT JOIN lease_terminations AS held_end ON held_end.lease_id = held.id
    JOIN leases AS new_lease ON new_lease.id = NEW.lease_id
    LEFT JOIN lease_terminations AS new_end ON new_end.lease_id = new_lease.id
    WHERE other.unit_id = NEW.unit_id
      AND other.lease_id <> NEW.lease_id
      AND held.starts_on <= COALESCE(new_end.ends_on, new_lease.ends_on)
      AND new_lease.starts_on <= COALESCE(held_end.ends_on, held.ends_on)
)
BEGIN
    SELECT RAISE(ABORT, 'lease_overlap: the unit is already in a lease whose dates overlap');
END;

-- A termination only shortens: its day lies inside the lease, before the signed end.
CREATE TRIGGER lease_terminations_inside_lease BEFORE INSERT ON lease_terminations
WHEN NOT EXISTS (
    SELECT 1 FROM leases
    WHERE id = NEW.lease_id AND NEW.ends_on >= starts_on AND NEW.ends_on < ends_on
)
BEGIN
    SELECT RAISE(ABORT, 'termination_outside_lease: a termination day must lie inside the lease, before its end');
END;

-- Leases, their units, terminations and the activity log are never edited or deleted.
CREATE TRIGGER leases_never_updated BEFORE UPDATE ON leases
BEGIN SELECT RAISE(ABORT, 'immutable: leases are never edited; terminate or renew instead'); END;
CREATE TRIGGER leases_never_deleted BEFORE DELETE ON leases
BEGIN SELECT RAISE(ABORT, 'immutable: leases are never deleted'); END;
CREATE TRIGGER lease_units_never_updated BEFORE UPDATE ON lease_units
BEGIN SELECT RAISE(ABORT, 'immutable: a lease''s units are never changed'); END;
CREATE TRIGGER lease_units_never_deleted BEFORE DELETE ON lease_units
BEGIN SELECT RAISE(ABORT, 'immutable: a lease''s units are never removed'); END;
CREATE TRIGGER lease_terminations_never_updated BEFORE UPDATE ON lease_terminations
BEGIN SELECT RAISE(ABORT, 'immutable: terminations are never edited'); END;
CREATE TRIGGER lease_terminations_never_deleted BEFORE DELETE ON lease_terminations
BEGIN SELECT RAISE(ABORT, 'immutable: terminations are never deleted'); END;
CREATE TRIGGER activity_log_never_updated BEFORE UPDATE ON activity_log
BEGIN SELECT RAISE(ABORT, 'immutable: the activity log is append-only'); END;
CREATE TRIGGER activity_log_never_deleted BEFORE DELETE ON activity_log
BEGIN SELECT RAISE(ABORT, 'immutable: the activity log is append-only'); END;
