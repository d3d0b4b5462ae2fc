import LanziCore

/// A bill to store: its header, and its lines with the account each posts to.
package struct BillDraft: Sendable {
    package var number: String
    package var kind: BillKind
    package var merchantID: Int64
    package var leaseID: Int64?
    package var period: Period
    package var issuedOn: CalendarDate
    package var dueOn: CalendarDate
    package var originalBillID: Int64?
    package var reason: String?
    package var lines: [BillLine]

    package init(number: String, kind: BillKind, merchantID: Int64, leaseID: Int64?, period: Period, issuedOn: CalendarDate,
                 dueOn: CalendarDate, originalBillID: Int64? = nil, reason: String? = nil, lines: [BillLine]) {
        self.number = number
        self.kind = kind
        self.merchantID = merchantID
        self.leaseID = leaseID
        self.period = period
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.originalBillID = originalBillID
        self.reason = reason
        self.lines = lines
    }

    package var total: Money { lines.reduce(Money.zero) { $0 + $1.amount } }
}

/// A bill late fees may accrue on, with its lease's late-fee terms.
package struct LateFeeCandidate: Sendable {
    package var billID: Int64
    package var number: String
    package var merchantID: Int64
    package var leaseID: Int64
    package var total: Money
    package var dueOn: CalendarDate
    package var graceDays: Int
    package var rateBasisPoints: Int
    package var capBasisPoints: Int
    /// Late fees already assessed on it, voided ones included.
    package var assessed: Money
}

/// Which bills a query returns.
package struct BillFilter: Sendable {
    package var id: Int64?
    package var merchantID: Int64?
    package var leaseID: Int64?
    package var period: Period?
    package var kind: BillKind?
    /// The status `Bill.status` gives: only bills of that status, and only their lines, are read.
    package var status: BillStatus?

    package init(id: Int64? = nil, merchantID: Int64? = nil, leaseID: Int64? = nil, period: Period? = nil, kind: BillKind? = nil,
                 status: BillStatus? = nil) {
        self.id = id
        self.merchantID = merchantID
        self.leaseID = leaseID
        self.period = period
        self.kind = kind
        self.status = status
    }
}

/// Bills, their lines, voids and allocations.
extension Database {
    /// Inserts a bill and its lines.
    /// - Returns: its id.
    package func insertBill(_ bill: BillDraft, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO bills (number, kind, merchant_id, lease_id, period, issued_on, due_on, total_fen, original_bill_id, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(bill.number), .text(bill.kind.rawValue), .integer(bill.merchantID), SQLValue(bill.leaseID), .text(bill.period.description),
                  .text(bill.issuedOn.description), .text(bill.dueOn.description), .integer(bill.total.fen), SQLValue(bill.originalBillID),
                  SQLValue(bill.reason), .text(createdAt)])
        let id = lastInsertedRowID
        for (offset, line) in bill.lines.enumerated() {
            try run("INSERT INTO bill_lines (bill_id, line_no, kind, period, description, amount_fen, account_code, phrase_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [.integer(id), .integer(Int64(offset + 1)), .text(line.kind.rawValue), SQLValue(line.period?.description), .text(line.description),
                     .integer(line.amount.fen), .text(line.accountCode), SQLValue(line.storedPhrase?.jsonText)])
        }
        return id
    }

    package func insertVoid(billID: Int64, on date: CalendarDate, reason: String, createdAt: String) throws {
        try run("INSERT INTO bill_voids (bill_id, voided_on, reason, created_at) VALUES (?, ?, ?, ?)",
                [.integer(billID), .text(date.description), .text(reason), .text(createdAt)])
    }

    /// Whether the lease's deposit bill exists already (the billing run's idempotency; the
    /// kind is a literal so that SQLite uses the partial unique index).
    package func depositBillExists(leaseID: Int64) throws -> Bool {
        try row("SELECT 1 FROM bills WHERE lease_id = ? AND kind = 'deposit'", [.integer(leaseID)]) != nil
    }

    /// The leases that have their regular bill for `period` already.
    package func leasesBilled(in period: Period) throws -> Set<Int64> {
        var ids: Set<Int64> = []
        try forEachRow("SELECT lease_id FROM bills WHERE period = ? AND kind = 'regular'", [.text(period.description)]) { ids.insert(try $0.int64("lease_id")) }
        return ids
    }

    package func bill(id: Int64) throws -> Bill? { try bills(BillFilter(id: id)).first }

    /// Bills with their lines and what has been paid, by due date and number.
    /// - Parameter merchantName: the name of the merchant `filter.merchantID` names, when the
    ///   caller has read it already; without a merchant in the filter it is not used.
    package func bills(_ filter: BillFilter, merchantName knownName: String? = nil) throws -> [Bill] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let id = filter.id { conditions.append("b.id = ?"); arguments.append(.integer(id)) }
        if let merchantID = filter.merchantID { conditions.append("b.merchant_id = ?"); arguments.append(.integer(merchantID)) }
        if let leaseID = filter.leaseID { conditions.append("b.lease_id = ?"); arguments.append(.integer(leaseID)) }
        if let period = filter.period { conditions.append("b.period = ?"); arguments.append(.text(period.description)) }
        if let kind = filter.kind { conditions.append("b.kind = ?"); arguments.append(.text(kind.rawValue)) }
        // One merchant's bills: what was paid on each, read first from one range of an index
        // (0017). Any other choice of bills: summed for each bill from an index alone (0012),
        // and a status asked for is asked of SQL too, so that SQLite makes no row of the
        // bills it does not keep; `BillStatus`'s own rule still decides.
        let paidByBill = try filter.merchantID.map(paidOnBills(merchantID:))
        let paidSQL = paidByBill == nil ? "(SELECT coalesce(sum(a.amount_fen), 0) FROM allocations AS a WHERE a.bill_id = b.id)" : "0"
        if paidByBill == nil, let status = filter.status { conditions.append(Self.statusSQL(status, paid: paidSQL)) }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        // Columns read in place by position: a name costs a hash each time, a copy of each
        // row more than the query. The status is decided here by `BillStatus`'s own rule
        // before the rest of the row is read. A merchant's bills come in the order of an
        // index (0013), so that SQLite sorts nothing.
        // One merchant's bills all carry its name, read once rather than joined to each.
        var merchantName: String?
        if let merchantID = filter.merchantID { merchantName = try knownName ?? self.merchantName(id: merchantID) }
        let sql = """
            SELECT b.id, b.number, b.kind, b.merchant_id, b.lease_id, b.period, b.issued_on, b.due_on, b.total_fen,
                b.original_bill_id, b.reason, v.voided_on, v.reason, \(filter.merchantID == nil ? "m.name" : "NULL"),
                \(paidSQL)
            FROM bills AS b LEFT JOIN bill_voids AS v ON v.bill_id = b.id
            """ + (filter.merchantID == nil ? " LEFT JOIN merchants AS m ON m.id = b.merchant_id" : "") + condition + " ORDER BY b.due_on, b.number"
        var bills: [Bill] = []
        var index: [Int64: Int] = [:]
        try scan(sql, arguments) { row in
            let id = try row.int64(at: 0)
            let voidedOn = try row.optionalDate(at: 11)
            let total = try row.money(at: 8)
            let paid = try paidByBill.map { Money(fen: $0[id] ?? 0) } ?? row.money(at: 14)
            if let status = filter.status, BillStatus(isVoid: voidedOn != nil, paid: paid, total: total) != status { return }
            guard let kind = BillKind(rawValue: try row.text(at: 2)) else { throw row.mismatch(at: 2, "a bill kind") }
            guard let period = Period(text: try row.text(at: 5)) else { throw row.mismatch(at: 5, "a period") }
            index[id] = bills.count
            bills.append(Bill(id: id, number: try row.text(at: 1), kind: kind, merchantID: try row.int64(at: 3),
                              leaseID: try row.optionalInt64(at: 4), period: period, issuedOn: try row.date(at: 6),
                              dueOn: try row.date(at: 7), total: total, paid: paid,
                              originalBillID: try row.optionalInt64(at: 9), reason: try row.optionalText(at: 10),
                              voidedOn: voidedOn, lines: [], voidReason: try row.optionalText(at: 12),
                              merchantName: try merchantName ?? row.optionalText(at: 13) ?? ""))
        }
        guard !bills.isEmpty else { return [] }
        let columns = "SELECT l.bill_id, l.kind, l.period, l.description, l.amount_fen, l.account_code, l.phrase_json FROM bill_lines AS l"
        func addLine(_ row: borrowing RowCursor) throws {
            guard let position = index[try row.int64(at: 0)] else { return }
            guard let kind = BillLineKind(rawValue: try row.text(at: 1)) else { throw row.mismatch(at: 1, "a line kind") }
            bills[position].lines.append(BillLine(kind: kind, period: try row.optionalText(at: 2).flatMap(Period.init(text:)),
                                                  description: try row.text(at: 3), amount: try row.money(at: 4),
                                                  accountCode: try row.text(at: 5), phraseJSON: try row.optionalText(at: 6)))
        }
        if filter.status == nil {
            // Every bill the condition chose: their lines by the same condition.
            try scan(columns + " JOIN bills AS b ON b.id = l.bill_id" + condition + " ORDER BY l.bill_id, l.line_no", arguments, addLine)
        } else {
            // Some of them: their lines by their ids, in one statement for any number of them,
            // which costs less than one statement a bill or a join that reads the others' too.
            let ids = SQLValue.text("[" + bills.map { String($0.id) }.joined(separator: ",") + "]")
            try scan(columns + " WHERE l.bill_id IN (SELECT value FROM json_each(?)) ORDER BY l.bill_id, l.line_no", [ids], addLine)
        }
        return bills
    }

    /// What has been paid on each bill of the merchant that has anything allocated to it.
    package func paidOnBills(merchantID: Int64) throws -> [Int64: Int64] {
        var paid: [Int64: Int64] = [:]
        try scan("SELECT bill_id, sum(amount_fen) FROM allocations WHERE merchant_id = ? GROUP BY bill_id", [.integer(merchantID)]) { row in
            paid[try row.int64(at: 0)] = try row.int64(at: 1)
        }
        return paid
    }

    /// `BillStatus(isVoid:paid:total:)`'s rule in SQL, for a bill `b` joined to its void `v`
    /// and what has been paid on it given by `paid`, a subquery written once in each form so
    /// that SQLite runs it once a bill: in whole fen, paid < total and paid <= 0 is
    /// paid < min(total, 1), and 0 < paid < total is paid BETWEEN 1 AND total - 1.
    static func statusSQL(_ status: BillStatus, paid: String) -> String {
        switch status {
        case .void: "v.bill_id IS NOT NULL"
        case .paid: "v.bill_id IS NULL AND \(paid) >= b.total_fen"
        case .partlyPaid: "v.bill_id IS NULL AND \(paid) BETWEEN 1 AND b.total_fen - 1"
        case .open: "v.bill_id IS NULL AND \(paid) < min(b.total_fen, 1)"
        }
    }

    /// A merchant's bills with something still owed, oldest due first (then by number).
    package func openBills(merchantID: Int64) throws -> [Bill] {
        try bills(BillFilter(merchantID: merchantID)).filter { $0.outstanding.fen > 0 }
    }

    package func insertAllocation(billID: Int64, merchantID: Int64, source: String, paymentID: Int64? = nil, depositSettlementID: Int64? = nil,
                                  reversesAllocationID: Int64? = nil, amount: Money, on date: CalendarDate, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO allocations (bill_id, merchant_id, source, payment_id, deposit_settlement_id, reverses_allocation_id, amount_fen, allocated_on, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(billID), .integer(merchantID), .text(source), SQLValue(paymentID), SQLValue(depositSettlementID),
                  SQLValue(reversesAllocationID), .integer(amount.fen), .text(date.description), .text(createdAt)])
        return lastInsertedRowID
    }

    /// A stored allocation.
    package struct AllocationRow: Sendable {
        package var id: Int64
        package var billID: Int64
        package var source: String
        package var paymentID: Int64?
        package var amount: Money
        package var on: CalendarDate
        package var isReversed: Bool
    }

    /// Allocations of a bill, a payment or a merchant's credit, oldest first.
    package func allocations(billID: Int64? = nil, paymentID: Int64? = nil, merchantID: Int64? = nil, source: String? = nil) throws -> [AllocationRow] {
        var conditions = ["a.amount_fen > 0"]
        var arguments: [SQLValue] = []
        if let billID { conditions.append("a.bill_id = ?"); arguments.append(.integer(billID)) }
        if let paymentID { conditions.append("a.payment_id = ?"); arguments.append(.integer(paymentID)) }
        if let merchantID { conditions.append("a.merchant_id = ?"); arguments.append(.integer(merchantID)) }
        if let source { conditions.append("a.source = ?"); arguments.append(.text(source)) }
        return try rows("""
            SELECT a.id, a.bill_id, a.source, a.payment_id, a.amount_fen, a.allocated_on,
                   EXISTS (SELECT 1 FROM allocations AS r WHERE r.reverses_allocation_id = a.id) AS is_reversed
            FROM allocations AS a
            """ + " WHERE " + conditions.joined(separator: " AND ") + " ORDER BY a.id", arguments).map { row in
            AllocationRow(id: try row.int64("id"), billID: try row.int64("bill_id"), source: try row.text("source"),
                          paymentID: try row.optionalInt64("payment_id"), amount: try row.money("amount_fen"),
                          on: try row.date("allocated_on"), isReversed: try row.bool("is_reversed"))
        }
    }

    /// Money set against a bill by day, reversals negative: what late fees are computed on.
    package func billPayments(billID: Int64) throws -> [(on: CalendarDate, amount: Money)] {
        try rows("SELECT allocated_on, amount_fen FROM allocations WHERE bill_id = ? ORDER BY id", [.integer(billID)]).map {
            (try $0.date("allocated_on"), try $0.money("amount_fen"))
        }
    }

    /// The bills late fees may accrue on by `asOf`: regular and deposit bills, not voided, due
    /// before that day, of a lease with a late-fee rate; each with that lease's late-fee terms
    /// and the late fees already assessed on it. Voided late fees count as assessed: a voided
    /// late fee was waived, and assessing again does not charge it anew.
    /// In due-date and number order. One query, rather than every bill with its lines and a
    /// lease read per bill.
    package func lateFeeCandidates(asOf: CalendarDate) throws -> [LateFeeCandidate] {
        try rows("""
            SELECT b.id, b.number, b.merchant_id, b.lease_id, b.total_fen, b.due_on, l.grace_days, l.late_fee_bp, l.late_fee_cap_bp,
                (SELECT coalesce(sum(f.total_fen), 0) FROM bills AS f WHERE f.original_bill_id = b.id AND f.kind = 'late_fee') AS assessed_fen
            FROM bills AS b JOIN leases AS l ON l.id = b.lease_id
            WHERE (b.kind = 'regular' OR b.kind = 'deposit') AND b.due_on < ?1 AND l.late_fee_bp > 0
                AND NOT EXISTS (SELECT 1 FROM bill_voids AS v WHERE v.bill_id = b.id)
            ORDER BY b.due_on, b.number
            """, [.text(asOf.description)]).map { row in
            LateFeeCandidate(billID: try row.int64("id"), number: try row.text("number"), merchantID: try row.int64("merchant_id"),
                             leaseID: try row.int64("lease_id"), total: try row.money("total_fen"), dueOn: try row.date("due_on"),
                             graceDays: try row.int("grace_days"), rateBasisPoints: try row.int("late_fee_bp"),
                             capBasisPoints: try row.int("late_fee_cap_bp"), assessed: try row.money("assessed_fen"))
        }
    }
}

extension Period {
    /// Parses `YYYY-MM` as stored; nil for anything else.
    package init?(text: String) {
        guard let period = Period(storedText: text) else { return nil }
        self = period
    }
}
