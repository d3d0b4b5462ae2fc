-- The party branch's register: party members, farming households, who looks after whom
-- (with history), and visits. Bounds that must hold whatever writes to the file are
-- triggers here: one active contact per household, at most the market's maximum of
-- households per member.

CREATE TABLE party_members (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    branch TEXT NOT NULL CHECK (length(branch) BETWEEN 1 AND 80),
    phone TEXT,
    deactivated_on TEXT,            -- NULL while active
    created_at TEXT NOT NULL
);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    head_name TEXT NOT NULL CHECK (length(head_name) BETWEEN 1 AND 40),
    village_group TEXT NOT NULL CHECK (length(village_group) BETWEEN 1 AND 40),
    people INTEGER NOT NULL DEFAULT 1 CHECK (people BETWEEN 1 AND 99),
    address TEXT,
    merchant_id INTEGER REFERENCES merchants (id),
    created_at TEXT NOT NULL
);
CREATE INDEX households_by_group ON households (village_group);

CREATE TABLE household_tags (
    household_id INTEGER NOT NULL REFERENCES households (id),
    tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 20),
    PRIMARY KEY (household_id, tag)
) WITHOUT ROWID;

-- A member looks after a household from starts_on until ended_on (the handover day, on
-- which the next member is already the contact); ended_on is NULL while it lasts.
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    member_id INTEGER NOT NULL REFERENCES party_members (id),
    starts_on TEXT NOT NULL,
    ended_on TEXT,
    created_at TEXT NOT NULL,
    CHECK (ended_on IS NULL OR ended_on >= starts_on)
);
CREATE UNIQUE INDEX assignments_one_active_per_household ON assignments (household_id) WHERE ended_on IS NULL;
CREATE INDEX assignments_by_member ON assignments (member_id, ended_on);

CREATE TRIGGER assignments_member_maximum BEFORE INSERT ON assignments
WHEN NEW.ended_on IS NULL
 AND (SELECT count(*) FROM assignments WHERE member_id = NEW.member_id AND ended_on IS NULL)
     >= COALESCE((SELECT household_max FROM markets WHERE id = 1), 5)
BEGIN
    SELECT RAISE(ABORT, 'member_maximum: the member already looks after the most households allowed');
END;

CREATE TRIGGER assignments_active_member BEFORE INSERT ON assignments
WHEN (SELECT deactivated_on FROM party_members WHERE id = NEW.member_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'member_inactive: a deactivated member is given no households');
END;

-- History is kept: an assignment is only ever closed, once, and never deleted.
CREATE TRIGGER assignments_close_only BEFORE UPDATE ON assignments
WHEN OLD.ended_on IS NOT NULL OR NEW.ended_on IS NULL OR NEW.household_id IS NOT OLD.household_id
  OR NEW.member_id IS NOT OLD.member_id OR NEW.starts_on IS NOT OLD.starts_on
BEGIN
    SELECT RAISE(ABORT, 'immutable: an assignment is only closed, once');
END;
CREATE TRIGGER assignments_never_deleted BEFORE DELETE ON assignments
BEGIN SELECT RAISE(ABORT, 'immutable: assignments are never deleted'); END;

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    visited_on TEXT NOT NULL,
    raised TEXT NOT NULL CHECK (length(raised) BETWEEN 1 AND 500),
    follow_up_on TEXT,
    resolved_on TEXT,               -- NULL while the matter is open
    created_at TEXT NOT NULL,
    CHECK (resolved_on IS NULL OR resolved_on >= visited_on)
);
CREATE INDEX visits_by_member ON visits (member_id, visited_on);

CREATE TRIGGER visits_close_only BEFORE UPDATE ON visits
WHEN OLD.resolved_on IS NOT NULL OR NEW.resolved_on IS NULL OR NEW.member_id IS NOT OLD.member_id
  OR NEW.household_id IS NOT OLD.household_id OR NEW.visited_on IS NOT OLD.visited_on OR NEW.raised IS NOT OLD.raised
BEGIN
    SELECT RAISE(ABORT, 'immutable: a visit is only closed, once');
END;
CREATE TRIGGER visits_never_deleted BEFORE DELETE ON visits
BEGIN SELECT RAISE(ABORT, 'immutable: visits are never deleted'); END;
