internal import CSQLite

/// Tells SQLite to copy bound text and blobs: the Swift buffers do not outlive the call.
/// (`SQLITE_TRANSIENT` is a C macro that Swift cannot import.)
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One prepared statement, owned by this object and finalized when it goes.
package final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    package let sql: String
    private(set) lazy var columns: [String: Int] = {
        var names: [String: Int] = [:]
        for index in 0..<sqlite3_column_count(handle) {
            names[String(cString: sqlite3_column_name(handle, index))] = Int(index)
        }
        return names
    }()

    init(database: Database, sql: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw database.error(code, sql: sql)
        }
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

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
            case .text(let value): code = sqlite3_bind_text(handle, index, value, -1, sqliteTransient)
            case .blob(let value):
                code = value.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
            }
            guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
        }
    }

    /// Runs the statement with `arguments`, calling `body` for each row.
    func run(_ arguments: [SQLValue], _ body: (Row) throws -> Void) throws {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        let names = columns
        while true {
            let code = sqlite3_step(handle)
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

    private func column(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }
}
