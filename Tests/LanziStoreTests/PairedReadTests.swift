import Foundation
import Testing
@testable import LanziStore

/// `DatabaseQueue.read(beside:)`: two connections read at once and see one snapshot, however
/// a writer commits around them; a pool of fewer than two reads in turn on one; what the
/// side throws reaches the caller; waiting callers never hold one reader while wanting two.
@Suite("paired reads")
struct PairedReadTests {
    @Test("the side and the main read run at once on two readers and see one snapshot while a writer commits all the time")
    func oneSnapshotUnderWrites() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder))
        let stop = LockedBox(false)
        let written = LockedBox(0)
        let writer = Thread {
            var id: Int64 = 1
            while !stop.value {
                try? queue.write { try StoreFixture.insertRawMerchant($0, id: id) }
                id += 1
                written.update { $0 += 1 }
            }
        }
        writer.start()
        defer { stop.update { $0 = true } }
        var seen: Set<Int64> = []
        for _ in 0..<200 {
            let (side, main, connections) = try queue.read(beside: { database in
                (try StoreFixture.count(database, "merchants"), ObjectIdentifier(database))
            }) { database, side in
                // The main read counts after a commit may have landed; its snapshot is older.
                let mine = try StoreFixture.count(database, "merchants")
                let theirs = try side()
                return (theirs.0, mine, Set([theirs.1, ObjectIdentifier(database)]))
            }
            #expect(side == main)
            #expect(connections.count == 2)
            seen.insert(main)
        }
        stop.update { $0 = true }
        // The writer did commit between the reads: the snapshots moved on, in step.
        #expect(seen.count > 1 && written.value > 1, "\(seen.count) states seen, \(written.value) writes")
        #expect(queue.openReaderCount <= DatabaseQueue.defaultMaximumReaderCount)
    }

    @Test("with fewer than two readers both parts run in turn in one transaction on one connection")
    func fallsBackToOneConnection() throws {
        for readers in [0, 1] {
            let folder = try StoreFixture.makeTemporaryFolder()
            defer { StoreFixture.remove(folder) }
            let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: readers)
            try queue.write { try StoreFixture.insertRawMerchant($0, id: Int64(readers + 1)) }
            let (side, main) = try queue.read(beside: { ObjectIdentifier($0) }) { database, side in (try side(), ObjectIdentifier(database)) }
            #expect(side == main)
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
                    if index % 3 == 0 {
                        _ = try? queue.read { try StoreFixture.count($0, "merchants") }
                    } else {
                        _ = try? queue.read(beside: { try StoreFixture.count($0, "merchants") }) { database, side in
                            try side() + StoreFixture.count(database, "merchants")
                        }
                    }
                }
                finished.update { $0 += 1 }
            }.start()
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(finished.value == 12)
        #expect(queue.openReaderCount <= 2)
    }
}
