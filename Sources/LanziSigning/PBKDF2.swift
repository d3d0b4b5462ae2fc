internal import CLibCrypto

/// PBKDF2 with HMAC-SHA256 (RFC 8018, section 5.2) through OpenSSL's EVP_KDF interface: what
/// a password is stored as, so that a stolen database gives each password only at the cost
/// of the iterations, once per guess.
package enum PBKDF2 {
    /// The longest key it derives: more than a stored hash needs, and a bound on the work a
    /// caller can ask for.
    package static let maximumLength = 1024

    /// The derived key of `length` bytes.
    /// - Throws: `CryptoError` for fewer than one iteration or a length outside
    ///   1…`maximumLength`, or with OpenSSL's messages if the derivation fails.
    package static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws(CryptoError) -> [UInt8] {
        guard iterations >= 1 else { throw CryptoError(operation: "PBKDF2", detail: "the iteration count must be at least 1, got \(iterations)") }
        guard (1...maximumLength).contains(length) else {
            throw CryptoError(operation: "PBKDF2", detail: "the key length must be 1 to \(maximumLength) bytes, got \(length)")
        }
        CryptoError.clearQueue()
        guard let fetched else { throw CryptoError.drain("EVP_KDF_fetch") }
        guard let context = EVP_KDF_CTX_new(fetched) else { throw CryptoError.drain("EVP_KDF_CTX_new") }
        // Freeing the context wipes OpenSSL's copy of the password.
        defer { EVP_KDF_CTX_free(context) }
        var key = [UInt8](repeating: 0, count: length)
        var count = UInt64(iterations)
        let derived = withBytes(password) { passwordBytes, passwordCount in
            withBytes(salt) { saltBytes, saltCount in
                withUnsafeMutablePointer(to: &count) { iterationCount in
                    var parameters = [
                        lanzi_kdf_param_digest_sha256(),
                        lanzi_kdf_param_password(passwordBytes, passwordCount),
                        lanzi_kdf_param_salt(saltBytes, saltCount),
                        lanzi_kdf_param_iterations(iterationCount),
                        OSSL_PARAM_construct_end(),
                    ]
                    return EVP_KDF_derive(context, &key, length, &parameters)
                }
            }
        }
        guard derived == 1 else { throw CryptoError.drain("EVP_KDF_derive") }
        return key
    }

    /// The KDF as OpenSSL fetches it from the default provider, once for the process: a fetched
    /// algorithm is immutable and may be used from any thread; each call makes its own context.
    nonisolated(unsafe) private static let fetched: OpaquePointer? = EVP_KDF_fetch(nil, "PBKDF2", nil)
}
