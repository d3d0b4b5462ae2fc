-- A lease entered by mistake is withdrawn by a cancellation, recorded beside it (the lease
-- itself is never edited or deleted). A cancelled lease holds no unit on any day and is
-- never billed; it may be cancelled only while no bill names it, since a bill is a record
-- the merchant may already hold, corrected only by a void.

CREATE TABLE lease_cancellations (
    lease_id INTEGER PRIMARY KEY REFERENCES leases (id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at TEXT NOT NULL
);

CREATE TRIGGER lease_cancellations_need_an_unbilled_lease BEFORE INSERT ON lease_cancellations
BEGIN
    SELECT RAISE(ABORT, 'foreign_key: a cancellation needs its lease')
    WHERE NOT EXISTS (SELECT 1 FROM leases WHERE id = NEW.lease_id);
    SELECT RAISE(ABORT, 'lease_billed: a lease with a bill cannot be cancelled')
    WHERE EXISTS (SELECT 1 FROM bills WHERE lease_id = NEW.lease_id);
    SELECT RAISE(ABORT, 'lease_ended: a terminated or renewed lease cannot be cancelled')
    WHERE EXISTS (SELECT 1 FROM lease_terminations WHERE lease_id = NEW.lease_id)
       OR EXISTS (SELECT 1 FROM leases WHERE previous_lease_id = NEW.lease_id);
END;

-- A cancelled lease is not terminated or renewed afterwards either: it never ran.
CREATE TRIGGER lease_terminations_not_of_a_cancelled_lease BEFORE INSERT ON lease_terminations
WHEN EXISTS (SELECT 1 FROM lease_cancellations WHERE lease_id = NEW.lease_id)
BEGIN SELECT RAISE(ABORT, 'lease_cancelled: the lease has been cancelled'); END;

CREATE TRIGGER lease_cancellations_never_updated BEFORE UPDATE ON lease_cancellations
BEGIN SELECT RAISE(ABORT, 'immutable: cancellations are never edited'); END;
CREATE TRIGGER lease_cancellations_never_deleted BEFORE DELETE ON lease_cancellations
BEGIN SELECT RAISE(ABORT, 'immutable: cancellations are never deleted'); END;

-- The overlap guard of 0001, now blind to cancelled leases: their units are free again.
DROP TRIGGER lease_units_no_overlap;
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
      AND NOT EXISTS (SELECT 1 FROM lease_cancellations AS c WHERE c.lease_id = held.id)
)
BEGIN
    SELECT RAISE(ABORT, 'lease_overlap: the unit is already in a lease whose dates overlap');
END;

-- A merchant's credit (money paid beyond its bills) paid back, in cash or by transfer:
-- the credit leaves the merchant's credit account and the money leaves the till or bank.
-- Never more than the credit held; a refund is a record, never edited or deleted.
CREATE TABLE credit_refunds (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    method TEXT NOT NULL CHECK (method = 'cash' OR method = 'wechat' OR method = 'alipay' OR method = 'bank'),
    refunded_on TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX credit_refunds_by_merchant ON credit_refunds (merchant_id, refunded_on);

CREATE TRIGGER credit_refunds_never_updated BEFORE UPDATE ON credit_refunds
BEGIN SELECT RAISE(ABORT, 'immutable: refunds are never edited'); END;
CREATE TRIGGER credit_refunds_never_deleted BEFORE DELETE ON credit_refunds
BEGIN SELECT RAISE(ABORT, 'immutable: refunds are never deleted'); END;
