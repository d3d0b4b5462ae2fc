-- A merchant's bills are listed by due date and then number (its open bills are the HTTP
-- API's most-asked answer). With the number in the index as well, the index gives that order
-- and SQLite sorts nothing; the old index is a prefix of the new one.
CREATE INDEX bills_by_merchant_in_order ON bills (merchant_id, due_on, number);
DROP INDEX bills_by_merchant;
