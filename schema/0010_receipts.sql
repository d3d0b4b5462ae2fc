-- Signed receipts. Every payment has a receipt, every reversal voids it and an invoice's
-- number given later notes it: each is a record of one chain per market, signed by the
-- market's key over its canonical bytes (RFC 8785), which are stored exactly as signed and
-- exported as they are. A record holds the SHA-256 of the one before it, so that a record
-- changed, removed or slipped in afterwards breaks every link after it; the database
-- refuses edits and deletions, and refuses a record that does not extend the chain's end.

-- The market's public keys, the current one last: a rotation adds a key, never removes
-- one, so that every record stays checkable by the key it names.
CREATE TABLE signing_keys (
    key_id TEXT PRIMARY KEY CHECK (length(key_id) = 64),    -- SHA-256 (hex) of the DER public key
    algorithm TEXT NOT NULL CHECK (algorithm = 'ed25519' OR algorithm = 'sm2'),
    public_key_pem TEXT NOT NULL,
    certificate_pem TEXT NOT NULL,
    key_path TEXT NOT NULL,                                 -- where the private key was written
    created_at TEXT NOT NULL
);
CREATE TRIGGER signing_keys_never_updated BEFORE UPDATE ON signing_keys BEGIN SELECT RAISE(ABORT, 'immutable: signing keys are never edited; rotate'); END;
CREATE TRIGGER signing_keys_never_deleted BEFORE DELETE ON signing_keys BEGIN SELECT RAISE(ABORT, 'immutable: signing keys are never deleted'); END;

CREATE TABLE receipt_records (
    sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),     -- the record's place in the chain
    number TEXT NOT NULL UNIQUE,                            -- CODE-YYYY-NNNNNN, one sequence a year
    kind TEXT NOT NULL CHECK (kind = 'receipt' OR kind = 'void' OR kind = 'invoice_note'),
    payment_id INTEGER NOT NULL REFERENCES payments (id),
    receipt_number TEXT REFERENCES receipt_records (number), -- the receipt a void or a note names
    merchant_id INTEGER NOT NULL REFERENCES merchants (id),
    record_on TEXT NOT NULL,                                -- the payment's, reversal's or note's date
    key_id TEXT NOT NULL REFERENCES signing_keys (key_id),
    canonical BLOB NOT NULL,                                -- the record, exactly as signed
    hash TEXT NOT NULL CHECK (length(hash) = 64),           -- SHA-256 (hex) of canonical
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    signature BLOB NOT NULL,
    issued_at TEXT NOT NULL,
    CHECK ((kind = 'receipt') = (receipt_number IS NULL))
);
CREATE UNIQUE INDEX one_receipt_per_payment ON receipt_records (payment_id) WHERE kind = 'receipt';
CREATE UNIQUE INDEX one_void_per_receipt ON receipt_records (receipt_number) WHERE kind = 'void';
CREATE INDEX receipt_records_naming_a_receipt ON receipt_records (receipt_number) WHERE receipt_number IS NOT NULL;
CREATE INDEX receipt_records_by_merchant ON receipt_records (merchant_id, record_on);

CREATE TRIGGER receipt_records_extend_the_chain BEFORE INSERT ON receipt_records
BEGIN
    SELECT RAISE(ABORT, 'receipt_chain: a record must follow the last one')
    WHERE NEW.sequence != coalesce((SELECT max(sequence) FROM receipt_records), 0) + 1
       OR NEW.prev_hash != coalesce((SELECT hash FROM receipt_records ORDER BY sequence DESC LIMIT 1),
                                    '0000000000000000000000000000000000000000000000000000000000000000');
END;
CREATE TRIGGER receipt_records_never_updated BEFORE UPDATE ON receipt_records BEGIN SELECT RAISE(ABORT, 'immutable: receipts are never edited; void them'); END;
CREATE TRIGGER receipt_records_never_deleted BEFORE DELETE ON receipt_records BEGIN SELECT RAISE(ABORT, 'immutable: receipts are never deleted'); END;

-- Settings that are not the market's own: where the private key is read from.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
