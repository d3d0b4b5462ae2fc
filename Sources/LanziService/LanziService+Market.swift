import LanziCore
import LanziStore

extension LanziService {
    /// Sets up the market of a new database, or checks that an existing one is the same
    /// market. Running it again with the same code changes nothing.
    /// - Throws: `DomainError` for a bad setting; `ServiceError.conflict` when the database
    ///   already holds a market with another code (one database is one market).
    @discardableResult
    package func initialize(market: Market?) throws -> Market? {
        try authorize(.initializeMarket)
        try market?.validate()
        return try change(.initializeMarket) { database in
            let existing = try database.market()
            guard let market else { return existing }
            if let existing {
                guard existing.code == market.code else {
                    throw ServiceError.conflict("this database already holds market \(existing.code) (\(existing.name)); one database holds one market")
                }
                return existing
            }
            try database.saveMarket(market, createdAt: clock.timestamp())
            try log(database, "market.create", market.code, .object([("name", .string(market.name))]))
            return market
        }
    }

    /// The market and its settings.
    /// - Throws: `ServiceError.notFound` when the database has no market yet.
    package func market() throws -> Market {
        try look(.showMarket) { database in try Self.requireMarket(database) }
    }

    static func requireMarket(_ database: Database) throws -> Market {
        guard let market = try database.market() else {
            throw ServiceError.notFound("this database has no market yet; run `lanzi init --code CODE --name NAME …` or `lanzi seed FILE`")
        }
        return market
    }

    /// Changes the market's settings; the code never changes (receipt numbers carry it).
    /// - Throws: `DomainError` for a bad value; `ServiceError.notFound` when there is no market.
    @discardableResult
    package func updateMarket(name: String?, operatorName: String?, collectiveName: String?,
                              householdMinimum: Int?, householdMaximum: Int?) throws -> Market {
        try change(.updateMarket) { database in
            var market = try Self.requireMarket(database)
            let before = market
            market = Market(code: market.code, name: name ?? market.name, operatorName: operatorName ?? market.operatorName,
                            collectiveName: collectiveName ?? market.collectiveName,
                            householdMinimum: householdMinimum ?? market.householdMinimum,
                            householdMaximum: householdMaximum ?? market.householdMaximum)
            try market.validate()
            guard market != before else { return market }
            if let highest = try database.activeLoads().values.max(), highest > market.householdMaximum {
                throw ServiceError.conflict("a party member already looks after \(highest) households; reassign some before lowering the maximum to \(market.householdMaximum)", field: "household_max")
            }
            try database.saveMarket(market, createdAt: clock.timestamp())
            try log(database, "market.update", market.code, .object([
                ("name", .string(market.name)), ("household_min", .integer(Int64(market.householdMinimum))),
                ("household_max", .integer(Int64(market.householdMaximum)))]))
            return market
        }
    }
}
