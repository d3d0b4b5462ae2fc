/// A journal entry whose debits and credits differ, or that moves nothing. The service never
/// posts one; meeting it means a bug, so it is refused before anything is written and
/// reported as an internal failure, never as a conflict with the caller's request.
package struct UnbalancedEntryError: Error, Hashable, Sendable, CustomStringConvertible {
    package let documentNumber: String
    package let debits: Int64
    package let credits: Int64

    package var description: String { "unbalanced journal entry for \(documentNumber): debits \(debits), credits \(credits)" }
}
