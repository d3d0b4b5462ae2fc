import Foundation
import Testing
import LanziTestSupport
@testable import LanziSigning

/// Lanzi checked by the stock `openssl` command (OpenSSL 3.0's syntax), and the command's
/// keys and signatures checked by Lanzi. These are the commands an export bundle's how-to
/// gives a checker, so they are run exactly so.
@Suite("Lanzi and the stock openssl command agree")
struct OpenSSLCommandTests {
    /// The options that make `pkeyutl` sign or check a message itself (not a digest of it)
    /// the way Lanzi does. SM2 needs the digest and the distinguishing identifier named:
    /// OpenSSL 3.0's command line does not default to "1234567812345678".
    static func messageOptions(_ algorithm: SignatureAlgorithm) -> [String] {
        switch algorithm {
        case .ed25519: ["-rawin"]
        case .sm2: ["-rawin", "-digest", "sm3", "-pkeyopt", "distid:" + String(decoding: SignatureAlgorithm.sm2DistinguishingID, as: UTF8.self)]
        }
    }

    static func messages() -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return [Array(#"{"amount_fen":120050,"number":"BWG-2026-000001"}"#.utf8), [0x00], random]
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func lanzisSignaturesVerifyWithPkeyutl(algorithm: SignatureAlgorithm) throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let key = try SigningKey(generating: algorithm)
        let publicKey = try folder.write(key.verifyingKey.pem, to: "pub.pem")
        for (index, message) in Self.messages().enumerated() {
            let messageFile = try folder.write(Data(message), to: "message-\(index)")
            let signatureFile = try folder.write(Data(try key.signature(for: message)), to: "signature-\(index)")
            let checked = try openSSL.run(["pkeyutl", "-verify"] + Self.messageOptions(algorithm) + ["-pubin", "-inkey", publicKey, "-in", messageFile, "-sigfile", signatureFile])
            #expect(checked.status == 0, "\(checked.text) \(checked.standardError)")
            #expect(checked.text.contains("Signature Verified Successfully"))

            // The same check fails for a message one byte longer: it can fail.
            let longer = try folder.write(Data(message + [0x0A]), to: "longer-\(index)")
            let refused = try openSSL.run(["pkeyutl", "-verify"] + Self.messageOptions(algorithm) + ["-pubin", "-inkey", publicKey, "-in", longer, "-sigfile", signatureFile])
            #expect(refused.status != 0)
            #expect(refused.text.contains("Signature Verification Failure"))
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func pkeyutlsSignaturesVerifyWithLanzi(algorithm: SignatureAlgorithm) throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let made = try openSSL.run(["genpkey", "-algorithm", algorithm.rawValue, "-out", folder.path("key.pem")])
        try #require(made.status == 0, "\(made.standardError)")
        let exported = try openSSL.run(["pkey", "-in", folder.path("key.pem"), "-pubout", "-out", folder.path("pub.pem")])
        try #require(exported.status == 0, "\(exported.standardError)")

        let key = try SigningKey(pem: String(decoding: try folder.read("key.pem"), as: UTF8.self))
        let publicKey = try VerifyingKey(pem: String(decoding: try folder.read("pub.pem"), as: UTF8.self))
        #expect(key.algorithm == algorithm)
        #expect(publicKey.algorithm == algorithm)
        #expect(key.verifyingKey.keyID == publicKey.keyID)
        // Lanzi writes the public key as the command does.
        #expect(key.verifyingKey.pem == String(decoding: try folder.read("pub.pem"), as: UTF8.self))

        for (index, message) in Self.messages().enumerated() {
            let messageFile = try folder.write(Data(message), to: "message-\(index)")
            let signed = try openSSL.run(["pkeyutl", "-sign"] + Self.messageOptions(algorithm) + ["-inkey", folder.path("key.pem"), "-in", messageFile, "-out", folder.path("signature-\(index)")])
            try #require(signed.status == 0, "\(signed.standardError)")
            let signature = try folder.read("signature-\(index)")
            #expect(try publicKey.isValidSignature(signature, for: message))
            #expect(try !publicKey.isValidSignature(signature, for: message + [0x0A]))
            if algorithm == .ed25519 {
                // Deterministic: the same key signs the same bytes to the same signature.
                #expect(try key.signature(for: message) == signature)
            }
        }
    }

    /// The key id is what a checker computes with stock tools from the public key file.
    @Test(arguments: SignatureAlgorithm.allCases)
    func keyIDIsWhatTheShellComputes(algorithm: SignatureAlgorithm) throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let shell = OpenSSLCommand(url: URL(fileURLWithPath: "/bin/sh"))

        let lanziKey = try SigningKey(generating: algorithm)
        try folder.write(lanziKey.verifyingKey.pem, to: "lanzi.pem")
        let made = try openSSL.run(["genpkey", "-algorithm", algorithm.rawValue, "-out", folder.path("theirs-key.pem")])
        try #require(made.status == 0, "\(made.standardError)")
        _ = try openSSL.run(["pkey", "-in", folder.path("theirs-key.pem"), "-pubout", "-out", folder.path("theirs.pem")])
        let theirKey = try VerifyingKey(pem: String(decoding: try folder.read("theirs.pem"), as: UTF8.self))

        for (name, key) in [("lanzi.pem", lanziKey.verifyingKey), ("theirs.pem", theirKey)] {
            let digest = try shell.run(["-c", "\"$0\" pkey -pubin -in \"$1\" -outform DER | sha256sum", openSSL.url.path, folder.path(name)])
            #expect(digest.status == 0, "\(digest.standardError)")
            #expect(digest.text == key.keyID + "  -\n")
        }
        #expect(lanziKey.verifyingKey.keyID != theirKey.keyID)
    }

    /// A private key Lanzi wrote is one the command reads, with the same public half.
    @Test(arguments: SignatureAlgorithm.allCases)
    func theCommandReadsLanzisPrivateKey(algorithm: SignatureAlgorithm) throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let key = try SigningKey(generating: algorithm)
        let file = try folder.write(try key.pkcs8PEM(), to: "key.pem")
        let publicHalf = try openSSL.run(["pkey", "-in", file, "-pubout"])
        #expect(publicHalf.status == 0, "\(publicHalf.standardError)")
        #expect(publicHalf.text == key.verifyingKey.pem)
    }
}
