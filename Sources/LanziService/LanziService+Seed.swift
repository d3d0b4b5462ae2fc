import LanziCore
import LanziStore

/// What loading a seed file did: how many records of each kind it added and how many it
/// found already there (a second load of the same file adds nothing).
package struct SeedReport: Hashable, Sendable {
    package var market: Market
    package var added: [String: Int] = [:]
    package var alreadyPresent: [String: Int] = [:]
    /// The signing key the load made for the market's receipts, when it had none.
    package var madeKey: SigningKeyInfo?

    /// The kinds of record, in the order they are loaded.
    package static let sections = ["units", "merchants", "leases", "terminations", "party_members", "households", "assignments", "visits",
                                   "bills", "payments", "late_fee_bills", "deposit_settlements",
                                   "other_income", "expenses", "expenses_reversals"]
}

extension LanziService {
    /// Loads a seed document (the format of `seeds/README.md`) in one transaction: every
    /// record is checked and either all that is new is added or, on the first fault,
    /// nothing is. Records already present (units by code, merchants by ID number or by name
    /// and phone, leases by merchant, start and units) are left as they are.
    ///
    /// A market without a signing key gets one at `keyPath` (as `lanzi key init` makes it)
    /// before the history's payments, so that each has its receipt; without `keyPath` such
    /// payments are refused as any payment without a key is.
    /// - Throws: `DomainError` naming the JSON path and the rule; `ServiceError.conflict`
    ///   when the file clashes with what the database holds.
    package func seed(_ document: JSONValue, keyPath: String? = nil) throws -> SeedReport {
        try authorize(.seed)
        let root = try SeedObject(document, path: "$", keys: [
            "format", "market", "units", "merchants", "leases", "party_members", "households", "visits", "history"])
        guard try root.string("format") == "lanzi-seed-1" else {
            throw DomainError(field: "$.format", rule: "must be \"lanzi-seed-1\"")
        }
        guard let marketValue = root.value("market") else { throw DomainError(field: "$.market", rule: "is required") }
        let market = try Self.seedMarket(marketValue)
        let keyFile = keyPath.map(KeyFileWriter.init(path:))
        do {
            return try seed(root, market: market, keyFile: keyFile)
        } catch {
            keyFile?.removeIfWritten()
            throw error
        }
    }

    private func seed(_ root: SeedObject, market: Market, keyFile: KeyFileWriter?) throws -> SeedReport {
        try change(.seed) { database in
            let firstActivity = try database.nextActivityID()
            var loader = SeedLoader(service: self, database: database, report: SeedReport(market: market))
            try loader.loadMarket(market)
            if let keyFile, try database.signingKeys().isEmpty {
                loader.report.madeKey = try addKey(algorithm: .ed25519, writer: keyFile, database)
            }
            for (index, value) in try root.array("units").enumerated() { try loader.loadUnit(value, path: "$.units[\(index)]") }
            for (index, value) in try root.array("merchants").enumerated() { try loader.loadMerchant(value, path: "$.merchants[\(index)]") }
            for (index, value) in try root.array("leases").enumerated() { try loader.loadLease(value, path: "$.leases[\(index)]") }
            for (index, value) in try root.array("party_members").enumerated() { try loader.loadPartyMember(value, path: "$.party_members[\(index)]") }
            for (index, value) in try root.array("households").enumerated() { try loader.loadHousehold(value, path: "$.households[\(index)]") }
            for (index, value) in try root.array("visits").enumerated() { try loader.loadVisit(value, path: "$.visits[\(index)]") }
            if let history = root.value("history") { try loader.loadHistory(history, path: "$.history") }
            // Demo records must never mix with a real market's: a seed loads only into a new
            // database or one that seed loads alone have written. Asked after the load, so
            // that a broken file is told as broken first; the refusal undoes the load.
            if let other = try database.firstActivityNotFromASeed(before: firstActivity) {
                throw ServiceError.conflict("this database holds records that no seed made (the first: \(other.action) \(other.subject) by \(other.actor) at \(other.at)); a seed loads only into a new database or one a seed made, so that demo records never mix with a market's own")
            }
            // A load that added nothing changed nothing, and leaves no line either.
            if try database.nextActivityID() > firstActivity {
                try log(database, "seed.load", market.code, .object([("from_id", .integer(firstActivity))]))
            }
            return loader.report
        }
    }

    private static func seedMarket(_ value: JSONValue) throws -> Market {
        let object = try SeedObject(value, path: "$.market", keys: ["code", "name", "operator", "collective", "household_min", "household_max"])
        let market = Market(code: try object.requiredString("code"), name: try object.requiredString("name"),
                            operatorName: try object.requiredString("operator"), collectiveName: try object.requiredString("collective"),
                            householdMinimum: Int(try object.integer("household_min", in: 1...50) ?? 3),
                            householdMaximum: Int(try object.integer("household_max", in: 1...50) ?? 5))
        do { try market.validate() } catch { throw error.located(at: "$.market") }
        return market
    }
}

/// The state of one seed load: the keys the file gives its merchants and leases, mapped to ids.
struct SeedLoader {
    let service: LanziService
    let database: Database
    var report: SeedReport
    var merchantIDs: [String: Int64] = [:]
    var leases: [String: Lease] = [:]
    var partyMemberIDs: [String: Int64] = [:]
    /// What this load has already read, so that a record the file repeats is refused rather
    /// than taken for one the database held before.
    var unitCodesSeen: [String: String] = [:]
    var merchantsSeen: [String: String] = [:]
    var leasesSeen: [Int64: String] = [:]
    var partyMembersSeen: [Int64: String] = [:]
    var householdsSeen: [Int64: String] = [:]
    var householdIDs: [String: Int64] = [:]

    mutating func count(_ section: String, added: Bool) {
        if added { report.added[section, default: 0] += 1 } else { report.alreadyPresent[section, default: 0] += 1 }
    }

    func loadMarket(_ market: Market) throws {
        if let existing = try database.market() {
            guard existing.code == market.code else {
                throw ServiceError.conflict("this database holds market \(existing.code), the file is for \(market.code)", field: "$.market.code")
            }
        } else {
            try database.saveMarket(market, createdAt: service.clock.timestamp())
            try service.log(database, "market.create", market.code, .object([("name", .string(market.name))]))
        }
    }

    mutating func loadUnit(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: ["code", "kind", "phase", "area_m2", "building", "capacity_kg", "out_of_service"])
        let kind = try UnitKind.parse(try object.requiredString("kind"), field: object.field("kind"))
        let building = try object.string("building")
        let capacity = try object.integer("capacity_kg", in: 1...100_000_000)
        let coldRoom: ColdRoomDetails? = (building != nil || capacity != nil)
            ? ColdRoomDetails(building: building ?? "", capacityKilograms: capacity ?? 0) : nil
        let draft = UnitDraft(code: try object.requiredString("code"), kind: kind, phase: Int(try object.integer("phase", in: 1...99) ?? 1),
                              area: try Area.parse(try object.requiredString("area_m2"), field: object.field("area_m2")), coldRoom: coldRoom)
        do { try draft.validate() } catch { throw error.located(at: path) }
        if let earlier = unitCodesSeen[draft.code] {
            throw DomainError(field: object.field("code"), rule: "unit \(draft.code) is already listed at \(earlier)")
        }
        unitCodesSeen[draft.code] = path
        let today = service.clock.today()
        if let existing = try database.unit(code: draft.code, on: today) {
            guard existing.kind == draft.kind, existing.area == draft.area, existing.phase == draft.phase, existing.coldRoom == draft.coldRoom else {
                throw ServiceError.conflict("unit \(draft.code) is already in the register with other details", field: "\(path).code")
            }
            count("units", added: false)
            return
        }
        let unit = try locatingFaults(at: path) { try service.insertUnit(draft, database) }
        if try object.bool("out_of_service") == true { try database.setUnitOutOfService(id: unit.id, true) }
        count("units", added: true)
    }

    mutating func loadMerchant(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: ["key", "name", "phone", "id_number"])
        let key = try object.requiredString("key")
        guard merchantIDs[key] == nil else { throw DomainError(field: object.field("key"), rule: "\"\(key)\" is used by an earlier merchant") }
        let draft = MerchantDraft(name: try object.requiredString("name"), phone: try object.requiredString("phone"), idNumber: try object.string("id_number"))
        do { try draft.validate() } catch { throw error.located(at: path) }
        let identity = draft.idNumber ?? "\(draft.name)/\(draft.phone)"
        if let earlier = merchantsSeen[identity] {
            throw DomainError(field: object.field(draft.idNumber == nil ? "name" : "id_number"),
                              rule: "the same merchant is already listed at \(earlier); one merchant, one entry")
        }
        merchantsSeen[identity] = path
        let existing = try draft.idNumber.map { try database.merchant(idNumber: $0) } ?? database.merchant(name: draft.name, phone: draft.phone)
        if let existing {
            guard existing.name == draft.name else {
                throw ServiceError.conflict("this ID number is registered to merchant \(existing.id), not to \(draft.name)", field: object.field("id_number"))
            }
            merchantIDs[key] = existing.id
            count("merchants", added: false)
        } else {
            merchantIDs[key] = try locatingFaults(at: path) { try service.insertMerchant(draft, database) }.id
            count("merchants", added: true)
        }
    }

    mutating func loadLease(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: [
            "key", "merchant", "units", "start", "end", "rent", "cycle", "fee_per_m2", "fee_fixed", "deposit", "free_months",
            "escalation_bp", "due_day", "grace_days", "late_fee_bp", "late_fee_cap_bp", "termination", "renews"])
        let key = try object.string("key")
        if let key, leases[key] != nil { throw DomainError(field: object.field("key"), rule: "\"\(key)\" is used by an earlier lease") }

        let draft: LeaseDraft
        let previous: Lease?
        if let renewedKey = try object.string("renews") {
            guard let old = leases[renewedKey] else {
                throw DomainError(field: object.field("renews"), rule: "names no earlier lease key \"\(renewedKey)\"")
            }
            if object.value("start") != nil {
                throw DomainError(field: object.field("start"), rule: "a renewal starts the day after the lease it renews ends, and gives no start")
            }
            if let merchantKey = try object.string("merchant"), merchantIDs[merchantKey] != old.merchantID {
                throw DomainError(field: object.field("merchant"), rule: "a renewal keeps the merchant of the lease it renews")
            }
            if object.value("units") != nil, Set(try Self.unitCodes(object)) != Set(old.units.map(\.code)) {
                throw DomainError(field: object.field("units"), rule: "a renewal keeps the units of the lease it renews")
            }
            if let termination = old.termination {
                throw DomainError(field: object.field("renews"), rule: "lease \"\(renewedKey)\" is terminated on \(termination.endsOn) and cannot be renewed")
            }
            var base = old.terms
            base.freeMonths = 0
            base.rent = RentSchedule.rentInForce(on: old.endsOn, startsOn: old.startsOn, terms: old.terms)
            guard let end = try object.date("end") else { throw DomainError(field: object.field("end"), rule: "is required") }
            draft = LeaseDraft(merchantID: old.merchantID, unitCodes: old.units.map(\.code), startsOn: old.endsOn.adding(days: 1),
                               endsOn: end, terms: try Self.terms(object, base: base))
            previous = old
        } else {
            let merchantKey = try object.requiredString("merchant")
            guard let merchantID = merchantIDs[merchantKey] else {
                throw DomainError(field: object.field("merchant"), rule: "names no merchant key \"\(merchantKey)\" of this file")
            }
            let unitCodes = try Self.unitCodes(object)
            guard let start = try object.date("start") else { throw DomainError(field: object.field("start"), rule: "is required") }
            guard let end = try object.date("end") else { throw DomainError(field: object.field("end"), rule: "is required") }
            guard let rent = try object.money("rent") else { throw DomainError(field: object.field("rent"), rule: "is required") }
            draft = LeaseDraft(merchantID: merchantID, unitCodes: unitCodes, startsOn: start, endsOn: end,
                               terms: try Self.terms(object, base: LeaseTerms(rent: rent)))
            previous = nil
        }
        do { try draft.validate() } catch { throw error.located(at: path) }

        var lease: Lease
        if let existing = try database.leases(merchantID: draft.merchantID).first(where: {
            $0.startsOn == draft.startsOn && Set($0.units.map(\.code)) == Set(draft.unitCodes)
        }) {
            if let earlier = leasesSeen[existing.id] {
                throw DomainError(field: path, rule: "repeats the lease listed at \(earlier)")
            }
            lease = existing
            count("leases", added: false)
        } else {
            lease = try locatingFaults(at: path) { try service.insertLease(draft, database, previousLeaseID: previous?.id) }
            count("leases", added: true)
        }

        if let terminationValue = object.value("termination") {
            let termination = try SeedObject(terminationValue, path: object.field("termination"), keys: ["on", "reason"])
            guard let on = try termination.date("on") else { throw DomainError(field: termination.field("on"), rule: "is required") }
            if let recorded = lease.termination {
                guard recorded.endsOn == on else {
                    throw ServiceError.conflict("lease \(lease.id) was terminated on \(recorded.endsOn), not \(on)", field: termination.field("on"))
                }
                count("terminations", added: false)
            } else {
                try LanziService.checkTermination(of: lease, endsOn: on, field: termination.field("on"))
                let record = LeaseTermination(endsOn: on, reason: try termination.string("reason") ?? LeaseTermination.defaultReason.english)
                try database.insertTermination(leaseID: lease.id, record, createdAt: service.clock.timestamp())
                try service.log(database, "lease.terminate", "lease \(lease.id)", .object([("on", .string(on.description)), ("reason", .string(record.reason))]))
                lease.termination = record
                count("terminations", added: true)
            }
        }
        leasesSeen[lease.id] = path
        if let key { leases[key] = lease }
    }

    static func unitCodes(_ object: SeedObject) throws -> [String] {
        try object.array("units").map { value throws(DomainError) -> String in
            guard case .string(let code) = value else { throw DomainError(field: object.field("units"), rule: "must be a list of unit codes") }
            return code
        }
    }

    /// The lease terms the object gives, on top of `base`.
    static func terms(_ object: SeedObject, base: LeaseTerms) throws -> LeaseTerms {
        var terms = base
        if let rent = try object.money("rent") { terms.rent = rent }
        if let cycle = try object.string("cycle") { terms.cycle = try BillingCycle.parse(cycle, field: object.field("cycle")) }
        let perSquareMetre = try object.money("fee_per_m2")
        let fixed = try object.money("fee_fixed")
        switch (perSquareMetre, fixed) {
        case (.some, .some): throw DomainError(field: object.field("fee_fixed"), rule: "give fee_per_m2 or fee_fixed, not both")
        case (let fee?, nil): terms.managementFee = .perSquareMetre(fee)
        case (nil, let fee?): terms.managementFee = .fixed(fee)
        case (nil, nil): break
        }
        if let deposit = try object.money("deposit") { terms.deposit = deposit }
        if let value = try object.integer("free_months", in: 0...240) { terms.freeMonths = Int(value) }
        if let value = try object.integer("escalation_bp", in: 0...10_000) { terms.escalationBasisPoints = Int(value) }
        if let value = try object.integer("due_day", in: 1...28) { terms.dueDay = Int(value) }
        if let value = try object.integer("grace_days", in: 0...90) { terms.graceDays = Int(value) }
        if let value = try object.integer("late_fee_bp", in: 0...10_000) { terms.lateFeeBasisPoints = Int(value) }
        if let value = try object.integer("late_fee_cap_bp", in: 0...10_000) { terms.lateFeeCapBasisPoints = Int(value) }
        return terms
    }
}
