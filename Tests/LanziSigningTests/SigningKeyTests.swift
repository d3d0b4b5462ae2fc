import Foundation
import Testing
import LanziTestSupport
@testable import LanziSigning

@Suite("Signing and verifying keys")
struct SigningKeyTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func signsAndVerifiesWithANewKey(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        #expect(key.algorithm == algorithm)
        #expect(key.verifyingKey.algorithm == algorithm)
        let message = Array("收据 CODE-2026-000001 1200.50".utf8)
        let signature = try key.signature(for: message)
        #expect(try key.verifyingKey.isValidSignature(signature, for: message))
        #expect(try !key.verifyingKey.isValidSignature(signature, for: message + [0x20]))
        #expect(try key.verifyingKey.isValidSignature(try key.signature(for: []), for: []))
        // Another key of the same algorithm does not accept it.
        #expect(try !SigningKey(generating: algorithm).verifyingKey.isValidSignature(signature, for: message))
    }

    @Test func ed25519IsTheDefaultAndItsSignaturesAreDeterministic() throws {
        let key = try SigningKey()
        #expect(key.algorithm == .ed25519)
        let message = Array("the same bytes".utf8)
        let signature = try key.signature(for: message)
        #expect(signature.count == 64)
        #expect(try key.signature(for: message) == signature)
    }

    /// The context one key keeps from signature to signature carries nothing over: each of
    /// many messages, of many lengths, signed in a row is what a key of the same secret
    /// signing it first gives (Ed25519 is deterministic), and each verifies.
    @Test func aKeptContextSignsEachMessageAsAFreshOneDoes() throws {
        let secret = (0..<32).map { UInt8($0 * 7 % 256) }
        let key = try SigningKey(rawEd25519: secret)
        for index in 0..<40 {
            let message = Array(String(repeating: "收据\(index)", count: index * 5).utf8)
            let kept = try key.signature(for: message)
            #expect(kept == (try SigningKey(rawEd25519: secret).signature(for: message)), "message \(index)")
            #expect(try key.verifyingKey.isValidSignature(kept, for: message))
        }
    }

    /// SM2 signatures are randomised DER: two of the same message differ, and both verify.
    @Test func sm2SignaturesAreDERAndRandomised() throws {
        let key = try SigningKey(generating: .sm2)
        let message = Array("the same bytes".utf8)
        let first = try key.signature(for: message)
        let second = try key.signature(for: message)
        #expect(first != second)
        for signature in [first, second] {
            #expect(signature.first == 0x30)  // DER SEQUENCE
            #expect((68...72).contains(signature.count))
            #expect(try key.verifyingKey.isValidSignature(signature, for: message))
        }
        // Not DER at all: OpenSSL cannot even decode it, which is still just "not valid".
        #expect(try !key.verifyingKey.isValidSignature([1, 2, 3, 4, 5], for: message))
        var flipped = first
        flipped[flipped.count - 1] ^= 0x01
        #expect(try !key.verifyingKey.isValidSignature(flipped, for: message))
    }

    /// A signature of one algorithm is not accepted by a key of the other.
    @Test func keysDoNotAcceptTheOtherAlgorithmsSignatures() throws {
        let ed25519 = try SigningKey(generating: .ed25519)
        let sm2 = try SigningKey(generating: .sm2)
        let message = Array("receipt".utf8)
        #expect(try !sm2.verifyingKey.isValidSignature(try ed25519.signature(for: message), for: message))
        #expect(try !ed25519.verifyingKey.isValidSignature(try sm2.signature(for: message), for: message))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func privateAndPublicPEMRoundTrip(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        let privatePEM = try key.pkcs8PEM()
        #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(privatePEM.hasSuffix("-----END PRIVATE KEY-----\n"))
        let read = try SigningKey(pem: privatePEM)
        #expect(read.algorithm == algorithm)
        #expect(read.verifyingKey.keyID == key.verifyingKey.keyID)
        #expect(try read.pkcs8PEM() == privatePEM)

        let publicPEM = key.verifyingKey.pem
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(!publicPEM.contains("PRIVATE"))
        let publicKey = try VerifyingKey(pem: publicPEM)
        #expect(publicKey.algorithm == algorithm)
        #expect(publicKey.pem == publicPEM)
        #expect(publicKey.subjectPublicKeyInfo == key.verifyingKey.subjectPublicKeyInfo)
        #expect(try VerifyingKey(subjectPublicKeyInfo: publicKey.subjectPublicKeyInfo).keyID == publicKey.keyID)

        // What one signs, the key read back from PEM checks, and the other way round.
        let message = Array("round trip".utf8)
        #expect(try publicKey.isValidSignature(try key.signature(for: message), for: message))
        #expect(try key.verifyingKey.isValidSignature(try read.signature(for: message), for: message))
    }

    @Test func keyIDIsTheSHA256OfTheDERPublicKeyAndTheFingerprintItsStart() throws {
        let key = try SigningKey(rawEd25519: bytes(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let publicKey = key.verifyingKey
        // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix (RFC 8410, section 4) and
        // the 32 raw bytes.
        #expect(Digest.hex(publicKey.subjectPublicKeyInfo) == "302a300506032b6570032100" + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(publicKey.keyID == Digest.hex(try Digest.sha256(publicKey.subjectPublicKeyInfo)))
        #expect(publicKey.keyID.count == 64)
        #expect(publicKey.keyID.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(publicKey.fingerprint == String(publicKey.keyID.prefix(16)))
        #expect(publicKey.description == "ed25519 key \(publicKey.fingerprint)")
    }

    @Test func garbagePEMGivesOpenSSLsReason() {
        for text in ["", "not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"] {
            #expect {
                try SigningKey(pem: text)
            } throws: { error in
                guard let error = error as? CryptoError else { return false }
                return error.operation == "PEM_read_bio_PrivateKey" && !error.detail.isEmpty && error.detail.contains(":")
            }
            #expect {
                try VerifyingKey(pem: text)
            } throws: { error in
                guard let error = error as? CryptoError else { return false }
                return error.operation == "PEM_read_bio_PUBKEY" && !error.detail.isEmpty
            }
        }
    }

    @Test func aPublicKeyIsNotAPrivateOneNorTheOtherWayRound() throws {
        let key = try SigningKey()
        #expect(throws: CryptoError.self) { try SigningKey(pem: key.verifyingKey.pem) }
        // A private key's text is not read as a public key either.
        #expect(throws: CryptoError.self) { try VerifyingKey(pem: try key.pkcs8PEM()) }
    }

    /// The stock command makes the keys of other algorithms; Lanzi names what it got.
    @Test
    func aKeyOfAnotherAlgorithmIsRefusedByName() throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let made = try openSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", folder.path("p256.pem")])
        try #require(made.status == 0, "\(made.standardError)")
        let pem = String(decoding: try folder.read("p256.pem"), as: UTF8.self)
        #expect {
            try SigningKey(pem: pem)
        } throws: { error in
            (error as? CryptoError)?.detail == "the key is EC; Lanzi signs with ED25519 or SM2 only"
        }
        let publicPEM = try openSSL.run(["pkey", "-in", folder.path("p256.pem"), "-pubout"])
        #expect {
            try VerifyingKey(pem: publicPEM.text)
        } throws: { error in
            (error as? CryptoError)?.detail.contains("the key is EC") == true
        }
    }

    /// An encrypted key is refused at once, never prompted for on the terminal.
    @Test
    func anEncryptedKeyIsRefusedWithoutAPrompt() throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        let made = try openSSL.run(["genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:secret", "-out", folder.path("locked.pem")])
        try #require(made.status == 0, "\(made.standardError)")
        let pem = String(decoding: try folder.read("locked.pem"), as: UTF8.self)
        #expect(pem.contains("ENCRYPTED PRIVATE KEY"))
        #expect {
            try SigningKey(pem: pem)
        } throws: { error in
            guard let error = error as? CryptoError else { return false }
            return error.operation == "PEM_read_bio_PrivateKey" && !error.detail.isEmpty
        }
    }

    @Test func rawBytesAreEd25519sOnly() throws {
        #expect {
            try SigningKey(generating: .sm2).verifyingKey.rawEd25519()
        } throws: { error in
            (error as? CryptoError)?.detail.contains("only an ED25519 key has raw bytes") == true
        }
    }

    /// Many threads verify, and sign, with one key at once: each call has its own contexts.
    @Test(arguments: SignatureAlgorithm.allCases)
    func oneKeyIsUsedFromManyThreadsAtOnce(algorithm: SignatureAlgorithm) async throws {
        let key = try SigningKey(generating: algorithm)
        let messages = (0..<64).map { Array("receipt \($0)".utf8) }
        let signatures = try messages.map { try key.signature(for: $0) }
        let results = await withTaskGroup(of: Bool.self) { group in
            for round in 0..<8 {
                for (index, message) in messages.enumerated() {
                    group.addTask {
                        do {
                            let good = try key.verifyingKey.isValidSignature(signatures[index], for: message)
                            let wrong = try key.verifyingKey.isValidSignature(signatures[(index + 1) % messages.count], for: message)
                            let fresh = try key.signature(for: message + [UInt8(round)])
                            let freshIsGood = try key.verifyingKey.isValidSignature(fresh, for: message + [UInt8(round)])
                            return good && !wrong && freshIsGood
                        } catch {
                            return false
                        }
                    }
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 8 * messages.count)
        #expect(results.allSatisfy { $0 })
    }
}
