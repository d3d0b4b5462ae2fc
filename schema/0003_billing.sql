-- Bills, payments, allocations, corrections, cold-store usage and the double-entry books.
-- Nothing here is edited or deleted: a mistake is put right by a new record (a void, an
-- adjustment bill, a reversal), and every money event posts a balanced journal entry.
-- The CHECKs on the tables a billing run writes spell out `a = x OR a = y` rather than
-- `a IN (x, y)`: SQLite builds a temporary table for an IN list on every row inserted,
-- which more than doubles the cost of each insert.

ALTER TABLE markets ADD COLUMN cold_store_rate_fen_per_tonne_day INTEGER NOT NULL DEFAULT 300
    CHECK (cold_store_rate_fen_per_tonne_day >= 0);

-- Document numbers: one gapless sequence per kind of document and year.
CREATE TABLE number_sequences (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
) WITHOUT ROWID;

-- The chart of accounts. `role` names what the software posts to the account (cash,
-- receivable, income:rent:shop, …), so that a market on another numbering maps its own codes.
CREATE TABLE accounts (
    code TEXT PRIMARY KEY CHECK (code NOT GLOB '*[^0-9]*' AND length(code) BETWEEN 3 AND 12),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
    parent_code TEXT REFERENCES accounts (code),
    role TEXT UNIQUE
) WITHOUT ROWID;

CREATE TABLE bills (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind = 'regular' OR kind = 'deposit' OR kind = 'late_fee' OR kind = 'usage' OR kind = 'adjustment'),
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    lease_id INTEGER REFERENCES leases (id),
    period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    original_bill_id INTEGER REFERENCES bills (id),   -- late fees and adjustments name the bill they concern
    reason TEXT,
    created_at TEXT NOT NULL,
    CHECK (kind = 'adjustment' OR total_fen > 0),
    CHECK ((kind = 'late_fee' OR kind = 'adjustment') = (original_bill_id IS NOT NULL))
);
-- The billing run is idempotent: one regular bill per lease and cycle, one deposit bill per lease.
CREATE UNIQUE INDEX bills_one_per_cycle ON bills (lease_id, period) WHERE kind = 'regular';
CREATE UNIQUE INDEX bills_one_deposit ON bills (lease_id) WHERE kind = 'deposit';
CREATE UNIQUE INDEX bills_one_usage ON bills (merchant_id, period) WHERE kind = 'usage';
CREATE UNIQUE INDEX bills_one_late_fee_per_day ON bills (original_bill_id, issued_on) WHERE kind = 'late_fee';
CREATE INDEX bills_by_merchant ON bills (merchant_id, due_on);

CREATE TABLE bill_lines (
    id INTEGER PRIMARY KEY,
    bill_id INTEGER NOT NULL REFERENCES bills (id),
    kind TEXT NOT NULL CHECK (kind = 'rent' OR kind = 'management_fee' OR kind = 'cold_store_usage' OR kind = 'late_fee'
                              OR kind = 'deposit' OR kind = 'adjustment'),
    period TEXT,
    description TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    account_code TEXT NOT NULL REFERENCES accounts (code)
);
CREATE INDEX bill_lines_by_bill ON bill_lines (bill_id);

CREATE TABLE bill_voids (
    bill_id INTEGER PRIMARY KEY REFERENCES bills (id),
    voided_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    method TEXT NOT NULL CHECK (method = 'cash' OR method = 'wechat' OR method = 'alipay' OR method = 'bank'),
    paid_on TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    named_bill_ids TEXT NOT NULL DEFAULT '',            -- as given, to compare a repeated key's details
    credit_fen INTEGER NOT NULL CHECK (credit_fen >= 0), -- what was left over for the merchant's credit
    created_at TEXT NOT NULL
);
CREATE INDEX payments_by_merchant ON payments (merchant_id, paid_on);

CREATE TABLE payment_reversals (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    payment_id INTEGER NOT NULL UNIQUE REFERENCES payments (id),
    reversed_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A deposit settled at termination: set against what is owed, the rest refunded.
CREATE TABLE deposit_settlements (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    lease_id INTEGER NOT NULL UNIQUE REFERENCES leases (id),
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    settled_on TEXT NOT NULL,
    held_fen INTEGER NOT NULL CHECK (held_fen >= 0),
    applied_fen INTEGER NOT NULL CHECK (applied_fen >= 0),
    refunded_fen INTEGER NOT NULL CHECK (refunded_fen >= 0),
    created_at TEXT NOT NULL,
    CHECK (applied_fen + refunded_fen = held_fen)
);

-- Money set against a bill: from a payment, from the merchant's credit, or from a deposit.
-- A reversal adds a negative allocation that names the one it undoes.
CREATE TABLE allocations (
    id INTEGER PRIMARY KEY,
    bill_id INTEGER NOT NULL REFERENCES bills (id),
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    source TEXT NOT NULL CHECK (source = 'payment' OR source = 'credit' OR source = 'deposit'),
    payment_id INTEGER REFERENCES payments (id),
    deposit_settlement_id INTEGER REFERENCES deposit_settlements (id),
    reverses_allocation_id INTEGER UNIQUE REFERENCES allocations (id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0),
    allocated_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((amount_fen < 0) = (reverses_allocation_id IS NOT NULL))
);
CREATE INDEX allocations_by_bill ON allocations (bill_id);
CREATE INDEX allocations_by_merchant ON allocations (merchant_id, source);

-- Goods in a cold room: billed per kilogram-day, each day in the month it falls in.
CREATE TABLE usage_records (
    id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    kilograms INTEGER NOT NULL CHECK (kilograms > 0),
    in_on TEXT NOT NULL,
    out_on TEXT,                    -- the day the goods left (charged); NULL while still in
    created_at TEXT NOT NULL,
    CHECK (out_on IS NULL OR out_on >= in_on)
);
CREATE INDEX usage_records_by_unit ON usage_records (unit_id, in_on);

CREATE TABLE journal_entries (
    id INTEGER PRIMARY KEY,
    entry_on TEXT NOT NULL,
    document_kind TEXT NOT NULL,
    document_number TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE journal_lines (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES journal_entries (id),
    account_code TEXT NOT NULL REFERENCES accounts (code),
    merchant_id INTEGER REFERENCES merchants (id),      -- the receivable's and credit's sub-ledger
    debit_fen INTEGER NOT NULL CHECK (debit_fen >= 0),
    credit_fen INTEGER NOT NULL CHECK (credit_fen >= 0),
    CHECK ((debit_fen = 0) <> (credit_fen = 0))
);
CREATE INDEX journal_lines_by_entry ON journal_lines (entry_id);

-- None of these is ever edited or deleted.
CREATE TRIGGER bills_never_updated BEFORE UPDATE ON bills BEGIN SELECT RAISE(ABORT, 'immutable: bills are never edited; void or adjust'); END;
CREATE TRIGGER bills_never_deleted BEFORE DELETE ON bills BEGIN SELECT RAISE(ABORT, 'immutable: bills are never deleted'); END;
CREATE TRIGGER bill_lines_never_updated BEFORE UPDATE ON bill_lines BEGIN SELECT RAISE(ABORT, 'immutable: bill lines are never edited'); END;
CREATE TRIGGER bill_lines_never_deleted BEFORE DELETE ON bill_lines BEGIN SELECT RAISE(ABORT, 'immutable: bill lines are never deleted'); END;
CREATE TRIGGER bill_voids_never_changed BEFORE UPDATE ON bill_voids BEGIN SELECT RAISE(ABORT, 'immutable: voids are never edited'); END;
CREATE TRIGGER bill_voids_never_deleted BEFORE DELETE ON bill_voids BEGIN SELECT RAISE(ABORT, 'immutable: voids are never deleted'); END;
CREATE TRIGGER payments_never_updated BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'immutable: payments are never edited; reverse instead'); END;
CREATE TRIGGER payments_never_deleted BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'immutable: payments are never deleted'); END;
CREATE TRIGGER payment_reversals_never_updated BEFORE UPDATE ON payment_reversals BEGIN SELECT RAISE(ABORT, 'immutable: reversals are never edited'); END;
CREATE TRIGGER payment_reversals_never_deleted BEFORE DELETE ON payment_reversals BEGIN SELECT RAISE(ABORT, 'immutable: reversals are never deleted'); END;
CREATE TRIGGER deposit_settlements_never_updated BEFORE UPDATE ON deposit_settlements BEGIN SELECT RAISE(ABORT, 'immutable: settlements are never edited'); END;
CREATE TRIGGER deposit_settlements_never_deleted BEFORE DELETE ON deposit_settlements BEGIN SELECT RAISE(ABORT, 'immutable: settlements are never deleted'); END;
CREATE TRIGGER allocations_never_updated BEFORE UPDATE ON allocations BEGIN SELECT RAISE(ABORT, 'immutable: allocations are never edited'); END;
CREATE TRIGGER allocations_never_deleted BEFORE DELETE ON allocations BEGIN SELECT RAISE(ABORT, 'immutable: allocations are never deleted'); END;
CREATE TRIGGER journal_entries_never_updated BEFORE UPDATE ON journal_entries BEGIN SELECT RAISE(ABORT, 'immutable: journal entries are never edited'); END;
CREATE TRIGGER journal_entries_never_deleted BEFORE DELETE ON journal_entries BEGIN SELECT RAISE(ABORT, 'immutable: journal entries are never deleted'); END;
CREATE TRIGGER journal_lines_never_updated BEFORE UPDATE ON journal_lines BEGIN SELECT RAISE(ABORT, 'immutable: journal lines are never edited'); END;
CREATE TRIGGER journal_lines_never_deleted BEFORE DELETE ON journal_lines BEGIN SELECT RAISE(ABORT, 'immutable: journal lines are never deleted'); END;
-- A usage record is closed once (goods out) and otherwise never changed.
CREATE TRIGGER usage_records_close_only BEFORE UPDATE ON usage_records
WHEN OLD.out_on IS NOT NULL OR NEW.out_on IS NULL OR NEW.kilograms IS NOT OLD.kilograms OR NEW.in_on IS NOT OLD.in_on
  OR NEW.unit_id IS NOT OLD.unit_id OR NEW.merchant_id IS NOT OLD.merchant_id
BEGIN SELECT RAISE(ABORT, 'immutable: a usage record is only closed, once'); END;
CREATE TRIGGER usage_records_never_deleted BEFORE DELETE ON usage_records BEGIN SELECT RAISE(ABORT, 'immutable: usage records are never deleted'); END;
