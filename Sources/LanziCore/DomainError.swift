/// A value broke a domain rule: `field` names what was given (a CLI option, a JSON path),
/// `rule` says what it must be. Thrown by parsing and validation in LanziCore and the
/// service; the CLI maps it to exit code 1 and the HTTP layer to 422.
package struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    package let field: String
    package let rule: Phrase

    package init(field: String, rule: Phrase) {
        self.field = field
        self.rule = rule
    }

    package var description: String { "\(field): \(rule)" }
}
