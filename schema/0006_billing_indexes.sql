-- Indexes for the questions the billing asks on every merchant: its open bills (bills by
-- merchant, in 0003), its balance on an account, a payment's allocations. Every index is
-- paid for on every row a billing run writes, so there are no more than these.
CREATE INDEX journal_lines_by_account_and_merchant ON journal_lines (account_code, merchant_id);
CREATE INDEX allocations_by_payment ON allocations (payment_id);
