import Foundation
import Testing
import LanziTestSupport
@testable import LanziSigning

@Suite("Self-signed market certificates")
struct CertificateTests {
    static let subject = CertificateSubject(commonName: "布王戈农贸市场", organization: "布王戈村股份经济合作社")
    /// 2026-11-25T00:00:00Z, with a fraction that the certificate drops.
    static let notBefore = Date(timeIntervalSince1970: 1_795_564_800.75)

    @Test(arguments: SignatureAlgorithm.allCases)
    func namesTheMarketAndCarriesItsKey(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        let certificate = try Certificate.makeSelfSigned(key: key, subject: Self.subject, notBefore: Self.notBefore)
        #expect(certificate.subject == Self.subject)
        #expect(certificate.publicKey.keyID == key.verifyingKey.keyID)
        #expect(certificate.publicKey.algorithm == algorithm)
        #expect(certificate.notBefore == Date(timeIntervalSince1970: 1_795_564_800))
        #expect(certificate.notAfter == Date(timeIntervalSince1970: 2_111_184_000))  // 2036-11-25T00:00:00Z
        #expect(certificate.serialNumber.count == 32)
        #expect(certificate.pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(try certificate.isSigned(by: key.verifyingKey))
        #expect(try certificate.isSigned(by: certificate.publicKey))
        #expect(try !certificate.isSigned(by: try SigningKey(generating: algorithm).verifyingKey))
        #expect(try !certificate.isSigned(by: try SigningKey(generating: algorithm == .sm2 ? .ed25519 : .sm2).verifyingKey))

        let read = try Certificate(pem: certificate.pem)
        #expect(read.der == certificate.der)
        #expect(read.subject == Self.subject)
        #expect(read.serialNumber == certificate.serialNumber)
        #expect(read.publicKey.keyID == key.verifyingKey.keyID)
        #expect(read.notBefore == certificate.notBefore && read.notAfter == certificate.notAfter)
    }

    @Test func serialNumbersAreRandom() throws {
        let key = try SigningKey()
        let serials = try (0..<8).map { _ in try Certificate.makeSelfSigned(key: key, subject: Self.subject, notBefore: Self.notBefore).serialNumber }
        #expect(Set(serials).count == serials.count)
    }

    @Test func theOrganizationMayBeLeftOut() throws {
        let subject = CertificateSubject(commonName: "Market")
        let certificate = try Certificate.makeSelfSigned(key: try SigningKey(), subject: subject, notBefore: Self.notBefore, validYears: 1)
        #expect(certificate.subject == subject)
        #expect(certificate.notAfter == Date(timeIntervalSince1970: 1_827_100_800))  // 2027-11-25T00:00:00Z
    }

    @Test func refusesAnEmptyNameAndGarbage() throws {
        #expect(throws: CryptoError.self) {
            try Certificate.makeSelfSigned(key: try SigningKey(), subject: CertificateSubject(commonName: ""), notBefore: Self.notBefore)
        }
        #expect(throws: CryptoError.self) {
            try Certificate.makeSelfSigned(key: try SigningKey(), subject: Self.subject, notBefore: Self.notBefore, validYears: 0)
        }
        #expect {
            try Certificate(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        } throws: { error in
            guard let error = error as? CryptoError else { return false }
            return error.operation == "PEM_read_bio_X509" && !error.detail.isEmpty
        }
        // A key is not a certificate.
        #expect(throws: CryptoError.self) { try Certificate(pem: try SigningKey().verifyingKey.pem) }
    }

    /// `openssl x509 -text` reads what Lanzi wrote, and `openssl verify` checks the
    /// self-signature (`-check_ss_sig`: without it a trusted certificate's own signature is
    /// not checked at all).
    @Test
    func openSSLReadsAndVerifiesAnEd25519Certificate() throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let key = try SigningKey(generating: .ed25519)
        let certificate = try Certificate.makeSelfSigned(key: key, subject: Self.subject, notBefore: Self.notBefore)
        let file = try folder.write(certificate.pem, to: "cert.pem")

        let text = try openSSL.run(["x509", "-in", file, "-noout", "-text"])
        #expect(text.status == 0, "\(text.standardError)")
        for expected in [
            "Version: 3 (0x2)", "Signature Algorithm: ED25519", "Public Key Algorithm: ED25519",
            "Not Before: Nov 25 00:00:00 2026 GMT", "Not After : Nov 25 00:00:00 2036 GMT",
            "X509v3 Basic Constraints: critical", "CA:TRUE, pathlen:0",
            "X509v3 Key Usage: critical", "Digital Signature, Certificate Sign", "X509v3 Subject Key Identifier",
        ] {
            #expect(text.text.contains(expected), "\(expected) in \(text.text)")
        }
        try checkSubjectAndKey(openSSL, file: file, key: key)

        let verified = try openSSL.run(["verify", "-check_ss_sig", "-CAfile", file, file])
        #expect(verified.status == 0, "\(verified.text) \(verified.standardError)")
        #expect(verified.text == "\(file): OK\n")

        // The same name under another key's certificate is not its issuer: the check can fail.
        let other = try Certificate.makeSelfSigned(key: try SigningKey(), subject: Self.subject, notBefore: Self.notBefore)
        let otherFile = try folder.write(other.pem, to: "other.pem")
        let refused = try openSSL.run(["verify", "-check_ss_sig", "-CAfile", otherFile, file])
        #expect(refused.status != 0)
    }

    /// OpenSSL 3.0's `openssl verify` cannot check an SM2 certificate's signature at all
    /// (it fails even for one that `openssl req -x509 -sigopt distid:…` made, with or without
    /// `-vfyopt distid:…`). So the check is done by hand, with stock tools only: `asn1parse`
    /// cuts out the signed part and the signature, and `pkeyutl` checks one against the other
    /// with SM3 and the distinguishing identifier.
    @Test
    func openSSLReadsAndVerifiesAnSM2Certificate() throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let key = try SigningKey(generating: .sm2)
        let certificate = try Certificate.makeSelfSigned(key: key, subject: Self.subject, notBefore: Self.notBefore)
        let file = try folder.write(certificate.pem, to: "cert.pem")

        let text = try openSSL.run(["x509", "-in", file, "-noout", "-text"])
        #expect(text.status == 0, "\(text.standardError)")
        for expected in ["Signature Algorithm: SM2-with-SM3", "ASN1 OID: SM2", "CA:TRUE, pathlen:0", "Not After : Nov 25 00:00:00 2036 GMT"] {
            #expect(text.text.contains(expected), "\(expected) in \(text.text)")
        }
        try checkSubjectAndKey(openSSL, file: file, key: key)

        // The top-level structure: the TBSCertificate, the algorithm, the signature BIT STRING.
        let structure = try openSSL.run(["asn1parse", "-in", file])
        try #require(structure.status == 0, "\(structure.standardError)")
        let topLevel = structure.text.split(separator: "\n").filter { $0.contains("d=1") }
        try #require(topLevel.count == 3, "\(structure.text)")
        let offset = { (line: Substring) in String(line.split(separator: ":")[0].trimmingCharacters(in: .whitespaces)) }
        try #require(topLevel[2].contains("BIT STRING"))
        let signed = try openSSL.run(["asn1parse", "-in", file, "-strparse", offset(topLevel[0]), "-noout", "-out", folder.path("tbs.der")])
        let signature = try openSSL.run(["asn1parse", "-in", file, "-strparse", offset(topLevel[2]), "-noout", "-out", folder.path("signature.der")])
        try #require(signed.status == 0 && signature.status == 0, "\(signed.standardError) \(signature.standardError)")

        let options = OpenSSLCommandTests.messageOptions(.sm2)
        let checked = try openSSL.run(["pkeyutl", "-verify"] + options + ["-certin", "-inkey", file, "-in", folder.path("tbs.der"), "-sigfile", folder.path("signature.der")])
        #expect(checked.status == 0, "\(checked.text) \(checked.standardError)")
        #expect(checked.text.contains("Signature Verified Successfully"))
        // And Lanzi agrees on the same two pieces.
        #expect(try key.verifyingKey.isValidSignature(try folder.read("signature.der"), for: try folder.read("tbs.der")))

        // With another distinguishing identifier the same signature does not verify.
        let wrongIdentifier = try openSSL.run(["pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:8765432187654321", "-certin", "-inkey", file, "-in", folder.path("tbs.der"), "-sigfile", folder.path("signature.der")])
        #expect(wrongIdentifier.status != 0)
    }

    /// The subject is written as UTF-8 strings that the command prints back, and the
    /// certificate's key is the signing key's public half.
    private func checkSubjectAndKey(_ openSSL: OpenSSLCommand, file: String, key: SigningKey) throws {
        let subject = try openSSL.run(["x509", "-in", file, "-noout", "-subject", "-nameopt", "utf8"])
        #expect(subject.status == 0, "\(subject.standardError)")
        #expect(subject.text.contains("CN=\(Self.subject.commonName)"), "\(subject.text)")
        #expect(subject.text.contains("O=\(Self.subject.organization!)"), "\(subject.text)")
        let structure = try openSSL.run(["asn1parse", "-in", file])
        // Common name and organization, in subject and issuer.
        #expect(structure.text.components(separatedBy: "prim: UTF8STRING").count - 1 == 4, "\(structure.text)")
        let publicKey = try openSSL.run(["x509", "-in", file, "-noout", "-pubkey"])
        #expect(publicKey.text == key.verifyingKey.pem)
    }
}
