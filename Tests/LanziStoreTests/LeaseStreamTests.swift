import Testing
import LanziCore
@testable import LanziStore

/// The billing run reads leases one at a time with their units (one row per unit, grouped
/// here); these rows are written with plain SQL as any other client could.
@Suite("streaming the leases of a period")
struct LeaseStreamTests {
    private static func register(in database: Database) throws {
        try StoreFixture.insertRawMerchant(database, id: 1)
        for (id, code) in [(1, "S-02"), (2, "S-01"), (3, "S-03"), (4, "S-04"), (5, "S-05")] as [(Int64, String)] {
            try StoreFixture.insertRawUnit(database, id: id, code: code)
        }
        try StoreFixture.insertRawLease(database, id: 1, start: "2026-01-01", end: "2026-12-31")
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 1, unitID: 1)
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 1, unitID: 2)
        try StoreFixture.insertRawLease(database, id: 2, start: "2026-01-01", end: "2026-12-31")   // ends before March
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 3)
        try StoreFixture.insertRawTermination(database, leaseID: 2, on: "2026-02-28")
        try StoreFixture.insertRawLease(database, id: 3, start: "2026-04-01", end: "2026-12-31")   // starts after March
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 3, unitID: 4)
        try StoreFixture.insertRawLease(database, id: 4, start: "2026-03-31", end: "2026-03-31")   // one day of March
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 4, unitID: 5)
    }

    @Test("only leases running on a day of the period, in id order, each with its units in code order")
    func streamsTheActiveLeases() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try Self.register(in: database)
        var seen: [String] = []
        try database.forEachLease(activeIn: Period(year: 2026, month: 3)!) { lease in
            seen.append("\(lease.id): \(lease.units.map(\.code).joined(separator: ",")) \(lease.startsOn)…\(lease.lastDay)")
        }
        #expect(seen == ["1: S-01,S-02 2026-01-01…2026-12-31", "4: S-05 2026-03-31…2026-03-31"])
        var february: [Int64] = []
        try database.forEachLease(activeIn: Period(year: 2026, month: 2)!) { february.append($0.id) }
        #expect(february == [1, 2], "the terminated lease runs to its last day in February")
    }

    @Test("a lease without units, which only another writer can make, stops the stream with its id")
    func refusesALeaseWithoutUnits() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try Self.register(in: database)
        try StoreFixture.insertRawLease(database, id: 5, start: "2026-03-01", end: "2026-03-31")
        let error = StoreFixture.sqliteError {
            try database.forEachLease(activeIn: Period(year: 2026, month: 3)!) { _ in }
        }
        #expect(error?.code == .mismatch)
        #expect(error?.message == "lease 5 has no units")
    }
}
