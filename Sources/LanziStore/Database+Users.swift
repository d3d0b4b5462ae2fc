import LanziCore

/// A user as stored: its password only as the PBKDF2 key, salt and iteration count.
package struct StoredUser: Hashable, Sendable {
    package var id: Int64
    package var login: String
    /// `admin`, `operator`, `auditor` or `merchant`, as the schema checks it.
    package var role: String
    package var merchantID: Int64?
    /// The name of the merchant a merchant user belongs to.
    package var merchantName: String?
    package var passwordHash: [UInt8]
    package var passwordSalt: [UInt8]
    package var passwordIterations: Int
    package var passwordChangedAt: String
    package var createdAt: String
    package var disabledAt: String?
}

/// What a new user or a new password stores.
package struct StoredPassword: Hashable, Sendable {
    package var hash: [UInt8]
    package var salt: [UInt8]
    package var iterations: Int

    package init(hash: [UInt8], salt: [UInt8], iterations: Int) {
        self.hash = hash
        self.salt = salt
        self.iterations = iterations
    }
}

/// The users.
extension Database {
    /// - Returns: the new user's id.
    /// - Throws: `SQLiteError` with a constraint code for a login that is taken, a merchant that
    ///   is not in the register, or a role and merchant that do not go together.
    package func insertUser(login: String, role: String, merchantID: Int64?, password: StoredPassword, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO users (login, role, merchant_id, password_hash, password_salt, password_iterations, password_changed_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(login), .text(role), SQLValue(merchantID), .blob(password.hash), .blob(password.salt),
                  SQLValue(password.iterations), .text(createdAt), .text(createdAt)])
        return lastInsertedRowID
    }

    /// A user's columns, in the order `user(_:from:)` reads them, after any others of a query.
    static let userColumnList = """
        u.id, u.login, u.role, u.merchant_id, m.name, u.password_hash, u.password_salt, u.password_iterations,
               u.password_changed_at, u.created_at, u.disabled_at
        """
    private static let userColumns = "SELECT " + userColumnList + " FROM users AS u LEFT JOIN merchants AS m ON m.id = u.merchant_id"

    /// Every user, in the order they were added.
    package func users() throws -> [StoredUser] {
        try users(Self.userColumns + " ORDER BY u.id")
    }

    package func user(login: String) throws -> StoredUser? {
        try users(Self.userColumns + " WHERE u.login = ?", [.text(login)]).first
    }

    package func user(id: Int64) throws -> StoredUser? {
        try users(Self.userColumns + " WHERE u.id = ?", [.integer(id)]).first
    }

    private func users(_ sql: String, _ arguments: [SQLValue] = []) throws -> [StoredUser] {
        var users: [StoredUser] = []
        try scan(sql, arguments) { users.append(try Self.user($0, from: 0)) }
        return users
    }

    /// The merchant users whose merchant's phone is `digits` once its spaces, dashes and
    /// leading '+' are taken out (as a merchant's phone may be written), enabled ones first.
    package func merchantUsers(phoneDigits digits: String) throws -> [StoredUser] {
        try users(Self.userColumns + """
             WHERE u.role = 'merchant' AND replace(replace(replace(m.phone, ' ', ''), '-', ''), '+', '') = ?
            ORDER BY u.disabled_at IS NOT NULL, u.id
            """, [.text(digits)])
    }

    /// Marks the user disabled; the schema ends its sessions in the same statement.
    package func disableUser(id: Int64, at instant: String) throws {
        try run("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL", [.text(instant), .integer(id)])
    }

    /// Replaces the user's password; the schema ends its sessions in the same statement.
    package func setPassword(userID: Int64, _ password: StoredPassword, at instant: String) throws {
        try run("UPDATE users SET password_hash = ?, password_salt = ?, password_iterations = ?, password_changed_at = ? WHERE id = ?",
                [.blob(password.hash), .blob(password.salt), SQLValue(password.iterations), .text(instant), .integer(userID)])
    }

    /// The user whose `userColumnList` starts at column `start`.
    static func user(_ row: borrowing RowCursor, from start: Int) throws -> StoredUser {
        StoredUser(id: try row.int64(at: start), login: try row.text(at: start + 1), role: try row.text(at: start + 2),
                   merchantID: try row.optionalInt64(at: start + 3), merchantName: try row.optionalText(at: start + 4),
                   passwordHash: try row.blob(at: start + 5), passwordSalt: try row.blob(at: start + 6),
                   passwordIterations: Int(try row.int64(at: start + 7)), passwordChangedAt: try row.text(at: start + 8),
                   createdAt: try row.text(at: start + 9), disabledAt: try row.optionalText(at: start + 10))
    }
}
