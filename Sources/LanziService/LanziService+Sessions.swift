import Foundation
import LanziCore
import LanziSigning
import LanziStore

extension LanziService {
    /// The one refusal of a wrong login or password, whichever it was.
    static let wrongCredentials = ServiceError.unauthenticated("the login or the password is wrong")
    /// The one refusal of a token that proves nothing, whatever the reason.
    static let notSignedIn = ServiceError.unauthenticated("not signed in: the session is unknown, has ended or has expired; sign in again")

    /// Signs a user in with its login, or a merchant user with its merchant's phone number,
    /// and starts a session of `kind` (`SessionKind.lifetime` says how long it lasts).
    ///
    /// A wrong password and an unknown login get the same refusal after the same work: a key
    /// is derived for an unknown login too. Failures slow down further attempts of the same
    /// login and from the same `address` (`SignInThrottle`); a throttled attempt is refused
    /// before any password is hashed or anything is written. Every sign-in and every failure
    /// is logged with the address; the password and the token never are.
    /// - Parameter address: the client's network address, as the front end saw it.
    /// - Throws: `ServiceError.unauthenticated` for a wrong login or password, or a disabled
    ///   user (said so only once the password is right); `.throttled` with `retryAfter`;
    ///   `DomainError` for an address that is no address.
    package func signIn(login typed: String, password: String, address typedAddress: String, kind: SessionKind) throws -> SignedIn {
        try authorize(.signIn)
        let address = try Self.validateAddress(typedAddress)
        let key = SignInKey(typed)
        // Who it may be, and whether it may try now: a read, so that a refusal costs no write.
        let candidate = try look(.signIn) { database in
            let user = try Self.signInUser(key, database)
            try requireNotThrottled(login: user?.login ?? key.typed, address: address, database)
            return user
        }
        let login = candidate?.login ?? key.typed
        // The attempt is counted, as failed until it succeeds, before the key is derived: so
        // that attempts made at once are all counted. Checked again under the write lock.
        let attemptID = try change(.signIn) { database in
            try requireNotThrottled(login: login, address: address, database)
            try database.removeSignInAttempts(before: Timestamp.format(clock.now().addingTimeInterval(-SignInThrottle.standard.window)))
            return try database.insertSignInAttempt(login: login, address: address, at: clock.timestamp())
        }
        // A quarter of a second of one core, with no lock held.
        let matches = try passwordHashing.matches(password, candidate.map {
            StoredPassword(hash: $0.passwordHash, salt: $0.passwordSalt, iterations: $0.passwordIterations)
        })
        let outcome: Result<SignedIn, ServiceError> = try change(.signIn) { database in
            // The user as it is now: it may have been disabled, or given a new password, meanwhile.
            let current = try candidate.flatMap { try database.user(id: $0.id) }
            let actor = candidate.map { "user:\($0.login)" } ?? "anonymous"
            let subject = candidate.map { "user \($0.login)" } ?? "login \(key.typed ?? "(neither a login nor a phone number)")"
            var reason = candidate == nil ? "unknown_login" : "wrong_password"
            if let current, matches, current.passwordHash == candidate?.passwordHash {
                guard current.disabledAt != nil else {
                    let signedIn = try startSession(for: User(current), kind: kind, address: address, database)
                    try database.markSignInSucceeded(attemptID: attemptID)
                    try log(database, "user.sign_in", subject, .object([("kind", .string(kind.rawValue)), ("address", .string(address)),
                                                                         ("with", .string(key.isPhone ? "phone" : "login"))]), actor: actor)
                    return .success(signedIn)
                }
                reason = "disabled"
            }
            try log(database, "user.sign_in_failed", subject, .object([("reason", .string(reason)), ("address", .string(address))]), actor: actor)
            return .failure(reason == "disabled" ? .unauthenticated("user \(login ?? "") has been disabled; ask an administrator") : Self.wrongCredentials)
        }
        return try outcome.get()
    }

    /// Who holds `token`: the caller its session acts as.
    /// - Throws: `ServiceError.unauthenticated` for a token that is unknown, ended, expired, or
    ///   whose user has been disabled, all alike.
    package func authenticate(token: String) throws -> Caller {
        try look(.authenticate) { database in
            // Only what a caller is made of is read: every request asks this.
            let holder = try requireOpen(token, database.sessionHolder) { ($0.isEnded, $0.expiresAt, $0.isUserDisabled) }
            return User.caller(login: holder.login, role: User.role(stored: holder.role), merchantID: holder.merchantID)
        }
    }

    /// Ends the session of `token` (signing out).
    /// - Throws: `ServiceError.unauthenticated` as `authenticate` does.
    package func signOut(token: String) throws {
        try change(.signOut) { database in
            let session = try openSession(token, database)
            try database.endSession(tokenSHA256: session.tokenSHA256, at: clock.timestamp(), reason: "sign_out")
            try log(database, "user.sign_out", "user \(session.user.login)", .object([("kind", .string(session.kind))]), actor: "user:\(session.user.login)")
        }
    }

    /// The token a signed-in page's forms carry (CSRF): derived from the session's token, so
    /// that only a page the session itself was shown can know it, and it ends with the session.
    package static func formToken(forSession token: String) -> String {
        (try? Digest.hex(Digest.sha256(Array("lanzi-form\u{0}\(token)".utf8)))) ?? ""
    }

    /// Whether a form's token is the session's, compared in constant time.
    package static func isFormToken(_ candidate: String, forSession token: String) -> Bool {
        let expected = formToken(forSession: token)
        return !expected.isEmpty && ConstantTime.isEqual(Array(candidate.utf8), Array(expected.utf8))
    }

    /// Changes the signed-in user's own password: the session's token proves who, the current
    /// password proves it is still that person at the keyboard. A wrong current password counts
    /// as a failed sign-in (and is throttled as one). Every session of the user ends, this one
    /// too, so that the new password is what signs in from now on.
    /// - Throws: `ServiceError.unauthenticated` for a session that proves nothing or a wrong
    ///   current password; `.throttled`; `DomainError` for a new password that breaks the rule.
    package func changeOwnPassword(token: String, current: String, new: String, address typedAddress: String) throws -> UserChange {
        try authorize(.changeOwnPassword)
        let address = try Self.validateAddress(typedAddress)
        let session = try look(.changeOwnPassword) { database in
            let session = try openSession(token, database)
            try requireNotThrottled(login: session.user.login, address: address, database)
            return session
        }
        let login = session.user.login
        try PasswordHashing.validate(new, login: login, field: "new_password")
        let stored = StoredPassword(hash: session.user.passwordHash, salt: session.user.passwordSalt, iterations: session.user.passwordIterations)
        guard try passwordHashing.matches(current, stored) else {
            try change(.changeOwnPassword) { database in
                _ = try database.insertSignInAttempt(login: login, address: address, at: clock.timestamp())
                try log(database, "user.change_password_failed", "user \(login)", .object([("address", .string(address))]), actor: "user:\(login)")
            }
            throw ServiceError(.unauthenticated, "the current password is wrong", field: "current_password")
        }
        let replacement = try passwordHashing.store(new)
        return try change(.changeOwnPassword) { database in
            // The session as it is now: it may have ended, or the password changed, meanwhile.
            let now = try openSession(token, database)
            guard now.user.passwordHash == session.user.passwordHash else { throw Self.notSignedIn }
            let open = try database.openSessionCount(userID: now.user.id, at: clock.timestamp())
            try database.setPassword(userID: now.user.id, replacement, at: clock.timestamp())
            try log(database, "user.change_password", "user \(login)", .object([("sessions_ended", .integer(Int64(open))), ("address", .string(address))]),
                    actor: "user:\(login)")
            return UserChange(user: User(try Self.requireUser(login, database)), generatedPassword: nil, endedSessions: open)
        }
    }

    /// A new session for `user`; the token leaves here once, its SHA-256 is stored.
    private func startSession(for user: User, kind: SessionKind, address: String, _ database: Database) throws -> SignedIn {
        let token = try SessionToken.make()
        let expiresAt = clock.now().addingTimeInterval(kind.lifetime)
        try database.insertSession(tokenSHA256: try SessionToken.sha256(token), userID: user.id, kind: kind.rawValue, address: address,
                                   createdAt: clock.timestamp(), expiresAt: Timestamp.format(expiresAt))
        return SignedIn(token: token, kind: kind, expiresAt: expiresAt, caller: user.caller)
    }

    /// The session of `token` if it is open now and its user enabled.
    private func openSession(_ token: String, _ database: Database) throws -> StoredSession {
        try requireOpen(token, database.session) { ($0.endedAt != nil, $0.expiresAt, $0.user.disabledAt != nil) }
    }

    /// The one rule of an open session, whichever form of it `lookup` reads by the token's
    /// SHA-256: a well-formed token, a session neither ended nor expired, its user enabled.
    /// - Throws: `notSignedIn` otherwise, whatever the reason.
    private func requireOpen<Session>(_ token: String, _ lookup: (_ tokenSHA256: String) throws -> Session?,
                                      _ state: (Session) -> (isEnded: Bool, expiresAt: String, isUserDisabled: Bool)) throws -> Session {
        guard SessionToken.isWellFormed(token), let session = try lookup(try SessionToken.sha256(token)) else { throw Self.notSignedIn }
        let (isEnded, expiresAt, isUserDisabled) = state(session)
        guard !isEnded, expiresAt > clock.timestamp(), !isUserDisabled else { throw Self.notSignedIn }
        return session
    }

    /// Refuses an attempt while `login` or `address` has failed too often lately.
    /// - Throws: `ServiceError.throttled` saying when to try again.
    private func requireNotThrottled(login: String?, address: String, _ database: Database) throws {
        let throttle = SignInThrottle.standard
        let since = Timestamp.format(clock.now().addingTimeInterval(-throttle.window))
        var next: [Date] = []
        if let login {
            let failures = try database.signInFailures(login: login, since: since)
            next += [throttle.nextAttempt(failures: failures.count, threshold: throttle.failuresPerLogin, latest: failures.latest.flatMap(Timestamp.parse))].compactMap { $0 }
        }
        let failures = try database.signInFailures(address: address, since: since)
        next += [throttle.nextAttempt(failures: failures.count, threshold: throttle.failuresPerAddress, latest: failures.latest.flatMap(Timestamp.parse))].compactMap { $0 }
        guard let retryAfter = next.max(), retryAfter > clock.now() else { return }
        let seconds = Int(retryAfter.timeIntervalSince(clock.now()).rounded(.up))
        throw ServiceError.throttled("too many failed sign-ins; try again in \(seconds) s, after \(Timestamp.chinaStandardTime(retryAfter)) China Standard Time", retryAfter: retryAfter)
    }

    /// The user a sign-in names: by login, or a merchant user by its merchant's phone (an
    /// enabled one first; a phone that several enabled users share names no one).
    static func signInUser(_ key: SignInKey, _ database: Database) throws -> StoredUser? {
        guard let typed = key.typed else { return nil }
        guard key.isPhone else { return try database.user(login: typed) }
        let users = try database.merchantUsers(phoneDigits: typed)
        let enabled = users.filter { $0.disabledAt == nil }
        return enabled.count > 1 ? nil : enabled.first ?? users.first
    }

    /// - Throws: `DomainError` naming `address`.
    static func validateAddress(_ address: String) throws(DomainError) -> String {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.contains($0) || CharacterSet.controlCharacters.contains($0) }) else {
            throw DomainError(field: "address", rule: "must be the client's network address, 1 to 100 characters without spaces")
        }
        return trimmed
    }
}

/// What a sign-in's login names: a login (lower-cased, as logins are written), a phone
/// number's digits, or — for text that is neither — no one.
struct SignInKey {
    /// The login or the digits; nil for text that can be no one's.
    let typed: String?
    let isPhone: Bool

    init(_ text: String) {
        let plain = InputText.halfWidth(text.trimmingCharacters(in: .whitespaces)).lowercased()
        if User.isWellFormedLogin(plain) {
            (typed, isPhone) = (plain, false)
            return
        }
        let digits = LanziService.phoneDigits(plain)
        let isPhoneShaped = plain.enumerated().allSatisfy { index, character in
            (character.isASCII && character.isNumber) || character == "-" || character == " " || (character == "+" && index == 0)
        }
        (typed, isPhone) = isPhoneShaped && (7...15).contains(digits.count) ? (digits, true) : (nil, false)
    }
}
