import LanziCore

/// Many rows per statement, for the billing run: one INSERT of a hundred rows costs little
/// more than one INSERT of one row, since most of a statement's cost is in starting and
/// finishing it.
extension Database {
    /// The id the next row of `table` will get if given explicitly (the caller holds the write lock).
    package func nextID(of table: String) throws -> Int64 {
        try row("SELECT coalesce(max(id), 0) + 1 AS next FROM \(table)")!.int64("next")
    }

    /// Inserts `rows` into `table` in blocks of up to 100 rows (fewer for wide rows), each
    /// block one cached statement; the rows left over go in one at a time, so that only two
    /// statement shapes per table are ever prepared.
    package func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        let blockRows = max(1, min(100, 30_000 / columns.count))
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let blockSQL = head + Array(repeating: tuple, count: blockRows).joined(separator: ", ")
        var index = 0
        while rows.count - index >= blockRows {
            try run(blockSQL, Array(rows[index..<index + blockRows].joined()))
            index += blockRows
        }
        while index < rows.count {
            try run(head + tuple, rows[index])
            index += 1
        }
    }

    /// Inserts bills with the ids given, and their lines.
    package func insertBills(_ bills: [(id: Int64, bill: BillDraft)], createdAt: String) throws {
        try insertRows(into: "bills", columns: ["id", "number", "kind", "merchant_id", "lease_id", "period", "issued_on", "due_on", "total_fen",
                                                "original_bill_id", "reason", "created_at"], rows: bills.map { id, bill in
            [.integer(id), .text(bill.number), .text(bill.kind.rawValue), .integer(bill.merchantID), SQLValue(bill.leaseID),
             .text(bill.period.description), .text(bill.issuedOn.description), .text(bill.dueOn.description), .integer(bill.total.fen),
             SQLValue(bill.originalBillID), SQLValue(bill.reason), .text(createdAt)]
        })
        try insertRows(into: "bill_lines", columns: ["bill_id", "kind", "period", "description", "amount_fen", "account_code"],
                       rows: bills.flatMap { id, bill in
            bill.lines.map { line in
                [.integer(id), .text(line.kind.rawValue), SQLValue(line.period?.description), .text(line.description),
                 .integer(line.amount.fen), .text(line.accountCode)]
            }
        })
    }

    /// Posts journal entries with the ids given; each must balance.
    /// - Throws: `SQLiteError` for an unbalanced entry, before anything is written.
    package func post(entries: [JournalEntry], createdAt: String) throws {
        for entry in entries {
            let debits = entry.lines.reduce(Int64(0)) { $0 + $1.debit.fen }
            let credits = entry.lines.reduce(Int64(0)) { $0 + $1.credit.fen }
            guard debits == credits, debits > 0 else {
                throw SQLiteError(code: .constraint, message: "unbalanced journal entry for \(entry.documentNumber): debits \(debits), credits \(credits)")
            }
        }
        try insertRows(into: "journal_entries", columns: ["id", "entry_on", "document_kind", "document_number", "description", "created_at"],
                       rows: entries.map { [.integer($0.id), .text($0.date.description), .text($0.documentKind), .text($0.documentNumber),
                                            .text($0.description), .text(createdAt)] })
        try insertRows(into: "journal_lines", columns: ["entry_id", "account_code", "merchant_id", "debit_fen", "credit_fen"],
                       rows: entries.flatMap { entry in
            entry.lines.filter { $0.debit.fen != 0 || $0.credit.fen != 0 }.map {
                [.integer(entry.id), .text($0.accountCode), SQLValue($0.merchantID), .integer($0.debit.fen), .integer($0.credit.fen)]
            }
        })
    }
}
