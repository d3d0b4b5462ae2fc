import Foundation
internal import CSQLite

/// One SQLite connection, owned by this object and closed when it goes. Every connection
/// runs in WAL mode with foreign keys on, `synchronous=FULL` (a committed payment survives a
/// power cut) and a busy timeout, so that a second process waits instead of failing.
///
/// Not `Sendable`: SQLite connections are used from one thread at a time. `DatabaseQueue`
/// is the `Sendable` owner that serializes access.
package final class Database {
    let handle: OpaquePointer
    package let path: String
    private var statements: [String: Statement] = [:]

    /// How long a writer waits for another process's lock before giving up.
    package static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Opens (or, when `create` is true, creates) the database at `path`.
    /// - Throws: `SQLiteError` when the file cannot be opened or is not a database.
    package init(path: String, create: Bool) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw SQLiteError(code: ResultCode(rawValue: code), message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        try execute("PRAGMA foreign_keys = ON")
        let mode = try rows("PRAGMA journal_mode = WAL").first?.values.first
        guard mode == .text("wal") else {
            throw SQLiteError(code: .error, message: "\(path) cannot run in WAL mode (journal mode is \(String(describing: mode)))")
        }
        try execute("PRAGMA synchronous = FULL")
        // Statement journals (opened for every statement that a trigger or constraint may
        // abort half way) and sorts stay in memory instead of temporary files; a larger page
        // cache keeps a month's billing of a county in memory.
        try execute("PRAGMA temp_store = MEMORY")
        try execute("PRAGMA cache_size = -65536")
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(code: ResultCode(rawValue: extended != 0 ? extended : code),
                           message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements with no arguments and no results (schema scripts, pragmas).
    package func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: text,
                              sql: sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)
        }
    }

    /// The cached prepared statement for `sql`.
    func statement(_ sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try Statement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs one statement that returns no rows.
    package func run(_ sql: String, _ arguments: [SQLValue] = []) throws {
        try statement(sql).run(arguments) { _ in }
    }

    /// Every row of one query.
    package func rows(_ sql: String, _ arguments: [SQLValue] = []) throws -> [Row] {
        var rows: [Row] = []
        try statement(sql).run(arguments) { rows.append($0) }
        return rows
    }

    /// The first row of one query, or nil.
    package func row(_ sql: String, _ arguments: [SQLValue] = []) throws -> Row? {
        try rows(sql, arguments).first
    }

    /// Calls `body` for each row without holding them all: for long lists.
    package func forEachRow(_ sql: String, _ arguments: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try statement(sql).run(arguments, body)
    }

    /// The row id of the last successful INSERT on this connection.
    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    package var changedRowCount: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// A writing transaction begins IMMEDIATE, taking the write lock at once, so that two
    /// processes never both read a state and then both write on it.
    package func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        try execute(writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

@available(*, unavailable)
extension Database: Sendable {}
