-- Foreign keys are enforced on every Lanzi connection, but a client that does not turn them
-- on (the stock sqlite3 shell leaves them off) could still insert a lease for no merchant or
-- a lease of no unit. These triggers hold the register's references whatever writes. The
-- billing tables have no such triggers: a trigger makes every insert open a statement
-- journal, which halves the speed of a billing run; a dangling bill or journal line written
-- behind the software's back is a matter for the audit, which reads every reference.
CREATE TRIGGER leases_need_a_merchant BEFORE INSERT ON leases
WHEN NOT EXISTS (SELECT 1 FROM merchants WHERE id = NEW.merchant_id)
BEGIN SELECT RAISE(ABORT, 'foreign_key: a lease needs a registered merchant'); END;

CREATE TRIGGER lease_units_need_a_lease_and_a_unit BEFORE INSERT ON lease_units
WHEN NOT EXISTS (SELECT 1 FROM leases WHERE id = NEW.lease_id) OR NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.unit_id)
BEGIN SELECT RAISE(ABORT, 'foreign_key: a lease unit needs its lease and its unit'); END;
