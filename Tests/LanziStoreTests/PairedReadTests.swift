import Foundation
import Testing
@testable import LanziStore

/// `DatabaseQueue.read(beside:)`: two connections read at once and see one snapshot, however
/// a writer commits around them; a pool of fewer than two reads in turn on one; what the
/// side throws reaches the caller; waiting callers never hold one reader while wanting two.
@Suite("paired reads")
struct PairedReadTests {
    @Test("the side and the main read see one snapshot while a writer commits all the time, on two readers whenever the write lock is free")
    func oneSnapshotUnderWrites() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        let stop = LockedBox(false)
        let written = LockedBox(0)
        let writerDone = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { writerDone.signal() }
            var id: Int64 = 1
            while !stop.value {
                if (try? queue.write { try StoreFixture.insertRawMerchant($0, id: id) }) != nil {
                    id += 1
                    written.update { $0 += 1 }
                }
                // A pause, so that the paired reads find the write lock free now and then.
                usleep(10_000)
            }
        }
        writer.start()
        defer {
            stop.update { $0 = true }
            writerDone.wait()
        }
        var seen: Set<Int64> = []
        var onTwo = 0
        // Until enough commits have landed between the reads and enough pairs ran on two
        // readers, whatever this machine's speed (a write with its fsync may take long).
        var rounds = 0
        let deadline = Date().addingTimeInterval(30)
        while rounds < 200 || written.value < 20 || onTwo < 20, Date() < deadline {
            rounds += 1
            let (side, main, connections) = try queue.read(beside: { database in
                (try StoreFixture.count(database, "merchants"), ObjectIdentifier(database))
            }) { database, side in
                // The main read counts after a commit may have landed; its snapshot is older.
                let mine = try StoreFixture.count(database, "merchants")
                let theirs = try side()
                return (theirs.0, mine, Set([theirs.1, ObjectIdentifier(database)]))
            }
            #expect(side == main)
            // With the write lock taken at that moment, both parts ran in turn on one reader.
            if connections.count == 2 { onTwo += 1 }
            seen.insert(main)
        }
        // The writer did commit between the reads: the snapshots moved on, in step.
        #expect(seen.count > 1 && written.value >= 20, "\(seen.count) states seen, \(written.value) writes")
        #expect(onTwo >= 20, "only \(onTwo) of \(rounds) paired reads ran on two readers")
        #expect(queue.openReaderCount <= DatabaseQueue.defaultMaximumReaderCount)
    }

    @Test("with fewer than two readers both parts run in turn in one transaction on one connection")
    func fallsBackToOneConnection() throws {
        for readers in [0, 1] {
            let folder = try StoreFixture.makeTemporaryFolder()
            defer { StoreFixture.remove(folder) }
            let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: readers)
            try queue.write { try StoreFixture.insertRawMerchant($0, id: Int64(readers + 1)) }
            let (side, main) = try queue.read(beside: { ($0.isInTransaction, ObjectIdentifier($0)) }) { database, side in
                (try side(), (database.isInTransaction, ObjectIdentifier(database)))
            }
            #expect(side == main && side.0)
        }
    }

    @Test("what the side throws reaches the caller, after the side is done; both readers go back to the pool for the next read")
    func sideFailure() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: 2)
        #expect(throws: DeliberateFailure()) {
            try queue.read(beside: { _ -> Int64 in throw DeliberateFailure() }) { _, side in try side() }
        }
        // A main read that throws before it asks for the side still waits for the side.
        let sideFinished = LockedBox(false)
        #expect(throws: DeliberateFailure()) {
            try queue.read(beside: { database -> Int64 in
                Thread.sleep(forTimeInterval: 0.1)
                sideFinished.update { $0 = true }
                return try StoreFixture.count(database, "merchants")
            }) { _, _ -> Int64 in throw DeliberateFailure() }
        }
        #expect(sideFinished.value)
        #expect(queue.openReaderCount == 2)
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 9) }
        #expect(try queue.read(beside: { try StoreFixture.count($0, "merchants") }) { database, side in
            try side() + StoreFixture.count(database, "merchants")
        } == 2)
    }

    @Test("with a write held open, a paired read does not wait for it: both parts run in turn on one reader and see the last commit")
    func besideAnOpenWrite() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 1) }
        let writing = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            try? queue.write { database in
                try StoreFixture.insertRawMerchant(database, id: 2)
                writing.signal()
                _ = release.wait(timeout: .now() + 20)
            }
            done.signal()
        }.start()
        writing.wait()
        let started = Date()
        let (side, main, connections) = try queue.read(beside: { (try StoreFixture.count($0, "merchants"), ObjectIdentifier($0)) }) { database, side in
            let theirs = try side()
            return (theirs.0, try StoreFixture.count(database, "merchants"), Set([theirs.1, ObjectIdentifier(database)]))
        }
        #expect(Date().timeIntervalSince(started) < 5, "the paired read waited for the write")
        #expect(side == 1 && main == 1 && connections.count == 1)
        release.signal()
        done.wait()
        // Once the write is over, the pair runs on two readers again.
        let after = try queue.read(beside: { ObjectIdentifier($0) }) { database, side in Set([try side(), ObjectIdentifier(database)]) }
        #expect(after.count == 2)
    }

    @Test("paired and single reads on a pool of two, all at once, all finish: none holds one reader waiting for a second")
    func noDeadlock() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: 2)
        let group = DispatchGroup()
        let finished = LockedBox(0)
        for index in 0..<12 {
            group.enter()
            Thread {
                defer { group.leave() }
                for _ in 0..<20 {
                    let count = index % 3 == 0
                        ? try? queue.read { try StoreFixture.count($0, "merchants") }
                        : try? queue.read(beside: { try StoreFixture.count($0, "merchants") }) { database, side in
                            try side() + StoreFixture.count(database, "merchants")
                        }
                    if count == 0 { finished.update { $0 += 1 } }
                }
            }.start()
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(finished.value == 12 * 20)
        #expect(queue.openReaderCount <= 2)
    }
}
