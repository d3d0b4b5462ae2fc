-- A published income report: the report's canonical JSON exactly as signed, and the
-- checkpoint signed with it (the receipt chain's end and a digest of the journal at that
-- moment), so that `lanzi audit verify` can compute the report afresh and say whether the
-- history it was made from has changed since. Never edited or deleted.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,            -- as the report names it: 2025, 2025-03, 2025Q2, FROM..TO
    as_of TEXT NOT NULL,             -- the last day the report counted
    report BLOB NOT NULL,
    report_sha256 TEXT NOT NULL CHECK (length(report_sha256) = 64),
    checkpoint BLOB NOT NULL,
    key_id TEXT NOT NULL REFERENCES signing_keys (key_id),
    published_at TEXT NOT NULL
);
CREATE TRIGGER publications_never_updated BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'immutable: publications are never edited; publish again'); END;
CREATE TRIGGER publications_never_deleted BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'immutable: publications are never deleted'); END;
