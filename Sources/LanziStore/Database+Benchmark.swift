internal import CSQLite

/// What the benchmarks measure the store against: SQLite's own rate of inserting rows
/// through one prepared statement in one transaction, on the same file and connection.
extension Database {
    /// Inserts `count` rows as wide as a bill line into a scratch table, one row per
    /// execution of one prepared statement bound straight through SQLite's C interface,
    /// inside the caller's transaction, then drops the table.
    package func insertScratchRows(count: Int) throws {
        try execute("""
            CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, bill_id INTEGER NOT NULL, kind TEXT NOT NULL, period TEXT,
                description TEXT NOT NULL, amount_fen INTEGER NOT NULL, account_code TEXT NOT NULL)
            """)
        let statement = try Statement(database: self, sql: "INSERT INTO bench_raw (bill_id, kind, period, description, amount_fen, account_code) VALUES (?, ?, ?, ?, ?, ?)")
        let handle = statement.handle
        for index in 0..<count {
            let description = "rent 2026-03 S-\(index)"
            // SQLITE_OK is 0: any failed bind leaves the bits non-zero.
            let bound = sqlite3_bind_int64(handle, 1, Int64(index / 7)) | sqlite3_bind_text(handle, 2, "rent", 4, sqliteTransient)
                | sqlite3_bind_text(handle, 3, "2026-03", 7, sqliteTransient) | sqlite3_bind_text(handle, 4, description, -1, sqliteTransient)
                | sqlite3_bind_int64(handle, 5, Int64(index)) | sqlite3_bind_text(handle, 6, "50101", 5, sqliteTransient)
            let code = bound == SQLITE_OK ? sqlite3_step(handle) : bound
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw error(code, sql: statement.sql) }
        }
        try execute("DROP TABLE bench_raw")
    }

    /// Rows in the tables a billing run writes.
    package func billingRowCount() throws -> Int64 {
        try ["bills", "bill_lines", "journal_entries", "journal_lines"].reduce(Int64(0)) { total, table in
            total + (try row("SELECT count(*) AS n FROM \(table)")!.int64("n"))
        }
    }
}

extension Database {
    /// The yardstick of the income report: one aggregate pass over every journal line with
    /// its entry's date, summing debits and credits per account — what any report of the
    /// books must read at least once.
    package func journalAggregatePass() throws -> Int {
        var accounts = 0
        try scan("""
            SELECT l.account_code, sum(l.debit_fen), sum(l.credit_fen)
            FROM journal_entries AS e JOIN journal_lines AS l ON l.entry_id = e.id WHERE e.entry_on <= '9999-12-31' GROUP BY l.account_code
            """) { _ in accounts += 1 }
        return accounts
    }
}
