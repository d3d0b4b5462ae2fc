import Foundation
import LanziCore
import LanziStore

extension Role {
    /// The words a Chinese office uses for the roles.
    static let chineseWords: [String: Role] = ["管理员": .admin, "操作员": .operator, "审计员": .auditor, "商户": .merchant]

    /// Reads a role by its English name or its Chinese word (`operator` or `操作员`).
    /// - Throws: `DomainError` naming `field` when `text` is not one of the roles.
    package static func parse(_ text: String, field: String) throws(DomainError) -> Role {
        let word = text.trimmingCharacters(in: .whitespaces)
        guard let role = Role(rawValue: word.lowercased()) ?? chineseWords[word] else {
            throw DomainError(field: field, rule: "must be one of admin (管理员), operator (操作员), auditor (审计员), merchant (商户), got \"\(text)\"")
        }
        return role
    }

    /// The role as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .admin: Phrase("admin")
        case .operator: Phrase("operator")
        case .auditor: Phrase("auditor")
        case .merchant: Phrase("merchant")
        }
    }
}

/// A user as an administrator sees it: never its password, in any form.
package struct User: Hashable, Sendable {
    package var id: Int64
    package var login: String
    package var role: Role
    /// The merchant a merchant user belongs to, and that merchant's name; nil for staff.
    package var merchantID: Int64?
    package var merchantName: String?
    package var createdAt: String
    package var passwordChangedAt: String
    package var disabledAt: String?

    package var isDisabled: Bool { disabledAt != nil }

    init(_ stored: StoredUser) {
        id = stored.id
        login = stored.login
        role = Self.role(stored: stored.role)
        merchantID = stored.merchantID
        merchantName = stored.merchantName
        createdAt = stored.createdAt
        passwordChangedAt = stored.passwordChangedAt
        disabledAt = stored.disabledAt
    }

    /// Who the user is when it acts: staff with its role, or its merchant; named `user:LOGIN`
    /// in the activity log and on receipts.
    package var caller: Caller { Self.caller(login: login, role: role, merchantID: merchantID) }

    /// The role a stored user has. The schema allows only the four; anything else was
    /// written behind the software's back, and is taken for the least.
    static func role(stored: String) -> Role { Role(rawValue: stored) ?? .merchant }

    /// The caller a user of this login, role and merchant acts as (see `caller`).
    static func caller(login: String, role: Role, merchantID: Int64?) -> Caller {
        let name = "user:\(login)"
        switch role {
        case .admin: return .staff(.admin, name: name)
        case .operator: return .staff(.operator, name: name)
        case .auditor: return .staff(.auditor, name: name)
        // A merchant user without a merchant cannot be stored (the schema checks it); should
        // one appear, it reaches merchant 0, which holds nothing.
        case .merchant: return .merchant(merchantID ?? 0, name: name)
        }
    }

    /// The rule for a login: 2–32 characters, a lower-case letter first, then lower-case
    /// letters, digits, '.', '_' or '-'. Never all digits, so that it is never taken for a
    /// merchant's phone number at sign-in.
    /// - Throws: `DomainError` naming `login`.
    static func validateLogin(_ login: String) throws(DomainError) {
        guard isWellFormedLogin(login) else {
            throw DomainError(field: "login", rule: "must be 2 to 32 characters: a lower-case letter first, then lower-case letters, digits, '.', '_' or '-', got \"\(login)\"")
        }
    }

    static func isWellFormedLogin(_ login: String) -> Bool {
        let bytes = Array(login.utf8)
        guard (2...32).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// A role and a merchant go together exactly when the role is `merchant`.
    /// - Throws: `DomainError` naming `merchant_id`.
    static func validate(role: Role, merchantID: Int64?) throws(DomainError) {
        if role == .merchant && merchantID == nil {
            throw DomainError(field: "merchant_id", rule: "is required for a merchant user: the merchant whose records it reaches")
        }
        if role != .merchant && merchantID != nil {
            throw DomainError(field: "merchant_id", rule: "is given only for a merchant user; staff reach every merchant")
        }
    }
}

/// How a session is carried: a bearer token an API client sends in `Authorization`, or a
/// cookie (HttpOnly, SameSite=Strict) for the pages. They live for different lengths of time.
package enum SessionKind: String, CaseIterable, Sendable {
    case bearer
    case cookie

    /// How long a session lasts from sign-in: a browser's for a working day (12 hours), so that
    /// a page left open at the market's desk overnight asks again; an API client's for 30 days,
    /// since a script signs in once and is kept by someone who looks after its token.
    package var lifetime: TimeInterval {
        switch self {
        case .cookie: 12 * 3600
        case .bearer: 30 * 86_400
        }
    }
}

/// What a successful sign-in gives: the token, said this once (the database keeps only its
/// SHA-256), when it expires, and who it acts as.
package struct SignedIn: Sendable {
    package var token: String
    package var kind: SessionKind
    package var expiresAt: Date
    package var caller: Caller
}
