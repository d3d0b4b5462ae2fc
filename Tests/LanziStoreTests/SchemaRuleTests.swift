import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// The rules the schema itself enforces, whoever writes: records that are never edited,
/// terminations inside their lease, and CHECK constraints.
struct SchemaRuleTests {
    /// Lease 1 (unit 1, 2026), terminated on 2026-06-30, and one activity line.
    static func makeRegister(in folder: URL) throws -> Database {
        let database = try OverlapTriggerTests.makeRegister(in: folder)
        try StoreFixture.insertRawTermination(database, leaseID: 1, on: "2026-06-30")
        try database.logActivity(actor: "cli:test", at: "2026-01-01T00:00:00.000Z", action: "lease.create", subject: "lease 1", detail: "{}")
        return database
    }

    /// Everything that the immutability triggers guard, as one comparable text.
    static func snapshot(_ database: Database) throws -> [String] {
        var lines: [String] = []
        for table in ["leases", "lease_units", "lease_terminations", "activity_log"] {
            for row in try database.rows("SELECT * FROM \(table) ORDER BY 1") {
                lines.append(table + ": " + row.values.map { "\($0)" }.joined(separator: "|"))
            }
        }
        return lines
    }

    @Test("leases, their units, terminations and the activity log are never edited or deleted", arguments: [
        ("UPDATE leases SET rent_fen = 1 WHERE id = 1", "immutable: leases are never edited"),
        ("UPDATE leases SET ends_on = '2027-12-31'", "immutable: leases are never edited"),
        ("DELETE FROM leases WHERE id = 1", "immutable: leases are never deleted"),
        ("UPDATE lease_units SET unit_id = 2", "immutable: a lease's units are never changed"),
        ("DELETE FROM lease_units", "immutable: a lease's units are never removed"),
        ("UPDATE lease_terminations SET ends_on = '2026-03-31'", "immutable: terminations are never edited"),
        ("DELETE FROM lease_terminations", "immutable: terminations are never deleted"),
        ("UPDATE activity_log SET actor = 'someone else'", "immutable: the activity log is append-only"),
        ("DELETE FROM activity_log", "immutable: the activity log is append-only"),
    ])
    func immutableRecords(sql: String, message: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        let before = try Self.snapshot(database)
        #expect(before.count == 4)

        let error = StoreFixture.sqliteError { try database.run(sql) }
        #expect(error?.code.primary == .constraint)
        #expect(error?.message.hasPrefix(message) == true, "got \(String(describing: error))")
        #expect(error?.isRaised(by: "immutable") == true)
        #expect(try Self.snapshot(database) == before)
    }

    @Test("a termination outside its lease is refused", arguments: [
        "2025-12-31",   // before the start
        "2026-12-31",   // on the signed end: nothing to shorten
        "2027-01-15",   // after the end
    ])
    func terminationOutsideLease(day: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try OverlapTriggerTests.makeRegister(in: folder)
        let error = StoreFixture.sqliteError { try StoreFixture.insertRawTermination(database, leaseID: 1, on: day) }
        #expect(error?.code.primary == .constraint)
        #expect(error?.message.hasPrefix("termination_outside_lease:") == true)
        #expect(try StoreFixture.count(database, "lease_terminations") == 0)
    }

    @Test("a termination on the first day, or the day before the end, is inside the lease", arguments: ["2026-01-01", "2026-12-30"])
    func terminationInsideLease(day: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try OverlapTriggerTests.makeRegister(in: folder)
        try StoreFixture.insertRawTermination(database, leaseID: 1, on: day)
        #expect(try database.lease(id: 1)?.termination?.endsOn == StoreFixture.date(day))
    }

    @Test("a termination of a lease that does not exist is refused")
    func terminationOfMissingLease() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try OverlapTriggerTests.makeRegister(in: folder)
        let error = StoreFixture.sqliteError { try StoreFixture.insertRawTermination(database, leaseID: 99, on: "2026-03-01") }
        #expect(error?.code.primary == .constraint)
        #expect(try StoreFixture.count(database, "lease_terminations") == 0)
    }

    @Test("a second termination of the same lease is refused")
    func secondTermination() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.makeRegister(in: folder)
        let error = StoreFixture.sqliteError { try StoreFixture.insertRawTermination(database, leaseID: 1, on: "2026-05-31") }
        #expect(error?.code.primary == .constraint)
        #expect(try database.lease(id: 1)?.termination?.endsOn == StoreFixture.date("2026-06-30"))
    }

    static let unitColumns = "INSERT INTO units (code, kind, area_m2_hundredths, building, capacity_kg, created_at) VALUES "

    @Test("CHECK constraints refuse units that break the register's rules", arguments: [
        "('C1-01', 'cold_room', 6000, NULL, NULL, 't')",          // a cold room without building or capacity
        "('C1-01', 'cold_room', 6000, '1号冷库', NULL, 't')",      // a cold room without capacity
        "('C1-01', 'cold_room', 6000, NULL, 30000, 't')",          // a cold room without building
        "('S-001', 'shop', 2000, '1号冷库', 30000, 't')",          // a shop with building and capacity
        "('S-001', 'shop', 2000, '1号冷库', NULL, 't')",           // a shop with a building
        "('T-001', 'stall', 600, NULL, 500, 't')",                 // a stall with a capacity
        "('K-001', 'kiosk', 600, NULL, NULL, 't')",                // a kind that does not exist
        "('S-001', 'shop', 0, NULL, NULL, 't')",                   // no area
        "('s-001', 'shop', 2000, NULL, NULL, 't')",                // a lower-case code
        "('C1-01', 'cold_room', 6000, '1号冷库', 0, 't')",         // no capacity
    ])
    func unitChecks(values: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let error = StoreFixture.sqliteError { try database.run(Self.unitColumns + values) }
        #expect(error?.code.primary == .constraint)
        #expect(error?.code.rawValue == 275)   // SQLITE_CONSTRAINT_CHECK
        #expect(error?.message.contains("CHECK constraint failed") == true)
        #expect(try StoreFixture.count(database, "units") == 0)
    }

    @Test("the same CHECKs accept a proper shop, stall and cold room")
    func unitChecksAcceptGoodRows() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try database.run(Self.unitColumns + "('S-001', 'shop', 2000, NULL, NULL, 't')")
        try database.run(Self.unitColumns + "('T-001', 'stall', 600, NULL, NULL, 't')")
        try database.run(Self.unitColumns + "('C1-01', 'cold_room', 6000, '1号冷库', 30000, 't')")
        #expect(try StoreFixture.count(database, "units") == 3)
    }

    @Test("CHECK constraints refuse leases that break the register's rules", arguments: [
        ("rent_fen", "-1"),
        ("due_day", "29"),
        ("due_day", "0"),
        ("ends_on", "'2025-12-31'"),      // before the start
        ("starts_on", "'2026/01/01'"),
        ("escalation_bp", "10001"),
        ("grace_days", "91"),
        ("billing_cycle", "'weekly'"),
        ("management_fee_fen", "500"),    // a fee amount with kind 'none'
        ("free_months", "-1"),
        ("deposit_fen", "-100"),
    ])
    func leaseChecks(column: String, value: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        var values: [String: String] = [
            "merchant_id": "1", "starts_on": "'2026-01-01'", "ends_on": "'2026-12-31'", "rent_fen": "50000",
            "billing_cycle": "'monthly'", "management_fee_kind": "'none'", "management_fee_fen": "0", "deposit_fen": "0",
            "free_months": "0", "escalation_bp": "0", "due_day": "28", "grace_days": "0", "late_fee_bp": "0",
            "late_fee_cap_bp": "10000", "created_at": "'t'",
        ]
        let columns = values.keys.sorted()
        func insert() throws {
            try database.run("INSERT INTO leases (\(columns.joined(separator: ", "))) VALUES (\(columns.map { values[$0]! }.joined(separator: ", ")))")
        }
        // The row as given is good (due day 28 is allowed); only the one bad value breaks it.
        try insert()
        #expect(try StoreFixture.count(database, "leases") == 1)
        values[column] = value
        let error = StoreFixture.sqliteError { try insert() }
        #expect(error?.code.rawValue == 275, "got \(String(describing: error))")   // SQLITE_CONSTRAINT_CHECK
        #expect(try StoreFixture.count(database, "leases") == 1)
    }

    @Test("references are enforced: a lease of a merchant that does not exist is refused")
    func foreignKeys() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let error = StoreFixture.sqliteError { try StoreFixture.insertRawLease(database, id: 1, merchantID: 42, start: "2026-01-01", end: "2026-12-31") }
        // The guard trigger of 0005 answers before the foreign key does, so that a client
        // with foreign keys off is refused too (see the sqlite3 shell test below).
        #expect(error?.code.primary == .constraint, "got \(String(describing: error))")
        #expect(error?.message.hasPrefix("foreign_key:") == true)
        #expect(try StoreFixture.count(database, "leases") == 0)
    }

    @Test("one database holds one market")
    func oneMarket() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try database.run("INSERT INTO markets (id, code, name, operator_name, collective_name, created_at) VALUES (1, 'BWG', 'n', 'o', 'c', 't')")
        let error = StoreFixture.sqliteError {
            try database.run("INSERT INTO markets (id, code, name, operator_name, collective_name, created_at) VALUES (2, 'XYZ', 'n', 'o', 'c', 't')")
        }
        #expect(error?.code.rawValue == 275)
        #expect(try StoreFixture.count(database, "markets") == 1)
    }
}
