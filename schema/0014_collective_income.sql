-- The village collective's money that does not pass through a merchant's bill: what it
-- spends (the town services the market company performs, and running the market), and
-- what it earns besides the market (land contracting, subsidies, investments: the income it
-- had before the market existed). Each posts one journal entry against the till or a bank
-- account; a mistake is undone by a reversal record, never by an edit.

-- Accounts of the 2023 system (财会〔2023〕14号) for these, on Lanzi's three-digit
-- numbering: the statement's lines in its order — 经营收入, 投资收益, 补助收入, 其他收入;
-- 经营支出, 税金及附加, 管理费用, 公益支出, 其他支出.
INSERT INTO accounts (code, name, type, parent_code, role) VALUES
    ('50106', '经营收入—土地发包', 'income', '501', 'income:land_contracting'),
    ('502', '投资收益', 'income', NULL, 'income:investment'),
    ('503', '补助收入', 'income', NULL, 'income:subsidy'),
    ('51105', '经营支出—水电', 'expense', '511', 'expense:utilities'),
    ('51106', '经营支出—维修', 'expense', '511', 'expense:repairs'),
    ('512', '税金及附加', 'expense', NULL, NULL),
    ('51302', '管理费用—管理人员薪酬', 'expense', '513', 'expense:wages'),
    ('51501', '其他支出—其他', 'expense', '515', 'expense:other');

CREATE TABLE expenses (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    dated_on TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN
        ('cleaning', 'refuse', 'greening', 'order_management', 'utilities', 'repairs', 'wages', 'other')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    counterparty TEXT NOT NULL,      -- the payee
    method TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'bank')),
    voucher TEXT NOT NULL DEFAULT '', -- the 凭证 number: the invoice or receipt the money was paid against
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX expenses_by_date ON expenses (dated_on);
CREATE INDEX expenses_by_voucher ON expenses (voucher) WHERE voucher <> '';

CREATE TABLE expense_reversals (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL UNIQUE REFERENCES expenses (id),
    reversed_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE other_income (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    dated_on TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('land_contracting', 'subsidy', 'investment', 'other')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    counterparty TEXT NOT NULL,      -- the payer
    method TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'bank')),
    voucher TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX other_income_by_date ON other_income (dated_on);
CREATE INDEX other_income_by_voucher ON other_income (voucher) WHERE voucher <> '';

CREATE TABLE other_income_reversals (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL UNIQUE REFERENCES other_income (id),
    reversed_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TRIGGER expenses_never_updated BEFORE UPDATE ON expenses
BEGIN SELECT RAISE(ABORT, 'immutable: expenses are never edited; reverse instead'); END;
CREATE TRIGGER expenses_never_deleted BEFORE DELETE ON expenses
BEGIN SELECT RAISE(ABORT, 'immutable: expenses are never deleted'); END;
CREATE TRIGGER expense_reversals_never_updated BEFORE UPDATE ON expense_reversals
BEGIN SELECT RAISE(ABORT, 'immutable: reversals are never edited'); END;
CREATE TRIGGER expense_reversals_never_deleted BEFORE DELETE ON expense_reversals
BEGIN SELECT RAISE(ABORT, 'immutable: reversals are never deleted'); END;
CREATE TRIGGER other_income_never_updated BEFORE UPDATE ON other_income
BEGIN SELECT RAISE(ABORT, 'immutable: income records are never edited; reverse instead'); END;
CREATE TRIGGER other_income_never_deleted BEFORE DELETE ON other_income
BEGIN SELECT RAISE(ABORT, 'immutable: income records are never deleted'); END;
CREATE TRIGGER other_income_reversals_never_updated BEFORE UPDATE ON other_income_reversals
BEGIN SELECT RAISE(ABORT, 'immutable: reversals are never edited'); END;
CREATE TRIGGER other_income_reversals_never_deleted BEFORE DELETE ON other_income_reversals
BEGIN SELECT RAISE(ABORT, 'immutable: reversals are never deleted'); END;
