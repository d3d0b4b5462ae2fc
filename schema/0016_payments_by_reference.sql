-- A payment is checked against the ones before it for the same method and transaction
-- reference (the same number twice is almost always one payment typed twice). Without this
-- index each check read the whole payments table, so recording a county's year of payments
-- took time in the square of their number.
CREATE INDEX payments_by_reference ON payments (method, reference);
