import LanziCore

/// The lines of the statutory income statement (收益及收益分配表) of the 2023 village system,
/// down to 收益总额; income tax and the distribution of the surplus are the village
/// accountant's, outside Lanzi.
package enum StatutoryLine: String, CaseIterable, Sendable {
    case operatingIncome = "operating_income"
    case operatingExpenses = "operating_expenses"
    case taxesAndSurcharges = "taxes_and_surcharges"
    case administrativeExpenses = "administrative_expenses"
    case investmentIncome = "investment_income"
    case operatingSurplus = "operating_surplus"
    case subsidyIncome = "subsidy_income"
    case otherIncome = "other_income"
    case publicWelfareExpenses = "public_welfare_expenses"
    case otherExpenses = "other_expenses"
    case totalSurplus = "total_surplus"

    /// The first-level account of the chart the line is read from; nil for a subtotal.
    package var accountCode: String? {
        switch self {
        case .operatingIncome: "501"
        case .investmentIncome: "502"
        case .subsidyIncome: "503"
        case .otherIncome: "504"
        case .operatingExpenses: "511"
        case .taxesAndSurcharges: "512"
        case .administrativeExpenses: "513"
        case .publicWelfareExpenses: "514"
        case .otherExpenses: "515"
        case .operatingSurplus, .totalSurplus: nil
        }
    }

    /// Whether the line is money spent: it is read as debits minus credits and subtracted.
    package var isExpense: Bool { [.operatingExpenses, .taxesAndSurcharges, .administrativeExpenses, .publicWelfareExpenses, .otherExpenses].contains(self) }

    package var phrase: Phrase {
        switch self {
        case .operatingIncome: Phrase("operating income")
        case .operatingExpenses: Phrase("less: operating expenses")
        case .taxesAndSurcharges: Phrase("taxes and surcharges")
        case .administrativeExpenses: Phrase("administrative expenses")
        case .investmentIncome: Phrase("add: investment income")
        case .operatingSurplus: Phrase("operating surplus")
        case .subsidyIncome: Phrase("add: subsidy income")
        case .otherIncome: Phrase("other income")
        case .publicWelfareExpenses: Phrase("less: public-welfare expenses")
        case .otherExpenses: Phrase("other expenses")
        case .totalSurplus: Phrase("total surplus")
        }
    }
}

/// What the market earns, by what it charges for. Deposits are none of these: they are held
/// for the merchant and never income.
package enum MarketIncomeCategory: String, CaseIterable, Sendable {
    case shopRent = "shop_rent"
    case stallRent = "stall_rent"
    case coldRoomRent = "cold_room_rent"
    case coldStoreUsage = "cold_store_usage"
    case managementFee = "management_fee"
    case lateFee = "late_fee"
    case other

    /// The chart role of the category's account.
    package var accountRole: String {
        switch self {
        case .shopRent: "income:rent:shop"
        case .stallRent: "income:rent:stall"
        case .coldRoomRent: "income:rent:cold_room"
        case .coldStoreUsage: "income:cold_store_usage"
        case .managementFee: "income:management_fee"
        case .lateFee: "income:late_fee"
        case .other: "income:other"
        }
    }

    package var phrase: Phrase {
        switch self {
        case .shopRent: Phrase("shop rent")
        case .stallRent: Phrase("stall rent")
        case .coldRoomRent: Phrase("cold-room rent")
        case .coldStoreUsage: Phrase("cold-store usage")
        case .managementFee: Phrase("management fees")
        case .lateFee: Phrase("late fees")
        case .other: Phrase("other charges and adjustments")
        }
    }
}

/// One figure of the report for the period, the year to date and the same period a year before.
package struct IncomeFigures: Hashable, Sendable {
    package var period: Money
    package var yearToDate: Money
    package var periodYearBefore: Money

    package static let zero = IncomeFigures(period: .zero, yearToDate: .zero, periodYearBefore: .zero)

    /// The change on the same period a year before.
    package var change: Money { period - periodYearBefore }

    /// The change as a share of the year before's size, in basis points rounded half up
    /// (a loss that shrinks is a rise); nil when there was nothing a year before to compare with.
    package var changeBasisPoints: Int64? {
        periodYearBefore.fen == 0 ? nil : Rounding.multiplyDivideHalfUp(change.fen, by: 10_000, dividedBy: abs(periodYearBefore.fen))
    }

    package static func + (a: IncomeFigures, b: IncomeFigures) -> IncomeFigures {
        IncomeFigures(period: a.period + b.period, yearToDate: a.yearToDate + b.yearToDate, periodYearBefore: a.periodYearBefore + b.periodYearBefore)
    }

    package static func - (a: IncomeFigures, b: IncomeFigures) -> IncomeFigures {
        IncomeFigures(period: a.period - b.period, yearToDate: a.yearToDate - b.yearToDate, periodYearBefore: a.periodYearBefore - b.periodYearBefore)
    }
}

/// One month of the year in the report's monthly series.
package struct MonthFigures: Hashable, Sendable {
    package var month: Period
    /// The market's income billed (accrual basis) and collected (cash basis).
    package var billed: Money
    package var collected: Money
    /// Everything spent (the statement's expense lines) and 收益总额.
    package var expenses: Money
    package var totalSurplus: Money
}

/// A balance at the period's opening (the day before its first) and at its close.
package struct OpeningClosing: Hashable, Sendable {
    package var opening: Money
    package var closing: Money
    package var change: Money { closing - opening }
}

/// The village collective's income for one period, from the documents and checked against the books.
package struct IncomeReport: Sendable {
    package var market: Market
    package var period: ReportPeriod
    /// The last day counted: the period's last, or today while the period runs.
    package var asOf: CalendarDate
    package var statement: [(line: StatutoryLine, figures: IncomeFigures)]
    /// The market's income by category on the accrual basis (billed, net of voids and
    /// adjustments) and on the cash basis (collected, net of reversals).
    package var accrual: [(category: MarketIncomeCategory, figures: IncomeFigures)]
    package var cash: [(category: MarketIncomeCategory, figures: IncomeFigures)]
    /// Deposits billed and collected in the period: held for merchants, never income.
    package var depositsBilled: Money
    package var depositsCollected: Money
    /// What merchants owe on income bills: accrual minus cash is its change.
    package var receivable: OpeningClosing
    package var expenses: [(category: ExpenseCategory, figures: IncomeFigures)]
    package var otherIncome: [(category: OtherIncomeCategory, figures: IncomeFigures)]
    /// The till and the bank accounts together.
    package var money: OpeningClosing
    package var occupancy: [UnitKindSummary]
    package var occupancyAll: UnitKindSummary
    /// Of the income billed falling due in the period, what was collected by its end.
    package var collectionDue: Money
    package var collectionCollected: Money
    /// Owed on income bills past their due day at the period's end, by days overdue.
    package var arrears: [(label: String, amount: Money)]
    package var merchantsInArrears: Int
    /// Each merchant in arrears at the period's end, masked as the board shows it (张**),
    /// most owed first.
    package var arrearsByMerchant: [(merchant: String, amount: Money)]
    package var monthly: [MonthFigures]
    /// Each place where the documents and the books disagree; empty when they agree.
    package var discrepancies: [Phrase]

    package var accrualTotal: IncomeFigures { accrual.reduce(.zero) { $0 + $1.figures } }
    package var cashTotal: IncomeFigures { cash.reduce(.zero) { $0 + $1.figures } }
    package var expensesTotal: IncomeFigures { expenses.reduce(.zero) { $0 + $1.figures } }
    package var otherIncomeTotal: IncomeFigures { otherIncome.reduce(.zero) { $0 + $1.figures } }

    /// A line of the statement.
    package func figures(_ line: StatutoryLine) -> IncomeFigures { statement.first { $0.line == line }?.figures ?? .zero }

    /// Collected per due, in basis points rounded half up; nil when nothing fell due.
    package var collectionRateBasisPoints: Int64? {
        collectionDue.fen <= 0 ? nil : Rounding.multiplyDivideHalfUp(collectionCollected.fen, by: 10_000, dividedBy: collectionDue.fen)
    }

    /// The arrears' labels, in the statement's words.
    static let arrearsLabels = ["0-30", "31-60", "61-90", "over 90"]
}
