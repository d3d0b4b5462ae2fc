internal import CLibCrypto

/// Comparison of secrets in a time that does not depend on where they differ
/// (`CRYPTO_memcmp`), so that the time a check takes tells nothing of how much of a guess
/// was right.
package enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Only their lengths, which are not secret
    /// (a derived key's length is fixed), are compared the ordinary way.
    package static func isEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { first in
            b.withUnsafeBytes { second in CRYPTO_memcmp(first.baseAddress, second.baseAddress, a.count) == 0 }
        }
    }
}
