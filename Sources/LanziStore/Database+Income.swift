import LanziCore

/// A bill as the income report reads it: its lines' accounts and amounts and the money set
/// against it, in the order it was set.
package struct ReportBill: Sendable {
    package var id: Int64
    package var merchantID: Int64
    package var issuedOn: CalendarDate
    package var dueOn: CalendarDate
    package var voidedOn: CalendarDate?
    package var lines: [(account: String, amount: Int64)] = []
    package var allocations: [(on: CalendarDate, amount: Int64)] = []
}

/// The sums the income report is built from, each read in one pass.
extension Database {
    /// Debits minus credits per day and account up to `through`; every entry before `after`
    /// is summed into the day `after` itself, so that a report reads the history before its
    /// window as one opening figure.
    package func journalNetByDay(after: CalendarDate, through: CalendarDate,
                                 _ body: (_ day: CalendarDate, _ account: String, _ net: Int64) throws -> Void) throws {
        try scan("""
            SELECT max(e.entry_on, ?1) AS day, l.account_code, sum(l.debit_fen) - sum(l.credit_fen)
            FROM journal_entries AS e JOIN journal_lines AS l ON l.entry_id = e.id
            WHERE e.entry_on <= ?2
            GROUP BY 1, 2
            """, [.text(after.description), .text(through.description)]) { row in
            try body(try row.date(at: 0), try row.text(at: 1), try row.int64(at: 2))
        }
    }

    /// The collective's records of one kind per day and category, each reversal as its own
    /// negative amount on the day it was made; days before `after` summed into `after`.
    package func collectiveNetByDay<Category: CollectiveCategory>(_: Category.Type, after: CalendarDate, through: CalendarDate,
                                                                  _ body: (_ day: CalendarDate, _ category: String, _ amount: Int64) throws -> Void) throws {
        let table = Self.table(of: Category.self)
        let reversals = Self.reversals(of: Category.self)
        try scan("""
            SELECT max(dated_on, ?1), category, sum(amount_fen) FROM \(table) WHERE dated_on <= ?2 GROUP BY 1, 2
            UNION ALL
            SELECT max(r.reversed_on, ?1), i.category, -sum(i.amount_fen)
            FROM \(reversals) AS r JOIN \(table) AS i ON i.id = r.item_id WHERE r.reversed_on <= ?2 GROUP BY 1, 2
            """, [.text(after.description), .text(through.description)]) { row in
            try body(try row.date(at: 0), try row.text(at: 1), try row.int64(at: 2))
        }
    }

    /// Every bill raised up to `through`, with its lines and the allocations made up to
    /// then, in id order. Read a slice of ids at a time, so that memory stays flat however
    /// many bills a market has raised.
    package func reportBills(through: CalendarDate, _ body: (ReportBill) throws -> Void) throws {
        let slice: Int64 = 8_192
        let day = SQLValue.text(through.description)
        guard let last = try row("SELECT max(id) AS id FROM bills")?.optionalInt64("id") else { return }
        var start: Int64 = 0
        while start <= last {
            let range: [SQLValue] = [.integer(start), .integer(start + slice), day]
            var bills: [ReportBill] = []
            var index: [Int64: Int] = [:]
            try scan("""
                SELECT b.id, b.merchant_id, b.issued_on, b.due_on, v.voided_on FROM bills AS b LEFT JOIN bill_voids AS v ON v.bill_id = b.id
                WHERE b.id >= ?1 AND b.id < ?2 AND b.issued_on <= ?3 ORDER BY b.id
                """, range) { row in
                let id = try row.int64(at: 0)
                index[id] = bills.count
                bills.append(ReportBill(id: id, merchantID: try row.int64(at: 1), issuedOn: try row.date(at: 2), dueOn: try row.date(at: 3),
                                        voidedOn: try row.optionalDate(at: 4)))
            }
            try scan("SELECT bill_id, account_code, amount_fen FROM bill_lines WHERE bill_id >= ?1 AND bill_id < ?2 ORDER BY bill_id, line_no",
                     Array(range.prefix(2))) { row in
                if let at = index[try row.int64(at: 0)] { bills[at].lines.append((try row.text(at: 1), try row.int64(at: 2))) }
            }
            try scan("""
                SELECT bill_id, allocated_on, amount_fen FROM allocations
                WHERE bill_id >= ?1 AND bill_id < ?2 AND allocated_on <= ?3 ORDER BY bill_id, allocated_on, id
                """, range) { row in
                if let at = index[try row.int64(at: 0)] { bills[at].allocations.append((try row.date(at: 1), try row.int64(at: 2))) }
            }
            for bill in bills { try body(bill) }
            start += slice
        }
    }
}
