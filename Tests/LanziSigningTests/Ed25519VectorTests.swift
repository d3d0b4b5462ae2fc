import Testing
@testable import LanziSigning

/// One test vector of RFC 8032 ("Edwards-Curve Digital Signature Algorithm (EdDSA)"),
/// section 7.1, carried over as the RFC prints it.
struct Ed25519Vector: Sendable, CustomTestStringConvertible {
    let name: String
    let secretKey: String
    let publicKey: String
    let message: String
    let signature: String

    var testDescription: String { name }
}

@Suite("Ed25519 against RFC 8032, section 7.1")
struct Ed25519VectorTests {
    static let vectors = [
        Ed25519Vector(
            name: "TEST 1 (empty message)",
            secretKey: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            message: "",
            signature: """
                e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155
                5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
                """),
        Ed25519Vector(
            name: "TEST 2 (one byte)",
            secretKey: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            message: "72",
            signature: """
                92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da
                085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00
                """),
        Ed25519Vector(
            name: "TEST 3 (two bytes)",
            secretKey: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            message: "af82",
            signature: """
                6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac
                18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a
                """),
        Ed25519Vector(
            name: "TEST SHA(abc) (the 64 bytes of SHA-512(\"abc\"))",
            secretKey: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            publicKey: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            message: """
                ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a
                2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f
                """,
            signature: """
                dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589
                09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704
                """),
    ]

    /// Ed25519 is deterministic, so the signature must be the RFC's byte for byte.
    @Test(arguments: vectors)
    func signsExactlyTheVector(vector: Ed25519Vector) throws {
        let key = try SigningKey(rawEd25519: bytes(hex: vector.secretKey))
        #expect(key.algorithm == .ed25519)
        #expect(try key.verifyingKey.rawEd25519() == bytes(hex: vector.publicKey))
        #expect(try key.signature(for: bytes(hex: vector.message)) == bytes(hex: vector.signature))
    }

    @Test(arguments: vectors)
    func verifiesTheVectorWithThePublicKeyAlone(vector: Ed25519Vector) throws {
        let publicKey = try VerifyingKey(rawEd25519: bytes(hex: vector.publicKey))
        #expect(try publicKey.isValidSignature(bytes(hex: vector.signature), for: bytes(hex: vector.message)))
    }

    /// Every single flipped bit of the signature, and one of the message, is refused, as
    /// `false` and not as an error.
    @Test(arguments: vectors)
    func refusesAnyFlippedBit(vector: Ed25519Vector) throws {
        let publicKey = try VerifyingKey(rawEd25519: bytes(hex: vector.publicKey))
        let signature = bytes(hex: vector.signature)
        let message = bytes(hex: vector.message)
        for bit in 0..<(signature.count * 8) {
            var flipped = signature
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(try !publicKey.isValidSignature(flipped, for: message), "bit \(bit) of the signature")
        }
        if !message.isEmpty {
            var flipped = message
            flipped[0] ^= 0x01
            #expect(try !publicKey.isValidSignature(signature, for: flipped))
        }
        #expect(try !publicKey.isValidSignature(signature, for: message + [0]))
        #expect(try !publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(try !publicKey.isValidSignature([], for: message))
    }

    @Test func refusesARawKeyOfTheWrongLength() {
        #expect(throws: CryptoError.self) { try SigningKey(rawEd25519: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoError.self) { try VerifyingKey(rawEd25519: [UInt8](repeating: 1, count: 33)) }
    }
}
