import LanziCore

/// An account of the chart.
package struct Account: Hashable, Sendable {
    package var code: String
    package var name: String
    package var type: String
    package var parentCode: String?
    package var role: String?
}

/// The chart of accounts, document numbers and the journal.
extension Database {
    package func accounts() throws -> [Account] {
        try rows("SELECT code, name, type, parent_code, role FROM accounts ORDER BY code").map { row in
            Account(code: try row.text("code"), name: try row.text("name"), type: try row.text("type"),
                    parentCode: try row.optionalText("parent_code"), role: try row.optionalText("role"))
        }
    }

    /// The next number of a gapless sequence (`prefix`, `year`), as `PREFIX-YYYY-NNNNNN`
    /// after `code`: one sequence per kind of document and year, taken inside the caller's
    /// write transaction so two processes never take the same number.
    package func nextNumber(code: String, prefix: String, year: Int) throws -> String {
        // One statement takes the number and reads it back (RETURNING, SQLite 3.35), in place:
        // every payment and every receipt takes one.
        var number: Int64?
        try scan("""
            INSERT INTO number_sequences (prefix, year, last_number) VALUES (?1, ?2, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last_number = last_number + 1
            RETURNING last_number
            """, [.text(prefix), SQLValue(year)]) { number = try $0.int64(at: 0) }
        guard let number else { throw SQLiteError(code: .error, message: "number_sequences returned no number for \(prefix) \(year)") }
        return Self.formatNumber(code: code, prefix: prefix, year: year, number: number)
    }

    /// The last number taken in a sequence, 0 when none was.
    package func lastNumber(prefix: String, year: Int) throws -> Int64 {
        try row("SELECT last_number FROM number_sequences WHERE prefix = ? AND year = ?", [.text(prefix), SQLValue(year)])?.int64("last_number") ?? 0
    }

    /// The merchants with a credit (credit-side) balance on a merchant sub-ledger account.
    package func merchantsWithCreditBalance(accountCode: String) throws -> Set<Int64> {
        Set(try rows("""
            SELECT merchant_id FROM journal_lines WHERE account_code = ? AND merchant_id IS NOT NULL
            GROUP BY merchant_id HAVING sum(credit_fen - debit_fen) > 0
            """, [.text(accountCode)]).map { try $0.int64("merchant_id") })
    }

    /// Reserves `count` numbers at once (the billing run), returning the first.
    package func reserveNumbers(prefix: String, year: Int, count: Int) throws -> Int64 {
        try run("""
            INSERT INTO number_sequences (prefix, year, last_number) VALUES (?1, ?2, ?3)
            ON CONFLICT (prefix, year) DO UPDATE SET last_number = last_number + ?3
            """, [.text(prefix), SQLValue(year), SQLValue(count)])
        let last = try row("SELECT last_number FROM number_sequences WHERE prefix = ? AND year = ?", [.text(prefix), SQLValue(year)])!.int64("last_number")
        return last - Int64(count) + 1
    }

    /// `CODE-PYYYY-NNNNNN`: the year as it is, the number in at least six digits, more when a
    /// year runs past 999,999. Written straight into the string: the billing run numbers every bill.
    package static func formatNumber(code: String, prefix: String, year: Int, number: Int64) -> String {
        let yearDigits = String(year).utf8.count
        let digits = max(6, String(number).utf8.count)
        let length = code.utf8.count + 1 + prefix.utf8.count + yearDigits + 1 + digits
        return String(unsafeUninitializedCapacity: length) { bytes in
            var at = 0
            for byte in code.utf8 { bytes[at] = byte; at += 1 }
            bytes[at] = 45
            at += 1
            for byte in prefix.utf8 { bytes[at] = byte; at += 1 }
            CalendarDate.writeDigits(year, into: bytes, at: at, count: yearDigits)
            bytes[at + yearDigits] = 45
            CalendarDate.writeDigits(Int(number), into: bytes, at: at + yearDigits + 1, count: digits)
            return length
        }
    }

    /// Refuses an entry whose debits and credits differ or come to nothing: the one check
    /// every way of posting makes before it writes.
    /// - Throws: `SQLiteError` (constraint) naming the document and both sums.
    static func requireBalanced(_ lines: [JournalLineDraft], documentNumber: String) throws {
        let debits = lines.reduce(Int64(0)) { $0 + $1.debit.fen }
        let credits = lines.reduce(Int64(0)) { $0 + $1.credit.fen }
        guard debits == credits, debits > 0 else {
            throw UnbalancedEntryError(documentNumber: documentNumber, debits: debits, credits: credits)
        }
    }

    /// Posts one balanced journal entry.
    /// - Throws: `UnbalancedEntryError` when the lines do not balance (a programming error, refused
    ///   before anything is written) or an account is unknown.
    @discardableResult
    package func post(on date: CalendarDate, documentKind: String, documentNumber: String, description: String,
                      lines: [JournalLineDraft], createdAt: String) throws -> Int64 {
        try Self.requireBalanced(lines, documentNumber: documentNumber)
        try run("INSERT INTO journal_entries (entry_on, document_kind, document_number, description, created_at) VALUES (?, ?, ?, ?, ?)",
                [.text(date.description), .text(documentKind), .text(documentNumber), .text(description), .text(createdAt)])
        let entryID = lastInsertedRowID
        for (offset, line) in lines.filter({ $0.debit.fen != 0 || $0.credit.fen != 0 }).enumerated() {
            try run("INSERT INTO journal_lines (entry_id, line_no, account_code, merchant_id, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?)",
                    [.integer(entryID), .integer(Int64(offset + 1)), .text(line.accountCode), SQLValue(line.merchantID), .integer(line.debit.fen), .integer(line.credit.fen)])
        }
        return entryID
    }

    /// Debit and credit totals per account up to and including `date`.
    package func accountTotals(through date: CalendarDate?) throws -> [String: (debit: Int64, credit: Int64)] {
        var totals: [String: (debit: Int64, credit: Int64)] = [:]
        try forEachRow("""
            SELECT l.account_code, sum(l.debit_fen) AS debit, sum(l.credit_fen) AS credit
            FROM journal_lines AS l JOIN journal_entries AS e ON e.id = l.entry_id
            WHERE ?1 IS NULL OR e.entry_on <= ?1
            GROUP BY l.account_code
            """, [SQLValue(date?.description)]) { row in
            totals[try row.text("account_code")] = (try row.int64("debit"), try row.int64("credit"))
        }
        return totals
    }

    /// The balance (debit − credit) of an account for one merchant.
    package func merchantBalance(accountCode: String, merchantID: Int64) throws -> Int64 {
        try row("SELECT coalesce(sum(debit_fen - credit_fen), 0) AS balance FROM journal_lines WHERE account_code = ? AND merchant_id = ?",
                [.text(accountCode), .integer(merchantID)])!.int64("balance")
    }

    /// Journal entries with their lines, in date and id order, optionally within dates.
    package func journal(from start: CalendarDate?, through end: CalendarDate?, _ body: (JournalEntry) throws -> Void) throws {
        var current: JournalEntry?
        try forEachRow("""
            SELECT e.id, e.entry_on, e.document_kind, e.document_number, e.description,
                   l.account_code, l.merchant_id, l.debit_fen, l.credit_fen
            FROM journal_entries AS e JOIN journal_lines AS l ON l.entry_id = e.id
            WHERE (?1 IS NULL OR e.entry_on >= ?1) AND (?2 IS NULL OR e.entry_on <= ?2)
            ORDER BY e.entry_on, e.id, l.line_no
            """, [SQLValue(start?.description), SQLValue(end?.description)]) { row in
            let id = try row.int64("id")
            if current?.id != id {
                if let current { try body(current) }
                current = JournalEntry(id: id, date: try row.date("entry_on"), documentKind: try row.text("document_kind"),
                                       documentNumber: try row.text("document_number"), description: try row.text("description"), lines: [])
            }
            current!.lines.append(JournalLineDraft(accountCode: try row.text("account_code"), merchantID: try row.optionalInt64("merchant_id"),
                                                   debit: try row.money("debit_fen"), credit: try row.money("credit_fen")))
        }
        if let current { try body(current) }
    }
}

