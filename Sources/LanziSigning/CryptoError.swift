internal import CLibCrypto

/// An OpenSSL call failed, or bytes given to LanziSigning were not what it signs with.
/// `detail` holds every message that was on OpenSSL's error queue, drained so that the next
/// call starts clean; for a refusal of Lanzi's own (a key of another algorithm, a raw key of
/// the wrong length) it says what was wrong.
package struct CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    package let operation: String
    package let detail: String

    package init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    package var description: String { detail.isEmpty ? "\(operation) failed" : "\(operation) failed: \(detail)" }

    /// Builds the error for `operation` from OpenSSL's error queue, emptying it.
    static func drain(_ operation: String) -> CryptoError {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return CryptoError(operation: operation, detail: messages.joined(separator: "; "))
    }

    /// Empties OpenSSL's error queue. Called before each checked sequence of OpenSSL calls, so
    /// that an error left by an earlier call (one whose failure was expected and not drained,
    /// such as a refused signature, or a call made by other code on this thread) is never
    /// reported as this sequence's. The queue is per thread, and every sequence here runs to
    /// its end on one thread: none of them suspends.
    static func clearQueue() {
        ERR_clear_error()
    }
}
