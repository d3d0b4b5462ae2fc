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

    package func activityCount() throws -> Int {
        try row("SELECT count(*) AS n FROM activity_log")?.int("n") ?? 0
    }
}
