/// A request the service refused. Validation of a value is a `DomainError` (which field,
/// which rule); these are the refusals that concern the record as a whole.
package enum ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The thing named does not exist (or, to a merchant, is not theirs).
    case notFound(String)
    /// The request clashes with what is recorded: a taken code, an overlapping lease.
    case conflict(String)
    /// The caller's role does not allow it.
    case forbidden(String)
    /// The database cannot be used: missing, or its schema disagrees with this build.
    case unavailable(String)

    package var description: String {
        switch self {
        case .notFound(let message), .conflict(let message), .forbidden(let message), .unavailable(let message): message
        }
    }
}
