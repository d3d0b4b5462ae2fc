import LanziCore

extension Database {
    /// The id the next row of `table` will get if given explicitly (the caller holds the write lock).
    package func nextID(of table: String) throws -> Int64 {
        try row("SELECT coalesce(max(id), 0) + 1 AS next FROM \(table)")!.int64("next")
    }
}

/// The billing run's bills, their lines and their journal entries, written in blocks of many
/// rows per statement. Bills and entries get the ids the caller gives (it holds the write
/// lock and starts from `Database.nextID(of:)`). Every hundred bills the four tables are
/// written in the order of their foreign keys: bills, lines, entries, journal lines; a bill
/// and its entry may be added in either order.
/// (Deferring the foreign-key checks to the commit instead would make SQLite look for the
/// children of every bill written while any child waits for its parent: a scan of bills.)
package struct BillWriter {
    private var bills: RowWriter
    private var lines: RowWriter
    private var entries: RowWriter
    private var journalLines: RowWriter
    private let createdAt: String
    private var pendingBills = 0
    private static let billsPerFlush = 100

    package init(_ database: Database, createdAt: String) throws {
        bills = try RowWriter(database, into: "bills", columns: ["id", "number", "kind", "merchant_id", "lease_id", "period", "issued_on", "due_on",
                                                                 "total_fen", "original_bill_id", "reason", "created_at"])
        lines = try RowWriter(database, into: "bill_lines", columns: ["bill_id", "line_no", "kind", "period", "description", "amount_fen", "account_code", "phrase_json"])
        entries = try RowWriter(database, into: "journal_entries", columns: ["id", "entry_on", "document_kind", "document_number", "description",
                                                                             "created_at"])
        journalLines = try RowWriter(database, into: "journal_lines", columns: ["entry_id", "line_no", "account_code", "merchant_id", "debit_fen", "credit_fen"])
        self.createdAt = createdAt
    }

    /// Adds a bill and its lines, numbered from 1, with the id given.
    package mutating func add(id: Int64, bill: BillDraft) throws {
        if pendingBills >= Self.billsPerFlush { try flush() }
        bills.append(id)
        bills.append(bill.number)
        bills.append(bill.kind.rawValue)
        bills.append(bill.merchantID)
        bills.append(bill.leaseID)
        bills.append(bill.period.description)
        bills.append(bill.issuedOn.description)
        bills.append(bill.dueOn.description)
        bills.append(bill.total.fen)
        bills.append(bill.originalBillID)
        bills.append(bill.reason)
        bills.append(createdAt)
        try bills.endRow()
        for (offset, line) in bill.lines.enumerated() {
            lines.append(id)
            lines.append(Int64(offset + 1))
            lines.append(line.kind.rawValue)
            lines.append(line.period?.description)
            lines.append(line.description)
            lines.append(line.amount.fen)
            lines.append(line.accountCode)
            lines.append(line.storedPhrase?.jsonText)
            try lines.endRow()
        }
        pendingBills += 1
    }

    /// Adds a journal entry with the id it carries.
    /// - Throws: `UnbalancedEntryError` for an unbalanced entry, before any of it is written.
    package mutating func add(_ entry: JournalEntry) throws {
        try Database.requireBalanced(entry.lines, documentNumber: entry.documentNumber)
        entries.append(entry.id)
        entries.append(entry.date.description)
        entries.append(entry.documentKind)
        entries.append(entry.documentNumber)
        entries.append(entry.description)
        entries.append(createdAt)
        try entries.endRow()
        var lineNumber: Int64 = 0
        for line in entry.lines where line.debit.fen != 0 || line.credit.fen != 0 {
            lineNumber += 1
            journalLines.append(entry.id)
            journalLines.append(lineNumber)
            journalLines.append(line.accountCode)
            journalLines.append(line.merchantID)
            journalLines.append(line.debit.fen)
            journalLines.append(line.credit.fen)
            try journalLines.endRow()
        }
    }

    /// Writes the rows not yet written.
    package mutating func flush() throws {
        try bills.flush()
        try lines.flush()
        try entries.flush()
        try journalLines.flush()
        pendingBills = 0
    }
}
