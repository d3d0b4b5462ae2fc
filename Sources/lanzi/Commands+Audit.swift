import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `audit verify`: the whole database checked against itself, for the village committee.
extension Commands {
    static let audit: [CommandSpec] = [
        CommandSpec(["audit", "verify"], "check the whole database: the books balance, every bill, payment, expense and income record agrees with its entry, every payment has its receipt, and the receipt chain and every signature hold") { context in
            let report = try context.service().auditVerify { count in
                if count >= 10_000 { LanziCommandLine.printError(t("audit verify: \(count) signatures checked…")) }
            }
            context.emit(report.json) { Render.audit(report) }
            if !report.isClean { throw CheckFailed() }
        },
    ]
}

extension Render {
    static func audit(_ report: AuditReport) -> String {
        let looked = report.counts.map { "\($0.count) \($0.table)" }.joined(separator: ", ")
        guard !report.isClean else { return t("audit: clean — \(looked), \(report.receiptsChecked) receipt signatures checked") }
        var lines = report.findings.map { "\($0.check): \($0.subject): \($0.found)" }
        lines.append(t("audit: \(report.findings.count) discrepancies found (\(looked))"))
        return lines.joined(separator: "\n")
    }
}
