import Foundation
import LanziCore
import LanziStore

/// What a change of a user did: the user as it is now, the password generated for it (shown
/// this once, never stored or logged), and how many of its sessions were ended.
package struct UserChange: Sendable {
    package var user: User
    package var generatedPassword: String?
    package var endedSessions: Int
}

extension LanziService {
    /// Adds a user. A merchant user belongs to one merchant and may sign in with that
    /// merchant's phone number as well as its login. Without `password` a strong one is
    /// generated and returned once.
    /// - Throws: `DomainError` for a bad login, a role and merchant that do not go together or
    ///   a password that breaks the rule; `ServiceError.conflict` for a login that is taken or a
    ///   merchant's phone that already signs in another user; `.notFound` for an unknown merchant.
    package func addUser(login: String, role: Role, merchantID: Int64?, password: String?) throws -> UserChange {
        try authorize(.addUser)
        try User.validateLogin(login)
        try User.validate(role: role, merchantID: merchantID)
        if let password { try PasswordHashing.validate(password, login: login) }
        let chosen = try password ?? PasswordHashing.generatePassword()
        // Derived before the write lock is taken: a quarter of a second no other writer waits for.
        let stored = try passwordHashing.store(chosen)
        return try change(.addUser) { database in
            if let existing = try database.user(login: login) {
                throw ServiceError.conflict("the login \(existing.login) is taken (added \(existing.createdAt)); choose another", field: "login")
            }
            if let merchantID {
                guard let merchant = try database.merchant(id: merchantID) else { throw ServiceError.notFound("no merchant \(merchantID)", field: "merchant_id") }
                if let other = try database.merchantUsers(phoneDigits: Self.phoneDigits(merchant.phone)).first(where: { $0.disabledAt == nil }) {
                    throw ServiceError.conflict("the phone \(merchant.phone) of merchant \(merchantID) already signs in user \(other.login); one phone signs in one user", field: "merchant_id")
                }
            }
            let id = try database.insertUser(login: login, role: role.rawValue, merchantID: merchantID, password: stored, createdAt: clock.timestamp())
            try log(database, "user.add", "user \(login)", .object([("role", .string(role.rawValue)), ("merchant_id", .optional(merchantID, JSONValue.integer)),
                                                                  ("password", .string(password == nil ? "generated" : "chosen"))]))
            guard let added = try database.user(id: id) else { throw ServiceError.internalFailure }
            return UserChange(user: User(added), generatedPassword: password == nil ? chosen : nil, endedSessions: 0)
        }
    }

    /// Every user, disabled ones too, in the order they were added.
    package func users() throws -> [User] {
        try look(.listUsers) { database in try database.users().map(User.init) }
    }

    /// Disables a user for good (a user is never deleted): it can no longer sign in, and every
    /// session it has ends now.
    /// - Throws: `ServiceError.notFound` for an unknown login; `.conflict` for a user disabled already.
    package func disableUser(login: String) throws -> UserChange {
        try change(.disableUser) { database in
            let user = try Self.requireUser(login, database)
            if let disabledAt = user.disabledAt { throw ServiceError.conflict("user \(login) was already disabled at \(disabledAt)", field: "login") }
            let open = try database.openSessionCount(userID: user.id, at: clock.timestamp())
            try database.disableUser(id: user.id, at: clock.timestamp())
            try log(database, "user.disable", "user \(login)", .object([("sessions_ended", .integer(Int64(open)))]))
            return UserChange(user: User(try Self.requireUser(login, database)), generatedPassword: nil, endedSessions: open)
        }
    }

    /// Gives a user a new password (generated and returned once without `newPassword`) and
    /// ends every session it has, so that whoever knew the old one is signed out.
    /// - Throws: `DomainError` for a password that breaks the rule; `ServiceError.notFound`
    ///   for an unknown login; `.conflict` for a disabled user.
    package func resetPassword(login: String, newPassword: String?) throws -> UserChange {
        try authorize(.resetPassword)
        if let newPassword { try PasswordHashing.validate(newPassword, login: login) }
        let chosen = try newPassword ?? PasswordHashing.generatePassword()
        let stored = try passwordHashing.store(chosen)
        return try change(.resetPassword) { database in
            let user = try Self.requireUser(login, database)
            if let disabledAt = user.disabledAt {
                throw ServiceError.conflict("user \(login) was disabled at \(disabledAt) and keeps no password; add a new user instead", field: "login")
            }
            let open = try database.openSessionCount(userID: user.id, at: clock.timestamp())
            try database.setPassword(userID: user.id, stored, at: clock.timestamp())
            try log(database, "user.reset_password", "user \(login)", .object([("sessions_ended", .integer(Int64(open))),
                                                                               ("password", .string(newPassword == nil ? "generated" : "chosen"))]))
            return UserChange(user: User(try Self.requireUser(login, database)), generatedPassword: newPassword == nil ? chosen : nil, endedSessions: open)
        }
    }

    /// The caller a user acts as, for the command line's `--as USER`: whoever runs the
    /// command line holds the database file, so no password is asked; a disabled user acts no more.
    /// - Throws: `ServiceError.notFound` for an unknown login; `.unauthenticated` for a disabled user.
    package func caller(forUser login: String) throws -> Caller {
        try look(.actAsUser) { database in
            let user = try Self.requireUser(login, database)
            if let disabledAt = user.disabledAt { throw ServiceError.unauthenticated("user \(login) was disabled at \(disabledAt)") }
            return User(user).caller
        }
    }

    /// - Throws: `ServiceError.notFound` naming `login`.
    static func requireUser(_ login: String, _ database: Database) throws -> StoredUser {
        guard let user = try database.user(login: login) else { throw ServiceError.notFound("no user \(login)", field: "login") }
        return user
    }

    /// A phone number's digits, as a merchant's phone is matched at sign-in.
    static func phoneDigits(_ phone: String) -> String {
        String(InputText.halfWidth(phone).filter { $0.isASCII && $0.isNumber })
    }
}
