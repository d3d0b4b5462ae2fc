import LanziCore
import LanziStore

/// Sums per day and slot (an account, a category) over the report's window, which runs
/// from January 1 of the year before the report's to its last day: index 0 holds the whole
/// history before the window, so that a balance on any day is a sum too.
struct DayLedger {
    private let start: Int
    private let days: Int
    private let slots: Int
    private var values: [Int64]

    init(from first: CalendarDate, through last: CalendarDate, slots: Int) {
        start = first.daysSinceEpoch
        days = first.days(to: last) + 1
        self.slots = slots
        values = Array(repeating: 0, count: (days + 1) * slots)
    }

    private func index(_ date: CalendarDate) -> Int { Swift.max(0, Swift.min(days + 1, date.daysSinceEpoch - start + 1)) }

    /// Adds `amount` on `date`; a day after the window is not counted.
    mutating func add(_ date: CalendarDate, slot: Int, _ amount: Int64) {
        let day = index(date)
        guard day <= days else { return }
        values[day * slots + slot] += amount
    }

    /// The sum of `slot` from `first` through `last` (inclusive), both inside the window.
    func sum(_ slot: Int, from first: CalendarDate, through last: CalendarDate) -> Int64 {
        guard first <= last else { return 0 }
        var total: Int64 = 0
        for day in Swift.max(1, index(first))...Swift.min(days, index(last)) { total += values[day * slots + slot] }
        return total
    }

    /// The sum of `slot` over all history through `last`.
    func balance(_ slot: Int, through last: CalendarDate) -> Int64 {
        var total: Int64 = 0
        for day in 0...Swift.min(days, index(last)) { total += values[day * slots + slot] }
        return total
    }
}

/// Builds an income report inside one read transaction: the journal, the bills with their
/// allocations, and the collective's records, each read once.
struct IncomeReportBuilder {
    let database: Database
    let period: ReportPeriod
    let asOf: CalendarDate
    let windowStart: CalendarDate
    let accounts: [Account]
    let accountSlot: [String: Int]
    let roles: [String: String]
    /// The statement's line each account (by slot) rolls up to, nil for one on no line.
    let lineOfSlot: [StatutoryLine?]

    /// The market's categories in slots 0..<7, deposits in the last.
    static let depositSlot = MarketIncomeCategory.allCases.count

    init(_ database: Database, period: ReportPeriod, asOf: CalendarDate) throws {
        self.database = database
        self.period = period
        self.asOf = asOf
        windowStart = Self.windowStart(period)
        accounts = try database.accounts()
        accountSlot = Dictionary(uniqueKeysWithValues: accounts.enumerated().map { ($1.code, $0) })
        var roles: [String: String] = [:]
        for account in accounts { if let role = account.role { roles[role] = account.code } }
        self.roles = roles
        let byCode = Dictionary(accounts.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let lineOfCode = Dictionary(uniqueKeysWithValues: StatutoryLine.allCases.compactMap { line in line.accountCode.map { ($0, line) } })
        lineOfSlot = accounts.map { lineOfCode[Self.topLevelCode($0, byCode)] }
    }

    /// One day's debits less credits on one account, as the journal's pass reads them.
    struct JournalDayNet: Sendable {
        var day: CalendarDate
        var account: String
        var net: Int64
    }

    /// The journal's side of the report, per day and account over the report's window (the
    /// history before it summed into its first day): the report's longest read, which needs
    /// nothing else and so may run on a connection and core of its own.
    static func journalRows(_ database: Database, period: ReportPeriod, asOf: CalendarDate) throws -> [JournalDayNet] {
        var rows: [JournalDayNet] = []
        try database.journalNetByDay(after: windowStart(period).adding(days: -1), through: asOf) { rows.append(JournalDayNet(day: $0, account: $1, net: $2)) }
        return rows
    }

    static func windowStart(_ period: ReportPeriod) -> CalendarDate { CalendarDate(year: period.year - 1, month: 1, day: 1)! }

    /// The report, the journal read here too.
    func build() throws -> IncomeReport {
        try build { try Self.journalRows(database, period: period, asOf: asOf) }
    }

    /// The report, `journal` giving what `journalRows` reads (another connection may have
    /// read it, in the same snapshot).
    func build(journal readJournal: () throws -> [JournalDayNet]) throws -> IncomeReport {
        let market = try LanziService.requireMarket(database)
        let before = windowStart.adding(days: -1)
        let bills = try readBills()
        let expenses = try collectiveLedger(ExpenseCategory.self, after: before)
        let otherIncome = try collectiveLedger(OtherIncomeCategory.self, after: before)
        let (kinds, all) = try LanziService.unitKindSummaries(database, on: asOf)
        let arrearsByMerchant = try maskedArrears(bills.overdueByMerchant)
        var journal = DayLedger(from: windowStart, through: asOf, slots: accounts.count)
        for row in try readJournal() {
            if let slot = accountSlot[row.account] { journal.add(row.day, slot: slot, row.net) }
        }

        let statement = statementLines(journal)
        let categories = MarketIncomeCategory.allCases
        let opening = period.from.adding(days: -1)
        var receivableOpening: Int64 = 0, receivableClosing: Int64 = 0
        for slot in categories.indices {
            receivableOpening += bills.accrual.balance(slot, through: opening) - bills.cash.balance(slot, through: opening)
            receivableClosing += bills.accrual.balance(slot, through: asOf) - bills.cash.balance(slot, through: asOf)
        }
        var report = IncomeReport(
            market: market, period: period, asOf: asOf, statement: statement,
            accrual: categories.enumerated().map { ($1, figures(bills.accrual, $0)) },
            cash: categories.enumerated().map { ($1, figures(bills.cash, $0)) },
            depositsBilled: Money(fen: bills.accrual.sum(Self.depositSlot, from: period.from, through: asOf)),
            depositsCollected: Money(fen: bills.cash.sum(Self.depositSlot, from: period.from, through: asOf)),
            receivable: OpeningClosing(opening: Money(fen: receivableOpening), closing: Money(fen: receivableClosing)),
            expenses: ExpenseCategory.allCases.enumerated().map { ($1, figures(expenses, $0)) },
            otherIncome: OtherIncomeCategory.allCases.enumerated().map { ($1, figures(otherIncome, $0)) },
            money: moneyBalances(journal),
            occupancy: kinds, occupancyAll: all,
            collectionDue: Money(fen: bills.due), collectionCollected: Money(fen: bills.collected),
            arrears: zip(IncomeReport.arrearsLabels, bills.arrears).map { ($0, Money(fen: $1)) },
            merchantsInArrears: bills.overdueByMerchant.count, arrearsByMerchant: arrearsByMerchant,
            monthly: monthly(journal, bills), discrepancies: [])
        report.discrepancies = discrepancies(journal, bills, expenses: expenses, otherIncome: otherIncome)
        return report
    }

    /// A slot's figures: the period, the year to date, the same period a year before.
    func figures(_ ledger: DayLedger, _ slot: Int) -> IncomeFigures {
        IncomeFigures(period: Money(fen: ledger.sum(slot, from: period.from, through: asOf)),
                      yearToDate: Money(fen: ledger.sum(slot, from: period.yearStart, through: asOf)),
                      periodYearBefore: Money(fen: ledger.sum(slot, from: period.yearBefore(period.from), through: period.yearBefore(asOf))))
    }

    /// The first-level account an account rolls up to (a loop in the chart stops where it closes).
    private static func topLevelCode(_ account: Account, _ byCode: [String: Account]) -> String {
        var current = account
        var seen: Set<String> = [account.code]
        while let parent = current.parentCode, let next = byCode[parent], seen.insert(parent).inserted { current = next }
        return current.code
    }

    /// Each line of the statement from the journal over `first` through `last`: each
    /// first-level account's postings, income as credits less debits and expenses as debits
    /// less credits, then the two subtotals.
    func lineTotals(_ journal: DayLedger, from first: CalendarDate, through last: CalendarDate) -> [StatutoryLine: Int64] {
        var byLine: [StatutoryLine: Int64] = [:]
        for (slot, line) in lineOfSlot.enumerated() {
            guard let line else { continue }
            byLine[line, default: 0] += (line.isExpense ? 1 : -1) * journal.sum(slot, from: first, through: last)
        }
        func value(_ line: StatutoryLine) -> Int64 { byLine[line] ?? 0 }
        byLine[.operatingSurplus] = value(.operatingIncome) - value(.operatingExpenses) - value(.taxesAndSurcharges)
            - value(.administrativeExpenses) + value(.investmentIncome)
        byLine[.totalSurplus] = value(.operatingSurplus) + value(.subsidyIncome) + value(.otherIncome)
            - value(.publicWelfareExpenses) - value(.otherExpenses)
        return byLine
    }

    /// The statement: each line for the period, the year to date and the same period a year before.
    private func statementLines(_ journal: DayLedger) -> [(line: StatutoryLine, figures: IncomeFigures)] {
        let current = lineTotals(journal, from: period.from, through: asOf)
        let yearToDate = lineTotals(journal, from: period.yearStart, through: asOf)
        let yearBefore = lineTotals(journal, from: period.yearBefore(period.from), through: period.yearBefore(asOf))
        return StatutoryLine.allCases.map { line in
            (line, IncomeFigures(period: Money(fen: current[line] ?? 0), yearToDate: Money(fen: yearToDate[line] ?? 0),
                                 periodYearBefore: Money(fen: yearBefore[line] ?? 0)))
        }
    }

    /// The merchants in arrears, masked, most owed first (then by the masked name, for a steady order).
    private func maskedArrears(_ owed: [Int64: Int64]) throws -> [(merchant: String, amount: Money)] {
        guard !owed.isEmpty else { return [] }
        let names = Dictionary(uniqueKeysWithValues: try database.merchants().map { ($0.id, $0.maskedName) })
        return owed.map { (names[$0.key] ?? "**", Money(fen: $0.value), $0.key) }
            .sorted { ($1.1.fen, $0.2) < ($0.1.fen, $1.2) }
            .map { ($0.0, $0.1) }
    }

    /// The till and bank accounts' balance the day before the period and at its end.
    private func moneyBalances(_ journal: DayLedger) -> OpeningClosing {
        let slots = accounts.enumerated().filter { $1.role == "cash" || $1.role?.hasPrefix("bank:") == true }.map(\.offset)
        func balance(_ date: CalendarDate) -> Money { Money(fen: slots.reduce(0) { $0 + journal.balance($1, through: date) }) }
        return OpeningClosing(opening: balance(period.from.adding(days: -1)), closing: balance(asOf))
    }
}
