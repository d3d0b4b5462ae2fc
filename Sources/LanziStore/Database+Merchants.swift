import LanziCore

/// The merchant register.
extension Database {
    /// Inserts a validated merchant.
    /// - Returns: its id.
    /// - Throws: `SQLiteError` with a constraint code when the ID number is already registered.
    package func insertMerchant(_ merchant: MerchantDraft, createdAt: String) throws -> Int64 {
        try run("INSERT INTO merchants (name, phone, id_number, created_at) VALUES (?, ?, ?, ?)",
                [.text(merchant.name), .text(merchant.phone), SQLValue(merchant.idNumber), .text(createdAt)])
        return lastInsertedRowID
    }

    package func merchants() throws -> [Merchant] {
        try rows("SELECT id, name, phone, id_number FROM merchants ORDER BY id").map(Self.merchant)
    }

    package func merchant(id: Int64) throws -> Merchant? {
        try row("SELECT id, name, phone, id_number FROM merchants WHERE id = ?", [.integer(id)]).map(Self.merchant)
    }

    /// Merchant `id`'s name, nil when there is no such merchant: asked before a merchant's
    /// bills are read, which carry the name, where the rest of the merchant is not needed (a
    /// phone asks for its bills many times a day).
    package func merchantName(id: Int64) throws -> String? {
        var name: String?
        try scan("SELECT name FROM merchants WHERE id = ?", [.integer(id)]) { name = try $0.text(at: 0) }
        return name
    }

    package func merchant(idNumber: String) throws -> Merchant? {
        try row("SELECT id, name, phone, id_number FROM merchants WHERE id_number = ?", [.text(idNumber)]).map(Self.merchant)
    }

    /// A merchant with no ID number, matched on name and phone (how a seed file finds one again).
    package func merchant(name: String, phone: String) throws -> Merchant? {
        try row("SELECT id, name, phone, id_number FROM merchants WHERE name = ? AND phone = ? ORDER BY id",
                [.text(name), .text(phone)]).map(Self.merchant)
    }

    private static func merchant(_ row: Row) throws -> Merchant {
        Merchant(id: try row.int64("id"), name: try row.text("name"), phone: try row.text("phone"), idNumber: try row.optionalText("id_number"))
    }
}
