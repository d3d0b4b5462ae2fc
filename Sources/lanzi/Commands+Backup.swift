import Foundation
import LanziCore
import LanziService

extension Commands {
    /// `backup` and `restore`: an online copy checked before it is named, and a restore that
    /// is whole or nothing.
    static let backup: [CommandSpec] = [
        CommandSpec(["backup"], "take an online copy of the database while others go on writing; the copy is checked (integrity check, then audit verify) and its SHA-256 printed", options: [
            .value("out", "FILE", "the new file to write the copy to", required: true),
        ]) { context in
            let report = try context.service().backup(to: context.invocation.required("out")) { count in
                if count >= 10_000 { LanziCommandLine.printError(t("backup: checking the copy, \(count) receipts…")) }
            }
            context.emit(backupJSON(report)) {
                t("backed up to \(report.path): \(report.bytes) bytes, SHA-256 \(report.sha256); integrity ok, audit clean (\(report.receiptsChecked) receipts)")
            }
        },
        CommandSpec(["restore"], "replace the database with a backup, whole or not at all, once the backup passes every check; the database replaced is kept beside it",
                    arguments: ["FILE"]) { context in
            let report = try context.service().restore(from: context.invocation.arguments[0]) { count in
                if count >= 10_000 { LanziCommandLine.printError(t("restore: checking the backup, \(count) receipts…")) }
            }
            context.emit(backupJSON(report)) {
                t("restored from \(report.path) (SHA-256 \(report.sha256)); the database it replaced is kept at \(report.keptAt ?? "")")
            }
        },
    ]

    static func backupJSON(_ report: BackupReport) -> JSONValue {
        .object([
            ("path", .string(report.path)), ("bytes", .integer(report.bytes)), ("sha256", .string(report.sha256)),
            ("integrity", .string("ok")), ("audit_clean", .bool(true)), ("receipts_checked", .integer(Int64(report.receiptsChecked))),
            ("kept_at", .optional(report.keptAt, JSONValue.string)),
        ])
    }
}
