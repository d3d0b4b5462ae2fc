import LanziCore
import LanziService
import LanziAPI

/// The income report as text and as CSV.
extension Render {
    /// A change in basis points with its sign, `+12.50%` or `−3.00%`; `—` when there is none to give.
    static func change(_ basisPoints: Int64?) -> String {
        guard let basisPoints else { return "—" }
        return (basisPoints < 0 ? "−" : "+") + BasisPoints.percentText(abs(basisPoints))
    }

    static func income(_ report: IncomeReport) -> String {
        let period = report.period
        var text = [t("income of \(report.market.collectiveName), \(report.market.name) (\(report.market.code)): \(period.description), \(period.from) to \(report.asOf)")]
        if report.asOf < period.to { text.append(t("the period runs to \(period.to); counted to today, \(report.asOf)")) }
        func figuresTable<Key>(_ rows: [(Key, IncomeFigures)], name: (Key) -> String, total: IncomeFigures? = nil) -> String {
            var table = TextTable([("", .left), (t("this period"), .right), (t("year to date"), .right), (t("a year before"), .right), (t("change"), .right)])
            func add(_ label: String, _ figures: IncomeFigures) {
                table.append([label, figures.period.formatted, figures.yearToDate.formatted, figures.periodYearBefore.formatted, change(figures.changeBasisPoints)])
            }
            for (key, figures) in rows { add(name(key), figures) }
            if let total { add(t("total"), total) }
            return table.rendered()
        }
        text += ["", t("income statement (收益及收益分配表, 2023 village system), in yuan"),
                 figuresTable(report.statement.map { ($0.line, $0.figures) }) { t($0.phrase) }]
        var market = TextTable([("", .left), (t("billed"), .right), (t("collected"), .right), (t("billed a year before"), .right),
                                (t("collected a year before"), .right)])
        for (accrual, cash) in zip(report.accrual, report.cash) {
            market.append([t(accrual.category.phrase), accrual.figures.period.formatted, cash.figures.period.formatted,
                           accrual.figures.periodYearBefore.formatted, cash.figures.periodYearBefore.formatted])
        }
        let accrualTotal = report.accrualTotal, cashTotal = report.cashTotal
        market.append([t("total"), accrualTotal.period.formatted, cashTotal.period.formatted, accrualTotal.periodYearBefore.formatted,
                       cashTotal.periodYearBefore.formatted])
        text += ["", t("the market's income by category: billed (accrual basis, net of voids and adjustments) and collected (cash basis, net of reversals)"),
                 market.rendered(),
                 t("deposits billed \(report.depositsBilled.formatted), collected \(report.depositsCollected.formatted): held for merchants, never income"),
                 t("owed on income bills: \(report.receivable.opening.formatted) at the opening, \(report.receivable.closing.formatted) at the close (billed − collected = \(report.receivable.change.formatted))")]
        text += ["", t("expenses by category"), figuresTable(report.expenses.map { ($0.category, $0.figures) }, name: { t($0.phrase) }, total: report.expensesTotal)]
        text += ["", t("other income of the collective"),
                 figuresTable(report.otherIncome.map { ($0.category, $0.figures) }, name: { t($0.phrase) }, total: report.otherIncomeTotal)]
        text += ["", t("money in the till and the bank: \(report.money.opening.formatted) at the opening, \(report.money.closing.formatted) at the close")]
        var occupancy = TextTable([("", .left), (t("units"), .right), (t("leased"), .right), (t("occupancy"), .right), (t("area m²"), .right),
                                   (t("leased m²"), .right), (t("by area"), .right)])
        for (name, kind) in report.occupancy.map({ (kindName($0.kind), $0) }) + [(t("all"), report.occupancyAll)] {
            occupancy.append([name, "\(kind.total)", "\(kind.leased)", BasisPoints.percentText(kind.occupancyByCountBasisPoints), kind.area.description,
                              kind.leasedArea.description, BasisPoints.percentText(kind.occupancyByAreaBasisPoints)])
        }
        text += ["", t("occupancy on \(report.asOf)"), occupancy.rendered()]
        let rate = report.collectionRateBasisPoints.map(BasisPoints.percentText) ?? "—"
        text += ["", t("collection: of \(report.collectionDue.formatted) falling due in the period, \(report.collectionCollected.formatted) collected by \(report.asOf) (\(rate))"),
                 t("arrears on \(report.asOf) by days overdue: \(report.arrears.map { "\($0.label == "over 90" ? t("over 90") : $0.label): \($0.amount.formatted)" }.joined(separator: " · ")) (\(report.merchantsInArrears) merchant(s))")]
        var monthly = TextTable([(t("month"), .left), (t("billed"), .right), (t("collected"), .right), (t("expenses"), .right), (t("total surplus"), .right)])
        for month in report.monthly {
            monthly.append([month.month.description, month.billed.formatted, month.collected.formatted, month.expenses.formatted, month.totalSurplus.formatted])
        }
        text += ["", t("month by month"), monthly.rendered(), ""]
        if report.discrepancies.isEmpty {
            text.append(t("every figure agrees with the books"))
        } else {
            text.append(t("the documents and the books disagree:"))
            text += report.discrepancies.map { "  " + t($0) }
        }
        return text.joined(separator: "\n")
    }
}
