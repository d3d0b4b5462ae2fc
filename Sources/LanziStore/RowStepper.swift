internal import CSQLite

/// A query whose rows its caller asks for one at a time, so that several can be read side
/// by side in one transaction (the audit reads every kind of document beside the journal),
/// which `scan`'s push cannot do. Its statement is reset when the stepper goes; a stepper
/// must not outlive the transaction it was made in.
package final class RowStepper {
    private let statement: Statement
    private var isDone = false

    init(_ statement: Statement, _ arguments: [SQLValue]) throws {
        try statement.startStepping(arguments)
        self.statement = statement
    }

    deinit {
        statement.finishStepping()
    }

    /// Steps to the next row: false once there are no more, and on every call after that
    /// (SQLite would start the query again).
    package func next() throws -> Bool {
        guard !isDone else { return false }
        let code = statement.database.step(statement.handle)
        if code == SQLITE_ROW { return true }
        isDone = true
        guard code == SQLITE_DONE else { throw statement.database.error(code, sql: statement.sql) }
        return false
    }

    /// The current row's columns, read in place as `RowCursor` reads them: only after `next`
    /// said true.
    private var row: ColumnReader {
        precondition(!isDone, "a stepper past its last row has no row to read")
        return ColumnReader(handle: statement.handle)
    }

    package func int64(at index: Int) throws -> Int64 { try row.int64(at: index) }

    package func optionalInt64(at index: Int) throws -> Int64? { try row.optionalInt64(at: index) }

    package func text(at index: Int) throws -> String { try row.text(at: index) }

    package func optionalText(at index: Int) throws -> String? { try row.optionalText(at: index) }
}
