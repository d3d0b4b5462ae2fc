import LanziCore

/// One result row. Accessors throw `SQLiteError` with code `mismatch` when a column does not
/// hold what the schema promises — which means the file was changed behind our back.
package struct Row: Sendable {
    let columns: [String: Int]
    package let values: [SQLValue]

    package subscript(column: String) -> SQLValue { values[index(of: column)] }

    /// The position of `column` in the query, for reading many rows of one query by position
    /// rather than by name (a name costs a hash each time).
    package func index(of column: String) -> Int {
        guard let index = columns[column] else { preconditionFailure("no column \(column) in the query") }
        return index
    }

    /// The position of `column`, or nil when the query has no such column.
    package func indexIfPresent(of column: String) -> Int? { columns[column] }

    func mismatch(_ column: String, _ expected: String) -> SQLiteError {
        SQLiteError(code: .mismatch, message: "column \(column) holds \(self[column]), not \(expected)")
    }

    func mismatch(at index: Int, _ expected: String) -> SQLiteError {
        mismatch(columns.first { $0.value == index }?.key ?? "#\(index)", expected)
    }

    package func int64(_ column: String) throws -> Int64 { try int64(at: index(of: column)) }

    package func int64(at index: Int) throws -> Int64 {
        guard case .integer(let value) = values[index] else { throw mismatch(at: index, "an integer") }
        return value
    }

    package func int(_ column: String) throws -> Int { Int(try int64(column)) }

    package func int(at index: Int) throws -> Int { Int(try int64(at: index)) }

    package func optionalInt64(_ column: String) throws -> Int64? { try optionalInt64(at: index(of: column)) }

    package func optionalInt64(at index: Int) throws -> Int64? {
        if case .null = values[index] { return nil }
        return try int64(at: index)
    }

    package func bool(_ column: String) throws -> Bool { try int64(column) != 0 }

    package func text(_ column: String) throws -> String { try text(at: index(of: column)) }

    package func text(at index: Int) throws -> String {
        guard case .text(let value) = values[index] else { throw mismatch(at: index, "text") }
        return value
    }

    package func optionalText(_ column: String) throws -> String? { try optionalText(at: index(of: column)) }

    package func blob(_ column: String) throws -> [UInt8] {
        guard case .blob(let value) = values[index(of: column)] else { throw mismatch(column, "a blob") }
        return value
    }

    package func optionalText(at index: Int) throws -> String? {
        if case .null = values[index] { return nil }
        return try text(at: index)
    }

    package func money(_ column: String) throws -> Money { Money(fen: try int64(column)) }

    package func money(at index: Int) throws -> Money { Money(fen: try int64(at: index)) }

    package func date(_ column: String) throws -> CalendarDate { try date(at: index(of: column)) }

    package func date(at index: Int) throws -> CalendarDate {
        guard let date = CalendarDate(storedText: try text(at: index)) else { throw mismatch(at: index, "a date") }
        return date
    }

    package func optionalDate(_ column: String) throws -> CalendarDate? { try optionalDate(at: index(of: column)) }

    package func optionalDate(at index: Int) throws -> CalendarDate? {
        if case .null = values[index] { return nil }
        return try date(at: index)
    }
}
