extension Database {
    /// The id the next row of `table` will get if given explicitly (the caller holds the write lock).
    package func nextID(of table: String) throws -> Int64 {
        try row("SELECT coalesce(max(id), 0) + 1 AS next FROM \(table)")!.int64("next")
    }
}
