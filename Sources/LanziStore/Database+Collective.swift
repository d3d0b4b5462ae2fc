import LanziCore

/// The collective's expenses and other income: one table of records and one of reversals
/// for each, laid out alike.
extension Database {
    /// The table of `Category`'s records.
    static func table<Category: CollectiveCategory>(of _: Category.Type) -> String {
        Category.flow == .outgoing ? "expenses" : "other_income"
    }

    /// The table of the reversals of `Category`'s records.
    static func reversals<Category: CollectiveCategory>(of _: Category.Type) -> String {
        Category.flow == .outgoing ? "expense_reversals" : "other_income_reversals"
    }

    package func insertCollectiveItem<Category>(_ draft: CollectiveItemDraft<Category>, number: String, createdAt: String) throws -> Int64 {
        try run("INSERT INTO \(Self.table(of: Category.self)) (number, dated_on, category, amount_fen, counterparty, method, voucher, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [.text(number), .text(draft.date.description), .text(draft.category.rawValue), .integer(draft.amount.fen),
                 .text(draft.counterparty), .text(draft.method.rawValue), .text(draft.voucher), .text(draft.note), .text(createdAt)])
        return lastInsertedRowID
    }

    package func insertCollectiveReversal<Category: CollectiveCategory>(of _: Category.Type, itemID: Int64, number: String, on date: CalendarDate,
                                                                        reason: String, createdAt: String) throws {
        try run("INSERT INTO \(Self.reversals(of: Category.self)) (number, item_id, reversed_on, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                [.text(number), .integer(itemID), .text(date.description), .text(reason), .text(createdAt)])
    }

    package func collectiveItem<Category>(_: Category.Type, id: Int64) throws -> CollectiveItem<Category>? {
        try collectiveItems(Category.self, where: "i.id = ?", [.integer(id)]).first
    }

    package func collectiveItem<Category>(_: Category.Type, number: String) throws -> CollectiveItem<Category>? {
        try collectiveItems(Category.self, where: "i.number = ?", [.text(number)]).first
    }

    /// The records with voucher number `voucher` that stand (are not reversed).
    package func standingCollectiveItems<Category>(_: Category.Type, voucher: String) throws -> [CollectiveItem<Category>] {
        try collectiveItems(Category.self, where: "i.voucher = ? AND r.id IS NULL", [.text(voucher)])
    }

    /// The records dated `from` to `to` (every one when both are nil), in date order,
    /// optionally of one category.
    package func collectiveItems<Category>(_: Category.Type, from: CalendarDate?, to: CalendarDate?, category: Category?) throws -> [CollectiveItem<Category>] {
        var conditions = ["1"]
        var arguments: [SQLValue] = []
        if let from { conditions.append("i.dated_on >= ?"); arguments.append(.text(from.description)) }
        if let to { conditions.append("i.dated_on <= ?"); arguments.append(.text(to.description)) }
        if let category { conditions.append("i.category = ?"); arguments.append(.text(category.rawValue)) }
        return try collectiveItems(Category.self, where: conditions.joined(separator: " AND "), arguments)
    }

    /// Every record with voucher number `voucher`, standing or reversed.
    package func collectiveItems<Category>(_: Category.Type, voucher: String) throws -> [CollectiveItem<Category>] {
        try collectiveItems(Category.self, where: "i.voucher = ?", [.text(voucher)])
    }

    private func collectiveItems<Category: CollectiveCategory>(_: Category.Type, where condition: String, _ arguments: [SQLValue]) throws -> [CollectiveItem<Category>] {
        let table = Self.table(of: Category.self)
        return try rows("""
            SELECT i.*, r.number AS reversal_number, r.reversed_on, r.reason FROM \(table) AS i
            LEFT JOIN \(Self.reversals(of: Category.self)) AS r ON r.item_id = i.id WHERE
            """ + " " + condition + " ORDER BY i.dated_on, i.id", arguments).map { row in
            guard let category = Category(rawValue: try row.text("category")) else { throw row.mismatch("category", "a category") }
            guard let method = PaymentMethod(rawValue: try row.text("method")) else { throw row.mismatch("method", "a payment method") }
            let draft = CollectiveItemDraft(date: try row.date("dated_on"), category: category, amount: try row.money("amount_fen"),
                                            counterparty: try row.text("counterparty"), method: method, voucher: try row.text("voucher"),
                                            note: try row.text("note"))
            var reversal: CollectiveReversal?
            if let number = try row.optionalText("reversal_number") {
                reversal = CollectiveReversal(number: number, date: try row.date("reversed_on"), reason: try row.text("reason"))
            }
            return CollectiveItem(id: try row.int64("id"), number: try row.text("number"), draft: draft, createdAt: try row.text("created_at"),
                                  reversal: reversal)
        }
    }
}
