import LanziCore
import LanziService

/// The income report as CSV (UTF-8 with BOM, CRLF, as `CSV.format` writes it), for Excel
/// and WPS: the command line's `income --csv` and the committee page's download alike.
package enum IncomeCSV {
    /// One row per figure, amounts in yuan with two decimals, so a spreadsheet sums them.
    package static func text(_ report: IncomeReport) -> String {
        var rows = [[t("section"), t("key"), t("item"), t("this period"), t("year to date"), t("a year before"), t("change")]]
        func add<Key: RawRepresentable<String>>(_ section: String, _ items: [(Key, IncomeFigures)], _ name: (Key) -> Phrase) {
            for (key, figures) in items {
                rows.append([section, key.rawValue, t(name(key)), figures.period.plainDecimal, figures.yearToDate.plainDecimal,
                             figures.periodYearBefore.plainDecimal, figures.change.plainDecimal])
            }
        }
        add(t("statement"), report.statement.map { ($0.line, $0.figures) }) { $0.phrase }
        add(t("billed"), report.accrual.map { ($0.category, $0.figures) }) { $0.phrase }
        add(t("collected"), report.cash.map { ($0.category, $0.figures) }) { $0.phrase }
        add(t("expenses"), report.expenses.map { ($0.category, $0.figures) }) { $0.phrase }
        add(t("other income"), report.otherIncome.map { ($0.category, $0.figures) }) { $0.phrase }
        for month in report.monthly {
            for (key, amount) in [("billed", month.billed), ("collected", month.collected), ("expenses", month.expenses), ("total_surplus", month.totalSurplus)] {
                rows.append([t("month by month"), key, month.month.description, amount.plainDecimal, "", "", ""])
            }
        }
        return CSV.format(rows)
    }
}
