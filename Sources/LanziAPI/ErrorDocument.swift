import LanziCore
import LanziService

/// The one JSON shape of a refusal, for the command line's `--json` and the HTTP API alike:
/// `{"error":{"code":…,"field":…,"message":…}}`, `field` null when the refusal names none,
/// and `problems` listing every bad row of an import.
package enum ErrorDocument {
    package static func json(code: String, field: String?, message: String, problems: [DomainError] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(code)), ("field", .optional(field, JSONValue.string)), ("message", .string(message)),
        ]
        if !problems.isEmpty {
            members.append(("problems", .array(problems.map { .object([("field", .string($0.field)), ("message", .string($0.rule.description))]) })))
        }
        return .object([("error", .object(members))])
    }
}
