internal import CSQLite
import Foundation

/// Copies between databases through SQLite's online backup API: a page-for-page copy of one
/// snapshot, while other connections and processes go on writing (WAL: the copy's read does
/// not hold them up).
extension Database {
    /// Copies this connection's database as one snapshot into a new file at `path`.
    /// Called inside a reading transaction, the copy is that transaction's snapshot.
    /// - Throws: `SQLiteError` when the copy cannot be made; the file at `path` is then
    ///   whatever SQLite left, and the caller removes it.
    package func backup(to path: String) throws {
        let destination = try Database(path: path, create: true)
        try Self.copy(from: self, to: destination)
    }

    /// Replaces this connection's database with `source`'s, whole or not at all: the backup
    /// API writes the destination in one transaction of its own, so a failure or a crash part
    /// way leaves it as it was. Must not be called inside a transaction of this connection.
    package func replace(with source: Database) throws {
        try Self.copy(from: source, to: self)
    }

    /// `PRAGMA integrity_check`'s findings; empty when the file is sound.
    package func integrityProblems() throws -> [String] {
        let found = try rows("PRAGMA integrity_check(10)").compactMap { row -> String? in
            if case .text(let text)? = row.values.first { return text }
            return nil
        }
        return found == ["ok"] ? [] : found
    }

    /// The migrations a database records, by version; nil when it has no such table (it is
    /// not a Lanzi database).
    package func recordedMigrations() throws -> [(version: Int, name: String, checksum: String)]? {
        guard try row("SELECT 1 AS found FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") != nil else { return nil }
        return try rows("SELECT version, name, checksum FROM schema_migrations ORDER BY version").map {
            (try $0.int("version"), try $0.text("name"), try $0.text("checksum"))
        }
    }

    private static func copy(from source: Database, to destination: Database) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw destination.error(sqlite3_errcode(destination.handle), sql: "backup")
        }
        // One step copies every page from one snapshot: stepping in parts would restart each
        // time another process wrote between the parts.
        let stepped = sqlite3_backup_step(backup, -1)
        let finished = sqlite3_backup_finish(backup)
        guard stepped == SQLITE_DONE else {
            throw SQLiteError(code: ResultCode(rawValue: stepped), message: "backup: \(String(cString: sqlite3_errstr(stepped)))")
        }
        guard finished == SQLITE_OK else { throw destination.error(sqlite3_errcode(destination.handle), sql: "backup") }
    }
}
