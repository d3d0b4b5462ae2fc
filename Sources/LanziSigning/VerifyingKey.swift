internal import CLibCrypto

/// A market's public key: it checks receipt signatures and names the key by its id.
///
/// `@unchecked Sendable`: the only mutable state is the `EVP_PKEY` this class owns, which no
/// method changes after `init`. OpenSSL 3 reference-counts an `EVP_PKEY` and takes a lock for
/// the caches it keeps inside one, so a key that is only read may be used by several threads
/// at once (openssl-threads(7): objects are thread-safe as long as the calls made on them do
/// not modify them). Each verification makes its own `EVP_MD_CTX` and `EVP_PKEY_CTX`, which
/// are the objects that must not be shared.
package final class VerifyingKey: @unchecked Sendable, CustomStringConvertible {
    package let algorithm: SignatureAlgorithm
    /// The key as DER SubjectPublicKeyInfo (`i2d_PUBKEY`): what the key id is the digest of.
    package let subjectPublicKeyInfo: [UInt8]
    /// The key as PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"), as `openssl pkey -pubout`
    /// writes and `openssl pkeyutl -pubin -inkey` reads.
    package let pem: String
    /// Lower-case hex SHA-256 of `subjectPublicKeyInfo`: the same as
    /// `openssl pkey -pubin -in pub.pem -outform DER | sha256sum`.
    package let keyID: String
    let handle: OpaquePointer

    /// Takes ownership of `handle` (freed in deinit, also when this throws).
    private init(taking handle: OpaquePointer, operation: String) throws(CryptoError) {
        do throws(CryptoError) {
            algorithm = try SignatureAlgorithm.of(handle, operation: operation)
            let der = try derEncoded("i2d_PUBKEY") { i2d_PUBKEY(handle, $0) }
            keyID = Digest.hex(try Digest.sha256(der))
            let bio = try MemoryBIO()
            guard PEM_write_bio_PUBKEY(bio.handle, handle) == 1 else { throw CryptoError.drain("PEM_write_bio_PUBKEY") }
            pem = String(decoding: bio.contents, as: UTF8.self)
            subjectPublicKeyInfo = der
        } catch {
            // Not every stored property is set, so deinit will not run: free the key here.
            EVP_PKEY_free(handle)
            throw error
        }
        self.handle = handle
    }

    /// Reads a PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
    /// - Throws: `CryptoError` with OpenSSL's messages for text that is not such a key, or
    ///   naming the key type for a key of an algorithm Lanzi does not sign with.
    package convenience init(pem: String) throws(CryptoError) {
        CryptoError.clearQueue()
        let bio = try MemoryBIO(Array(pem.utf8))
        guard let key = PEM_read_bio_PUBKEY(bio.handle, nil, nil, nil) else { throw CryptoError.drain("PEM_read_bio_PUBKEY") }
        try self.init(taking: key, operation: "PEM_read_bio_PUBKEY")
    }

    /// Reads a DER SubjectPublicKeyInfo, as a certificate carries it.
    /// - Throws: `CryptoError` as `init(pem:)` does.
    package convenience init(subjectPublicKeyInfo der: [UInt8]) throws(CryptoError) {
        CryptoError.clearQueue()
        let key = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else { throw CryptoError.drain("d2i_PUBKEY") }
        try self.init(taking: key, operation: "d2i_PUBKEY")
    }

    /// An Ed25519 public key from its 32 raw bytes (RFC 8032, section 5.1.5), as test
    /// vectors give it.
    /// - Throws: `CryptoError` with OpenSSL's messages for bytes that are not such a key.
    package convenience init(rawEd25519 bytes: [UInt8]) throws(CryptoError) {
        CryptoError.clearQueue()
        let key = withBytes(bytes) { EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, $0, $1) }
        guard let key else { throw CryptoError.drain("EVP_PKEY_new_raw_public_key_ex") }
        try self.init(taking: key, operation: "EVP_PKEY_new_raw_public_key_ex")
    }

    /// The public half of `key`, in a key object of its own that holds no private part.
    convenience init(publicHalfOf key: OpaquePointer) throws(CryptoError) {
        let der = try derEncoded("i2d_PUBKEY") { i2d_PUBKEY(key, $0) }
        try self.init(subjectPublicKeyInfo: der)
    }

    deinit { EVP_PKEY_free(handle) }

    /// The first 16 hex digits of `keyID`, short enough to print on a receipt or read aloud.
    package var fingerprint: String { String(keyID.prefix(16)) }

    package var description: String { "\(algorithm.rawValue) key \(fingerprint)" }

    /// The 32 raw bytes of an Ed25519 public key.
    /// - Throws: `CryptoError` for an SM2 key, which has no raw form in OpenSSL.
    package func rawEd25519() throws(CryptoError) -> [UInt8] {
        CryptoError.clearQueue()
        guard algorithm == .ed25519 else {
            throw CryptoError(operation: "EVP_PKEY_get_raw_public_key", detail: "only an ED25519 key has raw bytes; this is \(algorithm.openSSLName)")
        }
        var length = 0
        guard EVP_PKEY_get_raw_public_key(handle, nil, &length) == 1 else { throw CryptoError.drain("EVP_PKEY_get_raw_public_key") }
        var bytes = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_raw_public_key(handle, &bytes, &length) == 1 else { throw CryptoError.drain("EVP_PKEY_get_raw_public_key") }
        return Array(bytes.prefix(length))
    }

    /// Whether `signature` is this key's signature of exactly `message`. A wrong, truncated
    /// or malformed signature is `false`, not an error: it is the answer to the question, and
    /// OpenSSL's reason for it is cleared from the queue.
    /// - Throws: `CryptoError` only when OpenSSL cannot set up the check at all.
    package func isValidSignature(_ signature: [UInt8], for message: [UInt8]) throws(CryptoError) -> Bool {
        CryptoError.clearQueue()
        guard !signature.isEmpty else { return false }
        let context = try SignatureContext(key: handle, algorithm: algorithm, purpose: .verify)
        // 1 is a valid signature; 0 a refused one; below 0 one OpenSSL could not even decode
        // (an SM2 signature that is not DER). All but 1 mean "not signed by this key".
        let result = withBytes(signature) { signature, signatureCount in
            withBytes(message) { message, messageCount in
                EVP_DigestVerify(context.digestContext, signature, signatureCount, message, messageCount)
            }
        }
        CryptoError.clearQueue()
        return result == 1
    }
}
