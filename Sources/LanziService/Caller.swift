/// What a user may be: the word a user record will hold and a refusal says. Which
/// operations each may run is `ServiceOperation.audience`'s, through `Caller.kind`.
package enum Role: String, CaseIterable, Sendable {
    case admin
    case `operator`
    case auditor
    case merchant
}

/// The roles of the market's own staff; a merchant is not staff.
package enum StaffRole: String, CaseIterable, Sendable {
    case admin
    case `operator`
    case auditor
}

/// Who is asking: the name written to the activity log, and what kind of caller it is.
///
/// A caller cannot be half made: it is either staff with a role, or a merchant that always
/// carries its merchant's id, so that no code path can meet a "merchant" without knowing
/// whose records it may reach.
package struct Caller: Hashable, Sendable {
    /// Staff of the market with their role, or a merchant with the id of its own record.
    package enum Kind: Hashable, Sendable {
        case staff(StaffRole)
        case merchant(id: Int64)
    }

    package let name: String
    package let kind: Kind

    package init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    package static func staff(_ role: StaffRole, name: String) -> Caller { Caller(name: name, kind: .staff(role)) }
    package static func merchant(_ merchantID: Int64, name: String) -> Caller { Caller(name: name, kind: .merchant(id: merchantID)) }

    /// Someone at the operator's own terminal: the command line runs with the file's owner's
    /// rights, so it acts as an administrator named after the login.
    package static func localAdministrator(login: String) -> Caller { .staff(.admin, name: "cli:\(login)") }

    /// The caller's role in one word, as refusals and the activity log spell it.
    package var role: Role {
        switch kind {
        case .staff(.admin): .admin
        case .staff(.operator): .operator
        case .staff(.auditor): .auditor
        case .merchant: .merchant
        }
    }

    /// The merchant whose records alone this caller reaches; nil for staff.
    package var merchantID: Int64? {
        if case .merchant(let id) = kind { id } else { nil }
    }
}
