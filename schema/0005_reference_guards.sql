-- Foreign keys are enforced on every Lanzi connection, but a client that does not turn them
-- on (the stock sqlite3 shell leaves them off) could still insert a lease for no merchant or
-- a lease of no unit. These triggers hold the register's references whatever writes.
CREATE TRIGGER leases_need_a_merchant BEFORE INSERT ON leases
WHEN NOT EXISTS (SELECT 1 FROM merchants WHERE id = NEW.merchant_id)
BEGIN SELECT RAISE(ABORT, 'foreign_key: a lease needs a registered merchant'); END;

CREATE TRIGGER lease_units_need_a_lease_and_a_unit BEFORE INSERT ON lease_units
WHEN NOT EXISTS (SELECT 1 FROM leases WHERE id = NEW.lease_id) OR NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.unit_id)
BEGIN SELECT RAISE(ABORT, 'foreign_key: a lease unit needs its lease and its unit'); END;

CREATE TRIGGER bills_need_a_merchant BEFORE INSERT ON bills
WHEN NOT EXISTS (SELECT 1 FROM merchants WHERE id = NEW.merchant_id)
BEGIN SELECT RAISE(ABORT, 'foreign_key: a bill needs a registered merchant'); END;

CREATE TRIGGER journal_lines_need_an_account BEFORE INSERT ON journal_lines
WHEN NOT EXISTS (SELECT 1 FROM accounts WHERE code = NEW.account_code)
  OR NOT EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id)
BEGIN SELECT RAISE(ABORT, 'foreign_key: a journal line needs its entry and an account of the chart'); END;
