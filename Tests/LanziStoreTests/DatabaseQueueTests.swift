import Foundation
import Testing
@testable import LanziStore

/// The queue's one writer and its pool of readers: reads beside a write in progress, reads
/// beside each other, the pool's bound, and the cases that read on the writer instead. Each
/// wait has a time limit, so that reads serialized behind the writer fail the test rather
/// than hang it.
@Suite("database queue")
struct DatabaseQueueTests {
    /// Runs `body` on a thread of its own, leaving `group` when it returns.
    private static func onThread(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread {
            defer { group.leave() }
            body()
        }.start()
    }

    private static func seconds(_ value: Double) -> DispatchTime { .now() + value }

    @Test("reads on other threads complete while a write transaction is held open, and see the last commit, not the write")
    func readsBesideAnOpenWrite() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 1, name: "已提交") }

        let writing = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writer = DispatchGroup()
        let writerFailure = LockedBox<String?>(nil)
        Self.onThread(writer) {
            do {
                try queue.write { database in
                    try StoreFixture.insertRawMerchant(database, id: 2, name: "未提交")
                    writing.signal()
                    _ = release.wait(timeout: Self.seconds(20))
                }
            } catch {
                writerFailure.value = "\(error)"
                writing.signal()
            }
        }
        #expect(writing.wait(timeout: Self.seconds(10)) == .success)

        let readers = DispatchGroup()
        let seen = LockedBox<[[String]]>([])
        let readFailures = LockedBox<[String]>([])
        for _ in 0..<3 {
            Self.onThread(readers) {
                do {
                    let names = try queue.read { database in try database.merchants().map(\.name) }
                    seen.update { $0.append(names) }
                } catch {
                    readFailures.update { $0.append("\(error)") }
                }
            }
        }
        let readsFinishedDuringWrite = readers.wait(timeout: Self.seconds(5)) == .success
        release.signal()
        writer.wait()
        readers.wait()

        #expect(readsFinishedDuringWrite, "the reads waited for the write to finish")
        #expect(writerFailure.value == nil)
        #expect(readFailures.value.isEmpty)
        #expect(seen.value == [["已提交"], ["已提交"], ["已提交"]])
        #expect(try queue.read { try $0.merchants().map(\.name) } == ["已提交", "未提交"])
    }

    @Test("two reads run at once, each on a read-only connection of its own with the store's settings")
    func concurrentReads() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 1) }
        #expect(queue.hasReaders)

        let entered = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let metTheOther = LockedBox<[Bool]>([])
        let connections = LockedBox<Set<ObjectIdentifier>>([])
        let settings = LockedBox<[[SQLValue]]>([])
        let refusals = LockedBox<[ResultCode?]>([])
        let failures = LockedBox<[String]>([])
        let group = DispatchGroup()
        for me in 0..<2 {
            Self.onThread(group) {
                do {
                    try queue.read { database in
                        connections.update { $0.insert(ObjectIdentifier(database)) }
                        entered[me].signal()
                        // Inside its read, each waits for the other to be inside its own.
                        let met = entered[1 - me].wait(timeout: Self.seconds(5)) == .success
                        metTheOther.update { $0.append(met) }
                        let values = try ["journal_mode", "foreign_keys", "busy_timeout", "temp_store"].map {
                            try database.row("PRAGMA \($0)")?.values.first ?? .null
                        }
                        let merchants = try StoreFixture.count(database, "merchants")
                        settings.update { $0.append(values + [SQLValue(database.isReadOnly), .integer(merchants)]) }
                        let refusal = StoreFixture.sqliteError { try StoreFixture.insertRawMerchant(database, id: 2) }
                        refusals.update { $0.append(refusal?.code.primary) }
                    }
                } catch {
                    failures.update { $0.append("\(error)") }
                }
            }
        }
        group.wait()

        #expect(failures.value.isEmpty)
        #expect(metTheOther.value == [true, true], "one read waited for the other to finish")
        #expect(connections.value.count == 2)
        #expect(queue.openReaderCount == 2)
        // temp_store 1 is FILE: a reader's large sorts spill to a file, so memory stays flat.
        let expected: [SQLValue] = [.text("wal"), .integer(1), .integer(Int64(Database.busyTimeoutMilliseconds)), .integer(1), .integer(1), .integer(1)]
        #expect(settings.value == [expected, expected])
        #expect(try queue.withConnection { try $0.row("PRAGMA temp_store")?.values.first } == .integer(2))   // the writer's: MEMORY
        #expect(refusals.value == [.readOnly, .readOnly])
        #expect(try StoreFixture.sqlite3(queue.path, "SELECT count(*) FROM merchants") == "1")
    }

    @Test("no more readers than the bound are open; a read beyond it waits for one to be given back")
    func boundedPool() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: 2)
        let inFlight = LockedBox(0)
        let mostInFlight = LockedBox(0)
        let connections = LockedBox<Set<ObjectIdentifier>>([])
        let done = LockedBox(0)
        let group = DispatchGroup()
        for _ in 0..<6 {
            Self.onThread(group) {
                try? queue.read { database in
                    var now = 0
                    inFlight.update {
                        $0 += 1
                        now = $0
                    }
                    mostInFlight.update { $0 = max($0, now) }
                    connections.update { $0.insert(ObjectIdentifier(database)) }
                    _ = try StoreFixture.count(database, "merchants")
                    Thread.sleep(forTimeInterval: 0.05)
                    inFlight.update { $0 -= 1 }
                }
                done.update { $0 += 1 }
            }
        }
        #expect(group.wait(timeout: Self.seconds(20)) == .success)
        #expect(done.value == 6)
        #expect(mostInFlight.value <= 2)
        #expect(connections.value.count <= 2)
        #expect(queue.openReaderCount <= 2)
    }

    @Test("a reader given back sees what was committed after its last read, and one given back after a throw is reused")
    func reusedReaderIsFresh() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: 1)
        let first = try queue.read { ObjectIdentifier($0) }
        #expect(try queue.read { try StoreFixture.count($0, "merchants") } == 0)
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 1) }
        #expect(try queue.read { try StoreFixture.count($0, "merchants") } == 1)
        #expect(throws: DeliberateFailure()) {
            try queue.read { database in
                _ = try StoreFixture.count(database, "merchants")
                throw DeliberateFailure()
            }
        }
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 2) }
        #expect(try queue.read { database in try StoreFixture.count(database, "merchants") } == 2)
        #expect(try queue.read { ObjectIdentifier($0) } == first)
        #expect(queue.openReaderCount == 1)
    }

    @Test("readers opened after the migrator ran through the writer see the migrated schema, and later changes to it")
    func readersSeeTheSchema() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try Database(path: folder.appendingPathComponent("m.db").path, create: true))
        try queue.withConnection { _ = try Migrator.migrate($0, to: try StoreFixture.realMigrations(), appliedAt: "2026-01-01T00:00:00.000Z") }
        let tables = try queue.read { try StoreFixture.tableNames($0) }
        #expect(tables.contains("merchants") && tables.contains("schema_migrations"))
        #expect(queue.openReaderCount == 1)
        try queue.withConnection { try $0.execute("CREATE TABLE later (x INTEGER)") }
        #expect(try queue.read { try StoreFixture.tableNames($0) }.contains("later"))
    }

    @Test("a database without a file, or a queue of no readers, reads on the writer")
    func readsOnTheWriter() throws {
        let memory = DatabaseQueue(try Database(path: ":memory:", create: true))
        #expect(!memory.hasReaders)
        try memory.write { try $0.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)") }
        #expect(try memory.read { try $0.row("SELECT x FROM t")?.int64("x") } == 7)
        let writer = try memory.withConnection { ObjectIdentifier($0) }
        #expect(try memory.read { ObjectIdentifier($0) } == writer)

        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let none = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: 0)
        #expect(!none.hasReaders)
        #expect(try none.read { ObjectIdentifier($0) } == none.withConnection { ObjectIdentifier($0) })
        #expect(none.openReaderCount == 0)
    }

    @Test("when a reader cannot be opened (the file is gone), the read runs on the writer")
    func unopenableReaderFallsBack() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 1) }
        // The writer keeps its open file; a new connection finds nothing at the path.
        try FileManager.default.removeItem(atPath: queue.path)
        #expect(queue.hasReaders)
        #expect(try queue.read { try StoreFixture.count($0, "merchants") } == 1)
        #expect(try queue.read { ObjectIdentifier($0) } == queue.withConnection { ObjectIdentifier($0) })
        #expect(queue.openReaderCount == 0)
    }

    @Test("a queue closes its readers before its writer, which then checkpoints the WAL into the file and removes it")
    func closingCheckpoints() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let path = folder.appendingPathComponent("register.db").path
        do {
            let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
            try queue.write { try StoreFixture.insertRawMerchant($0, id: 1) }
            #expect(try queue.read { try StoreFixture.count($0, "merchants") } == 1)
            #expect(queue.openReaderCount == 1)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "a read-only connection closed last and left the WAL")
        #expect(try StoreFixture.sqlite3(path, "SELECT count(*) FROM merchants") == "1")
    }
}
