import LanziCore

/// A session as stored, with what the service needs of its user to say who holds it.
package struct StoredSession: Hashable, Sendable {
    package var tokenSHA256: String
    package var kind: String
    package var createdAt: String
    package var expiresAt: String
    package var endedAt: String?
    package var user: StoredUser
}

/// Of a session, only what says whether it is open and who holds it: what every request asks.
package struct SessionHolder: Hashable, Sendable {
    package var expiresAt: String
    package var isEnded: Bool
    package var login: String
    package var role: String
    package var merchantID: Int64?
    package var isUserDisabled: Bool
}

/// Sessions, and the sign-in attempts that throttle guessing.
extension Database {
    package func insertSession(tokenSHA256: String, userID: Int64, kind: String, address: String, createdAt: String, expiresAt: String) throws {
        try run("INSERT INTO sessions (token_sha256, user_id, kind, address, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(tokenSHA256), .integer(userID), .text(kind), .text(address), .text(createdAt), .text(expiresAt)])
    }

    /// The session whose token has this SHA-256 (hex), ended or not, with its user.
    package func session(tokenSHA256: String) throws -> StoredSession? {
        // One statement, read in place: every API request asks it.
        var session: StoredSession?
        try scan("SELECT s.kind, s.created_at, s.expires_at, s.ended_at, " + Self.userColumnList + """
             FROM sessions AS s JOIN users AS u ON u.id = s.user_id LEFT JOIN merchants AS m ON m.id = u.merchant_id
            WHERE s.token_sha256 = ?
            """, [.text(tokenSHA256)]) { row in
            session = StoredSession(tokenSHA256: tokenSHA256, kind: try row.text(at: 0), createdAt: try row.text(at: 1),
                                    expiresAt: try row.text(at: 2), endedAt: try row.optionalText(at: 3), user: try Self.user(row, from: 4))
        }
        return session
    }

    /// `session(tokenSHA256:)` cut to what makes a caller: no password columns, no merchant's
    /// name, one statement read in place.
    package func sessionHolder(tokenSHA256: String) throws -> SessionHolder? {
        var holder: SessionHolder?
        try scan("""
            SELECT s.expires_at, s.ended_at IS NOT NULL, u.login, u.role, u.merchant_id, u.disabled_at IS NOT NULL
            FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.token_sha256 = ?
            """, [.text(tokenSHA256)]) { row in
            holder = SessionHolder(expiresAt: try row.text(at: 0), isEnded: try row.int64(at: 1) != 0, login: try row.text(at: 2),
                                   role: try row.text(at: 3), merchantID: try row.optionalInt64(at: 4), isUserDisabled: try row.int64(at: 5) != 0)
        }
        return holder
    }

    /// Ends the session if it is still open.
    package func endSession(tokenSHA256: String, at instant: String, reason: String) throws {
        try run("UPDATE sessions SET ended_at = ?, ended_reason = ? WHERE token_sha256 = ? AND ended_at IS NULL",
                [.text(instant), .text(reason), .text(tokenSHA256)])
    }

    /// How many of the user's sessions are neither ended nor expired at `instant`.
    package func openSessionCount(userID: Int64, at instant: String) throws -> Int {
        try row("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND ended_at IS NULL AND expires_at > ?",
                [.integer(userID), .text(instant)])?.int("n") ?? 0
    }

    /// Records an attempt as failed; `markSignInSucceeded` turns it round.
    /// - Returns: its id.
    package func insertSignInAttempt(login: String?, address: String, at instant: String) throws -> Int64 {
        try run("INSERT INTO sign_in_attempts (login, address, attempted_at) VALUES (?, ?, ?)", [SQLValue(login), .text(address), .text(instant)])
        return lastInsertedRowID
    }

    package func markSignInSucceeded(attemptID: Int64) throws {
        try run("UPDATE sign_in_attempts SET succeeded = 1 WHERE id = ?", [.integer(attemptID)])
    }

    /// The failed attempts for `login` made at or after `since` and after its last success,
    /// and the latest one's instant.
    package func signInFailures(login: String, since: String) throws -> (count: Int, latest: String?) {
        try failures("""
            SELECT count(*) AS n, max(attempted_at) AS latest FROM sign_in_attempts
            WHERE login = ?1 AND succeeded = 0 AND attempted_at >= ?2
              AND id > coalesce((SELECT max(id) FROM sign_in_attempts WHERE login = ?1 AND succeeded = 1), 0)
            """, [.text(login), .text(since)])
    }

    /// The failed attempts from `address` made at or after `since`, whoever they were for (a
    /// success does not clear them: an address may try many logins), and the latest one's instant.
    package func signInFailures(address: String, since: String) throws -> (count: Int, latest: String?) {
        try failures("SELECT count(*) AS n, max(attempted_at) AS latest FROM sign_in_attempts WHERE address = ? AND succeeded = 0 AND attempted_at >= ?",
                     [.text(address), .text(since)])
    }

    private func failures(_ sql: String, _ arguments: [SQLValue]) throws -> (count: Int, latest: String?) {
        guard let row = try row(sql, arguments) else { return (0, nil) }
        return (try row.int("n"), try row.optionalText("latest"))
    }

    /// Removes the attempts made before `instant`, which no longer count for anything.
    package func removeSignInAttempts(before instant: String) throws {
        try run("DELETE FROM sign_in_attempts WHERE attempted_at < ?", [.text(instant)])
    }
}
