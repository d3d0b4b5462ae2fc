import LanziCore
import LanziStore

/// A record of goods in a cold room.
package struct UsageRecord: Hashable, Sendable {
    package var id: Int64
    package var merchantID: Int64
    package var roomCode: String
    package var kilograms: Int64
    package var inOn: CalendarDate
    package var outOn: CalendarDate?
    /// The merchant's name, for listings that name it beside the id.
    package var merchantName = ""
}

extension LanziService {
    /// Records goods into a cold room. The room's capacity holds on every day from `date`
    /// on: the goods of every record still in then (or out later) plus these must fit.
    /// - Throws: `DomainError` for a bad weight; `ServiceError.notFound` for an unknown
    ///   merchant or room; `.conflict` for a unit that is not a cold room, out of service, or full.
    package func usageIn(merchantID: Int64, roomCode: String, kilograms: Int64, on date: CalendarDate) throws -> UsageRecord {
        try authorize(.recordUsageIn)
        try requireNotFuture(date, field: "on")
        guard (1...100_000_000).contains(kilograms) else { throw DomainError(field: "kg", rule: "must be a whole number of kg from 1 to 100000000") }
        return try change(.recordUsageIn) { database in
            _ = try requireMerchant(merchantID, database, field: "merchant_id")
            let room = try Self.requireUnit(roomCode, database, on: date, field: "room")
            guard let capacity = room.coldRoom?.capacityKilograms else { throw ServiceError.conflict("\(roomCode) is a \(room.kind.rawValue), not a cold room", field: "room") }
            if room.isOutOfService { throw ServiceError.conflict("cold room \(roomCode) is out of service", field: "room") }
            let stored = try database.usageRecords(unitID: room.id).filter { $0.outOn.map { $0 >= date } ?? true }.reduce(Int64(0)) { $0 + $1.kilograms }
            guard stored + kilograms <= capacity else {
                throw ServiceError.conflict("cold room \(roomCode) holds \(stored) kg of its \(capacity) kg on or after \(date); \(kilograms) kg more do not fit", field: "kg")
            }
            let id = try database.insertUsage(merchantID: merchantID, unitID: room.id, kilograms: kilograms, on: date, createdAt: clock.timestamp())
            try log(database, "usage.in", "usage \(id)", .object([("room", .string(roomCode)), ("kg", .integer(kilograms))]))
            return try Self.usage(id, database)
        }
    }

    /// Records the goods of a usage record out on `date` (that day is still charged).
    package func usageOut(id: Int64, on date: CalendarDate) throws -> UsageRecord {
        try authorize(.recordUsageOut)
        try requireNotFuture(date, field: "on")
        return try change(.recordUsageOut) { database in
            let record = try Self.usage(id, database)
            if let out = record.outOn { throw ServiceError.conflict("usage \(id) was already taken out on \(out)") }
            guard date >= record.inOn else { throw DomainError(field: "on", rule: "must be on or after the day in, \(record.inOn)") }
            try database.closeUsage(id: id, on: date)
            try log(database, "usage.out", "usage \(id)", .object([("on", .string(date.description))]))
            return try Self.usage(id, database)
        }
    }

    package func usageRecords() throws -> [UsageRecord] {
        try look(.listUsage) { database in try database.usageRecords().map(Self.usage) }
    }

    static func usage(_ id: Int64, _ database: Database) throws -> UsageRecord {
        guard let row = try database.usageRecords(id: id).first else { throw ServiceError.notFound("no usage record \(id)", field: "id") }
        return usage(row)
    }

    static func usage(_ row: Database.UsageRow) -> UsageRecord {
        UsageRecord(id: row.id, merchantID: row.merchantID, roomCode: row.unitCode, kilograms: row.kilograms, inOn: row.inOn, outOn: row.outOn,
                    merchantName: row.merchantName)
    }
}
