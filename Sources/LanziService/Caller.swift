/// What a user may do. Every permission check is made in the service, against these.
package enum Role: String, CaseIterable, Sendable {
    case admin
    case `operator`
    case auditor
    case merchant
}

/// Who is asking: the name written to the activity log, and the role that decides what is
/// allowed. A merchant caller also carries its merchant's id: it reaches only its own records.
package struct Caller: Hashable, Sendable {
    package var name: String
    package var role: Role
    package var merchantID: Int64?

    package init(name: String, role: Role, merchantID: Int64? = nil) {
        self.name = name
        self.role = role
        self.merchantID = merchantID
    }

    /// Someone at the operator's own terminal: the command line runs with the file's owner's
    /// rights, so it acts as an administrator named after the login.
    package static func localAdministrator(login: String) -> Caller {
        Caller(name: "cli:\(login)", role: .admin)
    }

    /// Operators and administrators run the register.
    var maySeeRegister: Bool { role != .merchant }
    var mayChangeRegister: Bool { role == .admin || role == .operator }
    /// Only those who deal with merchants face to face see a full ID number.
    var maySeeIDNumbers: Bool { role == .admin || role == .operator }
}
