internal import CLibCrypto

/// Message digests through OpenSSL's EVP interface.
package enum Digest {
    /// The SHA-256 of `bytes` (32 bytes).
    /// - Throws: `CryptoError` if OpenSSL cannot make or run the digest context.
    package static func sha256<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(CryptoError) -> [UInt8] {
        // Contiguous bytes (an array, as a file is read) take the one-shot call with the
        // digest fetched once: a bundle's checker hashes two hundred thousand files.
        if let digest = bytes.withContiguousStorageIfAvailable({ buffer in oneShot(buffer) }), let digest { return digest }
        CryptoError.clearQueue()
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.drain("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { throw CryptoError.drain("EVP_DigestInit_ex") }
        let updated = bytes.withContiguousStorageIfAvailable { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        } ?? Array(bytes).withUnsafeBytes { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
        guard updated == 1 else { throw CryptoError.drain("EVP_DigestUpdate") }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { throw CryptoError.drain("EVP_DigestFinal_ex") }
        return Array(digest.prefix(Int(length)))
    }

    /// SHA-256 as OpenSSL fetches it from the default provider, once for the process (an
    /// implicit fetch on every call is much of a short message's cost in OpenSSL 3).
    nonisolated(unsafe) private static let fetched: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    private static func oneShot(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let fetched else { return nil }
        // A stale error of an earlier call is not this call's: it leaves the queue empty.
        CryptoError.clearQueue()
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, fetched, nil) == 1, length == 32 else {
            CryptoError.clearQueue()
            return nil
        }
        return digest
    }

    /// Whether `hex` is the lower-case hexadecimal of `bytes`, compared without making the
    /// text: a bundle's checker compares two hundred thousand digests with its manifest's.
    package static func hex(_ bytes: [UInt8], equals hex: String) -> Bool {
        let digits = Array("0123456789abcdef".utf8)
        var text = hex.utf8.makeIterator()
        for byte in bytes {
            guard text.next() == digits[Int(byte >> 4)], text.next() == digits[Int(byte & 0x0F)] else { return false }
        }
        return text.next() == nil
    }

    /// Lower-case hexadecimal, as `openssl dgst` and `sha256sum` print.
    package static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { hex($0) } }

    /// Lower-case hexadecimal, as `openssl dgst` and `sha256sum` print.
    package static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Into the string's own storage: every receipt's hash and every session token's digest
        // is made here.
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            var position = 0
            for byte in bytes {
                text[position] = hexDigit(byte >> 4)
                text[position + 1] = hexDigit(byte & 0x0F)
                position += 2
            }
            return position
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10 }
}

/// SHA-256 over bytes fed a piece at a time, for what is too large to hold at once (a
/// digest of the whole journal). Owns its OpenSSL context.
package final class SHA256Hasher {
    private let context: OpaquePointer

    /// - Throws: `CryptoError` if OpenSSL cannot make or start the context.
    package init() throws(CryptoError) {
        CryptoError.clearQueue()
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.drain("EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw CryptoError.drain("EVP_DigestInit_ex")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    package func update(_ bytes: [UInt8]) throws(CryptoError) {
        let updated = bytes.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        guard updated == 1 else { throw CryptoError.drain("EVP_DigestUpdate") }
    }

    /// The digest in lower-case hexadecimal; the hasher is spent.
    package func finish() throws(CryptoError) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { throw CryptoError.drain("EVP_DigestFinal_ex") }
        return Digest.hex(Array(digest.prefix(Int(length))))
    }
}
