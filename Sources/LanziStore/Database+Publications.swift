import LanziCore

/// A publication as stored.
package struct StoredPublication: Sendable {
    package var id: Int64
    package var period: String
    package var asOf: CalendarDate
    package var report: [UInt8]
    package var reportSHA256: String
    package var checkpoint: [UInt8]
    package var keyID: String
    package var publishedAt: String
}

/// What a checkpoint holds of the books and the receipts at one moment.
package struct HistoryMark: Hashable, Sendable {
    package var lastEntryID: Int64
    package var entries: Int64
    package var lines: Int64
    package var debit: Int64
    package var credit: Int64
    /// SHA-256 (hex) over every journal line up to `lastEntryID`, in order.
    package var journalSHA256: String
    package var receipts: Int64
    package var lastReceiptNumber: String?
    package var lastReceiptHash: String?
}

extension Database {
    package func insertPublication(period: String, asOf: CalendarDate, report: [UInt8], reportSHA256: String, checkpoint: [UInt8],
                                   keyID: String, publishedAt: String) throws -> Int64 {
        try run("INSERT INTO publications (period, as_of, report, report_sha256, checkpoint, key_id, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.text(period), .text(asOf.description), .blob(report), .text(reportSHA256), .blob(checkpoint), .text(keyID), .text(publishedAt)])
        return lastInsertedRowID
    }

    package func publications() throws -> [StoredPublication] {
        try rows("SELECT * FROM publications ORDER BY id").map { row in
            StoredPublication(id: try row.int64("id"), period: try row.text("period"), asOf: try row.date("as_of"), report: try row.blob("report"),
                              reportSHA256: try row.text("report_sha256"), checkpoint: try row.blob("checkpoint"), keyID: try row.text("key_id"),
                              publishedAt: try row.text("published_at"))
        }
    }

    /// The journal up to entry `through` (all of it when nil) and the receipt chain up to
    /// sequence `receiptsThrough` (all when nil), summed, for a checkpoint or a check against
    /// one. Every journal line is fed to `feed`, a piece at a time, one text line per
    /// journal line (`id|date|kind|number|line|account|merchant|debit|credit`), for the
    /// caller's digest; `journalSHA256` is left for the caller to fill.
    package func historyMark(throughEntry through: Int64?, receiptsThrough: Int64?, feed: ([UInt8]) throws -> Void) throws -> HistoryMark {
        let last = try through ?? (row("SELECT coalesce(max(id), 0) AS id FROM journal_entries")!.int64("id"))
        var text: [UInt8] = []
        var mark = HistoryMark(lastEntryID: last, entries: 0, lines: 0, debit: 0, credit: 0, journalSHA256: "", receipts: 0)
        var previousEntry: Int64 = 0
        try scan("""
            SELECT e.id, e.entry_on, e.document_kind, e.document_number, l.line_no, l.account_code, l.merchant_id, l.debit_fen, l.credit_fen
            FROM journal_entries AS e JOIN journal_lines AS l ON l.entry_id = e.id WHERE e.id <= ? ORDER BY e.id, l.line_no
            """, [.integer(last)]) { row in
            let id = try row.int64(at: 0)
            if id != previousEntry { mark.entries += 1; previousEntry = id }
            let debit = try row.int64(at: 7), credit = try row.int64(at: 8)
            mark.lines += 1
            mark.debit += debit
            mark.credit += credit
            let merchant = try row.optionalInt64(at: 6).map(String.init) ?? ""
            if text.count > 65_536 { try feed(text); text.removeAll(keepingCapacity: true) }
            text += Array("\(id)|\(try row.text(at: 1))|\(try row.text(at: 2))|\(try row.text(at: 3))|\(try row.int64(at: 4))|\(try row.text(at: 5))|\(merchant)|\(debit)|\(credit)\n".utf8)
        }
        try feed(text)
        let receipts = try row("""
            SELECT count(*) AS n, max(sequence) AS last FROM receipt_records WHERE ?1 IS NULL OR sequence <= ?1
            """, [SQLValue(receiptsThrough)])!
        mark.receipts = try receipts.int64("n")
        if let lastSequence = try receipts.optionalInt64("last"),
           let record = try row("SELECT number, hash FROM receipt_records WHERE sequence = ?", [.integer(lastSequence)]) {
            mark.lastReceiptNumber = try record.text("number")
            mark.lastReceiptHash = try record.text("hash")
        }
        return mark
    }
}
