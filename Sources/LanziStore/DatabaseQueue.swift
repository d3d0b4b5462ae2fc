import Foundation

/// The `Sendable` owner of a database's connections: one writer behind a lock, and a small
/// pool of read-only connections to the same file, so that a read never waits behind a
/// long write. WAL mode lets each reader see the last committed state while the writer
/// works. Every use is one transaction.
///
/// Readers are opened when first needed, up to `maximumReaderCount`, after the writer has
/// brought the schema up to date (the migrator runs through `withConnection` before any read),
/// and each has its own statement cache. A database without a file (`":memory:"`), a pool of
/// no readers, or a reader that cannot be opened means that reads run on the writer, in turn
/// with writes, as before there were readers.
///
/// None of `read`, `read(beside:)`, `write` and `withConnection` may be called from inside
/// another's body: a read inside a write would not see the write, and with every reader busy
/// it would wait for itself. `readingTogether` is what may hold several reads.
///
/// A paired read waits for two readers at once; a steady stream of single reads on a small
/// pool can keep it waiting (a report is seldom asked for while every reader is busy).
package final class DatabaseQueue: @unchecked Sendable {
    // @unchecked: `writer` is touched only while holding `writerLock`, which serializes all
    // use of it; a reader is used only by the one thread that took it from `readers` until it
    // gives it back (the pool's own lock guards the hand-over), and nothing else holds it.
    private let writerLock = NSLock()
    private let writer: Database
    private let readers: ReaderPool?

    package let path: String

    /// How many read-only connections a queue opens at most unless told otherwise: this
    /// machine has two cores, and a read seldom waits on anything but them.
    package static let defaultMaximumReaderCount = 3

    /// - Parameters:
    ///   - database: the writing connection, which the queue now owns.
    ///   - maximumReaderCount: how many read-only connections may be open at once; 0 reads
    ///     on the writer.
    package init(_ database: Database, maximumReaderCount: Int = DatabaseQueue.defaultMaximumReaderCount) {
        writer = database
        path = database.path
        if maximumReaderCount > 0, let filename = database.filename {
            readers = ReaderPool(filename: filename, maximumCount: maximumReaderCount)
        } else {
            readers = nil
        }
    }

    deinit {
        // The readers close first, so that the writer is the last connection to the file and,
        // closing, checkpoints the WAL into it and removes it: a read-only one cannot.
        readers?.closeAll()
    }

    /// Whether reads run on connections of their own (false: on the writer, in turn with writes).
    package var hasReaders: Bool { readers != nil }

    /// How many read-only connections are open now, busy or idle.
    package var openReaderCount: Int { readers?.openCount ?? 0 }

    /// Runs `body` in one writing transaction (BEGIN IMMEDIATE … COMMIT, or ROLLBACK on a throw).
    package func write<T>(_ body: (Database) throws -> T) throws -> T {
        endSharedRead()
        return try writerLock.withLock { try writer.transaction(writing: true) { try body(writer) } }
    }

    /// Runs `body` on the writing connection outside any transaction, with every other write of
    /// this queue held back: for what manages its own (the backup API writing a restore).
    package func withWriter<T>(_ body: (Database) throws -> T) throws -> T {
        endSharedRead()
        return try writerLock.withLock { try body(writer) }
    }

    /// Runs `body` in one reading transaction, so that everything it reads is one snapshot:
    /// the state of the last write committed before it began, whatever a write in progress
    /// has done so far. When every reader is busy it waits for one.
    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let shared = sharing(), let reader = try shared.reader ?? beginSharedRead(shared) {
            do {
                return try body(reader)
            } catch {
                // A failure SQLite answered by rolling the transaction back ends the snapshot:
                // the reader goes back, and what is read after it is read afresh.
                if !reader.isInTransaction { end(shared) }
                throw error
            }
        }
        guard let readers, let reader = readers.take() else {
            return try writerLock.withLock { try writer.transaction(writing: false) { try body(writer) } }
        }
        defer { readers.giveBack(reader) }
        return try reader.transaction(writing: false) { try body(reader) }
    }

    /// Runs `side` on a thread of its own and `main` on this one at the same time, each in a
    /// reading transaction of its own connection, both seeing one snapshot: a long report
    /// read on two cores that is still one state of the books. `main` is handed a function
    /// that waits for the side's value (or throws what it threw). The snapshots are one
    /// because both begin while the writer holds the database's write lock (BEGIN IMMEDIATE,
    /// then ROLLBACK), past which no connection of any process can commit. That lock is only
    /// tried, never waited for, so a read still never waits behind a write: when a write is in
    /// progress here or in another process, or the file may not be written, both parts run in
    /// turn in one reading transaction of one reader — one snapshot, one core. So they do
    /// without two readers (no file, a pool of fewer, a reader that cannot be opened).
    /// The clock's instant of the caller is not bound on the side's thread.
    package func read<Side: Sendable, Main>(beside side: @escaping @Sendable (Database) throws -> Side,
                                            _ main: (Database, _ side: () throws -> Side) throws -> Main) throws -> Main {
        func inTurn(_ database: Database) throws -> Main {
            let value = try side(database)
            return try main(database) { value }
        }
        // The shared read's reader goes back first: holding it while waiting for two more
        // could wait forever on another thread doing the same.
        endSharedRead()
        guard let readers, let (first, second) = readers.takeTwo() else { return try read(inTurn) }
        defer { readers.giveBack(second) }
        guard try pinTogether(first, second) else {
            readers.giveBack(first)
            return try second.transaction(writing: false) { try inTurn(second) }
        }
        let lent = Lent(first)
        let away = Background { try lent.database.finishTransaction { try side(lent.database) } }
        // The side's connection goes back to the pool only once its thread is done with it.
        defer {
            away.wait()
            readers.giveBack(first)
        }
        return try second.finishTransaction { try main(second) { try away.value() } }
    }

    /// Begins a reading transaction on both readers in one snapshot, holding the write lock
    /// meanwhile; false, with neither begun, when the lock is not free at once.
    private func pinTogether(_ first: Database, _ second: Database) throws -> Bool {
        guard writerLock.try() else { return false }
        defer { writerLock.unlock() }
        guard writer.tryBeginWriting() else { return false }
        defer { try? writer.execute("ROLLBACK") }
        try first.beginReadingNow()
        do { try second.beginReadingNow() } catch { _ = try? first.finishTransaction { }; throw error }
        return true
    }

    /// Runs `body` on the writer outside any transaction, for work that manages its own (the migrator).
    package func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        endSharedRead()
        return try writerLock.withLock { try body(writer) }
    }

    /// Runs `body`, in which every `read` of this queue shares one reading transaction of one
    /// reader: one snapshot, and one BEGIN, COMMIT and hand-over of a reader instead of one
    /// each. For a request that only reads, as an HTTP GET asks who holds its token and then
    /// for the records. A write, or a paired read, in `body` ends the sharing first, so that
    /// what is read after it is read afresh and sees the write. Only reads on the thread
    /// that runs `body` share. Inside another `readingTogether` (of any queue) it runs `body`
    /// as it is: in that one's sharing, or, for another queue's, in none.
    package func readingTogether<T>(_ body: () throws -> T) rethrows -> T {
        guard readers != nil, Self.sharedRead == nil else { return try body() }
        let shared = SharedRead(queue: ObjectIdentifier(self), thread: pthread_self())
        defer { end(shared) }
        return try Self.$sharedRead.withValue(shared, operation: body)
    }

    /// The reading transaction `readingTogether` is sharing, if any. A task-local value, it
    /// is copied into a `Task` the body starts, and seen by iterations of
    /// `concurrentPerform` run on the body's own thread: `sharing()` checks both.
    @TaskLocal private static var sharedRead: SharedRead?

    /// The sharing a read on this thread joins: this queue's, still open, begun on this thread.
    private func sharing() -> SharedRead? {
        guard readers != nil, let shared = Self.sharedRead, shared.queue == ObjectIdentifier(self), !shared.isOver,
              pthread_equal(shared.thread, pthread_self()) != 0 else { return nil }
        return shared
    }

    /// Takes a reader and begins the shared transaction on it; nil when no reader can be had.
    private func beginSharedRead(_ shared: SharedRead) throws -> Database? {
        guard let readers, let reader = readers.take() else { return nil }
        do { try reader.beginReading() } catch { readers.giveBack(reader); throw error }
        shared.reader = reader
        return reader
    }

    private func endSharedRead() {
        if let shared = sharing() { end(shared) }
    }

    /// Ends the shared transaction, if one began, and gives its reader back; later reads go their own way.
    private func end(_ shared: SharedRead) {
        shared.isOver = true
        guard let reader = shared.reader else { return }
        shared.reader = nil
        // A reading transaction's COMMIT fails only when the connection does; the pool
        // then closes the reader rather than reuse it, as it does for any left in one.
        _ = try? reader.finishTransaction { }
        readers?.giveBack(reader)
    }
}

/// One `readingTogether`: its queue, its thread and, once it has read, the reader its
/// transaction is open on.
private final class SharedRead: @unchecked Sendable {
    // @unchecked: `reader` and `isOver` are used only on `thread` (`sharing()` checks it
    // before any use), which made it and ends it.
    let queue: ObjectIdentifier
    let thread: pthread_t
    var reader: Database?
    var isOver = false

    init(queue: ObjectIdentifier, thread: pthread_t) {
        self.queue = queue
        self.thread = thread
    }
}

/// A reader handed to the side of a paired read, whose thread alone uses it until the
/// caller has waited for that thread.
private final class Lent: @unchecked Sendable {
    let database: Database
    init(_ database: Database) { self.database = database }
}
