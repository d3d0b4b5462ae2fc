/// What the benchmarks measure the store against: SQLite's own rate of inserting rows
/// through one prepared statement in one transaction, on the same file and connection.
extension Database {
    /// Inserts `count` rows as wide as a bill line into a scratch table, one row per
    /// execution of one cached statement, inside the caller's transaction, then drops it.
    package func insertScratchRows(count: Int) throws {
        try execute("""
            CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, bill_id INTEGER NOT NULL, kind TEXT NOT NULL, period TEXT,
                description TEXT NOT NULL, amount_fen INTEGER NOT NULL, account_code TEXT NOT NULL)
            """)
        for index in 0..<count {
            try run("INSERT INTO bench_raw (bill_id, kind, period, description, amount_fen, account_code) VALUES (?, ?, ?, ?, ?, ?)",
                    [.integer(Int64(index / 7)), .text("rent"), .text("2026-03"), .text("rent 2026-03 S-\(index)"), .integer(Int64(index)), .text("50101")])
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
