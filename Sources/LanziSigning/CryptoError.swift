internal import CLibCrypto

/// An OpenSSL call failed. `detail` holds every message that was on OpenSSL's error queue,
/// drained so that the next call starts clean.
package struct CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    package let operation: String
    package let detail: String

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
}
