-- A bill line's description is English, the language of the books and of hledger. For an
-- office that reads Chinese, each new line also keeps what it says as a phrase: the English
-- template (the catalogue's key) and the values filled into it, as JSON
-- ({"template":"rent {} {}","arguments":["2026-03","A01"]}), rendered in the reader's
-- language. Lines written before this migration have none and are read by their
-- description as it is.

ALTER TABLE bill_lines ADD COLUMN phrase_json TEXT CHECK (phrase_json IS NULL OR json_valid(phrase_json));
