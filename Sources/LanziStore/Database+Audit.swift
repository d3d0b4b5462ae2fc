import LanziCore

/// One thing an audit found: which check, the document or record it is about, what it found.
package struct AuditRow: Hashable, Sendable {
    package var check: String
    package var subject: String
    package var detail: Phrase

    package init(check: String, subject: String, detail: Phrase) {
        self.check = check
        self.subject = subject
        self.detail = detail
    }
}

/// The audit's reads: each compares what the documents say with what was written beside
/// them (the journal, the receipts), in one grouped pass, so that a row changed behind the
/// software's back with the `sqlite3` shell shows wherever it no longer agrees.
extension Database {
    /// Reversals without a void of their payment's receipt. (Whether every payment has one
    /// receipt, for its amount, is read as the chain is walked.)
    package func reversalsWithoutTheirVoid() throws -> [AuditRow] {
        try rows("""
            SELECT v.number AS reversal, p.number AS payment FROM payment_reversals AS v JOIN payments AS p ON p.id = v.payment_id
            WHERE NOT EXISTS (SELECT 1 FROM receipt_records AS r WHERE r.payment_id = v.payment_id AND r.kind = 'void')
            ORDER BY v.id
            """).map { row in
            AuditRow(check: "receipts", subject: try row.text("reversal"), detail: Phrase("reverses payment \(try row.text("payment")) but no void of its receipt was signed"))
        }
    }

    /// Numbers issued but missing, or records beyond what was issued: for each numbered kind
    /// of record and year, the sequence's last number against the records that hold one.
    /// A record deleted at the end of a chain leaves no broken link; it leaves this gap.
    ///
    /// Each year's numbers (`CODE-PYYYY-NNNNNN`) are counted as one range of the table's
    /// index of numbers, so that no number is cut apart and no count is sorted.
    package func numberingGaps() throws -> [AuditRow] {
        guard let code = try market()?.code else { return [] }
        var found: [AuditRow] = []
        for (prefix, table, noun) in [("", "receipt_records", "receipts"), ("P", "payments", "payments"), ("B", "bills", "bills"),
                                      ("E", "expenses", "expenses"), ("I", "other_income", "income records")] {
            for sequence in try rows("SELECT year, last_number FROM number_sequences WHERE prefix = ? ORDER BY year", [.text(prefix)]) {
                let year = try sequence.int64("year"), issued = try sequence.int64("last_number")
                // The numbers of one year run from "CODE-P2026-" up to "CODE-P2026." ("." follows "-").
                let start = "\(code)-\(prefix)\(year)-"
                let held = try row("""
                    SELECT count(*) AS n, coalesce(max(CAST(substr(number, ?) AS INTEGER)), 0) AS top FROM \(table) WHERE number >= ? AND number < ?
                    """, [.integer(Int64(start.utf8.count + 1)), .text(start), .text(String(start.dropLast()) + ".")])!
                let count = try held.int64("n"), top = try held.int64("top")
                guard count != issued || top != issued else { continue }
                found.append(AuditRow(check: "numbering", subject: "\(noun) \(year)",
                                      detail: Phrase("numbers 1 to \(issued) were issued, but \(count) record(s) hold them, the highest \(top)")))
            }
        }
        return found
    }

    /// The payments, in the order of their ids, for reading beside their receipts: id,
    /// number, amount.
    package func paymentsInOrder() throws -> RowStepper {
        try stepping("SELECT id, number, amount_fen FROM payments ORDER BY id")
    }

    /// One payment's number and amount.
    package func paymentAmount(id: Int64) throws -> (number: String, fen: Int64)? {
        try row("SELECT number, amount_fen FROM payments WHERE id = ?", [.integer(id)]).map { (try $0.text("number"), try $0.int64("amount_fen")) }
    }

    /// How many of each kind of record the audit looked at.
    package func auditCounts() throws -> [(String, Int64)] {
        try ["journal_entries", "journal_lines", "bills", "bill_lines", "payments", "allocations", "receipt_records", "expenses", "other_income"].map { table in
            (table, try row("SELECT count(*) AS n FROM \(table)")!.int64("n"))
        }
    }
}
