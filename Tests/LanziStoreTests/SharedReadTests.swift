import Foundation
import Testing
@testable import LanziStore

/// `DatabaseQueue.readingTogether`: the reads inside share one snapshot on one reader; a write
/// or a paired read inside ends the sharing, so that later reads see the write and no reader
/// is held while two more are waited for; the reader goes back to the pool at the end.
@Suite("shared reads")
struct SharedReadTests {
    /// Runs `body` with a queue of `readers` readers over a database of one merchant, in a
    /// folder removed afterwards.
    private static func withQueue<T>(readers: Int = DatabaseQueue.defaultMaximumReaderCount, _ body: (DatabaseQueue) throws -> T) throws -> T {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let queue = DatabaseQueue(try StoreFixture.makeDatabase(in: folder), maximumReaderCount: readers)
        try queue.write { try StoreFixture.insertRawMerchant($0, id: 1) }
        return try body(queue)
    }

    /// A commit made on another thread, which the shared read's task-local value does not reach.
    private static func commitElsewhere(_ queue: DatabaseQueue, id: Int64) {
        let done = DispatchSemaphore(value: 0)
        Thread {
            try? queue.write { try StoreFixture.insertRawMerchant($0, id: id) }
            done.signal()
        }.start()
        done.wait()
    }

    @Test("reads inside share one reader and one snapshot: a commit made meanwhile elsewhere is not seen until the sharing ends")
    func oneSnapshot() throws {
        try Self.withQueue { queue in
            let (before, after, connections) = try queue.readingTogether {
                let (before, first) = try queue.read { (try StoreFixture.count($0, "merchants"), ObjectIdentifier($0)) }
                Self.commitElsewhere(queue, id: 2)
                let (after, second) = try queue.read { (try StoreFixture.count($0, "merchants"), ObjectIdentifier($0)) }
                return (before, after, Set([first, second]))
            }
            #expect(before == 1 && after == 1 && connections.count == 1)
            #expect(try queue.read { try StoreFixture.count($0, "merchants") } == 2)
        }
    }

    @Test("without the sharing, the same two reads see the commit made between them")
    func withoutSharing() throws {
        try Self.withQueue { queue in
            let before = try queue.read { try StoreFixture.count($0, "merchants") }
            Self.commitElsewhere(queue, id: 2)
            let after = try queue.read { try StoreFixture.count($0, "merchants") }
            #expect(before == 1 && after == 2)
        }
    }

    @Test("a write inside ends the sharing: the read after it sees what it wrote")
    func writeEndsSharing() throws {
        try Self.withQueue { queue in
            let (before, after) = try queue.readingTogether {
                let before = try queue.read { try StoreFixture.count($0, "merchants") }
                try queue.write { try StoreFixture.insertRawMerchant($0, id: 2) }
                return (before, try queue.read { try StoreFixture.count($0, "merchants") })
            }
            #expect(before == 1 && after == 2)
        }
    }

    @Test("a paired read inside, on a pool of two, gives the shared reader back first rather than wait for itself")
    func pairedReadInside() throws {
        try Self.withQueue(readers: 2) { queue in
            let finished = LockedBox(false)
            let done = DispatchSemaphore(value: 0)
            Thread {
                let value = try? queue.readingTogether {
                    _ = try queue.read { try StoreFixture.count($0, "merchants") }
                    return try queue.read(beside: { try StoreFixture.count($0, "merchants") }) { database, side in
                        (try side(), try StoreFixture.count(database, "merchants"))
                    }
                }
                finished.update { $0 = value.map { $0 == (1, 1) } ?? false }
                done.signal()
            }.start()
            #expect(done.wait(timeout: .now() + 20) == .success, "the paired read waited for the reader its own caller held")
            #expect(finished.value)
        }
    }

    @Test("the reader goes back at the end, also when the body throws: a pool of one still reads after it")
    func readerGivenBack() throws {
        struct Refusal: Error {}
        try Self.withQueue(readers: 1) { queue in
            #expect(throws: Refusal.self) {
                try queue.readingTogether {
                    _ = try queue.read { try StoreFixture.count($0, "merchants") }
                    throw Refusal()
                }
            }
            // On a thread of its own, so that a reader never given back fails the test, not hangs it.
            let done = DispatchSemaphore(value: 0)
            let count = LockedBox<Int64?>(nil)
            Thread {
                Self.commitElsewhere(queue, id: 2)
                let value = try? queue.read { try StoreFixture.count($0, "merchants") }
                count.update { $0 = value }
                done.signal()
            }.start()
            #expect(done.wait(timeout: .now() + 20) == .success, "the shared reader was never given back")
            // Its transaction ended too: the read after it sees the commit made since.
            #expect(count.value == 2)
            #expect(queue.openReaderCount == 1)
        }
    }

    @Test("one inside another runs in the outer one's sharing, which goes on after it")
    func nested() throws {
        try Self.withQueue { queue in
            let counts = try queue.readingTogether {
                let outer = try queue.read { try StoreFixture.count($0, "merchants") }
                let inner = try queue.readingTogether { try queue.read { try StoreFixture.count($0, "merchants") } }
                Self.commitElsewhere(queue, id: 2)
                // Had the inner one ended the sharing, this read would see the commit.
                return [outer, inner, try queue.read { try StoreFixture.count($0, "merchants") }]
            }
            #expect(counts == [1, 1, 1])
        }
    }

    @Test("the writer taken outside a transaction (withWriter, withConnection) ends the sharing as a write does")
    func writerEndsSharing() throws {
        try Self.withQueue { queue in
            let seen = try queue.readingTogether {
                var seen = [try queue.read { try StoreFixture.count($0, "merchants") }]
                try queue.withWriter { try StoreFixture.insertRawMerchant($0, id: 2) }
                seen.append(try queue.read { try StoreFixture.count($0, "merchants") })
                try queue.withConnection { try StoreFixture.insertRawMerchant($0, id: 3) }
                seen.append(try queue.read { try StoreFixture.count($0, "merchants") })
                return seen
            }
            #expect(seen == [1, 2, 3])
        }
    }

    @Test("with no readers (a pool of none) reads and writes inside run on the writer, each as before")
    func noReaders() throws {
        try Self.withQueue(readers: 0) { queue in
            let seen = try queue.readingTogether {
                let before = try queue.read { try StoreFixture.count($0, "merchants") }
                try queue.write { try StoreFixture.insertRawMerchant($0, id: 2) }
                return [before, try queue.read { try StoreFixture.count($0, "merchants") }]
            }
            #expect(seen == [1, 2] && queue.openReaderCount == 0)
        }
    }

    @Test("a read whose failure rolled the transaction back ends the sharing: the reader of a pool of one is free for another thread at once")
    func failureEndsSharing() throws {
        struct Refusal: Error {}
        try Self.withQueue(readers: 1) { queue in
            let (elsewhere, after) = try queue.readingTogether {
                _ = try queue.read { try StoreFixture.count($0, "merchants") }
                #expect(throws: Refusal.self) {
                    try queue.read { database in
                        // As SQLite ends a transaction itself on some failures (an I/O error, no memory).
                        try database.execute("ROLLBACK")
                        throw Refusal()
                    }
                }
                let done = DispatchSemaphore(value: 0)
                let count = LockedBox<Int64?>(nil)
                Thread {
                    count.update { $0 = try? queue.read { try StoreFixture.count($0, "merchants") } }
                    done.signal()
                }.start()
                let answered = done.wait(timeout: .now() + 20) == .success
                return (answered ? count.value : nil, try queue.read { try StoreFixture.count($0, "merchants") })
            }
            #expect(elsewhere == 1, "the reader stayed with the ended sharing")
            #expect(after == 1)
        }
    }

    @Test("a Task started inside, which inherits the task-local value, reads on a reader of its own, not the shared one")
    func taskDoesNotShare() throws {
        try Self.withQueue { queue in
            let (shared, fromTask) = try queue.readingTogether {
                let shared = try queue.read { ObjectIdentifier($0) }
                let done = DispatchSemaphore(value: 0)
                let seen = LockedBox<ObjectIdentifier?>(nil)
                // On an executor of its own: waited for here, a task on the shared cooperative
                // pool could wait behind the other tests that hold its threads.
                Task(executorPreference: OwnThreadExecutor()) {
                    let connection = try? queue.read { ObjectIdentifier($0) }
                    seen.update { $0 = connection }
                    done.signal()
                }
                _ = done.wait(timeout: .now() + 20)
                return (shared, seen.value)
            }
            #expect(fromTask != nil && fromTask != shared)
        }
    }
}

/// Runs a task's jobs on a serial dispatch queue of its own, not on the cooperative pool.
private final class OwnThreadExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "shared-read-tests")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
