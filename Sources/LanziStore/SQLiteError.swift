internal import CSQLite

/// An SQLite result code. `extended` codes (such as SQLITE_CONSTRAINT_TRIGGER) keep their
/// primary code in the low byte, so `primary` compares them with the codes below.
package struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int32

    package init(rawValue: Int32) { self.rawValue = rawValue }

    package var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    package static let error = ResultCode(rawValue: SQLITE_ERROR)
    package static let busy = ResultCode(rawValue: SQLITE_BUSY)
    package static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    package static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    package static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    package static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    package static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    package static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    package static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    package static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    package static let full = ResultCode(rawValue: SQLITE_FULL)
    package static let ioError = ResultCode(rawValue: SQLITE_IOERR)

    package var description: String { String(cString: sqlite3_errstr(rawValue)) + " (\(rawValue))" }

    /// Lets `catch ResultCode.constraint` match any `SQLiteError` whose primary code is that.
    package static func ~= (pattern: ResultCode, error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        return error.code.primary == pattern.primary
    }
}

/// A failed SQLite call: the extended result code, SQLite's message and the SQL it ran.
package struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    package let code: ResultCode
    package let message: String
    package let sql: String?

    package init(code: ResultCode, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    package var description: String {
        var text = "SQLite error \(code.rawValue): \(message)"
        if let sql { text += " — while running: \(sql)" }
        return text
    }

    /// Whether a trigger refused the change with `RAISE(ABORT, 'tag: …')`.
    package func isRaised(by tag: String) -> Bool {
        code.primary == .constraint && message.hasPrefix(tag + ":")
    }
}
