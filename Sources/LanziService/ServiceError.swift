import Foundation
import LanziCore

/// A request the service refused. Validation of a single value is a `DomainError` (which
/// field, which rule); these are the refusals that concern the request as a whole.
///
/// `code` is stable and machine-readable, so that every front end maps it the same way (the
/// command line to an exit code, the HTTP layer to a status); `message` is a sentence for a
/// person and never holds SQL, a constraint's name or a file path of the server.
package struct ServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of refusal it is.
    package enum Code: String, CaseIterable, Sendable {
        /// The thing named does not exist (or, to a merchant, is not theirs).
        case notFound = "not_found"
        /// The request clashes with what is recorded: a taken code, an overlapping lease.
        case conflict
        /// The caller may not run this operation.
        case forbidden
        /// No one is signed in: a wrong login or password, or a session that is unknown,
        /// ended or expired. Says nothing of which.
        case unauthenticated
        /// Too many failed sign-ins of this login or from this address: `retryAfter` says when
        /// to try again; until then no password is checked.
        case throttled
        /// The request as a whole is not acceptable (a value alone is a `DomainError`).
        case invalid
        /// The database cannot be used: missing, or its schema disagrees with this build.
        case unavailable
        /// Something the service did not foresee; the detail went to the log, not to the caller.
        case `internal`
    }

    package let code: Code
    /// The domain field the refusal concerns (`merchant_id`, `bill_ids`), when there is one.
    package let field: String?
    package let message: Phrase
    /// When a `throttled` request may be made again (the HTTP layer's `Retry-After`); nil otherwise.
    package let retryAfter: Date?

    package init(_ code: Code, _ message: Phrase, field: String? = nil, retryAfter: Date? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    package static func notFound(_ message: Phrase, field: String? = nil) -> ServiceError { ServiceError(.notFound, message, field: field) }
    package static func conflict(_ message: Phrase, field: String? = nil) -> ServiceError { ServiceError(.conflict, message, field: field) }
    package static func forbidden(_ message: Phrase) -> ServiceError { ServiceError(.forbidden, message) }
    package static func invalid(_ message: Phrase, field: String? = nil) -> ServiceError { ServiceError(.invalid, message, field: field) }
    package static func unavailable(_ message: Phrase) -> ServiceError { ServiceError(.unavailable, message) }
    package static func unauthenticated(_ message: Phrase) -> ServiceError { ServiceError(.unauthenticated, message) }
    package static func throttled(_ message: Phrase, retryAfter: Date) -> ServiceError { ServiceError(.throttled, message, retryAfter: retryAfter) }

    /// What a caller is told of a failure that the service did not foresee.
    package static let internalFailure = ServiceError(.internal, "the request failed; it has been logged")

    /// The refusal as one phrase, its field first when it names one.
    package var phrase: Phrase { field.map { Phrase("\($0): \(message)") } ?? message }

    package var description: String { phrase.description }
}
