internal import CLibCrypto

/// The signature algorithms a market's key may use. Ed25519 is the default: its signatures
/// are deterministic, so the RFC 8032 vectors check us byte for byte. SM2 is there for a
/// market that must use the national algorithms (GB/T 32918.2, with the SM3 digest).
package enum SignatureAlgorithm: String, CaseIterable, Hashable, Sendable {
    case ed25519
    case sm2

    /// The distinguishing identifier that SM2 hashes, with the public key, into every
    /// signature: the default of GM/T 0009-2012 (and GB/T 35276-2017), "1234567812345678". A checker must
    /// use the same one. OpenSSL 3.0's command line does not default to it, so the check
    /// there needs `-pkeyopt distid:1234567812345678`.
    package static let sm2DistinguishingID: [UInt8] = Array("1234567812345678".utf8)

    /// OpenSSL's name for the key type (`EVP_PKEY_is_a`, `EVP_PKEY_CTX_new_from_name`).
    var openSSLName: String {
        switch self {
        case .ed25519: "ED25519"
        case .sm2: "SM2"
        }
    }

    /// The algorithm of an OpenSSL key.
    /// - Throws: `CryptoError` naming OpenSSL's key type when it is one Lanzi does not sign
    ///   with (an RSA or a NIST-curve key, say).
    static func of(_ key: OpaquePointer, operation: String) throws(CryptoError) -> SignatureAlgorithm {
        for algorithm in allCases where EVP_PKEY_is_a(key, algorithm.openSSLName) == 1 {
            return algorithm
        }
        let typeName = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
        throw CryptoError(operation: operation, detail: "the key is \(typeName); Lanzi signs with ED25519 or SM2 only")
    }
}
