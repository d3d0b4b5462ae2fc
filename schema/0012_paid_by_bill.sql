-- What has been paid on a bill is summed from its allocations on every read of a bill (a
-- merchant's open bills are the HTTP API's most-asked answer). With the amount in the index,
-- the sum reads the index alone, not a row of the table for each allocation.
CREATE INDEX allocations_paid_by_bill ON allocations (bill_id, amount_fen);
