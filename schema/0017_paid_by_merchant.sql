-- What has been paid on each of a merchant's bills, read in one range of an index: a
-- merchant's open bills are the HTTP API's most-asked answer, and a sum for each bill took
-- a search of allocations_paid_by_bill (0012) for every one, paid or not.
CREATE INDEX allocations_paid_by_merchant ON allocations (merchant_id, bill_id, amount_fen);
-- Which is right only if an allocation's merchant is always its bill's, as the service
-- makes them: the database now refuses any other.
CREATE TRIGGER allocations_for_the_bills_merchant BEFORE INSERT ON allocations
WHEN NEW.merchant_id IS NOT (SELECT merchant_id FROM bills WHERE id = NEW.bill_id)
BEGIN SELECT RAISE(ABORT, 'allocation_merchant: an allocation belongs to the merchant of its bill'); END;
