import Foundation
import Testing
import LanziTestSupport
import LanziCore
@testable import LanziStore

/// What the store tests share: the repository's real `schema/` folder, a throwaway folder
/// per test, and a database brought up to date with the real migrations.
enum StoreFixture {
    /// `schema/` at the top of the repository, found from this file's path.
    static let schemaDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // LanziStoreTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // the repository
        .appendingPathComponent("schema", isDirectory: true)

    /// FNV-1a (64 bit) of the bytes, in hex. The migrator only compares the strings it is
    /// given, so any deterministic hash serves in these tests.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A new empty folder under the system's temporary folder; the caller removes it.
    static func makeTemporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lanzi-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The real migrations of `schema/`.
    static func realMigrations() throws -> [Migration] {
        try Migration.load(from: schemaDirectory, checksum: fnv1a)
    }

    /// A new database file in `folder` with every real migration applied.
    static func makeDatabase(in folder: URL, name: String = "register.db") throws -> Database {
        let database = try Database(path: folder.appendingPathComponent(name).path, create: true)
        try Migrator.migrate(database, to: try realMigrations(), appliedAt: "2026-01-01T00:00:00.000Z")
        return database
    }

    /// Copies `schema/` into `folder`/schema so that a test may change or add files.
    static func copySchema(into folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("schema", isDirectory: true)
        try FileManager.default.copyItem(at: schemaDirectory, to: copy)
        return copy
    }

    /// What the stock `sqlite3` shell prints for `sql` on the database at `path`, without the
    /// last newline: a reader that shares none of the store's code. Without the shell the
    /// test is skipped, or fails under CI (`ExternalTool`'s rule).
    static func sqlite3(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = try ExternalTool.sqlite3.require()
        process.arguments = [path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    static func date(_ text: String) -> CalendarDate {
        try! CalendarDate.parse(text, field: "test")
    }

    // MARK: Raw rows, written with plain SQL as any other client could

    static func count(_ database: Database, _ table: String) throws -> Int64 {
        try database.row("SELECT count(*) AS n FROM \(table)")!.int64("n")
    }

    static func tableNames(_ database: Database) throws -> [String] {
        try database.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { try $0.text("name") }
    }

    static func insertRawMerchant(_ database: Database, id: Int64, name: String = "李春华") throws {
        try database.run("INSERT INTO merchants (id, name, phone, created_at) VALUES (?, ?, '13800000000', '2026-01-01T00:00:00Z')",
                         [.integer(id), .text(name)])
    }

    static func insertRawUnit(_ database: Database, id: Int64, code: String) throws {
        try database.run("INSERT INTO units (id, code, kind, area_m2_hundredths, created_at) VALUES (?, ?, 'shop', 2000, '2026-01-01T00:00:00Z')",
                         [.integer(id), .text(code)])
    }

    /// A lease row with plain terms; its units are added with `insertRawLeaseUnit`.
    static func insertRawLease(_ database: Database, id: Int64, merchantID: Int64 = 1, start: String, end: String,
                               rentFen: Int64 = 50_000, dueDay: Int64 = 5) throws {
        try database.run("""
            INSERT INTO leases (id, merchant_id, starts_on, ends_on, rent_fen, billing_cycle, management_fee_kind,
                management_fee_fen, deposit_fen, free_months, escalation_bp, due_day, grace_days, late_fee_bp,
                late_fee_cap_bp, created_at)
            VALUES (?, ?, ?, ?, ?, 'monthly', 'none', 0, 0, 0, 0, ?, 0, 0, 10000, '2026-01-01T00:00:00Z')
            """, [.integer(id), .integer(merchantID), .text(start), .text(end), .integer(rentFen), .integer(dueDay)])
    }

    static func insertRawLeaseUnit(_ database: Database, leaseID: Int64, unitID: Int64) throws {
        try database.run("INSERT INTO lease_units (lease_id, unit_id) VALUES (?, ?)", [.integer(leaseID), .integer(unitID)])
    }

    static func insertRawTermination(_ database: Database, leaseID: Int64, on day: String) throws {
        try database.run("INSERT INTO lease_terminations (lease_id, ends_on, reason, recorded_at) VALUES (?, ?, 'test', '2026-01-01T00:00:00Z')",
                         [.integer(leaseID), .text(day)])
    }

    /// The SQLite error that `body` throws, or nil when it throws none (or another kind).
    static func sqliteError(_ body: () throws -> Void) -> SQLiteError? {
        do {
            try body()
            return nil
        } catch let error as SQLiteError {
            return error
        } catch {
            return nil
        }
    }
}

/// An error of the tests' own, to make a transaction fail on purpose.
struct DeliberateFailure: Error, Equatable {}
