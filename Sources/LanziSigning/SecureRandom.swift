internal import CLibCrypto

/// Random bytes from OpenSSL's generator (`RAND_bytes`), seeded by the operating system: for
/// salts, session tokens and generated passwords, which must not be guessed.
package enum SecureRandom {
    /// `count` random bytes.
    /// - Throws: `CryptoError` with OpenSSL's messages if the generator cannot give them
    ///   (it is not seeded), never bytes of lesser quality; or for more than `Int32.max` at once.
    package static func bytes(count: Int) throws(CryptoError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard count <= Int(Int32.max) else { throw CryptoError(operation: "RAND_bytes", detail: "at most \(Int32.max) bytes at once, asked for \(count)") }
        CryptoError.clearQueue()
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw CryptoError.drain("RAND_bytes") }
        return bytes
    }
}
