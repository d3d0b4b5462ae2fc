import Foundation
import Testing
@testable import LanziStore

/// The bulk writer binds text from its own buffer without copying and writes many rows per
/// statement; what it wrote is read back with the stock `sqlite3` shell, which shares none
/// of that code.
@Suite("row writer")
struct RowWriterTests {
    private static func scratch(in folder: URL) throws -> Database {
        let database = try Database(path: folder.appendingPathComponent("w.db").path, create: true)
        try database.execute("CREATE TABLE t (n INTEGER NOT NULL UNIQUE, label TEXT, note TEXT, amount INTEGER)")
        return database
    }

    @Test("250 rows go in as two full blocks and one of 50, text, empty text, NULL and Chinese intact")
    func writesEveryRow() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        var writer = try RowWriter(database, into: "t", columns: ["n", "label", "note", "amount"])
        for n in 0..<250 {
            writer.append(Int64(n))
            writer.append(n % 50 == 7 ? "" : "摊位 S-\(n)")
            writer.append(n % 3 == 0 ? nil : "note \(n)" as String?)
            writer.append(n % 5 == 0 ? nil : Int64(n * 100) as Int64?)
            try writer.endRow()
        }
        let path = database.path
        #expect(try StoreFixture.sqlite3(path, "SELECT count(*) FROM t") == "0", "nothing is written before the owner flushes")
        try writer.flush()
        try writer.flush()

        #expect(try StoreFixture.sqlite3(path, "SELECT count(*), sum(n), count(note), count(amount), sum(amount) FROM t")
                == "250|31125|166|200|2500000")
        // Σ n = 249·250/2; notes missing for n divisible by 3 (84 rows); amounts for n divisible by 5 (50 rows):
        // Σ amount = 100 · (31125 − 5 · Σ_{k<50} k) = 100 · (31125 − 6125).
        #expect(try StoreFixture.sqlite3(path, "SELECT label FROM t WHERE n IN (0, 99, 100, 249) ORDER BY n") == "摊位 S-0\n摊位 S-99\n摊位 S-100\n摊位 S-249")
        #expect(try StoreFixture.sqlite3(path, "SELECT count(*) FROM t WHERE label = '' AND typeof(label) = 'text'") == "5")
        #expect(try StoreFixture.sqlite3(path, "SELECT quote(note), quote(amount) FROM t WHERE n = 15") == "NULL|NULL")
    }

    @Test("a row with too few or too many values is refused and taken back; the next row keeps its columns")
    func refusesAMisshapenRow() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        var writer = try RowWriter(database, into: "t", columns: ["n", "label", "note", "amount"])
        writer.append(Int64(1))
        writer.append("short")
        #expect { try writer.endRow() } throws: { error in
            (error as? SQLiteError)?.code == .misuse && (error as? SQLiteError)?.message.contains("a row of 2 values for 4 columns") == true
        }
        for value in ["a", "b", "c", "d", "e"] { writer.append(value) }
        #expect { try writer.endRow() } throws: { error in
            (error as? SQLiteError)?.message.contains("a row of 5 values for 4 columns") == true
        }
        writer.append(Int64(2))
        writer.append("right")
        writer.append("note" as String?)
        writer.append(Int64(7) as Int64?)
        try writer.endRow()
        writer.append(Int64(3))
        #expect { try writer.flush() } throws: { error in
            (error as? SQLiteError)?.message.contains("a row of 1 values was never ended") == true
        }
        writer.append("unended")
        writer.append(nil as String?)
        writer.append(nil as Int64?)
        try writer.endRow()
        try writer.flush()
        #expect(try StoreFixture.sqlite3(database.path, "SELECT n, label, note, amount FROM t ORDER BY n") == "2|right|note|7\n3|unended||")
    }

    @Test("a block SQLite refuses is written not at all, and the error is SQLite's constraint")
    func refusedBlockWritesNothing() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        var writer = try RowWriter(database, into: "t", columns: ["n", "label", "note", "amount"])
        for n in [1, 2, 3, 2, 4] as [Int64] {
            writer.append(n)
            writer.append("x")
            writer.append(nil as String?)
            writer.append(nil as Int64?)
            try writer.endRow()
        }
        #expect { try writer.flush() } throws: { error in
            (error as? SQLiteError)?.code.primary == .constraint && (error as? SQLiteError)?.message.contains("UNIQUE constraint failed: t.n") == true
        }
        #expect(try StoreFixture.sqlite3(database.path, "SELECT count(*) FROM t") == "0")
    }
}
