import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `audit verify`: the whole database checked against itself, for the village committee.
extension Commands {
    static let audit: [CommandSpec] = [
        CommandSpec(["audit", "verify"], "check the whole database: the books balance, every bill, payment, expense and income record agrees with its entry, every payment has its receipt, and the receipt chain and every signature hold", options: [
            .value("checkpoint", "DIR", "instead, check the database against the checkpoint of an earlier publication"),
        ]) { context in
            if let folder = context.invocation.value("checkpoint") {
                let check = try context.service().auditAgainstCheckpoint(try readPublication(folder))
                context.emit(check.json) { Render.publicationCheck(check, subject: t("the database against \(folder)")) }
                if !check.isClean { throw CheckFailed() }
                return
            }
            let report = try context.service().auditVerify { count in
                if count >= 10_000 { LanziCommandLine.printError(t("audit verify: \(count) signatures checked…")) }
            }
            context.emit(report.json) { Render.audit(report) }
            if !report.isClean { throw CheckFailed() }
        },
    ]
}

extension Render {
    static func publicationCheck(_ check: PublicationCheck, subject: String) -> String {
        if check.isClean { return t("\(subject): verified, period \(check.period ?? "-"), signed by key \(check.keyFingerprint ?? "-")") }
        return (check.problems.map { "\($0.subject): \($0.problem)" } + [t("\(subject): \(check.problems.count) problem(s)")]).joined(separator: "\n")
    }

    static func audit(_ report: AuditReport) -> String {
        let looked = report.counts.map { "\($0.count) \($0.table)" }.joined(separator: ", ")
        guard !report.isClean else { return t("audit: clean — \(looked), \(report.receiptsChecked) receipt signatures checked") }
        var lines = report.findings.map { "\($0.check): \($0.subject): \($0.found)" }
        lines.append(t("audit: \(report.findings.count) discrepancies found (\(looked))"))
        return lines.joined(separator: "\n")
    }
}
