import Foundation

/// The `Sendable` owner of one connection: every use takes the lock, so the connection is
/// only ever on one thread at a time, and every use is one transaction.
package final class DatabaseQueue: @unchecked Sendable {
    // @unchecked: `database` is touched only inside `lock`, which serializes all access.
    private let lock = NSLock()
    private let database: Database

    package var path: String { database.path }

    package init(_ database: Database) { self.database = database }

    /// Runs `body` in one writing transaction (BEGIN IMMEDIATE … COMMIT, or ROLLBACK on a throw).
    package func write<T>(_ body: (Database) throws -> T) throws -> T {
        try lock.withLock { try database.transaction(writing: true) { try body(database) } }
    }

    /// Runs `body` in one reading transaction, so that everything it reads is one snapshot.
    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        try lock.withLock { try database.transaction(writing: false) { try body(database) } }
    }

    /// Runs `body` outside any transaction, for work that manages its own (the migrator).
    package func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        try lock.withLock { try body(database) }
    }
}
