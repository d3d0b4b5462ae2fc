internal import CSQLite

/// Many rows into one table, for the billing run's bulk writes: values are appended one by
/// one into a flat buffer (text into one byte buffer, so no allocation per value) and, when
/// the owner flushes, written a block of rows per statement, since most of a statement's cost
/// is in starting and finishing it. The owner decides when, so that a table's rows are
/// written after the rows they refer to (foreign keys are checked at each statement).
///
/// Text is bound without copying (`SQLITE_STATIC`) from the writer's own buffer, which
/// stays unchanged until the statement has run; the bindings are cleared right after.
package struct RowWriter {
    private enum Slot {
        case null
        case integer(Int64)
        case text(start: Int, count: Int)
    }

    private let database: Database
    private let head: String
    private let tuple: String
    private let columnCount: Int
    private let blockRows: Int
    private let block: Statement
    /// Statements for the rows left over after the full blocks, by their number of rows.
    private var partialBlocks: [Int: Statement] = [:]
    private var slots: [Slot] = []
    private var bytes: [UInt8] = []
    private var valuesInRow = 0

    /// - Parameter columns: the columns every row gives, in the order of its values.
    /// - Throws: `SQLiteError` when even one row has more values than a statement may have
    ///   parameters on this connection.
    package init(_ database: Database, into table: String, columns: [String]) throws {
        precondition(!columns.isEmpty, "a row writer needs at least one column")
        self.database = database
        columnCount = columns.count
        head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        // As many rows as the connection's limit on a statement's parameters allows (SQLite's
        // build sets it, 32,766 by default since 3.32 and 999 before; a connection may lower
        // it), and no more than a hundred: past that, bigger blocks no longer pay.
        let limit = database.variableLimit
        guard columns.count <= limit else {
            throw SQLiteError(code: .error, message: "a row of \(columns.count) values is more than the \(limit) parameters a statement may have", sql: head)
        }
        blockRows = min(100, limit / columns.count)
        tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        block = try Statement(database: database, sql: head + Array(repeating: tuple, count: blockRows).joined(separator: ", "))
        slots.reserveCapacity(blockRows * columnCount)
        bytes.reserveCapacity(blockRows * columnCount * 16)
    }

    package mutating func append(_ value: Int64) { add(.integer(value)) }

    package mutating func append(_ value: Int64?) { add(value.map { .integer($0) } ?? .null) }

    package mutating func append(_ value: String) {
        let start = bytes.count
        var text = value
        // One copy of the string's contiguous bytes, rather than byte by byte through its view.
        text.withUTF8 { bytes.append(contentsOf: $0) }
        add(.text(start: start, count: bytes.count - start))
    }

    package mutating func append(_ value: String?) {
        if let value { append(value) } else { add(.null) }
    }

    private mutating func add(_ slot: Slot) {
        slots.append(slot)
        valuesInRow += 1
    }

    /// Marks where a row's values end, so that a row short of a value (or with one too many)
    /// is caught here rather than shifting every later row's columns.
    /// - Throws: `SQLiteError` (misuse) when the row does not have exactly one value per
    ///   column; the row is taken back.
    package mutating func endRow() throws {
        defer { valuesInRow = 0 }
        guard valuesInRow == columnCount else {
            slots.removeLast(valuesInRow)
            throw SQLiteError(code: .misuse, message: "a row of \(valuesInRow) values for \(columnCount) columns", sql: head)
        }
    }

    /// Writes the rows not yet written: full blocks, then one statement for the rest.
    /// - Throws: `SQLiteError` when SQLite refuses a block (a constraint); nothing of that
    ///   block is written, and the caller's transaction is to be rolled back.
    package mutating func flush() throws {
        guard valuesInRow == 0 else {
            throw SQLiteError(code: .misuse, message: "a row of \(valuesInRow) values was never ended", sql: head)
        }
        let blockSlots = blockRows * columnCount
        var start = 0
        while slots.count - start >= blockSlots {
            try write(block, slots: start..<start + blockSlots)
            start += blockSlots
        }
        let rest = (slots.count - start) / columnCount
        if rest > 0 {
            let statement = try partialBlocks[rest] ?? Statement(database: database, sql: head + Array(repeating: tuple, count: rest).joined(separator: ", "))
            partialBlocks[rest] = statement
            try write(statement, slots: start..<slots.count)
        }
        slots.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    private func write(_ statement: Statement, slots range: Range<Int>) throws {
        let handle = statement.handle
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let code = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            for offset in range {
                let index = Int32(offset - range.lowerBound + 1)
                let code: Int32
                switch slots[offset] {
                case .null: code = sqlite3_bind_null(handle, index)
                case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
                case .text(_, 0): code = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                case .text(let start, let count):
                    let pointer = UnsafeRawPointer(buffer.baseAddress!).advanced(by: start).assumingMemoryBound(to: CChar.self)
                    code = sqlite3_bind_text(handle, index, pointer, Int32(count), nil)
                }
                guard code == SQLITE_OK else { return code }
            }
            return database.step(handle)
        }
        guard code == SQLITE_DONE else { throw database.error(code, sql: head + "…") }
    }
}
