import Foundation
import LanziCore
import LanziStore

/// What one billing run raised.
package struct BillingRunReport: Hashable, Sendable {
    package var period: Period
    package var regularBills = 0
    package var depositBills = 0
    package var usageBills = 0
    package var total = Money.zero
    /// Leases whose bill for the period existed already (a second run raises nothing).
    package var alreadyBilled = 0
    package var raised: Int { regularBills + depositBills + usageBills }
}

extension LanziService {
    /// Raises the period's bills, idempotently: for each lease a regular bill when a billing
    /// cycle starts in `period` (billed in advance), a deposit bill in the lease's first
    /// month, and for each merchant with goods in a cold room a usage bill. Bills dated the
    /// period's first day; merchant credit is applied to them at once. Running it again, or
    /// in two processes at once, raises nothing new: each process takes the write lock and
    /// finds the other's bills.
    /// - Parameter progress: called every 10,000 leases with the count so far.
    package func runBilling(period: Period, progress: ((Int) -> Void)? = nil) throws -> BillingRunReport {
        try authorize(.runBilling)
        try requireBillable(period)
        return try change(.runBilling) { database in
            try requireBillable(period, database)
            return try billPeriod(period, database, progress: progress)
        }
    }

    /// Bills are raised in advance at the start of a cycle, so next month may be billed
    /// today; a period further ahead would raise bills for months that may never be let.
    private func requireBillable(_ period: Period) throws {
        let latest = clock.today().period.adding(months: 1)
        guard period <= latest else {
            throw DomainError(field: "period", rule: "must be at most one month ahead of today (\(clock.today())), so at most \(latest); got \(period)")
        }
    }

    /// Nothing is billed before the first lease begins (a typo of a year would otherwise
    /// raise nothing and look like a run).
    private func requireBillable(_ period: Period, _ database: Database) throws {
        if let first = try database.firstLeaseStart(), period < first.period {
            throw DomainError(field: "period", rule: "must not be before the market's first lease, which starts on \(first); got \(period)")
        }
    }

    /// What `runBilling(period:)` would raise if it ran now, without raising it: the run is
    /// made whole in a transaction that is then rolled back, so that the preview counts exactly
    /// what the run would (and a preview can never be half a run).
    package func previewBilling(period: Period) throws -> BillingRunReport {
        try authorize(.previewBilling)
        try requireBillable(period)
        var previewed: BillingRunReport?
        // Thrown only to roll the run back; it never leaves this method.
        let rollBack = ServiceError(.conflict, Phrase(verbatim: "preview"))
        do {
            try change(.previewBilling) { database in
                try requireBillable(period, database)
                previewed = try billPeriod(period, database)
                throw rollBack
            }
        } catch let error as ServiceError where error.message == rollBack.message && previewed != nil {
            return previewed!
        }
        throw ServiceError.internalFailure
    }

    /// The billing run inside the caller's transaction.
    func billPeriod(_ period: Period, _ database: Database, progress: ((Int) -> Void)? = nil) throws -> BillingRunReport {
        do {
            let market = try Self.requireMarket(database)
            let books = try Books(database, at: clock.timestamp())
            let issuedOn = period.firstDay
            var report = BillingRunReport(period: period)
            var numbers = try BillNumbers(database, code: market.code, year: period.year)
            let creditors = try Self.merchantsWithCredit(database, books)
            var touched: Set<Int64> = []
            var seen = 0
            var batch = try BillBatch(database, books: books)
            // One query for what is billed already, rather than one per lease.
            let billed = try database.leasesBilled(in: period)
            try database.forEachLease(activeIn: period) { lease in
                seen += 1
                if seen % 10_000 == 0 { progress?(seen) }
                let unitKind = BillingRules.principalKind(of: lease)
                if lease.startsOn.period == period, lease.terms.deposit.fen > 0, try !database.depositBillExists(leaseID: lease.id) {
                    let held = try lease.previousLeaseID.flatMap { try database.lease(id: $0)?.terms.deposit } ?? .zero
                    if let planned = BillingRules.depositBill(for: lease, alreadyHeld: held) {
                        try batch.add(planned, lease: lease, unitKind: unitKind, number: try numbers.next(), issuedOn: issuedOn)
                        report.depositBills += 1
                        report.total = report.total + planned.total
                        touched.insert(lease.merchantID)
                    }
                }
                guard BillingRules.cycleStarts(lease, in: period) else { return }
                if billed.contains(lease.id) {
                    report.alreadyBilled += 1
                    return
                }
                guard let planned = BillingRules.cycleBill(for: lease, period: period) else { return }
                try batch.add(planned, lease: lease, unitKind: unitKind, number: try numbers.next(), issuedOn: issuedOn)
                report.regularBills += 1
                report.total = report.total + planned.total
                touched.insert(lease.merchantID)
            }
            try batch.finish()
            for bill in try usageBills(period, database, books: books, numbers: &numbers) {
                report.usageBills += 1
                report.total = report.total + bill.total
                touched.insert(bill.merchantID)
            }
            try numbers.finish()
            for merchantID in touched.intersection(creditors).sorted() {
                try applyCredit(merchantID: merchantID, database, books: books, on: issuedOn, preferring: nil)
            }
            if report.raised > 0 {
                try log(database, "billing.run", period.description, .object([
                    ("bills", .integer(Int64(report.raised))), ("total_fen", .integer(report.total.fen))]))
            }
            return report
        }
    }

    /// One usage bill per merchant with goods in a cold room during `period`: a line per record.
    private func usageBills(_ period: Period, _ database: Database, books: Books, numbers: inout BillNumbers) throws -> [BillDraft] {
        let rate = try database.coldStoreRate()
        let account = try books.account(for: .coldStoreUsage, unitKind: .coldRoom)
        var drafts: [BillDraft] = []
        let records = try database.usageRecords(overlapping: period)
        for (merchantID, group) in Dictionary(grouping: records, by: \.merchantID).sorted(by: { $0.key < $1.key }) {
            guard try database.bills(BillFilter(merchantID: merchantID, period: period, kind: .usage)).isEmpty else { continue }
            let lines = group.compactMap { record -> BillLine? in
                let kilogramDays = ColdStoreRule.kilogramDays(kilograms: record.kilograms, inOn: record.inOn, outOn: record.outOn, period: period)
                let amount = ColdStoreRule.charge(kilogramDays: kilogramDays, rateFenPerTonneDay: rate)
                guard amount.fen > 0 else { return nil }
                return BillLine(kind: .coldStoreUsage, period: period,
                                phrase: Phrase("cold store \(record.unitCode) usage \(record.id): \(kilogramDays) kg·days at \(Money(fen: rate)) per tonne-day"),
                                amount: amount, accountCode: account)
            }
            guard !lines.isEmpty else { continue }
            let endOfPeriod = period.lastDay
            let bill = BillDraft(number: try numbers.next(), kind: .usage, merchantID: merchantID, leaseID: nil, period: period,
                                 issuedOn: endOfPeriod, dueOn: endOfPeriod.adding(days: 10), lines: lines)
            _ = try database.insertBill(bill, createdAt: clock.timestamp())
            try books.postBill(bill)
            drafts.append(bill)
        }
        return drafts
    }

    static func merchantsWithCredit(_ database: Database, _ books: Books) throws -> Set<Int64> {
        try database.merchantsWithCreditBalance(accountCode: books.merchantCredit)
    }

    /// Sets the merchant's credit against its open bills: `preferring` first, then the
    /// oldest due. Each allocation moves the money from credit to the receivable.
    func applyCredit(merchantID: Int64, _ database: Database, books: Books, on date: CalendarDate, preferring billID: Int64?) throws {
        var credit = -(try database.merchantBalance(accountCode: books.merchantCredit, merchantID: merchantID))
        guard credit > 0 else { return }
        var open = try database.openBills(merchantID: merchantID)
        if let billID, let index = open.firstIndex(where: { $0.id == billID }) { open.insert(open.remove(at: index), at: 0) }
        for bill in open where credit > 0 {
            let amount = min(credit, bill.outstanding.fen)
            _ = try database.insertAllocation(billID: bill.id, merchantID: merchantID, source: "credit", amount: Money(fen: amount), on: date, createdAt: books.instant)
            try database.post(on: date, documentKind: "credit", documentNumber: bill.number, description: "merchant credit applied to \(bill.number)", lines: [
                JournalLineDraft(accountCode: books.merchantCredit, merchantID: merchantID, debit: Money(fen: amount)),
                JournalLineDraft(accountCode: books.receivable, merchantID: merchantID, credit: Money(fen: amount)),
            ], createdAt: books.instant)
            credit -= amount
        }
    }
}

/// The bills of a billing run or a late-fee assessment, streamed to the store's bulk writer
/// as they are planned: bills with ids given from the table's next id on (the caller holds
/// the write lock), their lines, and their journal entries.
struct BillBatch {
    let books: Books
    var writer: BillWriter
    var nextBillID: Int64
    var nextEntryID: Int64

    init(_ database: Database, books: Books) throws {
        self.books = books
        writer = try BillWriter(database, createdAt: books.instant)
        nextBillID = try database.nextID(of: "bills")
        nextEntryID = try database.nextID(of: "journal_entries")
    }

    mutating func add(_ planned: PlannedBill, lease: Lease, unitKind: UnitKind, number: String, issuedOn: CalendarDate) throws {
        let lines = try planned.lines.map {
            BillLine(kind: $0.kind, period: $0.period, phrase: $0.phrase, amount: $0.amount,
                     accountCode: try books.account(for: $0.kind, unitKind: unitKind))
        }
        try add(BillDraft(number: number, kind: planned.kind, merchantID: lease.merchantID, leaseID: lease.id,
                          period: planned.period, issuedOn: min(issuedOn, planned.dueOn), dueOn: planned.dueOn, lines: lines))
    }

    /// Adds a bill and the journal entry that raises it (as `Books.postBill` posts it).
    mutating func add(_ bill: BillDraft) throws {
        try writer.add(id: nextBillID, bill: bill)
        try writer.add(JournalEntry(id: nextEntryID, date: bill.issuedOn, documentKind: "bill", documentNumber: bill.number,
                                    description: Books.description(of: bill), lines: books.journalLines(for: bill)))
        nextBillID += 1
        nextEntryID += 1
    }

    mutating func finish() throws { try writer.flush() }
}

/// Bill numbers for one run: read the sequence once, count in memory, write it back once.
struct BillNumbers {
    let database: Database
    let code: String
    let year: Int
    var upcoming: Int64
    var taken: Int64 = 0

    init(_ database: Database, code: String, year: Int) throws {
        self.database = database
        self.code = code
        self.year = year
        upcoming = try database.lastNumber(prefix: "B", year: year) + 1
    }

    mutating func next() throws -> String {
        defer { upcoming += 1; taken += 1 }
        return Database.formatNumber(code: code, prefix: "B", year: year, number: upcoming)
    }

    func finish() throws {
        if taken > 0 { _ = try database.reserveNumbers(prefix: "B", year: year, count: Int(taken)) }
    }
}
