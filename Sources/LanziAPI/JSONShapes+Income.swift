import LanziCore
import LanziService

extension IncomeReport {
    /// The report's shape, the one a publication signs (made in the service, which checks
    /// a publication against a fresh computation).
    package var json: JSONValue { document }
}

extension AuditReport {
    package var json: JSONValue {
        .object([
            ("clean", .bool(isClean)),
            ("checks", .array(Self.checks.map(JSONValue.string))),
            ("counts", .object(counts.map { ($0.table, .integer($0.count)) })),
            ("receipt_signatures_checked", .integer(Int64(receiptsChecked))),
            ("findings", .array(findings.map { .object([("check", .string($0.check)), ("subject", .string($0.subject)), ("found", .string($0.found.description))]) })),
        ])
    }
}

extension PublicationCheck {
    package var json: JSONValue {
        .object([
            ("clean", .bool(isClean)), ("period", .optional(period, JSONValue.string)), ("key_fingerprint", .optional(keyFingerprint, JSONValue.string)),
            ("problems", .array(problems.map { .object([("subject", .string($0.subject)), ("problem", .string($0.problem.description))]) })),
        ])
    }
}
