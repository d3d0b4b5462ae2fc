import LanziCore

/// A public key of the market, as the database keeps it.
package struct StoredSigningKey: Hashable, Sendable {
    package var keyID: String
    package var algorithm: String
    package var publicKeyPEM: String
    package var certificatePEM: String
    package var keyPath: String
    package var createdAt: String

    package init(keyID: String, algorithm: String, publicKeyPEM: String, certificatePEM: String, keyPath: String, createdAt: String) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.publicKeyPEM = publicKeyPEM
        self.certificatePEM = certificatePEM
        self.keyPath = keyPath
        self.createdAt = createdAt
    }
}

/// Which records of the chain to read.
package struct ReceiptFilter: Sendable {
    package var merchantID: Int64?
    package var year: Int?
    package var number: String?
    package var paymentID: Int64?
    package var kind: ReceiptRecordKind?
    /// Voids and notes that name this receipt.
    package var receiptNumber: String?
    /// Records whose sequence lies in this range.
    package var sequences: ClosedRange<Int64>?
    /// At most this many records, the first by sequence: with `sequences` starting after the
    /// last one read, a chain read in runs.
    package var limit: Int?

    package init(merchantID: Int64? = nil, year: Int? = nil, number: String? = nil, paymentID: Int64? = nil, kind: ReceiptRecordKind? = nil,
                 receiptNumber: String? = nil, sequences: ClosedRange<Int64>? = nil, limit: Int? = nil) {
        self.limit = limit
        self.receiptNumber = receiptNumber
        self.merchantID = merchantID
        self.year = year
        self.number = number
        self.paymentID = paymentID
        self.kind = kind
        self.sequences = sequences
    }
}

/// The receipt chain, the market's keys and the settings beside them.
extension Database {
    package func insertSigningKey(_ key: StoredSigningKey) throws {
        try run("""
            INSERT INTO signing_keys (key_id, algorithm, public_key_pem, certificate_pem, key_path, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(key.keyID), .text(key.algorithm), .text(key.publicKeyPEM), .text(key.certificatePEM), .text(key.keyPath), .text(key.createdAt)])
    }

    /// Every key the market has had, oldest first: the last is the one it signs with now.
    package func signingKeys() throws -> [StoredSigningKey] {
        try rows("SELECT * FROM signing_keys ORDER BY rowid").map { row in
            StoredSigningKey(keyID: try row.text("key_id"), algorithm: try row.text("algorithm"), publicKeyPEM: try row.text("public_key_pem"),
                             certificatePEM: try row.text("certificate_pem"), keyPath: try row.text("key_path"), createdAt: try row.text("created_at"))
        }
    }

    /// The id of the key the market signs with now: the newest.
    package func currentSigningKeyID() throws -> String? {
        try row("SELECT key_id FROM signing_keys ORDER BY rowid DESC LIMIT 1")?.text("key_id")
    }

    package func setting(_ name: String) throws -> String? {
        try row("SELECT value FROM settings WHERE name = ?", [.text(name)])?.text("value")
    }

    package func setSetting(_ name: String, to value: String) throws {
        try run("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", [.text(name), .text(value)])
    }

    /// What a new record needs to know, in one read: the current key's id and the key file's
    /// path (nil without a key), and the chain's last sequence and hash ((0, 64 zeros) before
    /// the first record).
    package func receiptSigningState() throws -> (keyID: String?, keyPath: String?, sequence: Int64, hash: String) {
        // Read in place: every receipt asks it.
        var state: (keyID: String?, keyPath: String?, sequence: Int64, hash: String) = (nil, nil, 0, ReceiptDocument.firstPreviousHash)
        try scan("""
            SELECT (SELECT key_id FROM signing_keys ORDER BY rowid DESC LIMIT 1),
                   (SELECT value FROM settings WHERE name = 'signing_key_path'),
                   (SELECT sequence FROM receipt_records ORDER BY sequence DESC LIMIT 1),
                   (SELECT hash FROM receipt_records ORDER BY sequence DESC LIMIT 1)
            """, []) { row in
            state = (try row.optionalText(at: 0), try row.optionalText(at: 1), try row.optionalInt64(at: 2) ?? 0,
                     try row.optionalText(at: 3) ?? ReceiptDocument.firstPreviousHash)
        }
        return state
    }

    package func insertReceiptRecord(_ record: ReceiptRecord) throws {
        try run("""
            INSERT INTO receipt_records (sequence, number, kind, payment_id, receipt_number, merchant_id, record_on, key_id, canonical, hash,
                                         prev_hash, signature, issued_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(record.sequence), .text(record.number), .text(record.kind.rawValue), .integer(record.paymentID),
                  SQLValue(record.receiptNumber), .integer(record.merchantID), .text(record.date.description), .text(record.keyID),
                  .blob(record.canonical), .text(record.hash), .text(record.previousHash), .blob(record.signature), .text(record.issuedAt)])
    }

    /// The records that `filter` selects, in chain order.
    package func receiptRecords(_ filter: ReceiptFilter) throws -> [ReceiptRecord] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let merchantID = filter.merchantID { conditions.append("merchant_id = ?"); arguments.append(.integer(merchantID)) }
        if let year = filter.year { conditions.append("substr(record_on, 1, 4) = ?"); arguments.append(.text(String(year))) }
        if let number = filter.number { conditions.append("number = ?"); arguments.append(.text(number)) }
        if let paymentID = filter.paymentID { conditions.append("payment_id = ?"); arguments.append(.integer(paymentID)) }
        if let kind = filter.kind { conditions.append("kind = ?"); arguments.append(.text(kind.rawValue)) }
        if let receipt = filter.receiptNumber { conditions.append("receipt_number = ?"); arguments.append(.text(receipt)) }
        if let range = filter.sequences {
            conditions.append("sequence BETWEEN ? AND ?")
            arguments += [.integer(range.lowerBound), .integer(range.upperBound)]
        }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var records: [ReceiptRecord] = []
        if let limit = filter.limit { arguments.append(.integer(Int64(limit))) }
        // Read in place: the audit and the chain's check read every record, a run at a time.
        try scan("""
            SELECT sequence, number, kind, payment_id, receipt_number, merchant_id, record_on, key_id, canonical, hash, prev_hash, signature, issued_at
            FROM receipt_records
            """ + condition + " ORDER BY sequence" + (filter.limit == nil ? "" : " LIMIT ?"), arguments) { row in
            guard let kind = ReceiptRecordKind(rawValue: try row.text(at: 2)) else { throw row.mismatch(at: 2, "a receipt record kind") }
            records.append(ReceiptRecord(sequence: try row.int64(at: 0), number: try row.text(at: 1), kind: kind,
                                         paymentID: try row.int64(at: 3), receiptNumber: try row.optionalText(at: 4),
                                         merchantID: try row.int64(at: 5), date: try row.date(at: 6), keyID: try row.text(at: 7),
                                         canonical: try row.blob(at: 8), hash: try row.text(at: 9), previousHash: try row.text(at: 10),
                                         signature: try row.blob(at: 11), issuedAt: try row.text(at: 12)))
        }
        return records
    }

    /// The first and last sequence of the records dated from `from` to `to`; nil when none is.
    package func receiptSequences(from: CalendarDate, to: CalendarDate) throws -> ClosedRange<Int64>? {
        let bounds = try row("SELECT min(sequence) AS first, max(sequence) AS last FROM receipt_records WHERE record_on BETWEEN ? AND ?",
                             [.text(from.description), .text(to.description)])
        guard let first = try bounds?.optionalInt64("first"), let last = try bounds?.optionalInt64("last") else { return nil }
        return first...last
    }

    /// The unit codes a bill is for: its lease's units, or for a cold-store usage bill the
    /// rooms its merchant used in its period.
    package func unitCodes(ofBill bill: Bill) throws -> [String] {
        // Read in place: every item of every receipt asks it.
        var codes: [String] = []
        if let leaseID = bill.leaseID {
            try scan("""
                SELECT u.code FROM lease_units AS lu JOIN units AS u ON u.id = lu.unit_id WHERE lu.lease_id = ? ORDER BY u.code
                """, [.integer(leaseID)]) { codes.append(try $0.text(at: 0)) }
            return codes
        }
        try scan("""
            SELECT DISTINCT u.code FROM usage_records AS r JOIN units AS u ON u.id = r.unit_id
            WHERE r.merchant_id = ? AND r.in_on <= ? AND (r.out_on IS NULL OR r.out_on >= ?) ORDER BY u.code
            """, [.integer(bill.merchantID), .text(bill.period.lastDay.description), .text(bill.period.firstDay.description)]) { codes.append(try $0.text(at: 0)) }
        return codes
    }
}
