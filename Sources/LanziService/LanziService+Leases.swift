import Foundation
import LanziCore
import LanziStore

extension LanziService {
    /// Creates a lease of one or more units.
    /// - Throws: `DomainError` for a bad term; `ServiceError.notFound` for an unknown merchant
    ///   or unit; `.conflict` for a unit out of service or leased on an overlapping day.
    /// - Parameter isRentFree: the operator confirms a rent of 0; without it a zero rent is
    ///   refused, since a rent-free lease is rare and a forgotten rent is not.
    package func createLease(_ draft: LeaseDraft, isRentFree: Bool = false) throws -> Lease {
        try authorize(.createLease)
        try draft.validate()
        if draft.terms.rent.fen == 0 && !isRentFree {
            throw DomainError(field: "rent", rule: "is 0; a rent-free lease is rare and deliberate, so confirm it as rent-free (--free)")
        }
        if draft.terms.rent.fen > 0 && isRentFree {
            throw DomainError(field: "rent", rule: "is \(draft.terms.rent) a month, so the lease is not rent-free; give 0 with --free, or leave --free out")
        }
        return try change(.createLease) { database in try insertLease(draft, database, previousLeaseID: nil) }
    }

    /// - Throws: errors naming the domain fields (`merchant_id`, `units`), which the seed
    ///   loader relocates to its own keys.
    func insertLease(_ draft: LeaseDraft, _ database: Database, previousLeaseID: Int64?) throws -> Lease {
        _ = try requireMerchant(draft.merchantID, database, field: "merchant_id")
        var unitIDs: [Int64] = []
        for code in draft.unitCodes {
            let unit = try Self.requireUnit(code, database, on: draft.startsOn, field: "units")
            if unit.isOutOfService {
                throw ServiceError.conflict("unit \(code) is out of service; put it back in service first", field: "units")
            }
            // The trigger refuses an overlap whatever; asking first lets us say which lease.
            let holding = try database.leasesHolding(unitID: unit.id, from: draft.startsOn, through: draft.endsOn)
            if let other = holding.first, let lease = try database.lease(id: other) {
                throw ServiceError.conflict("unit \(code) is already leased to \(lease.merchantName) under lease \(lease.id) from \(lease.startsOn) to \(lease.lastDay), which overlaps \(draft.startsOn)…\(draft.endsOn)", field: "units")
            }
            unitIDs.append(unit.id)
        }
        let id: Int64
        do {
            id = try database.insertLease(draft, unitIDs: unitIDs, previousLeaseID: previousLeaseID, createdAt: clock.timestamp())
        } catch let error as SQLiteError where error.isRaised(by: "lease_overlap") {
            throw ServiceError.conflict("a unit of this lease is already leased on an overlapping day", field: "units")
        }
        try log(database, previousLeaseID == nil ? "lease.create" : "lease.renew", "lease \(id)", .object([
            ("merchant_id", .integer(draft.merchantID)), ("units", .array(draft.unitCodes.map(JSONValue.string))),
            ("start", .string(draft.startsOn.description)), ("end", .string(draft.endsOn.description)),
            ("rent_fen", .integer(draft.terms.rent.fen)), ("previous_lease_id", .optional(previousLeaseID, JSONValue.integer))]))
        return try database.lease(id: id)!
    }

    /// Leases in id order, optionally one merchant's and only those active on a day.
    package func leases(merchantID: Int64? = nil, activeOn date: CalendarDate? = nil) throws -> [Lease] {
        try look(.listLeases) { database in
            let merchantID = scopedMerchant(merchantID)
            if let merchantID { _ = try requireMerchant(merchantID, database, field: "merchant_id") }
            return try database.leases(merchantID: merchantID, activeOn: date)
        }
    }

    /// One lease; its `schedule` gives the month-by-month rent.
    /// - Throws: `ServiceError.notFound` for an unknown id.
    package func lease(id: Int64) throws -> Lease {
        try look(.showLease) { database in try requireLease(id, database) }
    }

    /// The lease `id`; to a merchant caller, only its own (another's is missing).
    func requireLease(_ id: Int64, _ database: Database) throws -> Lease {
        let missing = ServiceError.notFound("no lease \(id)", field: "id")
        guard let lease = try database.lease(id: id) else { throw missing }
        try requireOwn(lease.merchantID, else: missing)
        return lease
    }

    /// Renews a lease: a new lease of the same merchant and units that starts the day after
    /// the old one ends, so there is neither gap nor overlap. Its terms are the old ones,
    /// except: no rent-free months, and the rent is `rent` or, when nil, the rent in force on
    /// the old lease's last day (its escalations carried over).
    /// - Throws: `DomainError` for a bad end or rent; `ServiceError.notFound` for an unknown
    ///   lease; `.conflict` for a lease already renewed or terminated, or a unit taken meanwhile.
    package func renewLease(id: Int64, endsOn: CalendarDate, rent: Money?) throws -> Lease {
        try change(.renewLease) { database in
            let old = try requireLease(id, database)
            if old.cancellation != nil {
                throw ServiceError.conflict("lease \(id) has been cancelled; a cancelled lease cannot be renewed, create a new lease instead")
            }
            if let renewal = old.renewedByLeaseID {
                throw ServiceError.conflict("lease \(id) has already been renewed by lease \(renewal)")
            }
            if let termination = old.termination {
                throw ServiceError.conflict("lease \(id) was terminated on \(termination.endsOn); a terminated lease cannot be renewed, create a new lease instead")
            }
            let startsOn = old.endsOn.adding(days: 1)
            guard endsOn >= startsOn else {
                throw DomainError(field: "end_on", rule: "must be on or after the renewal's start, \(startsOn) (the day after lease \(id) ends)")
            }
            var terms = old.terms
            terms.freeMonths = 0
            terms.rent = rent ?? RentSchedule.rentInForce(on: old.endsOn, startsOn: old.startsOn, terms: old.terms)
            let draft = LeaseDraft(merchantID: old.merchantID, unitCodes: old.units.map(\.code), startsOn: startsOn, endsOn: endsOn, terms: terms)
            try draft.validate()
            return try insertLease(draft, database, previousLeaseID: id)
        }
    }

    /// Ends a lease early: `endsOn` becomes its last day. Recorded beside the lease, which
    /// itself is never edited.
    /// - Throws: `DomainError` for a day outside the lease; `ServiceError.notFound` for an
    ///   unknown lease; `.conflict` for a lease already terminated or renewed.
    /// - Returns: the lease, and what the termination put right (credits, the deposit's settlement).
    package func terminateLease(id: Int64, endsOn: CalendarDate, reason: String) throws -> (lease: Lease, settlement: TerminationSettlement) {
        try authorize(.terminateLease)
        // The termination settles the deposit and credits the days after it at once: money
        // that moves on the last day, so that day must have come.
        try requireNotFuture(endsOn, field: "on")
        return try change(.terminateLease) { database in
            let lease = try requireLease(id, database)
            try Self.checkTermination(of: lease, endsOn: endsOn, field: "on")
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard reason.count <= 200 else { throw DomainError(field: "reason", rule: "must be at most 200 characters") }
            let termination = LeaseTermination(endsOn: endsOn, reason: reason.isEmpty ? LeaseTermination.defaultReason.english : reason)
            try database.insertTermination(leaseID: id, termination, createdAt: clock.timestamp())
            try log(database, "lease.terminate", "lease \(id)", .object([("on", .string(endsOn.description)), ("reason", .string(termination.reason))]))
            let terminated = try requireLease(id, database)
            return (terminated, try settleTermination(of: terminated, database))
        }
    }

    /// Withdraws a lease entered by mistake: a cancellation recorded beside it, after which
    /// the lease holds no unit on any day (its units are free again) and is never billed.
    /// - Throws: `DomainError` for a missing or over-long reason; `ServiceError.notFound` for
    ///   an unknown lease; `.conflict` for a lease already cancelled, billed, terminated,
    ///   renewed, or that is itself a renewal (its lease's renewal link cannot be undone).
    package func cancelLease(id: Int64, reason: String) throws -> Lease {
        try authorize(.cancelLease)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw DomainError(field: "reason", rule: "is required: say why the lease is withdrawn") }
        guard reason.count <= 200 else { throw DomainError(field: "reason", rule: "must be at most 200 characters") }
        return try change(.cancelLease) { database in
            let lease = try requireLease(id, database)
            if lease.cancellation != nil { throw ServiceError.conflict("lease \(id) has already been cancelled") }
            if try database.billExists(leaseID: id) {
                throw ServiceError.conflict("lease \(id) has been billed; a billed lease is ended by `lease terminate`, and its bills are voided one by one")
            }
            if let termination = lease.termination {
                throw ServiceError.conflict("lease \(id) was terminated on \(termination.endsOn); a terminated lease cannot be cancelled")
            }
            if let renewal = lease.renewedByLeaseID {
                throw ServiceError.conflict("lease \(id) has been renewed by lease \(renewal); cancel lease \(renewal) first")
            }
            if let previous = lease.previousLeaseID {
                throw ServiceError.conflict("lease \(id) renews lease \(previous); a renewal cannot be cancelled, since lease \(previous) can be renewed only once")
            }
            do {
                try database.insertCancellation(leaseID: id, reason: reason, createdAt: clock.timestamp())
            } catch let error as SQLiteError where error.isRaised(by: "lease_billed") || error.isRaised(by: "lease_ended") {
                // Another process billed, terminated or renewed it since it was read above.
                throw ServiceError.conflict("lease \(id) has been billed, terminated or renewed meanwhile; it can no longer be cancelled")
            }
            try log(database, "lease.cancel", "lease \(id)", .object([("reason", .string(reason))]))
            return try requireLease(id, database)
        }
    }

    static func checkTermination(of lease: Lease, endsOn: CalendarDate, field: String) throws {
        if lease.cancellation != nil {
            throw ServiceError.conflict("lease \(lease.id) has been cancelled; it never ran, so there is nothing to end")
        }
        if let termination = lease.termination {
            throw ServiceError.conflict("lease \(lease.id) was already terminated on \(termination.endsOn)")
        }
        if let renewal = lease.renewedByLeaseID {
            throw ServiceError.conflict("lease \(lease.id) has been renewed by lease \(renewal); terminate lease \(renewal) instead")
        }
        guard endsOn >= lease.startsOn else {
            throw DomainError(field: field, rule: "must be on or after the lease's start, \(lease.startsOn)")
        }
        guard endsOn < lease.endsOn else {
            throw DomainError(field: field, rule: "must be before the lease's end, \(lease.endsOn) (a lease that runs its term needs no termination)")
        }
    }
}
