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
    private let columns: ColumnReader

    init(_ statement: Statement) {
        columns = ColumnReader(handle: statement.handle)
    }

    package func mismatch(at index: Int, _ expected: String) -> SQLiteError { columns.mismatch(at: index, expected) }
    package func int64(at index: Int) throws -> Int64 { try columns.int64(at: index) }
    package func optionalInt64(at index: Int) throws -> Int64? { try columns.optionalInt64(at: index) }
    package func money(at index: Int) throws -> Money { try columns.money(at: index) }
    package func text(at index: Int) throws -> String { try columns.text(at: index) }
    package func optionalText(at index: Int) throws -> String? { try columns.optionalText(at: index) }
    package func blob(at index: Int) throws -> [UInt8] { try columns.blob(at: index) }
    package func date(at index: Int) throws -> CalendarDate { try columns.date(at: index) }
    package func optionalDate(at index: Int) throws -> CalendarDate? { try columns.optionalDate(at: index) }
}

/// The columns of a statement's current row, read in place: what `RowCursor` and
/// `RowStepper` read with. Copyable, unlike the cursor, and so kept to this module's use.
struct ColumnReader {
    let handle: OpaquePointer

    private func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    func mismatch(at index: Int, _ expected: String) -> SQLiteError {
        let name = sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "#\(index)"
        return SQLiteError(code: .mismatch, message: "column \(name) does not hold \(expected)")
    }

    func int64(at index: Int) throws -> Int64 {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_INTEGER else { throw mismatch(at: index, "an integer") }
        return sqlite3_column_int64(handle, Int32(index))
    }

    func optionalInt64(at index: Int) throws -> Int64? { isNull(index) ? nil : try int64(at: index) }

    func money(at index: Int) throws -> Money { Money(fen: try int64(at: index)) }

    func text(at index: Int) throws -> String {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_TEXT else { throw mismatch(at: index, "text") }
        // The pointer first, then its length, as SQLite documents.
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(index)))), as: UTF8.self)
    }

    func optionalText(at index: Int) throws -> String? { isNull(index) ? nil : try text(at: index) }

    func blob(at index: Int) throws -> [UInt8] {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_BLOB else { throw mismatch(at: index, "a blob") }
        guard let bytes = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, Int32(index)))))
    }

    func date(at index: Int) throws -> CalendarDate {
        guard let date = CalendarDate(storedText: try text(at: index)) else { throw mismatch(at: index, "a date") }
        return date
    }

    func optionalDate(at index: Int) throws -> CalendarDate? { isNull(index) ? nil : try date(at: index) }
}
