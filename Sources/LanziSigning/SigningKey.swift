internal import CLibCrypto
import Foundation

/// A market's private key: it signs the exact bytes of each receipt.
///
/// `@unchecked Sendable`, for the reason `VerifyingKey` gives: the `EVP_PKEY` this class owns
/// is never changed after `init`, OpenSSL 3 locks the caches inside it, and a signature is
/// made with a context that no other thread holds at the time, so several threads may sign
/// with one key at once.
package final class SigningKey: @unchecked Sendable, CustomStringConvertible {
    package let algorithm: SignatureAlgorithm
    /// The public half, in a key object of its own that holds no private part.
    package let verifyingKey: VerifyingKey
    let handle: OpaquePointer
    /// An Ed25519 signing context kept for the next signature, as `openssl speed` signs:
    /// setting one up (fetching the algorithm from the provider) costs a third as much as the
    /// signature, and every payment signs one receipt. Ed25519 signs in one shot and keeps no
    /// state between messages. Held by one signer at a time under `reuseLock`; a signer that
    /// finds it taken makes a context of its own.
    private var reusable: SignatureContext?
    private let reuseLock = NSLock()

    /// Takes ownership of `handle` (freed in deinit, also when this throws).
    private init(taking handle: OpaquePointer, operation: String) throws(CryptoError) {
        do throws(CryptoError) {
            algorithm = try SignatureAlgorithm.of(handle, operation: operation)
            verifyingKey = try VerifyingKey(publicHalfOf: handle)
        } catch {
            EVP_PKEY_free(handle)
            throw error
        }
        self.handle = handle
    }

    /// A new random key from OpenSSL's generator.
    /// - Throws: `CryptoError` with OpenSSL's messages if the key cannot be made.
    package convenience init(generating algorithm: SignatureAlgorithm = .ed25519) throws(CryptoError) {
        CryptoError.clearQueue()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm.openSSLName, nil) else {
            throw CryptoError.drain("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw CryptoError.drain("EVP_PKEY_keygen_init") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { throw CryptoError.drain("EVP_PKEY_generate") }
        try self.init(taking: key, operation: "EVP_PKEY_generate")
    }

    /// Reads a PEM private key: PKCS#8 ("BEGIN PRIVATE KEY"), as `pkcs8PEM()` and
    /// `openssl genpkey` write it. An encrypted key is refused, never prompted for: Lanzi
    /// keeps its key file readable by its own user only, not behind a passphrase.
    /// - Throws: `CryptoError` with OpenSSL's messages for text that is not such a key, or
    ///   naming the key type for a key of an algorithm Lanzi does not sign with.
    package convenience init(pem: String) throws(CryptoError) {
        CryptoError.clearQueue()
        let bio = try MemoryBIO(Array(pem.utf8))
        // A passphrase callback that declines: without one OpenSSL would ask on the terminal.
        let key = PEM_read_bio_PrivateKey(bio.handle, nil, { _, _, _, _ in -1 }, nil)
        guard let key else { throw CryptoError.drain("PEM_read_bio_PrivateKey") }
        try self.init(taking: key, operation: "PEM_read_bio_PrivateKey")
    }

    /// An Ed25519 key from its 32-byte secret (RFC 8032, section 5.1.5), as test vectors
    /// give it.
    /// - Throws: `CryptoError` with OpenSSL's messages for bytes that are not such a key.
    package convenience init(rawEd25519 secret: [UInt8]) throws(CryptoError) {
        CryptoError.clearQueue()
        let key = withBytes(secret) { EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, $0, $1) }
        guard let key else { throw CryptoError.drain("EVP_PKEY_new_raw_private_key_ex") }
        try self.init(taking: key, operation: "EVP_PKEY_new_raw_private_key_ex")
    }

    deinit {
        reusable = nil
        EVP_PKEY_free(handle)
    }

    package var description: String { "\(algorithm.rawValue) private key \(verifyingKey.fingerprint)" }

    /// The key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"). Made on each call rather than
    /// kept, so that the secret is not held in a Swift string longer than the caller needs.
    /// - Throws: `CryptoError` with OpenSSL's messages.
    package func pkcs8PEM() throws(CryptoError) -> String {
        CryptoError.clearQueue()
        let bio = try MemoryBIO()
        guard PEM_write_bio_PKCS8PrivateKey(bio.handle, handle, nil, nil, 0, nil, nil) == 1 else {
            throw CryptoError.drain("PEM_write_bio_PKCS8PrivateKey")
        }
        return String(decoding: bio.contents, as: UTF8.self)
    }

    /// The signature of exactly `message`: 64 bytes for Ed25519 (deterministic, RFC 8032);
    /// a DER `SEQUENCE { r, s }` of 70 to 72 bytes for SM2 (randomised), as
    /// `openssl pkeyutl -sign -rawin` writes it.
    /// - Throws: `CryptoError` with OpenSSL's messages.
    package func signature(for message: [UInt8]) throws(CryptoError) -> [UInt8] {
        CryptoError.clearQueue()
        // SM2 signs with a fresh context each time: its digest context is fed the signer's
        // identity and the message, and is used up by the signature.
        guard algorithm == .ed25519, reuseLock.try() else { return try signature(for: message, with: try newContext()) }
        defer { reuseLock.unlock() }
        let context: SignatureContext
        if let kept = reusable { context = kept } else { context = try newContext() }
        // A context that failed once is not trusted again.
        reusable = nil
        let signature = try signature(for: message, with: context)
        reusable = context
        return signature
    }

    private func newContext() throws(CryptoError) -> SignatureContext {
        try SignatureContext(key: handle, algorithm: algorithm, purpose: .sign)
    }

    private func signature(for message: [UInt8], with context: SignatureContext) throws(CryptoError) -> [UInt8] {
        // Ed25519 signs in one pass (EVP_DigestSign with no digest); SM2 hashes with SM3 first.
        // Either way the first call, with no buffer, asks for the largest length.
        var length = 0
        guard EVP_DigestSign(context.digestContext, nil, &length, nil, 0) == 1, length > 0 else {
            throw CryptoError.drain("EVP_DigestSign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = withBytes(message) { message, count in
            EVP_DigestSign(context.digestContext, &signature, &length, message, count)
        }
        guard signed == 1 else { throw CryptoError.drain("EVP_DigestSign") }
        return Array(signature.prefix(length))
    }
}
