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
                print(IncomeCSV.text(report), terminator: "")
            } else {
                context.emit(report.json) { Render.income(report) }
            }
        },
    ]

    static let publication: [CommandSpec] = [
        CommandSpec(["income", "publish"], "publish a period's income: the report's canonical JSON and the checkpoint, both signed with the market's key, the disclosure sheet, and the key", options: [
            .value("period", "PERIOD", "2025, 2025-03, 2025Q2 or 2025-03-01..2025-05-31", required: true),
            .value("out", "DIR", "a new or empty folder to write it into", required: true),
        ]) { context in
            let invocation = context.invocation
            let period = try ReportPeriod.parse(invocation.required("period"), field: "--period")
            let folder = URL(fileURLWithPath: invocation.required("out"), isDirectory: true)
            if let existing = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
                throw DomainError(field: "--out", rule: "\(folder.path) is not empty; name a new or empty folder")
            }
            let today = context.today
            let publication = try context.service().publishIncome(period) { DisclosureSheet($0, publishedOn: today).html }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for file in publication.files { try Data(file.bytes).write(to: folder.appendingPathComponent(file.name), options: .atomic) }
            } catch {
                throw DomainError(field: "--out", rule: "cannot write \(folder.path): \(error.localizedDescription)")
            }
            context.emit(.object([("folder", .string(folder.path)), ("period", .string(period.description)), ("report_sha256", .string(publication.reportSHA256)),
                                  ("key_fingerprint", .string(publication.keyFingerprint)), ("files", .array(publication.files.map { .string($0.name) }))])) {
                t("published \(period.description) to \(folder.path), signed by key \(publication.keyFingerprint); keep checkpoint.json with its signature to check the database against later")
            }
        },
        CommandSpec(["income", "verify"], "check a published income report with no database: both signatures, the canonical form, and the digests the checkpoint signs", arguments: ["DIR"]) { context in
            let folder = context.invocation.arguments[0]
            let check = LanziService.verifyPublication(try readPublication(folder))
            context.emit(check.json) { Render.publicationCheck(check, subject: folder) }
            if !check.isClean { throw CheckFailed() }
        },
    ]

    /// The files of a publication folder that exist, by name.
    static func readPublication(_ folder: String) throws -> [String: [UInt8]] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DomainError(field: "DIR", rule: "\(folder) is not a folder")
        }
        var files: [String: [UInt8]] = [:]
        for name in Publication.fileNames {
            if let data = FileManager.default.contents(atPath: URL(fileURLWithPath: folder).appendingPathComponent(name).path) { files[name] = Array(data) }
        }
        return files
    }

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
