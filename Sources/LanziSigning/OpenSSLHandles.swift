internal import CLibCrypto

// The short-lived OpenSSL objects that one call needs, each owned by a Swift class that
// frees it in deinit, so that every early `throw` frees what was made before it.

/// A memory BIO: where PEM text is read from and written to.
final class MemoryBIO {
    let handle: OpaquePointer

    init() throws(CryptoError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.drain("BIO_new") }
        handle = bio
    }

    /// A BIO holding a copy of `bytes`, so that the BIO never points into Swift memory that
    /// may move or be freed while OpenSSL reads it.
    convenience init(_ bytes: [UInt8]) throws(CryptoError) {
        try self.init()
        let written = withBytes(bytes) { BIO_write(handle, $0, Int32(clamping: $1)) }
        guard bytes.isEmpty || written == Int32(clamping: bytes.count) else { throw CryptoError.drain("BIO_write") }
    }

    deinit { BIO_free(handle) }

    /// Everything written to the BIO so far.
    var contents: [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let count = lanzi_BIO_get_mem_data(handle, &data)
        guard let data, count > 0 else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }
}

/// The contexts of one signing or verifying operation. Each call makes its own, because an
/// `EVP_MD_CTX` or `EVP_PKEY_CTX` may not be used by two threads at once (openssl-threads(7));
/// the key itself is only read.
final class SignatureContext {
    enum Purpose { case sign, verify }

    /// The digest context that `EVP_DigestSign`, `EVP_DigestVerify` and `X509_sign_ctx` take.
    let digestContext: OpaquePointer
    /// SM2's key context, which carries the distinguishing identifier. `EVP_MD_CTX_set_pkey_ctx`
    /// does not hand it over, so it is freed here, after the digest context that uses it.
    private let keyContext: OpaquePointer?

    /// Sets up `key` for `purpose`: Ed25519 with no digest (it hashes the message itself, in
    /// one pass), SM2 with SM3 and `SignatureAlgorithm.sm2DistinguishingID`, set on the key
    /// context before the digest context is initialised, as OpenSSL 3 requires.
    /// - Throws: `CryptoError` with OpenSSL's messages if a context cannot be made or set up.
    init(key: OpaquePointer, algorithm: SignatureAlgorithm, purpose: Purpose) throws(CryptoError) {
        guard let digestContext = EVP_MD_CTX_new() else { throw CryptoError.drain("EVP_MD_CTX_new") }
        var keyContext: OpaquePointer?
        if algorithm == .sm2 {
            keyContext = EVP_PKEY_CTX_new(key, nil)
            if keyContext == nil {
                EVP_MD_CTX_free(digestContext)
                throw CryptoError.drain("EVP_PKEY_CTX_new")
            }
        }
        self.digestContext = digestContext
        self.keyContext = keyContext
        // From here on a throw runs deinit, which frees both contexts.

        var digest: OpaquePointer?
        if let keyContext {
            let identifier = SignatureAlgorithm.sm2DistinguishingID
            let set = identifier.withUnsafeBytes { EVP_PKEY_CTX_set1_id(keyContext, $0.baseAddress, Int32($0.count)) }
            guard set == 1 else { throw CryptoError.drain("EVP_PKEY_CTX_set1_id") }
            EVP_MD_CTX_set_pkey_ctx(digestContext, keyContext)
            digest = EVP_sm3()
        }
        switch purpose {
        case .sign:
            guard EVP_DigestSignInit(digestContext, nil, digest, nil, key) == 1 else { throw CryptoError.drain("EVP_DigestSignInit") }
        case .verify:
            guard EVP_DigestVerifyInit(digestContext, nil, digest, nil, key) == 1 else { throw CryptoError.drain("EVP_DigestVerifyInit") }
        }
    }

    deinit {
        EVP_MD_CTX_free(digestContext)
        if let keyContext { EVP_PKEY_CTX_free(keyContext) }
    }
}

/// Calls `body` with a pointer to `bytes` and their count. An empty array may have no storage,
/// and OpenSSL wants a real pointer even for no bytes, so that case gets one to a spare byte.
func withBytes<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> Result) -> Result {
    if bytes.isEmpty {
        var spare: UInt8 = 0
        return withUnsafePointer(to: &spare) { body($0, 0) }
    }
    return bytes.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
}

/// The bytes of an OpenSSL `i2d_…` encoder: one call for the length, one to write.
func derEncoded(_ operation: String, _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws(CryptoError) -> [UInt8] {
    let length = encode(nil)
    guard length > 0 else { throw CryptoError.drain(operation) }
    var bytes = [UInt8](repeating: 0, count: Int(length))
    let written = bytes.withUnsafeMutableBufferPointer { buffer in
        var cursor = buffer.baseAddress
        return encode(&cursor)
    }
    guard written == length else { throw CryptoError.drain(operation) }
    return bytes
}
