import LanziCore

/// One result row. Accessors throw `SQLiteError` with code `mismatch` when a column does not
/// hold what the schema promises — which means the file was changed behind our back.
package struct Row: Sendable {
    let columns: [String: Int]
    package let values: [SQLValue]

    package subscript(column: String) -> SQLValue {
        guard let index = columns[column] else { preconditionFailure("no column \(column) in the query") }
        return values[index]
    }

    func mismatch(_ column: String, _ expected: String) -> SQLiteError {
        SQLiteError(code: .mismatch, message: "column \(column) holds \(self[column]), not \(expected)")
    }

    package func int64(_ column: String) throws -> Int64 {
        guard case .integer(let value) = self[column] else { throw mismatch(column, "an integer") }
        return value
    }

    package func int(_ column: String) throws -> Int { Int(try int64(column)) }

    package func optionalInt64(_ column: String) throws -> Int64? {
        if case .null = self[column] { return nil }
        return try int64(column)
    }

    package func bool(_ column: String) throws -> Bool { try int64(column) != 0 }

    package func text(_ column: String) throws -> String {
        guard case .text(let value) = self[column] else { throw mismatch(column, "text") }
        return value
    }

    package func optionalText(_ column: String) throws -> String? {
        if case .null = self[column] { return nil }
        return try text(column)
    }

    package func money(_ column: String) throws -> Money { Money(fen: try int64(column)) }

    package func date(_ column: String) throws -> CalendarDate {
        guard let date = CalendarDate(storedText: try text(column)) else { throw mismatch(column, "a date") }
        return date
    }

    package func optionalDate(_ column: String) throws -> CalendarDate? {
        if case .null = self[column] { return nil }
        return try date(column)
    }
}
