import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// What the schema itself holds of users, sessions and sign-in attempts, whoever writes
/// (the sqlite3 shell included): a user is never deleted and keeps its login, role and
/// merchant; disabling or a new password ends its sessions; a session only ends, once.
struct UserSchemaTests {
    static let password = StoredPassword(hash: [UInt8](repeating: 7, count: 32), salt: [UInt8](repeating: 9, count: 16), iterations: 1000)
    static let tokenDigest = String(repeating: "ab", count: 32)

    /// Merchant 1, operator `wang` (user 1) with an open session, merchant user `shop` (user 2).
    static func makeUsers(in folder: URL) throws -> Database {
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        _ = try database.insertUser(login: "wang", role: "operator", merchantID: nil, password: password, createdAt: "2026-01-01T00:00:00.000Z")
        _ = try database.insertUser(login: "shop", role: "merchant", merchantID: 1, password: password, createdAt: "2026-01-01T00:00:00.000Z")
        try database.insertSession(tokenSHA256: tokenDigest, userID: 1, kind: "cookie", address: "192.0.2.1",
                                   createdAt: "2026-01-01T00:00:00.000Z", expiresAt: "2026-01-01T12:00:00.000Z")
        return database
    }

    static func snapshot(_ database: Database) throws -> [String] {
        try ["users", "sessions", "sign_in_attempts"].flatMap { table in
            try database.rows("SELECT * FROM \(table) ORDER BY 1").map { "\(table): " + $0.values.map { "\($0)" }.joined(separator: "|") }
        }
    }

    @Test("users keep their identity and are never deleted; sessions only end; attempts only succeed", arguments: [
        ("DELETE FROM users WHERE id = 1", "immutable: users are never deleted"),
        ("UPDATE users SET login = 'li' WHERE id = 1", "immutable: a user's login, role and merchant never change"),
        ("UPDATE users SET role = 'admin' WHERE id = 1", "immutable: a user's login, role and merchant never change"),
        ("UPDATE users SET merchant_id = NULL, role = 'auditor' WHERE id = 2", "immutable: a user's login, role and merchant never change"),
        ("DELETE FROM sessions", "immutable: sessions are never deleted"),
        ("UPDATE sessions SET expires_at = '2099-01-01T00:00:00.000Z'", "immutable: a session only ends, once"),
        ("UPDATE sessions SET user_id = 2", "immutable: a session only ends, once"),
        ("UPDATE sessions SET kind = 'bearer'", "immutable: a session only ends, once"),
    ])
    func immutable(sql: String, message: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeUsers(in: folder)
        let before = try Self.snapshot(database)
        let error = StoreFixture.sqliteError { try database.run(sql) }
        #expect(error?.code.primary == .constraint)
        #expect(error?.message.hasPrefix(message) == true, "got \(String(describing: error))")
        #expect(try Self.snapshot(database) == before)
    }

    @Test("the columns' rules: login form, role, a merchant exactly for merchant users, key and salt lengths", arguments: [
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('Wang', 'operator', zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('13800000000', 'operator', zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('li', 'boss', zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('li', 'merchant', zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, merchant_id, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('li', 'auditor', 1, zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, merchant_id, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('li', 'merchant', 99, zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('li', 'operator', 'the password', zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('li', 'operator', zeroblob(32), zeroblob(8), 1, 'x', 'x')",
        "INSERT INTO users (login, role, password_hash, password_salt, password_iterations, password_changed_at, created_at) VALUES ('wang', 'operator', zeroblob(32), zeroblob(16), 1, 'x', 'x')",
        "INSERT INTO sessions (token_sha256, user_id, kind, address, created_at, expires_at) VALUES ('the token itself', 1, 'cookie', 'a', '2026-01-01', '2026-01-02')",
        "INSERT INTO sessions (token_sha256, user_id, kind, address, created_at, expires_at) VALUES ('\(String(repeating: "cd", count: 32))', 1, 'ticket', 'a', '2026-01-01', '2026-01-02')",
    ])
    func columnRules(sql: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeUsers(in: folder)
        let before = try Self.snapshot(database)
        #expect(StoreFixture.sqliteError { try database.run(sql) }?.code.primary == .constraint)
        #expect(try Self.snapshot(database) == before)
    }

    @Test("disabling a user ends its sessions in the same statement, and it stays disabled; no session is opened for it")
    func disablingEndsSessions() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeUsers(in: folder)
        try database.run("UPDATE users SET disabled_at = '2026-01-01T01:00:00.000Z' WHERE id = 1")
        let session = try #require(try database.session(tokenSHA256: Self.tokenDigest))
        #expect(session.endedAt == "2026-01-01T01:00:00.000Z" && session.user.disabledAt == "2026-01-01T01:00:00.000Z")
        #expect(try database.row("SELECT ended_reason FROM sessions")?.text("ended_reason") == "disabled")
        for sql in ["UPDATE users SET disabled_at = NULL WHERE id = 1", "UPDATE users SET password_hash = zeroblob(32) WHERE id = 1"] {
            #expect(StoreFixture.sqliteError { try database.run(sql) }?.message.hasPrefix("immutable: a disabled user stays disabled") == true)
        }
        let refused = StoreFixture.sqliteError {
            try database.insertSession(tokenSHA256: String(repeating: "ef", count: 32), userID: 1, kind: "bearer", address: "a",
                                       createdAt: "2026-01-01T02:00:00.000Z", expiresAt: "2026-01-02T02:00:00.000Z")
        }
        #expect(refused?.isRaised(by: "user_disabled") == true, "\(String(describing: refused))")
    }

    @Test("a new password ends the user's open sessions; ended ones keep their first ending")
    func newPasswordEndsSessions() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeUsers(in: folder)
        let signedOut = String(repeating: "cd", count: 32)
        try database.insertSession(tokenSHA256: signedOut, userID: 1, kind: "bearer", address: "a", createdAt: "2026-01-01T00:00:00.000Z", expiresAt: "2026-02-01T00:00:00.000Z")
        try database.endSession(tokenSHA256: signedOut, at: "2026-01-01T00:30:00.000Z", reason: "sign_out")
        let changed = StoredPassword(hash: [UInt8](repeating: 8, count: 32), salt: [UInt8](repeating: 3, count: 16), iterations: 1000)
        try database.setPassword(userID: 1, changed, at: "2026-01-01T01:00:00.000Z")
        let endings = try database.rows("SELECT ended_at, ended_reason FROM sessions ORDER BY ended_at").map { "\(try $0.text("ended_at")) \(try $0.text("ended_reason"))" }
        #expect(endings == ["2026-01-01T00:30:00.000Z sign_out", "2026-01-01T01:00:00.000Z password_reset"])
        #expect(try database.user(login: "wang")?.passwordHash == changed.hash)
    }

    @Test("an attempt changes only from failed to succeeded; old ones are removed by time")
    func attempts() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeUsers(in: folder)
        let first = try database.insertSignInAttempt(login: "wang", address: "a", at: "2026-01-01T00:00:00.000Z")
        _ = try database.insertSignInAttempt(login: nil, address: "a", at: "2026-01-02T00:00:00.000Z")
        #expect(try database.signInFailures(login: "wang", since: "2025-12-31T00:00:00.000Z") == (1, "2026-01-01T00:00:00.000Z"))
        #expect(try database.signInFailures(address: "a", since: "2025-12-31T00:00:00.000Z").count == 2)
        try database.markSignInSucceeded(attemptID: first)
        #expect(try database.signInFailures(login: "wang", since: "2025-12-31T00:00:00.000Z").count == 0)
        for sql in ["UPDATE sign_in_attempts SET succeeded = 0 WHERE id = \(first)", "UPDATE sign_in_attempts SET login = 'li'",
                    "UPDATE sign_in_attempts SET attempted_at = '2030-01-01T00:00:00.000Z'"] {
            #expect(StoreFixture.sqliteError { try database.run(sql) }?.message.hasPrefix("immutable: a sign-in attempt only changes from failed to succeeded") == true, "\(sql)")
        }
        try database.removeSignInAttempts(before: "2026-01-01T12:00:00.000Z")
        #expect(try StoreFixture.count(database, "sign_in_attempts") == 1)
    }
}
