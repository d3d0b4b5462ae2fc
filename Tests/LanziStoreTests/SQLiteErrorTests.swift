import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// `SQLiteError` and `ResultCode`: matching in `catch`, and what an error carries.
struct SQLiteErrorTests {
    @Test("`catch ResultCode.constraint` catches a constraint error, whatever its extended code")
    func catchByResultCode() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawUnit(database, id: 1, code: "S-001")

        var caught = "nothing"
        do {
            try StoreFixture.insertRawUnit(database, id: 2, code: "S-001")
        } catch ResultCode.busy {
            caught = "busy"
        } catch ResultCode.constraint {
            caught = "constraint"
        } catch {
            caught = "other: \(error)"
        }
        #expect(caught == "constraint")

        var caughtSyntax = "nothing"
        do {
            _ = try database.rows("SELEC 1")
        } catch ResultCode.constraint {
            caughtSyntax = "constraint"
        } catch ResultCode.error {
            caughtSyntax = "error"
        } catch {
            caughtSyntax = "other"
        }
        #expect(caughtSyntax == "error")
    }

    @Test("~= compares primary codes and matches only SQLiteError")
    func patternMatching() {
        let trigger = SQLiteError(code: ResultCode(rawValue: 1811), message: "lease_overlap: x")   // SQLITE_CONSTRAINT_TRIGGER
        #expect(ResultCode.constraint ~= trigger)
        #expect(!(ResultCode.busy ~= trigger))
        #expect(ResultCode(rawValue: 1811).primary == .constraint)
        #expect(ResultCode(rawValue: 1811) != .constraint)
        #expect(!(ResultCode.constraint ~= DeliberateFailure()))
        #expect(!(ResultCode.constraint ~= MigrationError.badFileName("x")))
        #expect(trigger.isRaised(by: "lease_overlap"))
        #expect(!trigger.isRaised(by: "lease"))                 // the tag is the whole word before ':'
        #expect(!trigger.isRaised(by: "immutable"))
        #expect(!SQLiteError(code: .error, message: "lease_overlap: x").isRaised(by: "lease_overlap"))
    }

    @Test("a failed statement carries the extended code, SQLite's message and the SQL")
    func errorCarriesSQLAndMessage() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawUnit(database, id: 1, code: "S-001")
        let sql = "INSERT INTO units (code, kind, area_m2_hundredths, created_at) VALUES (?, 'shop', 100, 't')"

        let error = StoreFixture.sqliteError { try database.run(sql, ["S-001"]) }
        #expect(error?.code.rawValue == 2067)   // SQLITE_CONSTRAINT_UNIQUE
        #expect(error?.message == "UNIQUE constraint failed: units.code")
        #expect(error?.sql == sql)
        #expect(error?.description.contains("UNIQUE constraint failed: units.code") == true)
        #expect(error?.description.contains(sql) == true)
        #expect(error?.description.contains("2067") == true)
    }

    @Test("a statement that does not compile carries its SQL and SQLite's message")
    func syntaxError() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let error = StoreFixture.sqliteError { _ = try database.rows("SELECT something FROM nowhere") }
        #expect(error?.code == .error)
        #expect(error?.message == "no such table: nowhere")
        #expect(error?.sql == "SELECT something FROM nowhere")

        let scriptError = StoreFixture.sqliteError { try database.execute("CREATE TABLE a (x); CREATE TABLE a (x);") }
        #expect(scriptError?.message == "table a already exists")
        #expect(scriptError?.sql == "CREATE TABLE a (x); CREATE TABLE a (x);")
    }

    @Test("the wrong number of arguments is refused before anything runs")
    func argumentCount() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let sql = "INSERT INTO units (code, kind, area_m2_hundredths, created_at) VALUES (?, 'shop', 100, ?)"
        let error = StoreFixture.sqliteError { try database.run(sql, ["S-001"]) }
        #expect(error?.code == .error)
        #expect(error?.message == "the statement takes 2 arguments, got 1")
        #expect(error?.sql == sql)
        #expect(try StoreFixture.count(database, "units") == 0)
        // The cached statement is fine afterwards.
        try database.run(sql, ["S-001", "t"])
        #expect(try StoreFixture.count(database, "units") == 1)
    }

    @Test("Row accessors read what is there and throw a mismatch for a wrong type")
    func rowAccessors() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        let row = try #require(try database.row("""
            SELECT 'S-001' AS code, 42 AS number, NULL AS empty, '2026-02-30' AS bad_day, '2026-02-28' AS good_day,
                1.5 AS real, 0 AS flag, x'0102' AS bytes
            """))
        #expect(try row.text("code") == "S-001")
        #expect(try row.int64("number") == 42)
        #expect(try row.int("number") == 42)
        #expect(try row.money("number") == Money(fen: 42))
        #expect(try row.bool("flag") == false)
        #expect(try row.bool("number") == true)
        #expect(try row.optionalInt64("empty") == nil)
        #expect(try row.optionalText("empty") == nil)
        #expect(try row.optionalDate("empty") == nil)
        #expect(try row.date("good_day") == StoreFixture.date("2026-02-28"))
        #expect(row["bytes"] == .blob([1, 2]))
        #expect(row["real"] == .real(1.5))

        func mismatch(_ body: () throws -> Void) -> SQLiteError? {
            let error = StoreFixture.sqliteError(body)
            #expect(error?.code == .mismatch)
            return error
        }
        #expect(mismatch { _ = try row.int64("code") }?.message.contains("column code") == true)
        #expect(mismatch { _ = try row.text("number") }?.message.contains("not text") == true)
        #expect(mismatch { _ = try row.int64("empty") } != nil)
        #expect(mismatch { _ = try row.text("empty") } != nil)
        #expect(mismatch { _ = try row.int64("real") } != nil)
        #expect(mismatch { _ = try row.optionalInt64("code") } != nil)
        #expect(mismatch { _ = try row.date("bad_day") }?.message.contains("not a date") == true)
        #expect(mismatch { _ = try row.date("number") } != nil)
        #expect(mismatch { _ = try row.money("code") } != nil)
    }

    @Test("a cursor's accessors read the row in place as Row's do, and throw a mismatch naming the column for a wrong type")
    func cursorAccessors() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        var rows = 0
        try database.scan("""
            SELECT 'S-001' AS code, 42 AS number, NULL AS empty, '2026-02-30' AS bad_day, '2026-02-28' AS good_day,
                1.5 AS real, x'0102' AS bytes, x'' AS no_bytes, '' AS no_text
            """) { (row: borrowing RowCursor) throws in
            rows += 1
            #expect(try row.text(at: 0) == "S-001")
            #expect(try row.int64(at: 1) == 42)
            #expect(try row.money(at: 1) == Money(fen: 42))
            #expect(try row.optionalInt64(at: 2) == nil)
            #expect(try row.optionalInt64(at: 1) == 42)
            #expect(try row.optionalText(at: 2) == nil)
            #expect(try row.optionalText(at: 0) == "S-001")
            #expect(try row.optionalDate(at: 2) == nil)
            #expect(try row.date(at: 4) == StoreFixture.date("2026-02-28"))
            #expect(try row.optionalDate(at: 4) == StoreFixture.date("2026-02-28"))
            #expect(try row.blob(at: 6) == [1, 2])
            #expect(try row.blob(at: 7) == [])
            #expect(try row.text(at: 8) == "")

            func mismatch(_ body: () throws -> Void) -> SQLiteError? {
                let error = StoreFixture.sqliteError(body)
                #expect(error?.code == .mismatch)
                return error
            }
            #expect(mismatch { _ = try row.int64(at: 0) }?.message.contains("column code") == true)
            #expect(mismatch { _ = try row.text(at: 1) }?.message.contains("column number does not hold text") == true)
            #expect(mismatch { _ = try row.int64(at: 2) } != nil)
            #expect(mismatch { _ = try row.text(at: 2) } != nil)
            #expect(mismatch { _ = try row.int64(at: 5) } != nil)
            #expect(mismatch { _ = try row.blob(at: 0) } != nil)
            #expect(mismatch { _ = try row.optionalInt64(at: 0) } != nil)
            #expect(mismatch { _ = try row.date(at: 3) }?.message.contains("column bad_day does not hold a date") == true)
            #expect(mismatch { _ = try row.optionalDate(at: 1) } != nil)
        }
        #expect(rows == 1)
        // A query nested in a scan of its own statement gets a statement of its own.
        var inner: [Int64] = []
        try database.scan("SELECT value FROM json_each('[1,2]')") { row in
            let outer = try row.int64(at: 0)
            try database.scan("SELECT value FROM json_each('[1,2]')") { inner.append(outer * 10 + (try $0.int64(at: 0))) }
        }
        #expect(inner == [11, 12, 21, 22])
    }

    @Test("a repository reading a row changed behind its back throws a mismatch, not a wrong value")
    func repositoryMismatch() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        // SQLite's flexible typing lets another client store text in an integer column.
        try database.run("INSERT INTO units (code, kind, phase, area_m2_hundredths, created_at) VALUES ('S-001', 'shop', 1, 'twenty', 't')")
        let error = StoreFixture.sqliteError { _ = try database.units(on: StoreFixture.date("2026-01-01")) }
        #expect(error?.code == .mismatch)
        #expect(error?.message.contains("area_m2_hundredths") == true)
    }
}
