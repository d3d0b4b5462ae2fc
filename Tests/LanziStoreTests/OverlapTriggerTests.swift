import Foundation
import Testing
import LanziTestSupport
import LanziCore
@testable import LanziStore

/// The trigger `lease_units_no_overlap`, driven with plain SQL as any client could write it:
/// no unit is in two leases whose dates (inclusive, shortened by a termination) overlap.
struct OverlapTriggerTests {
    /// A database with merchant 1, units 1 (S-001) and 2 (S-002), and lease 1 holding unit 1
    /// from 2026-01-01 through 2026-12-31.
    static func makeRegister(in folder: URL) throws -> Database {
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        try StoreFixture.insertRawUnit(database, id: 1, code: "S-001")
        try StoreFixture.insertRawUnit(database, id: 2, code: "S-002")
        try StoreFixture.insertRawLease(database, id: 1, start: "2026-01-01", end: "2026-12-31")
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 1, unitID: 1)
        return database
    }

    @Test("a second lease of the unit on an overlapping day is refused with lease_overlap", arguments: [
        ("2026-12-31", "2027-06-30"),   // starts on the held lease's last day
        ("2025-06-01", "2026-01-01"),   // ends on its first day
        ("2026-03-01", "2026-04-30"),   // inside it
        ("2025-01-01", "2027-12-31"),   // around it
        ("2026-01-01", "2026-12-31"),   // the very same days
        ("2026-07-15", "2026-07-15"),   // one day inside it
    ])
    func overlapRefused(start: String, end: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        try StoreFixture.insertRawLease(database, id: 2, start: start, end: end)

        let error = StoreFixture.sqliteError { try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1) }
        #expect(error?.code.primary == .constraint)
        #expect(error?.code.rawValue == 1811)   // SQLITE_CONSTRAINT_TRIGGER
        #expect(error?.message.hasPrefix("lease_overlap:") == true)
        #expect(error?.isRaised(by: "lease_overlap") == true)
        #expect(error?.sql?.contains("INSERT INTO lease_units") == true)
        #expect(try database.rows("SELECT lease_id FROM lease_units WHERE unit_id = 1").map { try $0.int64("lease_id") } == [1])
    }

    @Test("a lease that starts the day after, or ends the day before, is allowed", arguments: [
        ("2027-01-01", "2027-12-31"),
        ("2025-01-01", "2025-12-31"),
        ("2027-01-01", "2027-01-01"),
    ])
    func adjacentAllowed(start: String, end: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        try StoreFixture.insertRawLease(database, id: 2, start: start, end: end)
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1)
        #expect(try database.rows("SELECT lease_id FROM lease_units WHERE unit_id = 1 ORDER BY lease_id").map { try $0.int64("lease_id") } == [1, 2])
    }

    @Test("another unit on the same days is no overlap; one lease may hold two units")
    func otherUnitAllowed() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        try StoreFixture.insertRawLease(database, id: 2, start: "2026-01-01", end: "2026-12-31")
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 2)
        try StoreFixture.insertRawLease(database, id: 3, start: "2027-01-01", end: "2027-12-31")
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 3, unitID: 1)
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 3, unitID: 2)
        #expect(try StoreFixture.count(database, "lease_units") == 4)

        // Lease 1 taking unit 2 as well would overlap lease 2 on it.
        let error = StoreFixture.sqliteError { try StoreFixture.insertRawLeaseUnit(database, leaseID: 1, unitID: 2) }
        #expect(error?.isRaised(by: "lease_overlap") == true)
        #expect(try StoreFixture.count(database, "lease_units") == 4)
    }

    @Test("a terminated lease is shortened: a later lease fits after its new last day, not on it")
    func terminationShortensHeldLease() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        try StoreFixture.insertRawLease(database, id: 2, start: "2026-07-01", end: "2027-06-30")
        #expect(StoreFixture.sqliteError { try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1) }?
            .isRaised(by: "lease_overlap") == true)

        try StoreFixture.insertRawTermination(database, leaseID: 1, on: "2026-06-30")
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1)

        try StoreFixture.insertRawLease(database, id: 3, start: "2026-06-30", end: "2026-06-30")
        let error = StoreFixture.sqliteError { try StoreFixture.insertRawLeaseUnit(database, leaseID: 3, unitID: 1) }
        #expect(error?.message.hasPrefix("lease_overlap:") == true)
        #expect(try database.rows("SELECT lease_id FROM lease_units WHERE unit_id = 1 ORDER BY lease_id").map { try $0.int64("lease_id") } == [1, 2])
    }

    @Test("the new lease's own termination counts too")
    func newLeaseTerminationCounts() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        // Signed through 2026-03-31, but ended on 2025-12-31 before its units were recorded.
        try StoreFixture.insertRawLease(database, id: 2, start: "2025-06-01", end: "2026-03-31")
        try StoreFixture.insertRawTermination(database, leaseID: 2, on: "2025-12-31")
        try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1)
        #expect(try StoreFixture.count(database, "lease_units") == 2)
    }

    @Test("the trigger holds for a statement inside a transaction: the transaction rolls back whole")
    func overlapInsideTransaction() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        let error = StoreFixture.sqliteError {
            try database.transaction(writing: true) {
                try StoreFixture.insertRawLease(database, id: 2, start: "2026-06-01", end: "2027-05-31")
                try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 2)   // free
                try StoreFixture.insertRawLeaseUnit(database, leaseID: 2, unitID: 1)   // taken by lease 1
            }
        }
        #expect(error?.isRaised(by: "lease_overlap") == true)
        #expect(try StoreFixture.count(database, "leases") == 1)
        #expect(try StoreFixture.count(database, "lease_units") == 1)
    }

    // MARK: The stock sqlite3 shell, an independent client in another process

    /// Runs `sql` through the sqlite3 shell on `path`: its exit status and its standard error.
    /// Without the shell the test is skipped, or fails under CI (`ExternalTool`'s rule).
    static func runShell(_ path: String, _ sql: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try ExternalTool.sqlite3.require()
        process.arguments = ["-bail", path, sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test("the sqlite3 shell, as a second process, cannot insert an overlapping lease either")
    func shellRefusesOverlap() throws {
        _ = try ExternalTool.sqlite3.require()
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        try StoreFixture.insertRawLease(database, id: 2, start: "2026-12-01", end: "2027-11-30")
        try StoreFixture.insertRawLease(database, id: 3, start: "2027-01-01", end: "2027-12-31")

        // Our connection stays open beside the shell, as a running server's would.
        let refused = try Self.runShell(database.path, "INSERT INTO lease_units (lease_id, unit_id) VALUES (2, 1);")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("lease_overlap: the unit is already in a lease whose dates overlap"))

        // A control, so that the refusal above is the trigger's and not a shell that cannot
        // write: the adjacent lease goes in through the same shell.
        let accepted = try Self.runShell(database.path, "INSERT INTO lease_units (lease_id, unit_id) VALUES (3, 1);")
        #expect(accepted.status == 0, "sqlite3 said: \(accepted.errors)")
        #expect(try database.rows("SELECT lease_id FROM lease_units WHERE unit_id = 1 ORDER BY lease_id").map { try $0.int64("lease_id") } == [1, 3])

        // And the shell sees what we wrote.
        let read = try Self.runShell(database.path, "SELECT count(*) FROM leases;")
        #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    @Test("the sqlite3 shell cannot edit a lease or delete from the activity log")
    func shellRefusesEdits() throws {
        _ = try ExternalTool.sqlite3.require()
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        try database.logActivity(actor: "test", at: "2026-01-01T00:00:00.000Z", action: "lease.create", subject: "lease 1")

        let edit = try Self.runShell(database.path, "UPDATE leases SET rent_fen = 1 WHERE id = 1;")
        #expect(edit.status != 0)
        #expect(edit.errors.contains("immutable: leases are never edited"))
        let delete = try Self.runShell(database.path, "DELETE FROM activity_log;")
        #expect(delete.status != 0)
        #expect(delete.errors.contains("immutable: the activity log is append-only"))
        #expect(try database.row("SELECT rent_fen FROM leases WHERE id = 1")?.int64("rent_fen") == 50_000)
        #expect(try database.activityCount() == 1)
    }

    @Test("the sqlite3 shell, whose foreign keys are off, still cannot insert a lease of no merchant")
    func shellRefusesDanglingReferences() throws {
        _ = try ExternalTool.sqlite3.require()
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        let before = try StoreFixture.count(database, "leases")
        let refused = try Self.runShell(database.path, """
            INSERT INTO leases (merchant_id, starts_on, ends_on, rent_fen, billing_cycle, management_fee_kind, management_fee_fen,
                deposit_fen, free_months, escalation_bp, due_day, grace_days, late_fee_bp, late_fee_cap_bp, created_at)
            VALUES (4242, '2026-01-01', '2026-12-31', 100, 'monthly', 'none', 0, 0, 0, 0, 5, 0, 0, 10000, 'x');
            """)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("foreign_key: a lease needs a registered merchant"))
        let noUnit = try Self.runShell(database.path, "INSERT INTO lease_units (lease_id, unit_id) VALUES (1, 999);")
        #expect(noUnit.errors.contains("foreign_key: a lease unit needs its lease and its unit"))
        #expect(try StoreFixture.count(database, "leases") == before)
    }
}
