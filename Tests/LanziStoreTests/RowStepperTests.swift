import Foundation
import Testing
@testable import LanziStore

/// Queries stepped by their caller (`RowStepper`), as the audit reads the journal beside
/// each kind of document: several at once on one connection, each in its own order, and
/// each statement handed back to the cache reset when its stepper goes.
@Suite("row steppers")
struct RowStepperTests {
    @Test("two queries are read side by side, a row of one then a row of the other, to their ends")
    func sideBySide() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("s.db").path, create: true)
        try database.execute("CREATE TABLE t (n INTEGER, label TEXT); INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'c')")
        let up = try database.stepping("SELECT n, label FROM t ORDER BY n")
        let down = try database.stepping("SELECT n FROM t WHERE n >= ? ORDER BY n DESC", [.integer(2)])
        var pairs: [(Int64, String?, Int64?)] = []
        while try up.next() {
            let other = try down.next() ? try down.int64(at: 0) : nil
            pairs.append((try up.int64(at: 0), try up.optionalText(at: 1), other))
        }
        #expect(pairs.map(\.0) == [1, 2, 3] && pairs.map(\.1) == ["a", nil, "c"] && pairs.map(\.2) == [3, 2, nil])
        // Past its end a stepper stays there: SQLite would start the query again.
        #expect(try !up.next() && !down.next())
    }

    @Test("the same query stepped twice at once gets two statements; once both go, the cached one runs again from its start")
    func sameQueryTwice() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("s.db").path, create: true)
        try database.execute("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)")
        let sql = "SELECT n FROM t ORDER BY n"
        do {
            let first = try database.stepping(sql)
            #expect(try first.next() && first.int64(at: 0) == 1)
            let second = try database.stepping(sql)
            #expect(try second.next() && second.int64(at: 0) == 1, "the running statement was handed out again")
            #expect(try first.next() && first.int64(at: 0) == 2)
        }
        #expect(database.isStatementCached(sql))
        #expect(try database.rows(sql).map { try $0.int64("n") } == [1, 2])
    }

    @Test("a column that does not hold what is asked is refused as a mismatch")
    func mismatch() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("s.db").path, create: true)
        let rows = try database.stepping("SELECT 'text' AS label, NULL AS missing")
        #expect(try rows.next())
        #expect(StoreFixture.sqliteError { _ = try rows.int64(at: 0) }?.code == .mismatch)
        #expect(StoreFixture.sqliteError { _ = try rows.text(at: 1) }?.code == .mismatch)
        #expect(try rows.optionalText(at: 1) == nil && rows.optionalInt64(at: 1) == nil)
    }
}
