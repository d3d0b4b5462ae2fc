import LanziCore
import LanziStore

/// The chart of accounts by role, read once per transaction, and the postings of each kind
/// of document. Every money event goes through here, so that every one balances.
struct Books {
    let database: Database
    /// The instant stored with every entry this posts: the request's, from the service's clock.
    let instant: String
    let accountsByRole: [String: String]
    let receivable: String
    let merchantCredit: String
    let depositsHeld: String
    /// The accounts of bill lines, looked up once: the billing run asks for one per line, a
    /// hundred thousand times a month for a county. Nil where the chart has no such role.
    private let lineAccounts: LineAccounts

    private struct LineAccounts {
        let shopRent, stallRent, coldRoomRent, managementFee, coldStoreUsage, lateFee, deposit, other: String?

        init(_ roles: [String: String]) {
            func code(_ kind: BillLineKind, _ unitKind: UnitKind = .shop) -> String? { roles[Books.role(of: kind, unitKind: unitKind)] }
            shopRent = code(.rent, .shop)
            stallRent = code(.rent, .stall)
            coldRoomRent = code(.rent, .coldRoom)
            managementFee = code(.managementFee)
            coldStoreUsage = code(.coldStoreUsage)
            lateFee = code(.lateFee)
            deposit = code(.deposit)
            other = code(.adjustment)
        }

        func code(for kind: BillLineKind, unitKind: UnitKind) -> String? {
            switch (kind, unitKind) {
            case (.rent, .shop): shopRent
            case (.rent, .stall): stallRent
            case (.rent, .coldRoom): coldRoomRent
            case (.managementFee, _): managementFee
            case (.coldStoreUsage, _): coldStoreUsage
            case (.lateFee, _): lateFee
            case (.deposit, _): deposit
            case (.adjustment, _): other
            }
        }
    }

    init(_ database: Database, at instant: String) throws {
        self.database = database
        self.instant = instant
        var roles: [String: String] = [:]
        for account in try database.accounts() { if let role = account.role { roles[role] = account.code } }
        accountsByRole = roles
        func required(_ role: String) throws -> String {
            guard let code = roles[role] else { throw ServiceError.unavailable("the chart of accounts has no account for \(role)") }
            return code
        }
        receivable = try required("receivable")
        merchantCredit = try required("merchant_credit")
        depositsHeld = try required("deposits_held")
        lineAccounts = LineAccounts(roles)
    }

    /// The account of `role`.
    /// - Throws: `ServiceError.unavailable` when the chart lacks it.
    func account(_ role: String) throws -> String {
        guard let code = accountsByRole[role] else { throw ServiceError.unavailable("the chart of accounts has no account for \(role)") }
        return code
    }

    /// The income (or, for a deposit, liability) account of a planned line.
    func account(for kind: BillLineKind, unitKind: UnitKind) throws -> String {
        guard let code = lineAccounts.code(for: kind, unitKind: unitKind) else { return try account(Self.role(of: kind, unitKind: unitKind)) }
        return code
    }

    /// The chart role that names the account of a line of `kind` on a unit of `unitKind`.
    static func role(of kind: BillLineKind, unitKind: UnitKind) -> String {
        switch kind {
        case .rent: "income:rent:\(unitKind.rawValue)"
        case .managementFee: "income:management_fee"
        case .coldStoreUsage: "income:cold_store_usage"
        case .lateFee: "income:late_fee"
        case .deposit: "deposits_held"
        case .adjustment: "income:other"
        }
    }

    /// Raising a bill: the receivable (or, for a credit, the merchant's credit) against each
    /// line's account, a negative line on the other side.
    func postBill(_ bill: BillDraft) throws {
        try database.post(on: bill.issuedOn, documentKind: "bill", documentNumber: bill.number,
                          description: Self.description(of: bill), lines: journalLines(for: bill), createdAt: instant)
    }

    static func description(of bill: BillDraft) -> String { "\(bill.kind.rawValue) bill \(bill.number) for \(bill.period)" }

    /// The journal lines that raising `bill` posts.
    func journalLines(for bill: BillDraft) -> [JournalLineDraft] {
        var lines: [JournalLineDraft] = []
        let total = bill.total
        if total.fen > 0 {
            lines.append(JournalLineDraft(accountCode: receivable, merchantID: bill.merchantID, debit: total))
        } else {
            lines.append(JournalLineDraft(accountCode: merchantCredit, merchantID: bill.merchantID, credit: Money(fen: -total.fen)))
        }
        for line in bill.lines {
            let merchantID = line.accountCode == depositsHeld ? bill.merchantID : nil
            if line.amount.fen > 0 {
                lines.append(JournalLineDraft(accountCode: line.accountCode, merchantID: merchantID, credit: line.amount))
            } else if line.amount.fen < 0 {
                lines.append(JournalLineDraft(accountCode: line.accountCode, merchantID: merchantID, debit: Money(fen: -line.amount.fen)))
            }
        }
        return lines
    }

    /// Voiding an unpaid bill: its raising, reversed.
    func postVoid(_ bill: Bill, on date: CalendarDate) throws {
        var lines = [JournalLineDraft(accountCode: receivable, merchantID: bill.merchantID, credit: bill.total)]
        for line in bill.lines where line.amount.fen > 0 {
            lines.append(JournalLineDraft(accountCode: line.accountCode, merchantID: line.accountCode == depositsHeld ? bill.merchantID : nil,
                                          debit: line.amount))
        }
        try database.post(on: date, documentKind: "void", documentNumber: bill.number, description: "void of bill \(bill.number)", lines: lines, createdAt: instant)
    }
}
