import Foundation
internal import CLibCrypto

/// Who a certificate names: the market (common name) and the body that runs it
/// (organization), both UTF-8 strings.
package struct CertificateSubject: Hashable, Sendable {
    package var commonName: String
    package var organization: String?

    package init(commonName: String, organization: String? = nil) {
        self.commonName = commonName
        self.organization = organization
    }
}

/// An X.509 certificate that binds a market's name to its public key, so that an export
/// bundle says whose receipts it carries in a form stock tools can read. The market signs it
/// itself: nobody else vouches for a village market, and a checker trusts the certificate it
/// was handed (or its key id, read over the telephone), not a chain.
///
/// A value: the OpenSSL `X509` is held only while the certificate is made or read.
package struct Certificate: Sendable {
    /// The certificate as DER.
    package let der: [UInt8]
    /// The certificate as PEM ("BEGIN CERTIFICATE").
    package let pem: String
    package let subject: CertificateSubject
    package let publicKey: VerifyingKey
    /// The serial number's bytes as lower-case hex.
    package let serialNumber: String
    package let notBefore: Date
    package let notAfter: Date

    /// Makes and signs a self-signed version 3 certificate for `key`: subject and issuer are
    /// `subject`; the serial number is 126 random bits; it is valid from `notBefore` (taken
    /// as a parameter so that a test or a clock decides the instant; cut to whole seconds)
    /// for `validYears` calendar years in UTC. Its extensions are those of a certificate that
    /// is its own trust anchor (RFC 5280, 4.2.1.9 and 4.2.1.3): basic constraints CA and path
    /// length 0, critical; key usage digital signature and certificate signing, critical
    /// (the key checks the certificate's own signature); and a subject key identifier.
    /// Ed25519 signs with no digest, SM2 with SM3 and the distinguishing identifier, through
    /// the same context as every other signature (`X509_sign_ctx`).
    /// - Throws: `CryptoError` with OpenSSL's messages, or for an empty common name or a
    ///   validity of less than a year.
    package static func makeSelfSigned(key: SigningKey, subject: CertificateSubject, notBefore: Date, validYears: Int = 10) throws(CryptoError) -> Certificate {
        CryptoError.clearQueue()
        guard !subject.commonName.isEmpty else {
            throw CryptoError(operation: "X509_NAME_add_entry_by_NID", detail: "the certificate's common name (the market's name) is empty")
        }
        guard validYears > 0 else {
            throw CryptoError(operation: "ASN1_TIME_set", detail: "a certificate must be valid for at least one year, not \(validYears)")
        }
        guard let made = X509_new() else { throw CryptoError.drain("X509_new") }
        let certificate = X509Handle(made)
        let x509 = certificate.handle

        guard X509_set_version(x509, Int(X509_VERSION_3)) == 1 else { throw CryptoError.drain("X509_set_version") }
        try setRandomSerialNumber(x509)

        let start = notBefore.timeIntervalSince1970.rounded(.down)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let end = calendar.date(byAdding: .year, value: validYears, to: Date(timeIntervalSince1970: start)) else {
            throw CryptoError(operation: "ASN1_TIME_set", detail: "no instant \(validYears) years after \(notBefore)")
        }
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(start)) != nil else { throw CryptoError.drain("ASN1_TIME_set") }
        guard ASN1_TIME_set(X509_getm_notAfter(x509), time_t(end.timeIntervalSince1970)) != nil else { throw CryptoError.drain("ASN1_TIME_set") }

        guard let name = X509_NAME_new() else { throw CryptoError.drain("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        try addEntry(NID_commonName, subject.commonName, to: name)
        if let organization = subject.organization, !organization.isEmpty {
            try addEntry(NID_organizationName, organization, to: name)
        }
        guard X509_set_subject_name(x509, name) == 1, X509_set_issuer_name(x509, name) == 1 else {
            throw CryptoError.drain("X509_set_subject_name")
        }
        guard X509_set_pubkey(x509, key.verifyingKey.handle) == 1 else { throw CryptoError.drain("X509_set_pubkey") }

        try addExtension(NID_basic_constraints, "critical,CA:TRUE,pathlen:0", to: x509)
        try addExtension(NID_key_usage, "critical,digitalSignature,keyCertSign", to: x509)
        try addExtension(NID_subject_key_identifier, "hash", to: x509)

        let context = try SignatureContext(key: key.handle, algorithm: key.algorithm, purpose: .sign)
        guard X509_sign_ctx(x509, context.digestContext) > 0 else { throw CryptoError.drain("X509_sign_ctx") }
        // Read back what was written, so that a made certificate and a parsed one are the same.
        return try Certificate(reading: x509)
    }

    /// Reads a PEM certificate ("BEGIN CERTIFICATE").
    /// - Throws: `CryptoError` with OpenSSL's messages for text that is not a certificate, or
    ///   naming the key type for a key of an algorithm Lanzi does not sign with.
    package init(pem: String) throws(CryptoError) {
        CryptoError.clearQueue()
        let bio = try MemoryBIO(Array(pem.utf8))
        guard let read = PEM_read_bio_X509(bio.handle, nil, nil, nil) else { throw CryptoError.drain("PEM_read_bio_X509") }
        let certificate = X509Handle(read)
        try self.init(reading: certificate.handle)
    }

    private init(reading x509: OpaquePointer) throws(CryptoError) {
        der = try derEncoded("i2d_X509") { i2d_X509(x509, $0) }
        let bio = try MemoryBIO()
        guard PEM_write_bio_X509(bio.handle, x509) == 1 else { throw CryptoError.drain("PEM_write_bio_X509") }
        pem = String(decoding: bio.contents, as: UTF8.self)

        guard let name = X509_get_subject_name(x509) else { throw CryptoError.drain("X509_get_subject_name") }
        guard let commonName = try Self.entry(NID_commonName, of: name) else {
            throw CryptoError(operation: "X509_NAME_get_index_by_NID", detail: "the certificate's subject has no common name")
        }
        subject = CertificateSubject(commonName: commonName, organization: try Self.entry(NID_organizationName, of: name))

        guard let key = X509_get0_pubkey(x509) else { throw CryptoError.drain("X509_get0_pubkey") }
        publicKey = try VerifyingKey(publicHalfOf: key)

        guard let serial = X509_get0_serialNumber(x509), let serialBytes = ASN1_STRING_get0_data(serial) else {
            throw CryptoError.drain("X509_get0_serialNumber")
        }
        serialNumber = Digest.hex(UnsafeBufferPointer(start: serialBytes, count: Int(ASN1_STRING_length(serial))))
        notBefore = try Self.date(X509_get0_notBefore(x509), "X509_get0_notBefore")
        notAfter = try Self.date(X509_get0_notAfter(x509), "X509_get0_notAfter")
    }

    /// Whether the certificate's signature is `key`'s (for a self-signed one, its own
    /// `publicKey`'s). For SM2 the distinguishing identifier is set on the certificate first:
    /// OpenSSL 3.0 refuses to check an SM2 certificate without one. Anything but a valid
    /// signature, a key of another algorithm included, is `false`.
    /// - Throws: `CryptoError` only when OpenSSL cannot read back the certificate's own DER.
    package func isSigned(by key: VerifyingKey) throws(CryptoError) -> Bool {
        CryptoError.clearQueue()
        let read = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let read else { throw CryptoError.drain("d2i_X509") }
        let certificate = X509Handle(read)
        if key.algorithm == .sm2 {
            guard let identifier = ASN1_OCTET_STRING_new() else { throw CryptoError.drain("ASN1_OCTET_STRING_new") }
            let set = SignatureAlgorithm.sm2DistinguishingID.withUnsafeBufferPointer {
                ASN1_OCTET_STRING_set(identifier, $0.baseAddress, Int32($0.count))
            }
            guard set == 1 else {
                ASN1_OCTET_STRING_free(identifier)
                throw CryptoError.drain("ASN1_OCTET_STRING_set")
            }
            X509_set0_distinguishing_id(certificate.handle, identifier)  // the certificate owns it now
        }
        let result = X509_verify(certificate.handle, key.handle)
        CryptoError.clearQueue()
        return result == 1
    }

    private static func setRandomSerialNumber(_ x509: OpaquePointer) throws(CryptoError) {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw CryptoError.drain("RAND_bytes") }
        // Positive (RFC 5280 4.1.2.2) and with no leading zero byte, so it stays 16 bytes long.
        bytes[0] = (bytes[0] & 0x7F) | 0x40
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw CryptoError.drain("BN_bin2bn") }
        defer { BN_free(number) }
        guard let serial = BN_to_ASN1_INTEGER(number, nil) else { throw CryptoError.drain("BN_to_ASN1_INTEGER") }
        defer { ASN1_INTEGER_free(serial) }
        guard X509_set_serialNumber(x509, serial) == 1 else { throw CryptoError.drain("X509_set_serialNumber") }
    }

    /// Adds `text` as a UTF8String entry (RFC 5280 4.1.2.4 wants UTF8String in new
    /// certificates; OpenSSL 3's default string mask, "utf8only", makes it one).
    private static func addEntry(_ nid: Int32, _ text: String, to name: OpaquePointer) throws(CryptoError) {
        let bytes = Array(text.utf8)
        let added = withBytes(bytes) { X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8, $0, Int32(clamping: $1), -1, 0) }
        guard added == 1 else { throw CryptoError.drain("X509_NAME_add_entry_by_NID") }
    }

    private static func addExtension(_ nid: Int32, _ value: String, to x509: OpaquePointer) throws(CryptoError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, x509, x509, nil, nil, 0)
        guard let extensionValue = X509V3_EXT_nconf_nid(nil, &context, nid, value) else { throw CryptoError.drain("X509V3_EXT_nconf_nid") }
        defer { X509_EXTENSION_free(extensionValue) }
        guard X509_add_ext(x509, extensionValue, -1) == 1 else { throw CryptoError.drain("X509_add_ext") }
    }

    /// The first entry `nid` of `name` as UTF-8, or nil when there is none.
    private static func entry(_ nid: Int32, of name: OpaquePointer) throws(CryptoError) -> String? {
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0 else { return nil }
        guard let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) else {
            throw CryptoError.drain("X509_NAME_get_entry")
        }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { throw CryptoError.drain("ASN1_STRING_to_UTF8") }
        defer { lanzi_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?, _ operation: String) throws(CryptoError) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { throw CryptoError.drain(operation) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

/// An X.509 certificate while it is made or read.
final class X509Handle {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { X509_free(handle) }
}
