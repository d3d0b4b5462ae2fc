import Foundation
import Testing
import LanziTestSupport
@testable import LanziSigning

@Suite("SHA-256 through OpenSSL")
struct DigestTests {
    // Known answers from FIPS 180-2, appendix B, and the empty-message digest.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownAnswers(message: String, expected: String) throws {
        #expect(Digest.hex(try Digest.sha256(Array(message.utf8))) == expected)
    }

    @Test func oneMillionLetters() throws {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Digest.hex(try Digest.sha256(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hexIsLowerCaseTwoDigitsPerByte() {
        #expect(Digest.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Digest.hex([UInt8]()) == "")
    }

    @Test("a digest equals its hex text exactly: every digit, lower case, the whole length")
    func hexEquals() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let digest = try Digest.sha256((0..<UInt8.random(in: 0...90, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let text = Digest.hex(digest)
            #expect(Digest.hex(digest, equals: text))
            let position = Int.random(in: 0..<text.count, using: &generator)
            var changed = Array(text.utf8)
            changed[position] = changed[position] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            #expect(!Digest.hex(digest, equals: String(decoding: changed, as: UTF8.self)), "digit \(position) changed")
        }
        #expect(Digest.hex([0xab, 0x0f], equals: "ab0f"))
        #expect(!Digest.hex([0xab, 0x0f], equals: "AB0F"), "upper case is another text")
        #expect(!Digest.hex([0xab, 0x0f], equals: "ab0"), "too short")
        #expect(!Digest.hex([0xab, 0x0f], equals: "ab0f0"), "too long")
        #expect(!Digest.hex([0xab, 0x0f], equals: ""))
        #expect(Digest.hex([], equals: ""))
    }

    /// The stock `openssl dgst` is the independent check: the same bytes, the same digest.
    /// Skipped without it, or failed under CI (`ExternalTool`'s rule).
    @Test func agreesWithStockOpenSSL() throws {
        let openSSL = try OpenSSLCommand.require()
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        for length in [1, 63, 64, 65, 1000, 4097] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let file = try folder.write(Data(bytes), to: "message-\(length)")
            let output = try openSSL.run(["dgst", "-sha256", "-r", file])
            #expect(output.status == 0)
            #expect(output.text.split(separator: " ").first.map(String.init) == Digest.hex(try Digest.sha256(bytes)))
        }
    }
}
