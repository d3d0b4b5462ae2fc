import LanziCore

/// The market row and the activity log.
extension Database {
    package func market() throws -> Market? {
        guard let row = try row("SELECT code, name, operator_name, collective_name, household_min, household_max FROM markets WHERE id = 1") else {
            return nil
        }
        return Market(code: try row.text("code"), name: try row.text("name"), operatorName: try row.text("operator_name"),
                      collectiveName: try row.text("collective_name"), householdMinimum: try row.int("household_min"),
                      householdMaximum: try row.int("household_max"))
    }

    /// Creates the market row, or replaces its settings (the code never changes once set:
    /// receipt numbers carry it).
    package func saveMarket(_ market: Market, createdAt: String) throws {
        try run("""
            INSERT INTO markets (id, code, name, operator_name, collective_name, household_min, household_max, created_at)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, operator_name = excluded.operator_name,
                collective_name = excluded.collective_name, household_min = excluded.household_min,
                household_max = excluded.household_max
            """, [.text(market.code), .text(market.name), .text(market.operatorName), .text(market.collectiveName),
                  SQLValue(market.householdMinimum), SQLValue(market.householdMaximum), .text(createdAt)])
    }

    /// Appends one line to the activity log.
    package func logActivity(actor: String, at instant: String, action: String, subject: String, detail: String = "") throws {
        try run("INSERT INTO activity_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                [.text(instant), .text(actor), .text(action), .text(subject), .text(detail)])
    }

    /// The first activity that no seed load wrote — an operator's payment, a lease made by
    /// hand, the market made by `init` — or nil when every line lies inside a load: from the
    /// `from_id` a `seed.load` line names through that line itself.
    /// Only lines before `before` count.
    package func firstActivityNotFromASeed(before: Int64) throws -> (at: String, actor: String, action: String, subject: String)? {
        try row("""
            SELECT a.at, a.actor, a.action, a.subject FROM activity_log AS a
            WHERE a.id < ?1 AND NOT EXISTS (SELECT 1 FROM activity_log AS s
                              WHERE s.action = 'seed.load' AND a.id BETWEEN json_extract(s.detail, '$.from_id') AND s.id)
            ORDER BY a.id LIMIT 1
            """, [.integer(before)]).map { (try $0.text("at"), try $0.text("actor"), try $0.text("action"), try $0.text("subject")) }
    }

    /// The id the next activity line will take.
    package func nextActivityID() throws -> Int64 {
        try row("SELECT coalesce(max(id), 0) + 1 AS next FROM activity_log")?.int64("next") ?? 1
    }

    package func activityCount() throws -> Int {
        try row("SELECT count(*) AS n FROM activity_log")?.int("n") ?? 0
    }
}
