import LanziCore
import LanziStore

/// Units of one kind on one day: how many, how many leased, and their areas.
package struct UnitKindSummary: Hashable, Sendable {
    package var kind: UnitKind
    package var total = 0
    package var leased = 0
    package var available = 0
    package var outOfService = 0
    package var area = Area(hundredths: 0)
    package var leasedArea = Area(hundredths: 0)

    /// Leased units per unit, in basis points (7692 = 76.92%), rounded half up.
    package var occupancyByCountBasisPoints: Int64 {
        total == 0 ? 0 : Rounding.multiplyDivideHalfUp(Int64(leased), by: 10_000, dividedBy: Int64(total))
    }

    /// Leased area per area, in basis points, rounded half up.
    package var occupancyByAreaBasisPoints: Int64 {
        area.hundredths == 0 ? 0 : Rounding.multiplyDivideHalfUp(leasedArea.hundredths, by: 10_000, dividedBy: area.hundredths)
    }
}

/// The market at a glance on one day.
package struct MarketSummary: Hashable, Sendable {
    package var market: Market
    package var date: CalendarDate
    /// One entry per kind, in the order shop, stall, cold room, then all kinds together.
    package var kinds: [UnitKindSummary]
    package var all: UnitKindSummary
    package var merchantCount: Int
    package var activeLeaseCount: Int
}

extension LanziService {
    /// Units by kind and status, occupancy by count and area, merchants and active leases on `date`.
    package func summary(on date: CalendarDate) throws -> MarketSummary {
        try look(.showSummary) { database in
            let market = try Self.requireMarket(database)
            let (kinds, all) = try Self.unitKindSummaries(database, on: date)
            return MarketSummary(market: market, date: date, kinds: kinds, all: all,
                                 merchantCount: try database.merchants().count,
                                 activeLeaseCount: try database.leases(activeOn: date).count)
        }
    }

    /// The units of each kind on `date` (shop, stall, cold room) and of all kinds together.
    static func unitKindSummaries(_ database: Database, on date: CalendarDate) throws -> (kinds: [UnitKindSummary], all: UnitKindSummary) {
        var kinds = UnitKind.allCases.map { UnitKindSummary(kind: $0) }
        for unit in try database.units(on: date) {
            let index = UnitKind.allCases.firstIndex(of: unit.kind)!
            kinds[index].total += 1
            kinds[index].area = kinds[index].area + unit.area
            switch unit.status {
            case .available: kinds[index].available += 1
            case .outOfService: kinds[index].outOfService += 1
            case .leased:
                kinds[index].leased += 1
                kinds[index].leasedArea = kinds[index].leasedArea + unit.area
            }
        }
        var all = UnitKindSummary(kind: .shop)
        for kind in kinds {
            all.total += kind.total
            all.leased += kind.leased
            all.available += kind.available
            all.outOfService += kind.outOfService
            all.area = all.area + kind.area
            all.leasedArea = all.leasedArea + kind.leasedArea
        }
        return (kinds, all)
    }
}
