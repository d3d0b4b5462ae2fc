import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// How passwords are stored: PBKDF2-HMAC-SHA256 through OpenSSL with a 16-byte random salt
/// and a 32-byte key, at `iterations` rounds. Each user row keeps the count it was stored
/// with, so that a password is always checked with its own.
package struct PasswordHashing: Hashable, Sendable {
    /// The rounds a new password is stored with.
    package let iterations: Int

    /// 600,000 rounds: OWASP's figure for PBKDF2-HMAC-SHA256 (2023), about a quarter of a
    /// second of one core here, paid once per sign-in and once per guess by whoever holds a
    /// copy of the database.
    package static let production = PasswordHashing(iterations: 600_000)

    /// A count other than production's, for tests only: the suite signs in hundreds of times,
    /// and what it checks does not depend on the count. Every front end uses `production`.
    package init(iterations: Int) {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        self.iterations = iterations
    }

    static let saltLength = 16
    static let keyLength = 32

    /// A new salt and the password's key.
    func store(_ password: String) throws -> StoredPassword {
        let salt = try LanziService.crypto { try SecureRandom.bytes(count: Self.saltLength) }
        return StoredPassword(hash: try Self.key(password, salt: salt, iterations: iterations), salt: salt, iterations: iterations)
    }

    /// Whether `password` is the one stored, compared in constant time. With nothing stored
    /// (no such user) a key is derived all the same, from a fixed salt at this policy's
    /// count, and refused: a wrong login takes as long as a wrong password.
    func matches(_ password: String, _ stored: StoredPassword?) throws -> Bool {
        guard let stored else {
            _ = try Self.key(password, salt: [UInt8](repeating: 0x5A, count: Self.saltLength), iterations: iterations)
            return false
        }
        return ConstantTime.isEqual(try Self.key(password, salt: stored.salt, iterations: stored.iterations), stored.hash)
    }

    /// The key of the password's UTF-8 bytes in Unicode's composed form (NFC), so that the
    /// same letters typed on two keyboards (a composed é, or e and a combining accent) are
    /// the same password.
    static func key(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        try LanziService.crypto {
            try PBKDF2.sha256(password: Array(password.precomposedStringWithCanonicalMapping.utf8), salt: salt, iterations: iterations, length: keyLength)
        }
    }

    /// The rule for a chosen password: 10 to 128 characters, no control characters, not
    /// the login. Long rather than complicated (NIST SP 800-63B): no rule of kinds of letters.
    /// - Throws: `DomainError` naming `password`.
    static func validate(_ password: String, login: String, field: String = "password") throws(DomainError) {
        guard (10...128).contains(password.count) else {
            throw DomainError(field: field, rule: "must be 10 to 128 characters, got \(password.count)")
        }
        guard !password.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw DomainError(field: field, rule: "must not contain control characters (a tab, a line break)")
        }
        guard password.lowercased() != login.lowercased() else {
            throw DomainError(field: field, rule: "must not be the login")
        }
    }

    /// The letters of a generated password: lower-case letters and digits without the ones
    /// read as each other on paper (0 o, 1 l i).
    static let generatedAlphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    /// A password of 16 random letters in four groups (`k7mq-xr4t-…`): about 79 bits, typed
    /// from a note without a mistake.
    static func generatePassword() throws -> String {
        var letters: [Character] = []
        // Bytes from 248 up would favour the first letters (256 is not a multiple of 31): skip them.
        let bound = UInt8(256 / generatedAlphabet.count * generatedAlphabet.count)
        while letters.count < 16 {
            for byte in try LanziService.crypto({ try SecureRandom.bytes(count: 32) }) where byte < bound && letters.count < 16 {
                letters.append(generatedAlphabet[Int(byte) % generatedAlphabet.count])
            }
        }
        return stride(from: 0, to: 16, by: 4).map { String(letters[$0..<$0 + 4]) }.joined(separator: "-")
    }
}

/// Session tokens: 32 random bytes written as base64url without padding (43 characters), and
/// the SHA-256 of that text, which is all the database keeps (`printf %s TOKEN | sha256sum`
/// gives it).
enum SessionToken {
    static func make() throws -> String {
        let bytes = try LanziService.crypto { try SecureRandom.bytes(count: 32) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` has the form `make` gives; anything else is no session, looked up or not.
    static func isWellFormed(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        return bytes.count == 43 && bytes.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    static func sha256(_ token: String) throws -> String {
        Digest.hex(try LanziService.crypto { try Digest.sha256(Array(token.utf8)) })
    }
}
