internal import CSQLite

/// Tells SQLite to copy bound text and blobs: the Swift buffers do not outlive the call.
/// (`SQLITE_TRANSIENT` is a C macro that Swift cannot import.)
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One prepared statement, owned by this object and finalized when it goes.
///
/// It holds exactly one SQL statement: SQL with another statement after the first, or with
/// nothing in it, is refused rather than run in part (`Database.execute` runs scripts).
package final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    package let sql: String
    /// Whether `run` is stepping through this statement's rows, so that the connection's
    /// cache does not hand it to a query nested in that iteration.
    private(set) var isRunning = false
    /// When the connection's cache last handed this statement out (its own clock).
    var lastUse: UInt64 = 0
    private(set) lazy var columns: [String: Int] = {
        var names: [String: Int] = [:]
        for index in 0..<sqlite3_column_count(handle) {
            names[String(cString: sqlite3_column_name(handle, index))] = Int(index)
        }
        return names
    }()

    /// Prepares `sql`, which is given to SQLite with its byte length, so that a NUL byte in it
    /// cannot hide what follows.
    /// - Throws: `SQLiteError` with SQLite's code for SQL that does not compile; with code
    ///   `misuse` for empty SQL (nothing but blanks and comments) and for SQL that goes on
    ///   past its first statement.
    init(database: Database, sql: String) throws {
        var text = sql
        var prepared: OpaquePointer?
        var code = SQLITE_OK
        var rest: String?
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return }
            var restStart = utf8.count
            base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { start in
                var tail: UnsafePointer<CChar>?
                code = sqlite3_prepare_v3(database.handle, start, Int32(clamping: utf8.count), UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, &tail)
                if let tail { restStart = start.distance(to: tail) }
            }
            rest = Self.describeStatementAfter(UnsafeBufferPointer(rebasing: utf8[restStart...]))
        }
        guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
        guard let prepared else {
            throw SQLiteError(code: .misuse, message: "no statement to prepare: the SQL is empty", sql: sql)
        }
        if let rest {
            sqlite3_finalize(prepared)
            throw SQLiteError(code: .misuse, message: "only one statement may be prepared, but \(rest) follows the first (Database.execute runs scripts)", sql: sql)
        }
        self.handle = prepared
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// What stands in `tail` (the SQL after the first statement) that SQLite would run or
    /// choke on, or nil when it holds only what its tokenizer skips: whitespace, `--` and
    /// `/* */` comments (an unclosed one runs to the end), and empty statements (`;`).
    static func describeStatementAfter(_ tail: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < tail.count ? tail[index + offset] : nil }
        while let byte = at(0) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D, UInt8(ascii: ";"):
                index += 1
            case UInt8(ascii: "-") where at(1) == UInt8(ascii: "-"):
                while let byte = at(0), byte != 0x0A { index += 1 }
            case UInt8(ascii: "/") where at(1) == UInt8(ascii: "*"):
                index += 2
                while at(0) != nil, !(at(0) == UInt8(ascii: "*") && at(1) == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, tail.count)
            case 0:
                return "a NUL byte"
            default:
                let rest = UnsafeBufferPointer(rebasing: tail[index...])
                let text = String(decoding: rest.prefix(40), as: UTF8.self)
                return "a second statement (“\(text)\(rest.count > 40 ? "…" : "")”)"
            }
        }
        return nil
    }

    func bind(_ arguments: [SQLValue]) throws {
        // No sqlite3_clear_bindings: the count check below means every parameter is bound anew.
        sqlite3_reset(handle)
        guard Int(sqlite3_bind_parameter_count(handle)) == arguments.count else {
            throw SQLiteError(code: .error, message: "the statement takes \(sqlite3_bind_parameter_count(handle)) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .text(let value):
                // Bound with its byte count, so that a NUL inside the string is stored with the
                // rest; an empty buffer may have no address, which SQLite would bind as NULL.
                var text = value
                code = text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, sqliteTransient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text64(handle, index, $0, UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let value):
                // An empty array may have no address either: a zero-length blob, not NULL.
                code = value.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
                    return sqlite3_bind_blob64(handle, index, base, UInt64(bytes.count), sqliteTransient)
                }
            }
            guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
        }
    }

    /// Runs the statement with `arguments`, calling `body` for each row.
    func run(_ arguments: [SQLValue], _ body: (Row) throws -> Void) throws {
        try bind(arguments)
        isRunning = true
        defer {
            sqlite3_reset(handle)
            isRunning = false
        }
        let names = columns
        while true {
            let code = database.step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw database.error(code, sql: sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(names.count)
            for index in 0..<sqlite3_column_count(handle) {
                values.append(column(at: index))
            }
            try body(Row(columns: names, values: values))
        }
    }

    /// Runs the statement with `arguments`, calling `body` with each row in place.
    func scan(_ arguments: [SQLValue], _ body: (borrowing RowCursor) throws -> Void) throws {
        try bind(arguments)
        isRunning = true
        defer {
            sqlite3_reset(handle)
            isRunning = false
        }
        while true {
            let code = database.step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw database.error(code, sql: sql) }
            try body(RowCursor(self))
        }
    }

    /// Binds `arguments` and marks the statement running, for a `RowStepper` that steps it
    /// when its caller asks; `finishStepping` resets it.
    func startStepping(_ arguments: [SQLValue]) throws {
        try bind(arguments)
        isRunning = true
    }

    func finishStepping() {
        sqlite3_reset(handle)
        isRunning = false
    }

    private func column(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_BLOB:
            // The pointer first, then its length: SQLite's documented order, since fetching
            // the value may convert it, and the length is that of what the pointer shows.
            let bytes = sqlite3_column_blob(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes, count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }
}
