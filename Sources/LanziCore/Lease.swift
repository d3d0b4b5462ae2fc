/// How often a lease is billed; every cycle is billed in advance at its start.
package enum BillingCycle: String, CaseIterable, Sendable {
    case monthly
    case quarterly
    case yearly

    package var months: Int {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        case .yearly: 12
        }
    }

    /// - Throws: `DomainError` naming `field` when `text` is not one of the cycles.
    package static func parse(_ text: String, field: String) throws(DomainError) -> BillingCycle {
        guard let cycle = BillingCycle(rawValue: text) else {
            throw DomainError(field: field, rule: "must be one of monthly, quarterly, yearly, got \"\(text)\"")
        }
        return cycle
    }
}

/// The management (property) fee of a lease: per m² of the lease's units per month, or a
/// fixed amount per month. It is charged in rent-free months too: it pays for cleaning and
/// order, which the merchant uses from the first day.
package enum ManagementFee: Hashable, Sendable {
    case none
    case perSquareMetre(Money)
    case fixed(Money)

    package var kind: String {
        switch self {
        case .none: "none"
        case .perSquareMetre: "per_m2"
        case .fixed: "fixed"
        }
    }

    package var amount: Money {
        switch self {
        case .none: .zero
        case .perSquareMetre(let amount), .fixed(let amount): amount
        }
    }

    /// Rebuilds a fee from its stored kind and amount; nil for an unknown kind.
    package init?(kind: String, amount: Money) {
        switch kind {
        case "none": self = .none
        case "per_m2": self = .perSquareMetre(amount)
        case "fixed": self = .fixed(amount)
        default: return nil
        }
    }
}

/// The money terms of a lease, all in fen, days and basis points (1 bp = 0.01%).
package struct LeaseTerms: Hashable, Sendable {
    package var rent: Money
    package var cycle: BillingCycle
    package var managementFee: ManagementFee
    package var deposit: Money
    package var freeMonths: Int
    package var escalationBasisPoints: Int
    package var dueDay: Int
    package var graceDays: Int
    package var lateFeeBasisPoints: Int
    package var lateFeeCapBasisPoints: Int

    package init(rent: Money, cycle: BillingCycle = .monthly, managementFee: ManagementFee = .none,
                 deposit: Money = .zero, freeMonths: Int = 0, escalationBasisPoints: Int = 0,
                 dueDay: Int = 5, graceDays: Int = 0, lateFeeBasisPoints: Int = 0, lateFeeCapBasisPoints: Int = 10_000) {
        self.rent = rent
        self.cycle = cycle
        self.managementFee = managementFee
        self.deposit = deposit
        self.freeMonths = freeMonths
        self.escalationBasisPoints = escalationBasisPoints
        self.dueDay = dueDay
        self.graceDays = graceDays
        self.lateFeeBasisPoints = lateFeeBasisPoints
        self.lateFeeCapBasisPoints = lateFeeCapBasisPoints
    }

    /// Upper bounds that keep every schedule computation inside 64-bit fen.
    package static let maximumRent = Money(fen: 1_000_000_000)            // 10,000,000.00 a month
    package static let maximumFeePerSquareMetre = Money(fen: 1_000_000)   // 10,000.00 per m² a month
    package static let maximumFixedFee = Money(fen: 100_000_000)          // 1,000,000.00 a month
    package static let maximumDeposit = Money(fen: 10_000_000_000)        // 100,000,000.00

    /// - Throws: `DomainError` naming the first field (the domain name a request would use; front ends map it to theirs) that breaks its rule.
    package func validate() throws(DomainError) {
        func check(_ condition: Bool, _ field: String, _ rule: Phrase) throws(DomainError) {
            if !condition { throw DomainError(field: field, rule: rule) }
        }
        try check(rent.fen >= 0 && rent <= Self.maximumRent, "rent", "must be between 0 and \(Self.maximumRent) a month")
        switch managementFee {
        case .none: break
        case .perSquareMetre(let fee):
            try check(fee.fen > 0 && fee <= Self.maximumFeePerSquareMetre, "fee_per_m2", "must be more than 0 and at most \(Self.maximumFeePerSquareMetre)")
        case .fixed(let fee):
            try check(fee.fen > 0 && fee <= Self.maximumFixedFee, "fee_fixed", "must be more than 0 and at most \(Self.maximumFixedFee)")
        }
        try check(deposit.fen >= 0 && deposit <= Self.maximumDeposit, "deposit", "must be between 0 and \(Self.maximumDeposit)")
        try check(freeMonths >= 0, "free_months", "must not be negative")
        try check((0...10_000).contains(escalationBasisPoints), "escalation_bp", "must be between 0 and 10000 basis points a year")
        try check((1...28).contains(dueDay), "due_day", "must be between 1 and 28, so that every month has it")
        try check((0...90).contains(graceDays), "grace_days", "must be between 0 and 90")
        try check((0...10_000).contains(lateFeeBasisPoints), "late_fee_bp", "must be between 0 and 10000 basis points a day")
        try check((0...10_000).contains(lateFeeCapBasisPoints), "late_fee_cap_bp",
                  "must be between 0 and 10000 basis points of the overdue amount (a late fee never exceeds the amount itself)")
    }
}

/// A lease as the operator enters it, before it has an id.
package struct LeaseDraft: Hashable, Sendable {
    package var merchantID: Int64
    package var unitCodes: [String]
    package var startsOn: CalendarDate
    package var endsOn: CalendarDate
    package var terms: LeaseTerms

    package init(merchantID: Int64, unitCodes: [String], startsOn: CalendarDate, endsOn: CalendarDate, terms: LeaseTerms) {
        self.merchantID = merchantID
        self.unitCodes = unitCodes
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.terms = terms
    }

    /// The longest lease the law allows: 《民法典》 article 705 caps a lease at twenty years.
    package static let maximumYears = 20

    /// The rules a lease obeys on its own (the register's rules, such as overlaps, are the
    /// service's and the store's).
    /// - Throws: `DomainError` naming the field (its domain name) and the rule.
    package func validate() throws(DomainError) {
        guard !unitCodes.isEmpty, unitCodes.count <= 20 else {
            throw DomainError(field: "units", rule: "must name 1 to 20 units")
        }
        for code in unitCodes { try UnitDraft.validateCode(code, field: "units") }
        guard Set(unitCodes).count == unitCodes.count else {
            throw DomainError(field: "units", rule: "must not name a unit twice")
        }
        guard endsOn >= startsOn else {
            throw DomainError(field: "end_on", rule: "must be on or after the start (\(startsOn)), got \(endsOn)")
        }
        guard endsOn < startsOn.adding(years: Self.maximumYears) else {
            throw DomainError(field: "end_on", rule: "a lease may run at most \(Self.maximumYears) years (Civil Code art. 705)")
        }
        try terms.validate()
        let months = LeaseCalendar.monthCount(from: startsOn, through: endsOn)
        guard terms.freeMonths < months else {
            throw DomainError(field: "free_months", rule: "must be fewer than the lease's \(months) month(s)")
        }
    }
}

/// How and when a lease was ended early.
package struct LeaseTermination: Hashable, Sendable {
    /// The lease's new last day (inclusive).
    package var endsOn: CalendarDate
    package var reason: String

    package init(endsOn: CalendarDate, reason: String) {
        self.endsOn = endsOn
        self.reason = reason
    }

    /// The reason recorded when none is given. It is stored in English, as every record is;
    /// `reasonPhrase` reads it in the reader's language.
    package static let defaultReason = Phrase("early termination")

    /// The reason for a person: the default one in their language, a typed one as typed.
    package var reasonPhrase: Phrase { reason == Self.defaultReason.english ? Self.defaultReason : Phrase(verbatim: reason) }
}

/// Why and when a lease entered by mistake was withdrawn. A cancelled lease never ran: it
/// holds no unit on any day and is never billed.
package struct LeaseCancellation: Hashable, Sendable {
    package var reason: String
    /// The instant it was recorded (the stored UTC timestamp).
    package var recordedAt: String

    package init(reason: String, recordedAt: String) {
        self.reason = reason
        self.recordedAt = recordedAt
    }
}

/// A unit as a lease holds it.
package struct LeasedUnit: Hashable, Sendable {
    package var id: Int64
    package var code: String
    package var kind: UnitKind
    package var area: Area

    package init(id: Int64, code: String, kind: UnitKind, area: Area) {
        self.id = id
        self.code = code
        self.kind = kind
        self.area = area
    }
}

/// A lease of the register. Its dates and terms never change once made: an early end is a
/// `termination` record beside it, a renewal is a new lease that names this one.
package struct Lease: Hashable, Sendable {
    package var id: Int64
    package var merchantID: Int64
    package var merchantName: String
    package var units: [LeasedUnit]
    package var startsOn: CalendarDate
    /// The last day the contract was signed for; see `lastDay` for the day it really ends.
    package var endsOn: CalendarDate
    package var terms: LeaseTerms
    package var termination: LeaseTermination?
    package var previousLeaseID: Int64?
    package var renewedByLeaseID: Int64?
    package var cancellation: LeaseCancellation?

    package init(id: Int64, merchantID: Int64, merchantName: String, units: [LeasedUnit], startsOn: CalendarDate,
                 endsOn: CalendarDate, terms: LeaseTerms, termination: LeaseTermination?, previousLeaseID: Int64?,
                 renewedByLeaseID: Int64?, cancellation: LeaseCancellation? = nil) {
        self.id = id
        self.merchantID = merchantID
        self.merchantName = merchantName
        self.units = units
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.terms = terms
        self.termination = termination
        self.previousLeaseID = previousLeaseID
        self.renewedByLeaseID = renewedByLeaseID
        self.cancellation = cancellation
    }

    /// The lease's real last day: the termination's date when it was ended early.
    package var lastDay: CalendarDate { termination?.endsOn ?? endsOn }

    package var area: Area { units.reduce(Area(hundredths: 0)) { $0 + $1.area } }

    package func isActive(on date: CalendarDate) -> Bool { cancellation == nil && startsOn <= date && date <= lastDay }

    /// The month-by-month schedule up to the real last day.
    package var schedule: [RentSchedule.Month] {
        RentSchedule.make(startsOn: startsOn, lastDay: lastDay, terms: terms, area: area)
    }
}
