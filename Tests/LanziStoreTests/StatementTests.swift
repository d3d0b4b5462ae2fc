import Foundation
import Testing
@testable import LanziStore

/// The C boundary of a statement: one statement per text, text and blobs bound and read
/// with their byte counts, and a bounded cache of prepared statements that a nested query
/// cannot pull out from under a running one. What was stored is read back with the stock
/// `sqlite3` shell, which shares none of this code.
@Suite("statements")
struct StatementTests {
    private static func scratch(in folder: URL) throws -> Database {
        let database = try Database(path: folder.appendingPathComponent("s.db").path, create: true)
        try database.execute("CREATE TABLE t (n INTEGER, label TEXT, data BLOB)")
        return database
    }

    @Test("SQL with a second statement after the first is refused, naming it, and none of it runs")
    func refusesASecondStatement() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        let sql = "INSERT INTO t (n) VALUES (1); DROP TABLE t"
        let error = StoreFixture.sqliteError { try database.run(sql) }
        #expect(error?.code == .misuse)
        #expect(error?.message.contains("a second statement (“DROP TABLE t”)") == true)
        #expect(error?.sql == sql)
        #expect(StoreFixture.sqliteError { _ = try database.rows("SELECT 1 AS one; SELECT 2 AS two") }?.code == .misuse)
        #expect(try StoreFixture.sqlite3(database.path, "SELECT count(*) FROM t") == "0", "the first statement ran, or the table was dropped")
    }

    @Test("what SQLite's tokenizer skips may follow the statement", arguments: [
        "SELECT 1 AS one;", "SELECT 1 AS one ;  \n\t", "SELECT 1 AS one -- a note", "SELECT 1 AS one; -- a note\n",
        "SELECT 1 AS one /* a note */", "SELECT 1 AS one; /* never closed", "SELECT 1 AS one;;\r\n;", "SELECT 1 AS one; /* a */ -- b\n /**/",
    ])
    func allowsBlankTails(sql: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        #expect(try database.rows(sql).map { try $0.int64("one") } == [1])
    }

    @Test("SQL that holds no statement is refused", arguments: ["", "   \n", "-- only a note", "/* a note */ ;", ";"])
    func refusesEmptySQL(sql: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        let error = StoreFixture.sqliteError { try database.run(sql) }
        #expect(error?.code == .misuse)
        #expect(error?.message.contains("empty") == true)
    }

    @Test("a NUL byte in SQL cannot hide a statement after it")
    func refusesSQLPastANul() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        let error = StoreFixture.sqliteError { try database.run("INSERT INTO t (n) VALUES (1)\u{0}; DROP TABLE t") }
        #expect(error?.code == .misuse)
        #expect(error?.message.contains("a NUL byte") == true)
        #expect(try StoreFixture.sqlite3(database.path, "SELECT count(*) FROM t") == "0")
    }

    @Test("Database.execute still runs a script of several statements")
    func executeRunsScripts() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        try database.execute("INSERT INTO t (n) VALUES (1); INSERT INTO t (n) VALUES (2); -- done")
        #expect(try StoreFixture.sqlite3(database.path, "SELECT group_concat(n) FROM t") == "1,2")
    }

    @Test("text is bound with its byte count: a NUL inside a string is stored and read back whole")
    func textWithNul() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        let label = "摊\u{0}位 S-1"
        try database.run("INSERT INTO t (n, label) VALUES (1, ?)", [.text(label)])
        try database.run("INSERT INTO t (n, label) VALUES (2, ?)", [.text("")])
        // 摊 and 位 are three bytes each in UTF-8: 3 + 1 + 3 + 4.
        #expect(try StoreFixture.sqlite3(database.path, "SELECT length(CAST(label AS BLOB)), hex(label) FROM t WHERE n = 1")
                == "11|E6918A00E4BD8D20532D31")
        #expect(try StoreFixture.sqlite3(database.path, "SELECT typeof(label), length(label) FROM t WHERE n = 2") == "text|0")
        #expect(try database.row("SELECT label FROM t WHERE n = 1")?.text("label") == label)
        #expect(try database.row("SELECT label FROM t WHERE n = 2")?.text("label") == "")
    }

    @Test("blobs go in and come back whole: zero bytes inside, and an empty blob is a blob, not NULL")
    func blobs() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        let bytes: [UInt8] = [0, 1, 0, 0xFF, 0x7F, 0]
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try database.run("INSERT INTO t (n, data) VALUES (1, ?), (2, ?), (3, ?)", [.blob(bytes), .blob([]), .blob(large)])
        #expect(try StoreFixture.sqlite3(database.path, "SELECT n, typeof(data), length(data), hex(data) FROM t WHERE n < 3 ORDER BY n")
                == "1|blob|6|000100FF7F00\n2|blob|0|")
        #expect(try StoreFixture.sqlite3(database.path, "SELECT length(data) FROM t WHERE n = 3") == "300000")
        let read = try database.rows("SELECT data FROM t ORDER BY n").map(\.values)
        #expect(read == [[.blob(bytes)], [.blob([])], [.blob(large)]])
    }

    @Test("the statement cache keeps at most its capacity, dropping the statement used least recently")
    func boundedCache() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        let capacity = Database.statementCacheCapacity
        for k in 0..<(capacity * 3) {
            #expect(try database.row("SELECT \(k) AS k")?.int("k") == k)
            // Used between every other one: the least recently used is never this.
            _ = try database.row("SELECT count(*) AS n FROM t")
        }
        #expect(database.cachedStatementCount == capacity)
        #expect(database.isStatementCached("SELECT count(*) AS n FROM t"))
        #expect(database.isStatementCached("SELECT \(capacity * 3 - 1) AS k"))
        #expect(!database.isStatementCached("SELECT 0 AS k"))
        #expect(!database.isStatementCached("SELECT \(capacity * 2) AS k"), "dropped in the order they were last used")
    }

    @Test("queries run inside an iteration, of the same SQL and past the cache's capacity, leave it iterating")
    func nestedQueries() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.scratch(in: folder)
        for n in 0..<10 { try database.run("INSERT INTO t (n) VALUES (?)", [.integer(Int64(n))]) }
        let outer = "SELECT n FROM t ORDER BY n"
        var seen: [Int64] = []
        try database.forEachRow(outer) { row in
            seen.append(try row.int64("n"))
            // Restarting the outer statement would loop forever: stop it here instead.
            guard seen.count <= 10 else { throw DeliberateFailure() }
            #expect(try database.rows(outer).count == 10)
            for k in 0..<(Database.statementCacheCapacity + 20) {
                #expect(try database.row("SELECT \(k) + ? AS k", [.integer(1)])?.int("k") == k + 1)
            }
        }
        #expect(seen == Array(0..<10))
        #expect(database.cachedStatementCount <= Database.statementCacheCapacity)
        #expect(try database.rows(outer).count == 10)
    }

    @Test("the row writer sizes its statements by the connection's parameter limit and writes the same rows")
    func rowWriterUnderALowerLimit() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        func write(limit: Int?, name: String) throws -> String {
            let database = try Database(path: folder.appendingPathComponent(name).path, create: true)
            try database.execute("CREATE TABLE w (n INTEGER NOT NULL, label TEXT, note TEXT, amount INTEGER)")
            if let limit {
                database.setVariableLimit(limit)
                #expect(database.variableLimit == limit)
            }
            var writer = try RowWriter(database, into: "w", columns: ["n", "label", "note", "amount"])
            for n in 0..<251 {
                writer.append(Int64(n))
                writer.append("摊位 S-\(n)")
                writer.append(n % 3 == 0 ? nil : "note \(n)" as String?)
                writer.append(n % 5 == 0 ? nil : Int64(n * 100) as Int64?)
                try writer.endRow()
            }
            try writer.flush()
            return try StoreFixture.sqlite3(database.path, "SELECT n, label, quote(note), quote(amount) FROM w ORDER BY rowid")
        }
        let unlimited = try write(limit: nil, name: "default.db")
        #expect(unlimited.split(separator: "\n").count == 251)
        // 9 parameters: two rows of four a statement; 4: one; 7: one, the rest left over.
        for limit in [9, 4, 7] {
            #expect(try write(limit: limit, name: "limit-\(limit).db") == unlimited, "limit \(limit)")
        }

        let database = try Database(path: folder.appendingPathComponent("tiny.db").path, create: true)
        try database.execute("CREATE TABLE w (n INTEGER NOT NULL, label TEXT, note TEXT, amount INTEGER)")
        database.setVariableLimit(3)
        let error = StoreFixture.sqliteError { _ = try RowWriter(database, into: "w", columns: ["n", "label", "note", "amount"]) }
        #expect(error?.message.contains("a row of 4 values is more than the 3 parameters") == true)
    }
}
