-- Bill lines and journal lines are only ever read with their bill or entry, so they are
-- stored in it: keyed by (bill_id, line_no) and (entry_id, line_no), without a row id.
-- That drops an index from each table, which every line the billing run writes paid for.
-- The index on journal lines by account and merchant is kept only for the lines that have
-- a merchant (the receivable's, the credit's and the deposits' sub-ledgers), the only ones
-- it is asked for; revenue lines no longer pay for it.

CREATE TABLE bill_lines_keyed (
    bill_id INTEGER NOT NULL REFERENCES bills (id),
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    kind TEXT NOT NULL CHECK (kind = 'rent' OR kind = 'management_fee' OR kind = 'cold_store_usage' OR kind = 'late_fee'
                              OR kind = 'deposit' OR kind = 'adjustment'),
    period TEXT,
    description TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    account_code TEXT NOT NULL REFERENCES accounts (code),
    PRIMARY KEY (bill_id, line_no)
) WITHOUT ROWID;
INSERT INTO bill_lines_keyed (bill_id, line_no, kind, period, description, amount_fen, account_code)
    SELECT bill_id, row_number() OVER (PARTITION BY bill_id ORDER BY id), kind, period, description, amount_fen, account_code
    FROM bill_lines;
DROP TABLE bill_lines;
ALTER TABLE bill_lines_keyed RENAME TO bill_lines;

CREATE TABLE journal_lines_keyed (
    entry_id INTEGER NOT NULL REFERENCES journal_entries (id),
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    account_code TEXT NOT NULL REFERENCES accounts (code),
    merchant_id INTEGER REFERENCES merchants (id),      -- the receivable's and credit's sub-ledger
    debit_fen INTEGER NOT NULL CHECK (debit_fen >= 0),
    credit_fen INTEGER NOT NULL CHECK (credit_fen >= 0),
    CHECK ((debit_fen = 0) <> (credit_fen = 0)),
    PRIMARY KEY (entry_id, line_no)
) WITHOUT ROWID;
INSERT INTO journal_lines_keyed (entry_id, line_no, account_code, merchant_id, debit_fen, credit_fen)
    SELECT entry_id, row_number() OVER (PARTITION BY entry_id ORDER BY id), account_code, merchant_id, debit_fen, credit_fen
    FROM journal_lines;
DROP TABLE journal_lines;
ALTER TABLE journal_lines_keyed RENAME TO journal_lines;
CREATE INDEX journal_lines_by_merchant_account ON journal_lines (account_code, merchant_id) WHERE merchant_id IS NOT NULL;

-- Dropping the tables dropped their triggers: none of these is ever edited or deleted.
CREATE TRIGGER bill_lines_never_updated BEFORE UPDATE ON bill_lines BEGIN SELECT RAISE(ABORT, 'immutable: bill lines are never edited'); END;
CREATE TRIGGER bill_lines_never_deleted BEFORE DELETE ON bill_lines BEGIN SELECT RAISE(ABORT, 'immutable: bill lines are never deleted'); END;
CREATE TRIGGER journal_lines_never_updated BEFORE UPDATE ON journal_lines BEGIN SELECT RAISE(ABORT, 'immutable: journal lines are never edited'); END;
CREATE TRIGGER journal_lines_never_deleted BEFORE DELETE ON journal_lines BEGIN SELECT RAISE(ABORT, 'immutable: journal lines are never deleted'); END;
