import LanziCore
import LanziStore

extension LanziService {
    /// Adds a unit to the register.
    /// - Throws: `DomainError` for a bad value; `ServiceError.conflict` for a code already in use.
    package func addUnit(_ draft: UnitDraft) throws -> MarketUnit {
        try authorize(.addUnit)
        try draft.validate()
        return try change(.addUnit) { database in try insertUnit(draft, database) }
    }

    func insertUnit(_ draft: UnitDraft, _ database: Database) throws -> MarketUnit {
        let today = clock.today()
        guard try database.unit(code: draft.code, on: today) == nil else {
            throw ServiceError.conflict("unit \(draft.code) is already in the register", field: "code")
        }
        _ = try database.insertUnit(draft, createdAt: clock.timestamp())
        try log(database, "unit.add", draft.code, .object([("kind", .string(draft.kind.rawValue)), ("area_m2", .string(draft.area.description))]))
        return try database.unit(code: draft.code, on: today)!
    }

    /// The units, with their status on `date`, optionally of one kind and one status.
    package func units(kind: UnitKind? = nil, status: UnitStatus? = nil, on date: CalendarDate) throws -> [MarketUnit] {
        try look(.listUnits) { database in
            try database.units(on: date).filter { unit in
                (kind == nil || unit.kind == kind) && (status == nil || unit.status == status)
            }
        }
    }

    /// One unit with its status on `date`.
    /// - Throws: `ServiceError.notFound` for an unknown code.
    package func unit(code: String, on date: CalendarDate) throws -> MarketUnit {
        try look(.showUnit) { database in try Self.requireUnit(code, database, on: date, field: "code") }
    }

    static func requireUnit(_ code: String, _ database: Database, on date: CalendarDate, field: String) throws -> MarketUnit {
        guard let unit = try database.unit(code: code, on: date) else {
            throw ServiceError.notFound("no unit \(code) in the register", field: field)
        }
        return unit
    }

    /// Takes a unit out of service, or puts it back. A unit that a lease holds today or later
    /// cannot be taken out of service: terminate the lease first.
    /// - Throws: `ServiceError.notFound` for an unknown code, `.conflict` for a leased unit.
    package func setUnitStatus(code: String, outOfService: Bool, on date: CalendarDate) throws -> MarketUnit {
        try change(.setUnitStatus) { database in
            let unit = try Self.requireUnit(code, database, on: date, field: "code")
            guard unit.isOutOfService != outOfService else { return unit }
            if outOfService {
                let holding = try database.leasesHolding(unitID: unit.id, from: date, through: CalendarDate(year: 9999, month: 12, day: 31)!)
                if let leaseID = holding.first {
                    throw ServiceError.conflict("unit \(code) is held by lease \(leaseID) on or after \(date); terminate the lease before taking the unit out of service")
                }
            }
            try database.setUnitOutOfService(id: unit.id, outOfService)
            try log(database, "unit.status", code, .object([("status", .string(outOfService ? "out_of_service" : "available"))]))
            return try Self.requireUnit(code, database, on: date, field: "code")
        }
    }
}
