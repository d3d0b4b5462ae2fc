internal import CSQLite
import LanziCore

/// The current row of a running statement, read in place: a column is read from SQLite only
/// when asked for, and no row is copied. For the hot lists (a merchant's bills and their
/// lines, the session of each API request), where `Row`'s copy of every column of every row
/// costs more than the query. Valid only inside the `Database.scan` call that hands it out.
///
/// Its accessors throw as `Row`'s do: `SQLiteError` with code `mismatch` for a column that
/// does not hold what the schema promises.
/// Not copyable, and handed out borrowed, so that a body cannot keep it.
package struct RowCursor: ~Copyable {
    private let statement: Statement

    init(_ statement: Statement) {
        self.statement = statement
    }

    private var handle: OpaquePointer { statement.handle }

    private func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    package func mismatch(at index: Int, _ expected: String) -> SQLiteError {
        let name = sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "#\(index)"
        return SQLiteError(code: .mismatch, message: "column \(name) does not hold \(expected)")
    }

    package func int64(at index: Int) throws -> Int64 {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_INTEGER else { throw mismatch(at: index, "an integer") }
        return sqlite3_column_int64(handle, Int32(index))
    }

    package func optionalInt64(at index: Int) throws -> Int64? { isNull(index) ? nil : try int64(at: index) }

    package func money(at index: Int) throws -> Money { Money(fen: try int64(at: index)) }

    package func text(at index: Int) throws -> String {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_TEXT else { throw mismatch(at: index, "text") }
        // The pointer first, then its length, as SQLite documents.
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(index)))), as: UTF8.self)
    }

    package func optionalText(at index: Int) throws -> String? { isNull(index) ? nil : try text(at: index) }

    package func blob(at index: Int) throws -> [UInt8] {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_BLOB else { throw mismatch(at: index, "a blob") }
        guard let bytes = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, Int32(index)))))
    }

    package func date(at index: Int) throws -> CalendarDate {
        guard let date = CalendarDate(storedText: try text(at: index)) else { throw mismatch(at: index, "a date") }
        return date
    }

    package func optionalDate(at index: Int) throws -> CalendarDate? { isNull(index) ? nil : try date(at: index) }
}
