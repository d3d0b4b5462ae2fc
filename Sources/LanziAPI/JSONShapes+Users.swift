import LanziCore
import LanziService

// Users, in the shapes of JSONShapes.swift. No shape holds a password's hash or a session's
// token hash; a generated password is given once, in the answer to the change that made it.

extension User {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("login", .string(login)), ("role", .string(role.rawValue)),
            ("merchant_id", .optional(merchantID, JSONValue.integer)), ("merchant_name", .optional(merchantName, JSONValue.string)),
            ("created_at", .string(createdAt)), ("password_changed_at", .string(passwordChangedAt)),
            ("disabled_at", .optional(disabledAt, JSONValue.string)),
        ])
    }
}

extension UserChange {
    /// The user, the password generated for it (null when one was chosen) and the sessions ended.
    package var json: JSONValue {
        .object([
            ("user", user.json), ("generated_password", .optional(generatedPassword, JSONValue.string)),
            ("sessions_ended", .integer(Int64(endedSessions))),
        ])
    }
}
