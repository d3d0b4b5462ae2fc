import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// The guards of `lease_cancellations` (schema/0008), driven with plain SQL as any client could
/// write it: a lease with a bill, a termination or a renewal is never cancelled; a cancelled
/// lease holds no unit, is not terminated afterwards, and its cancellation is never changed.
struct CancellationTriggerTests {
    static func cancel(_ database: Database, leaseID: Int64) throws {
        try database.run("INSERT INTO lease_cancellations (lease_id, reason, recorded_at) VALUES (?, '录错', '2026-01-01T00:00:00.000Z')",
                         [.integer(leaseID)])
    }

    @Test("a cancelled lease's unit may be leased again on the same days; before the cancellation it may not")
    func cancelledLeaseHoldsNothing() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try OverlapTriggerTests.makeRegister(in: folder)
        try StoreFixture.insertRawLease(database, id: 2, start: "2026-03-01", end: "2026-04-30")
        #expect(StoreFixture.sqliteError { try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1) }?.isRaised(by: "lease_overlap") == true)
        try Self.cancel(database, leaseID: 1)
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1)
        #expect(try database.rows("SELECT lease_id FROM lease_units WHERE unit_id = 1 ORDER BY lease_id").map { try $0.int64("lease_id") } == [1, 2])
        #expect(try database.leasesHolding(unitID: 1, from: CalendarDate(year: 2026, month: 1, day: 1)!, through: CalendarDate(year: 2026, month: 12, day: 31)!) == [2])
        #expect(try database.lease(id: 1)?.cancellation?.reason == "录错")
    }

    @Test("a lease with a bill, a termination or a renewal is not cancelled; a cancelled one is not terminated")
    func guards() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try OverlapTriggerTests.makeRegister(in: folder)
        try database.run("""
            INSERT INTO bills (id, number, kind, merchant_id, lease_id, period, issued_on, due_on, total_fen, created_at)
            VALUES (1, 'TST-B2026-000001', 'regular', 1, 1, '2026-01', '2026-01-01', '2026-01-05', 100, '2026-01-01T00:00:00.000Z')
            """)
        #expect(StoreFixture.sqliteError { try Self.cancel(database, leaseID: 1) }?.isRaised(by: "lease_billed") == true)

        try StoreFixture.insertRawLease(database, id: 2, start: "2027-01-01", end: "2027-12-31")
        try StoreFixture.insertRawTermination(database, leaseID: 2, on: "2027-06-30")
        #expect(StoreFixture.sqliteError { try Self.cancel(database, leaseID: 2) }?.isRaised(by: "lease_ended") == true)
        #expect(StoreFixture.sqliteError { try Self.cancel(database, leaseID: 99) }?.isRaised(by: "foreign_key") == true)

        try StoreFixture.insertRawLease(database, id: 3, start: "2028-01-01", end: "2028-12-31")
        try Self.cancel(database, leaseID: 3)
        #expect(StoreFixture.sqliteError { try StoreFixture.insertRawTermination(database, leaseID: 3, on: "2028-06-30") }?.isRaised(by: "lease_cancelled") == true)
        #expect(StoreFixture.sqliteError { try database.run("UPDATE lease_cancellations SET reason = 'x'") }?.isRaised(by: "immutable") == true)
        #expect(StoreFixture.sqliteError { try database.run("DELETE FROM lease_cancellations") }?.isRaised(by: "immutable") == true)
        #expect(StoreFixture.sqliteError { try database.run("INSERT INTO lease_cancellations (lease_id, reason, recorded_at) VALUES (1, ' ', 'x')") }?.code.primary == .constraint)
        #expect(try database.row("SELECT count(*) AS n FROM lease_cancellations")?.int64("n") == 1)
    }
}
