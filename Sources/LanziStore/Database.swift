import Foundation
internal import CSQLite

/// One SQLite connection, owned by this object and closed when it goes. Every connection
/// runs with foreign keys on and a busy timeout (so that a second process waits instead of
/// failing); the writer keeps its temporary structures in memory, a reader spills large sorts
/// to a temporary file (reads run on the writer when there are no readers, and then sort in
/// memory). A writing connection puts its file in
/// WAL mode, so that readers run beside it, with `synchronous=FULL` (a committed payment
/// survives a power cut); a read-only connection cannot change the journal mode, so it only
/// checks that the file is in WAL mode already.
///
/// Not `Sendable`: SQLite connections are used from one thread at a time. `DatabaseQueue`
/// is the `Sendable` owner that hands them out.
package final class Database {
    let handle: OpaquePointer
    package let path: String
    /// The injected faults this connection follows, in a test that armed them (else nil).
    private var faults: FaultPlan?
    /// Whether the last step failed by injection, so that its error is told as such.
    private var injectedFault = false
    private var statements: [String: Statement] = [:]
    /// Counts statement look-ups, so that the cache knows which one was used least recently.
    private var statementClock: UInt64 = 0

    /// How long a connection waits for another's lock before giving up.
    package static let busyTimeoutMilliseconds: Int32 = 10_000

    /// How many prepared statements a connection keeps. The store's SQL is a fixed set of a
    /// few dozen texts; the bound keeps SQL built at run time (a list of ids, a table name)
    /// from growing the cache without end.
    static let statementCacheCapacity = 100

    /// Opens (or, when `create` is true, creates) the database at `path`, for reading only
    /// when `readOnly` is true. A database without a file (`":memory:"`, or `""` for a
    /// temporary one) has no WAL to share with other connections and keeps the journal mode
    /// SQLite gives it.
    /// - Precondition: not both `create` and `readOnly`: a read-only connection cannot make a file.
    /// - Throws: `SQLiteError` when the file cannot be opened, is not a database, or cannot
    ///   run in WAL mode (for a read-only connection: is not in WAL mode).
    package init(path: String, create: Bool, readOnly: Bool = false) throws {
        precondition(!(create && readOnly), "a read-only connection cannot create its database")
        var handle: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let code = sqlite3_open_v2(path, &handle, access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
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
        let mode = try rows(readOnly ? "PRAGMA journal_mode" : "PRAGMA journal_mode = WAL").first?.values.first
        guard mode == .text("wal") || filename == nil else {
            throw SQLiteError(code: .error, message: "\(path) cannot run in WAL mode (journal mode is \(String(describing: mode)))")
        }
        if !readOnly { try execute("PRAGMA synchronous = FULL") }
        // The writer's statement journals (opened for every statement that a trigger or
        // constraint may abort half way) stay in memory instead of temporary files. A
        // reader's sorts go to a temporary file once they outgrow the page cache: a report's
        // or an audit's sort over a county's journal would otherwise hold every row in
        // memory, and memory would grow with the records. A larger page cache keeps a
        // month's billing of a county in memory.
        try execute(readOnly ? "PRAGMA temp_store = FILE" : "PRAGMA temp_store = MEMORY")
        try execute("PRAGMA cache_size = -65536")
        // Injected faults count from here: the work a connection does, not its opening.
        faults = FaultInjection.plan(for: path)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The absolute path of the database file as SQLite resolved it, or nil for a database
    /// without a file (in memory, or a temporary one): where other connections to the same
    /// database are opened from.
    package var filename: String? {
        guard let name = sqlite3_db_filename(handle, "main"), name.pointee != 0 else { return nil }
        return String(cString: name)
    }

    /// Whether this connection cannot write: opened read-only, or its file is write-protected
    /// (SQLite then opens a read-write request read-only).
    package var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Whether a transaction is open (SQLite is out of autocommit mode): a connection handed
    /// back in that state would give its next user a stale snapshot.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The most parameters one statement may have on this connection
    /// (`SQLITE_LIMIT_VARIABLE_NUMBER`), which SQLite's build and the connection may lower.
    var variableLimit: Int { Int(sqlite3_limit(handle, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) }

    /// Lowers (or raises, up to the build's maximum) `variableLimit`, for tests of the code
    /// that sizes statements by it.
    /// - Returns: the limit before.
    @discardableResult
    func setVariableLimit(_ count: Int) -> Int {
        Int(sqlite3_limit(handle, SQLITE_LIMIT_VARIABLE_NUMBER, Int32(clamping: count)))
    }

    /// Steps `statement`, unless an injected fault makes this the step that fails.
    @inline(__always)
    func step(_ statement: OpaquePointer) -> Int32 {
        if let faults, faults.fails() {
            injectedFault = true
            return FaultInjection.injectedCode
        }
        return sqlite3_step(statement)
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        if injectedFault {
            injectedFault = false
            return FaultInjection.error(sql: sql)
        }
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(code: ResultCode(rawValue: extended != 0 ? extended : code),
                           message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements with no arguments and no results (schema scripts, pragmas):
    /// the one way to run several statements in one text, which `Statement` refuses.
    package func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        if let faults, faults.fails() { throw FaultInjection.error(sql: sql) }
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: text,
                              sql: sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)
        }
    }

    /// The cached prepared statement for `sql`, or a new one. A statement that is running
    /// (its rows being iterated while the caller runs another query) is never handed out
    /// again: a query nested in its own iteration gets a statement of its own, used once.
    /// When the cache is full the statement used least recently leaves it; one that is
    /// running stays alive, held by its caller, and is finalized when it finishes.
    func statement(_ sql: String) throws -> Statement {
        statementClock &+= 1
        if let cached = statements[sql] {
            if !cached.isRunning {
                cached.lastUse = statementClock
                return cached
            }
            return try Statement(database: self, sql: sql)
        }
        let statement = try Statement(database: self, sql: sql)
        statement.lastUse = statementClock
        if statements.count >= Self.statementCacheCapacity { evictLeastRecentlyUsedStatement() }
        statements[sql] = statement
        return statement
    }

    /// Drops the cache's least recently used statement, preferring one that is not running
    /// (a running one stays cached for its next use; dropping it would be safe all the same).
    private func evictLeastRecentlyUsedStatement() {
        let idle = statements.lazy.filter { !$0.value.isRunning }
        let victim = idle.min { $0.value.lastUse < $1.value.lastUse } ?? statements.min { $0.value.lastUse < $1.value.lastUse }
        if let victim { statements[victim.key] = nil }
    }

    /// How many prepared statements the cache holds.
    var cachedStatementCount: Int { statements.count }

    /// Whether the cache holds a prepared statement for `sql`.
    func isStatementCached(_ sql: String) -> Bool { statements[sql] != nil }

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

    /// Calls `body` for each row without holding them all: for long lists. `body` may run
    /// other queries on this connection, this one included.
    package func forEachRow(_ sql: String, _ arguments: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try statement(sql).run(arguments, body)
    }

    /// Calls `body` with each row read in place (`RowCursor`): for the hot lists, where
    /// copying each row costs more than the query. `body` may run other queries, as
    /// `forEachRow`'s may.
    package func scan(_ sql: String, _ arguments: [SQLValue] = [], _ body: (borrowing RowCursor) throws -> Void) throws {
        try statement(sql).scan(arguments, body)
    }

    /// The rows of one query, stepped to when the caller asks (`RowStepper`): for reading
    /// several queries side by side in one transaction, a merge, which `scan` cannot.
    package func stepping(_ sql: String, _ arguments: [SQLValue] = []) throws -> RowStepper {
        try RowStepper(try statement(sql), arguments)
    }

    /// The row id of the last successful INSERT on this connection.
    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    package var changedRowCount: Int { Int(sqlite3_changes(handle)) }

    /// Takes the write lock if it is free at once (BEGIN IMMEDIATE with no busy wait): false
    /// when another connection holds it or the file may not be written.
    func tryBeginWriting() -> Bool {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds) }
        return (try? control("BEGIN IMMEDIATE")) != nil
    }

    /// BEGIN, COMMIT or ROLLBACK, from a prepared statement kept for it: every read and every
    /// write takes two of them, and `execute` (sqlite3_exec) would parse each anew, which on
    /// a merchant's request costs as much as a small query.
    private func control(_ sql: String) throws {
        // `run`, not `scan`: the release compiler (6.3.1) crashes inlining `scan` with an
        // empty body that takes a noncopyable cursor.
        try statement(sql).run([]) { _ in }
    }

    /// Begins a reading transaction whose snapshot is taken at its first read; `finishTransaction` ends it.
    func beginReading() throws { try control("BEGIN DEFERRED") }

    /// Begins a reading transaction whose snapshot is taken now, not at its first read as a
    /// deferred transaction's is; `finishTransaction` runs the reads and ends it.
    func beginReadingNow() throws {
        try control("BEGIN DEFERRED")
        do {
            _ = try row("SELECT 1 AS one FROM sqlite_schema LIMIT 1")
        } catch {
            try? control("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside the transaction begun, and ends it: committed when it returns,
    /// rolled back when it throws.
    func finishTransaction<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            try control("COMMIT")
            return result
        } catch {
            try? control("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// A writing transaction begins IMMEDIATE, taking the write lock at once, so that two
    /// processes never both read a state and then both write on it.
    package func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        try control(writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        return try finishTransaction(body)
    }
}

@available(*, unavailable)
extension Database: Sendable {}
