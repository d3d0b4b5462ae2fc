import Foundation

/// Read-only connections to one database file, opened as needed up to a bound and handed to
/// one thread at a time.
final class ReaderPool {
    private let condition = NSCondition()
    private let filename: String
    private let maximumCount: Int
    /// Guarded by `condition`: the connections not in use, and how many are open (in use,
    /// idle, or being opened).
    private var idle: [Database] = []
    private var opened = 0

    init(filename: String, maximumCount: Int) {
        self.filename = filename
        self.maximumCount = maximumCount
    }

    var openCount: Int { condition.withLock { opened } }

    /// An idle connection, or a new one while fewer than the bound are open; otherwise waits
    /// until one is given back.
    /// - Returns: nil when a new connection cannot be opened (the file is gone, or not in
    ///   WAL mode); the caller reads on the writer, and a later call tries again.
    func take() -> Database? {
        condition.lock()
        while idle.isEmpty && opened >= maximumCount { condition.wait() }
        if let reader = idle.popLast() {
            condition.unlock()
            return reader
        }
        opened += 1
        condition.unlock()
        // Opened outside the lock: it reads the file, and other readers need not wait for that.
        do {
            return try Database(path: filename, create: false, readOnly: true)
        } catch {
            condition.withLock {
                opened -= 1
                condition.broadcast()
            }
            return nil
        }
    }

    /// Two connections at once, or nil when the pool may not hold two or one cannot be opened.
    /// Both are waited for together: a caller holding one while it waits for another could
    /// wait forever on callers doing the same.
    func takeTwo() -> (Database, Database)? {
        guard maximumCount >= 2 else { return nil }
        condition.lock()
        while idle.count + (maximumCount - opened) < 2 { condition.wait() }
        var reused: [Database] = []
        while reused.count < 2, let reader = idle.popLast() { reused.append(reader) }
        let toOpen = 2 - reused.count
        opened += toOpen
        condition.unlock()
        var fresh: [Database] = []
        for _ in 0..<toOpen {
            guard let reader = try? Database(path: filename, create: false, readOnly: true) else {
                condition.withLock {
                    opened -= toOpen - fresh.count
                    condition.broadcast()
                }
                for reader in reused + fresh { giveBack(reader) }
                return nil
            }
            fresh.append(reader)
        }
        let both = reused + fresh
        return (both[0], both[1])
    }

    /// Takes back a connection from `take`. One left inside a transaction (its ROLLBACK
    /// failed) is closed instead of reused, since its next user would see a stale snapshot.
    func giveBack(_ reader: Database) {
        let isReusable = !reader.isInTransaction
        condition.withLock {
            if isReusable { idle.append(reader) } else { opened -= 1 }
            // Every waiter hears it: one waiting for two connections, woken alone when there
            // is one, would go back to waiting and leave a waiter for one asleep beside it.
            condition.broadcast()
        }
    }

    /// Closes the idle connections (at the queue's end, none is in use).
    func closeAll() {
        condition.withLock {
            opened -= idle.count
            idle.removeAll()
        }
    }
}
