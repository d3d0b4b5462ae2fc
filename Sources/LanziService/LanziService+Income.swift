import LanziCore
import LanziStore

extension LanziService {
    /// The collective's income for `period`, counted to its last day or, while it runs, to
    /// today: the statutory statement from the books, the market's income from its bills on
    /// both bases, and every place where the two disagree.
    /// - Throws: `DomainError` for a period that has not begun.
    package func incomeReport(_ period: ReportPeriod) throws -> IncomeReport {
        try authorize(.showIncomeReport)
        let today = clock.today()
        guard period.from <= today else {
            let field = switch period.span {
            case .year: "year"
            case .month: "month"
            case .quarter: "quarter"
            case .days: "from"
            }
            throw DomainError(field: field, rule: "the period \(period.description) has not begun; today is \(today)")
        }
        let asOf = Swift.min(period.to, today)
        // The journal is read on a core of its own beside the documents, in the same snapshot.
        return try look(.showIncomeReport, beside: { try IncomeReportBuilder.journalRows($0, period: period, asOf: asOf) }) { database, journal in
            try IncomeReportBuilder(database, period: period, asOf: asOf).build(journal: journal)
        }
    }
}
