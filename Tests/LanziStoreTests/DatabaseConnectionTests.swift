import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// How every connection is set up, and what two connections on one file see of each other.
struct DatabaseConnectionTests {
    @Test("a connection runs in WAL mode with foreign keys on, synchronous FULL and a busy timeout")
    func connectionSettings() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)

        #expect(try database.row("PRAGMA journal_mode")?.values.first == .text("wal"))
        #expect(try database.row("PRAGMA foreign_keys")?.values.first == .integer(1))
        #expect(try database.row("PRAGMA synchronous")?.values.first == .integer(2))   // 2 = FULL
        #expect(try database.row("PRAGMA busy_timeout")?.values.first == .integer(Int64(Database.busyTimeoutMilliseconds)))
        #expect(Database.busyTimeoutMilliseconds > 0)
        // WAL mode is recorded in the file itself: bytes 18 and 19 of the header are 2.
        try database.run("CREATE TABLE probe (x INTEGER)")
        let header = Array(try Data(contentsOf: URL(fileURLWithPath: database.path)).prefix(20))
        #expect(header.count == 20 && header[18] == 2 && header[19] == 2)
    }

    @Test("the settings hold on a second connection to an existing file too")
    func settingsOnReopen() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let first = try StoreFixture.makeDatabase(in: folder)
        let second = try Database(path: first.path, create: false)
        #expect(try second.row("PRAGMA journal_mode")?.values.first == .text("wal"))
        #expect(try second.row("PRAGMA foreign_keys")?.values.first == .integer(1))
        #expect(try second.row("PRAGMA synchronous")?.values.first == .integer(2))
        #expect(try second.row("PRAGMA busy_timeout")?.values.first == .integer(Int64(Database.busyTimeoutMilliseconds)))
    }

    @Test("opening a missing file without create is refused and makes no file")
    func missingFileWithoutCreate() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let path = folder.appendingPathComponent("missing.db").path
        let error = StoreFixture.sqliteError { _ = try Database(path: path, create: false) }
        #expect(error?.code.primary == .cantOpen)
        #expect(error?.message.contains(path) == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a database is refused with SQLITE_NOTADB")
    func notADatabase() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let url = folder.appendingPathComponent("notes.db")
        try StoreFixture.write(String(repeating: "these are not the pages of a database\n", count: 40), to: url)
        let error = StoreFixture.sqliteError { _ = try Database(path: url.path, create: false) }
        #expect(error?.code.primary == .notADatabase)
    }

    @Test("a second connection on the same file sees committed writes, and not uncommitted ones")
    func secondConnectionSeesCommits() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let writer = try StoreFixture.makeDatabase(in: folder)
        let reader = try Database(path: writer.path, create: false)

        var seenDuringTransaction: Int64 = -1
        try writer.transaction(writing: true) {
            try StoreFixture.insertRawMerchant(writer, id: 1)
            #expect(try StoreFixture.count(writer, "merchants") == 1)
            seenDuringTransaction = try StoreFixture.count(reader, "merchants")
        }
        #expect(seenDuringTransaction == 0)
        #expect(try StoreFixture.count(reader, "merchants") == 1)
        #expect(try reader.merchant(id: 1)?.name == "李春华")
    }

    @Test("a writing transaction that throws rolls back everything it wrote")
    func throwingTransactionRollsBack() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let other = try Database(path: database.path, create: false)

        #expect(throws: DeliberateFailure()) {
            try database.transaction(writing: true) {
                try StoreFixture.insertRawMerchant(database, id: 1)
                try StoreFixture.insertRawUnit(database, id: 1, code: "S-001")
                throw DeliberateFailure()
            }
        }
        #expect(try StoreFixture.count(database, "merchants") == 0)
        #expect(try StoreFixture.count(database, "units") == 0)
        #expect(try StoreFixture.count(other, "merchants") == 0)
        // The connection is usable afterwards: no transaction was left open.
        #expect(try database.row("SELECT 1 AS one")?.int64("one") == 1)
        try database.transaction(writing: true) { try StoreFixture.insertRawMerchant(database, id: 2) }
        #expect(try StoreFixture.count(other, "merchants") == 1)
    }

    @Test("a transaction returns its body's value and commits it")
    func transactionReturnsValue() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let id = try database.transaction(writing: true) {
            try database.insertMerchant(MerchantDraft(name: "王建国", phone: "13900000001"), createdAt: "2026-01-01T00:00:00.000Z")
        }
        let other = try Database(path: database.path, create: false)
        #expect(try other.merchant(id: id)?.name == "王建国")
    }

    @Test("a failing statement inside a transaction, caught by the caller, rolls the whole transaction back")
    func constraintFailureRollsBackTransaction() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let error = StoreFixture.sqliteError {
            try database.transaction(writing: true) {
                try StoreFixture.insertRawUnit(database, id: 1, code: "S-001")
                try StoreFixture.insertRawUnit(database, id: 2, code: "S-001")   // the code is taken
            }
        }
        #expect(error?.code.primary == .constraint)
        #expect(try StoreFixture.count(database, "units") == 0)
    }

    @Test("DatabaseQueue: a write that throws rolls back; a read sees what was committed")
    func queueWriteAndRead() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        #expect(throws: DeliberateFailure()) {
            try queue.write { database in
                try StoreFixture.insertRawMerchant(database, id: 1)
                throw DeliberateFailure()
            }
        }
        #expect(try queue.read { try StoreFixture.count($0, "merchants") } == 0)
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 7, name: "赵小红") }
        #expect(try queue.read { try $0.merchant(id: 7)?.name } == "赵小红")
    }

    @Test("a second writer waits for the first one's lock (the busy timeout) instead of failing")
    func secondWriterWaits() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let path = try StoreFixture.makeDatabase(in: folder).path
        let locked = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let failure = LockedBox<String?>(nil)
        let committedAt = LockedBox<Date?>(nil)
        // The first writer, on its own thread with its own connection, holds the write lock
        // for half a second before it commits.
        let thread = Thread {
            defer { finished.signal() }
            do {
                let first = try Database(path: path, create: false)
                try first.execute("BEGIN IMMEDIATE")
                try StoreFixture.insertRawMerchant(first, id: 1, name: "先到")
                locked.signal()
                Thread.sleep(forTimeInterval: 0.5)
                committedAt.value = Date()
                try first.execute("COMMIT")
            } catch {
                failure.value = "\(error)"
                locked.signal()
            }
        }
        thread.start()
        locked.wait()

        // Without a busy timeout this BEGIN IMMEDIATE would fail at once with SQLITE_BUSY.
        let second = try Database(path: path, create: false)
        try second.transaction(writing: true) { try StoreFixture.insertRawMerchant(second, id: 2, name: "后到") }
        let doneAt = Date()
        finished.wait()

        #expect(failure.value == nil)
        let commit = try #require(committedAt.value)
        #expect(doneAt >= commit, "the second writer finished before the first released its lock")
        #expect(try second.merchants().map(\.name) == ["先到", "后到"])
    }
}

/// A value shared with another thread, guarded by a lock.
final class LockedBox<Value>: @unchecked Sendable {
    // @unchecked: `stored` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Changes the value in one step (a get then a set could lose another thread's change).
    func update(_ body: (inout Value) -> Void) {
        lock.withLock { body(&stored) }
    }
}
