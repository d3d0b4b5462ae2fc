import LanziCore
import LanziStore

/// The documents' side of the income report: bills and the money set against them, the
/// collective's records, and where they and the books part.
extension IncomeReportBuilder {
    /// What the bills come to: billed and collected per day and category, and, at the
    /// period's end, what is overdue and what of the period's dues was collected.
    struct BillSums {
        var accrual: DayLedger
        var cash: DayLedger
        var due: Int64 = 0
        var collected: Int64 = 0
        var arrears: [Int64] = [0, 0, 0, 0]
        var overdueByMerchant: [Int64: Int64] = [:]
        /// Bill lines on an account that is none of the market's income accounts nor the deposits'.
        var strayAccounts: Set<String> = []
    }

    func readBills() throws -> BillSums {
        let categories = MarketIncomeCategory.allCases
        var slotOfAccount: [String: Int] = [:]
        for (slot, category) in categories.enumerated() { if let code = roles[category.accountRole] { slotOfAccount[code] = slot } }
        if let deposits = roles["deposits_held"] { slotOfAccount[deposits] = Self.depositSlot }
        let otherSlot = categories.firstIndex(of: .other)!
        var sums = BillSums(accrual: DayLedger(from: windowStart, through: asOf, slots: categories.count + 1),
                            cash: DayLedger(from: windowStart, through: asOf, slots: categories.count + 1))
        try database.reportBills(through: asOf) { bill in
            let slots = bill.lines.map { line in
                slotOfAccount[line.account] ?? { sums.strayAccounts.insert(line.account); return otherSlot }()
            }
            var settlement = LineSettlement(amounts: bill.lines.map(\.amount))
            func collect(_ on: CalendarDate, _ change: [Int64]) {
                for (index, amount) in change.enumerated() where amount != 0 { sums.cash.add(on, slot: slots[index], amount) }
            }
            for (index, line) in bill.lines.enumerated() { sums.accrual.add(bill.issuedOn, slot: slots[index], line.amount) }
            collect(bill.issuedOn, settlement.raise())
            for allocation in bill.allocations { collect(allocation.on, settlement.allocate(allocation.amount)) }
            if let voided = bill.voidedOn, voided <= asOf {
                for (index, line) in bill.lines.enumerated() { sums.accrual.add(voided, slot: slots[index], -line.amount) }
                collect(voided, settlement.void())
                return
            }
            // Income only: a deposit is owed, but it is not the collective's.
            var owed: Int64 = 0, charged: Int64 = 0, settled: Int64 = 0
            for (index, slot) in slots.enumerated() where slot != Self.depositSlot {
                owed += settlement.outstanding[index]
                charged += bill.lines[index].amount
                settled += settlement.settled[index]
            }
            if bill.dueOn < asOf && owed > 0 {
                let days = bill.dueOn.days(to: asOf)
                sums.arrears[days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3] += owed
                sums.overdueByMerchant[bill.merchantID, default: 0] += owed
            }
            if bill.dueOn >= period.from && bill.dueOn <= asOf {
                sums.due += charged
                sums.collected += settled
            }
        }
        return sums
    }

    /// The collective's records of one kind per day and category, net of reversals.
    func collectiveLedger<Category: CollectiveCategory>(_: Category.Type, after before: CalendarDate) throws -> DayLedger {
        let categories = Array(Category.allCases)
        var ledger = DayLedger(from: windowStart, through: asOf, slots: categories.count)
        try database.collectiveNetByDay(Category.self, after: before, through: asOf) { day, category, amount in
            guard let slot = categories.firstIndex(where: { $0.rawValue == category }) else { return }
            ledger.add(day, slot: slot, amount)
        }
        return ledger
    }

    /// Each month of the year from January to the period's end.
    func monthly(_ journal: DayLedger, _ bills: BillSums) -> [MonthFigures] {
        let expenseLines = StatutoryLine.allCases.filter(\.isExpense)
        return (1...asOf.month).map { month in
            let period = Period(year: asOf.year, month: month)!
            let first = period.firstDay, last = Swift.min(period.lastDay, asOf)
            let income = MarketIncomeCategory.allCases.indices
            let lines = lineTotals(journal, from: first, through: last)
            return MonthFigures(month: period, billed: Money(fen: income.reduce(0) { $0 + bills.accrual.sum($1, from: first, through: last) }),
                                collected: Money(fen: income.reduce(0) { $0 + bills.cash.sum($1, from: first, through: last) }),
                                expenses: Money(fen: expenseLines.reduce(0) { $0 + (lines[$1] ?? 0) }),
                                totalSurplus: Money(fen: lines[.totalSurplus] ?? 0))
        }
    }

    /// Where the documents and the books part: each income and expense account's postings
    /// against what its documents come to, for the period and the year to date; the
    /// receivable against what the bills still want; a journal that does not balance.
    func discrepancies(_ journal: DayLedger, _ bills: BillSums, expenses: DayLedger, otherIncome: DayLedger) -> [Phrase] {
        var found: [Phrase] = []
        // What the documents say each account should hold, as a ledger's slot per account.
        var documents: [String: [(ledger: DayLedger, slot: Int)]] = [:]
        for (slot, category) in MarketIncomeCategory.allCases.enumerated() {
            if let code = roles[category.accountRole] { documents[code, default: []].append((bills.accrual, slot)) }
        }
        for (slot, category) in ExpenseCategory.allCases.enumerated() {
            if let code = roles[category.accountRole] { documents[code, default: []].append((expenses, slot)) }
        }
        for (slot, category) in OtherIncomeCategory.allCases.enumerated() {
            if let code = roles[category.accountRole] { documents[code, default: []].append((otherIncome, slot)) }
        }
        let spans: [(CalendarDate, CalendarDate)] = [(period.from, asOf), (period.yearStart, asOf)]
        for (slot, account) in accounts.enumerated() where account.type == "income" || account.type == "expense" {
            let onLine = lineOfSlot[slot] != nil
            for (first, last) in spans.prefix(period.from == period.yearStart ? 1 : 2) {
                let books = (account.type == "income" ? -1 : 1) * journal.sum(slot, from: first, through: last)
                let expected = documents[account.code, default: []].reduce(Int64(0)) { $0 + $1.ledger.sum($1.slot, from: first, through: last) }
                if books != expected {
                    found.append(Phrase("account \(account.code) \(account.name), \(first) to \(last): the documents come to \(Money(fen: expected)), the books to \(Money(fen: books))"))
                }
                if !onLine && books != 0 {
                    found.append(Phrase("account \(account.code) \(account.name) holds \(Money(fen: books)) but is on no line of the statement"))
                }
            }
        }
        for code in bills.strayAccounts.sorted() {
            found.append(Phrase("bills charge to account \(code), which is none of the market's income accounts; counted as other charges"))
        }
        if let receivable = roles["receivable"], let slot = accountSlot[receivable] {
            for day in [period.from.adding(days: -1), asOf] {
                let books = journal.balance(slot, through: day)
                var owed: Int64 = 0
                for category in 0...Self.depositSlot { owed += bills.accrual.balance(category, through: day) - bills.cash.balance(category, through: day) }
                if books != owed {
                    found.append(Phrase("receivable \(receivable) on \(day): the bills still want \(Money(fen: owed)), the books hold \(Money(fen: books))"))
                }
            }
        }
        let unbalanced = accounts.indices.reduce(Int64(0)) { $0 + journal.balance($1, through: asOf) }
        if unbalanced != 0 { found.append(Phrase("the journal's debits and credits differ by \(Money(fen: unbalanced)) up to \(asOf)")) }
        return found
    }
}
