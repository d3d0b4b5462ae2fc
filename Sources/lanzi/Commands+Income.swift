import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `income`: the collective's income for a year, a month, a quarter or a run of days.
extension Commands {
    static let income: [CommandSpec] = [
        CommandSpec(["income"], "the village collective's income: the statutory statement, the market's income billed and collected, expenses, occupancy, arrears, month by month, against the year before", options: [
            .value("year", "YYYY", "the year", required: true),
            .value("month", "YYYY-MM", "only this month of the year"),
            .value("quarter", "N", "only this quarter of the year, 1 to 4"),
            .value("from", "DATE", "first day (with --to)"), .value("to", "DATE", "last day (with --from)"),
            .flag("csv", "print CSV (UTF-8 with BOM) for Excel and WPS"),
            .value("sheet", "FILE", "also write the 财务公开榜, the disclosure sheet to print on A4 (HTML)"),
        ]) { context in
            let invocation = context.invocation
            if invocation.flag("csv") && invocation.global.json { throw UsageError(message: "give --csv or --json, not both", usage: invocation.command.usage) }
            let period = try reportPeriod(invocation)
            let report = try context.service().incomeReport(period)
            if let path = invocation.value("sheet") {
                try write(DisclosureSheet(report, publishedOn: context.today).html, to: path, field: "--sheet")
                if !invocation.flag("csv") && !invocation.global.json {
                    print(t("wrote the disclosure sheet (财务公开榜) to \(path)"))
                }
            }
            if invocation.flag("csv") {
                print(Render.incomeCSV(report), terminator: "")
            } else {
                context.emit(report.json) { Render.income(report) }
            }
        },
    ]

    /// Writes `text` to `path` whole or not at all.
    static func write(_ text: String, to path: String, field: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DomainError(field: field, rule: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The period `--year` with at most one of `--month`, `--quarter` or `--from`/`--to` names.
    static func reportPeriod(_ invocation: Invocation) throws -> ReportPeriod {
        let year = try Invocation.integer(invocation.required("year"), field: "--year")
        let given = ["month", "quarter", "from"].filter { invocation.value($0) != nil || ($0 == "from" && invocation.value("to") != nil) }
        if given.count > 1 {
            throw UsageError(message: "give one of --month, --quarter or --from with --to, not several", usage: invocation.command.usage)
        }
        do {
            if let month = invocation.value("month") { return try ReportPeriod(year: year, month: try Period.parse(month, field: "--month")) }
            if let quarter = try invocation.integer("quarter") { return try ReportPeriod(year: year, quarter: quarter) }
            let from = try invocation.date("from"), to = try invocation.date("to")
            if from != nil || to != nil {
                guard let from, let to else {
                    throw UsageError(message: "give --from and --to together", usage: invocation.command.usage)
                }
                return try ReportPeriod(year: year, from: from, to: to)
            }
            return try ReportPeriod(year: year)
        } catch let error as DomainError where !error.field.hasPrefix("--") {
            throw DomainError(field: "--" + error.field, rule: error.rule)
        }
    }
}
