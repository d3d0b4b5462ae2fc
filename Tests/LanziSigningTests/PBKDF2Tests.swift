import Foundation
import Testing
import LanziTestSupport
@testable import LanziSigning

@Suite("PBKDF2-HMAC-SHA256, random bytes and constant-time comparison through OpenSSL")
struct PBKDF2Tests {
    /// RFC 7914 ("The scrypt Password-Based Key Derivation Function"), section 11, "Test
    /// Vectors for PBKDF2 with HMAC-SHA-256": the password and salt as ASCII octets, 64 bytes.
    @Test(arguments: [
        ("passwd", "salt", 1, """
            55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
            49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
            """),
        ("Password", "NaCl", 80_000, """
            4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
            a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
            """),
    ])
    func rfc7914Vectors(password: String, salt: String, iterations: Int, expected: String) throws {
        let key = try PBKDF2.sha256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, length: 64)
        #expect(key == bytes(hex: expected))
        // A shorter key is the longer one's first bytes (one HMAC block of 32 here).
        #expect(try PBKDF2.sha256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, length: 32) == Array(key.prefix(32)))
    }

    @Test("one more iteration, another salt or another password gives another key")
    func everyInputCounts() throws {
        let base = try PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 2, length: 32)
        #expect(try PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 3, length: 32) != base)
        #expect(try PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt2".utf8), iterations: 2, length: 32) != base)
        #expect(try PBKDF2.sha256(password: Array("passwe".utf8), salt: Array("salt".utf8), iterations: 2, length: 32) != base)
        // An empty password and an empty salt are inputs like any other.
        #expect(try PBKDF2.sha256(password: [], salt: [], iterations: 1, length: 32).count == 32)
    }

    @Test("fewer than one iteration or a length outside 1…1024 is refused, naming the rule")
    func badParameters() throws {
        let none = #expect(throws: CryptoError.self) { try PBKDF2.sha256(password: [1], salt: [1], iterations: 0, length: 32) }
        #expect(none?.description.contains("at least 1, got 0") == true, "\(String(describing: none))")
        let empty = #expect(throws: CryptoError.self) { try PBKDF2.sha256(password: [1], salt: [1], iterations: 1, length: 0) }
        #expect(empty?.description.contains("1 to 1024 bytes, got 0") == true, "\(String(describing: empty))")
        #expect(throws: CryptoError.self) { try PBKDF2.sha256(password: [1], salt: [1], iterations: 1, length: 1025) }
        #expect(try PBKDF2.sha256(password: [1], salt: [1], iterations: 1, length: 1024).count == 1024)
    }

    /// The stock `openssl kdf` is the independent check: the same password, salt and count
    /// give the same key. Skipped without it, or failed under CI (`ExternalTool`'s rule).
    @Test func agreesWithStockOpenSSL() throws {
        let openSSL = try OpenSSLCommand.require()
        var generator = SystemRandomNumberGenerator()
        for (password, iterations) in [("correct horse battery staple", 1), ("篮子-市场 2030!", 1000), ("x", 4096)] {
            let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let output = try openSSL.run(["kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "pass:\(password)",
                                          "-kdfopt", "hexsalt:\(Self.hex(salt))", "-kdfopt", "iter:\(iterations)", "PBKDF2"])
            #expect(output.status == 0, "\(output.standardError)")
            // openssl prints the key as upper-case hex pairs joined by colons.
            let printed = output.text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ":", with: "").lowercased()
            let ours = try PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
            #expect(printed == Self.hex(ours), "\(password), \(iterations) iterations")
            #expect(printed.count == 64)
        }
    }

    @Test("random bytes: the count asked for, and two draws differ")
    func randomBytes() throws {
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32 && second.count == 32)
        // Equal by chance once in 2^256 draws.
        #expect(first != second)
        // Over 4096 bytes every byte value turns up (missing one by chance: about 2^-16).
        #expect(Set(try SecureRandom.bytes(count: 4096)).count == 256)
    }

    @Test("constant-time comparison says equal exactly when every byte and the length agree")
    func constantTimeComparison() {
        #expect(ConstantTime.isEqual([], []))
        #expect(ConstantTime.isEqual([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.isEqual([0, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.isEqual([], [0]))
    }

    static func hex(_ bytes: [UInt8]) -> String { Digest.hex(bytes) }
}
