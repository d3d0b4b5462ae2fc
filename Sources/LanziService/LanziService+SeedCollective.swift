import LanziCore
import LanziStore

/// The collective's own money in a seed's history: its income besides the market (the
/// years before the market too), one-off expenses, and the expenses it pays every month —
/// recorded by the same code as `lanzi expense add` and `lanzi other-income add`. Each
/// record is found again by its voucher number, so loading the file again adds nothing.
extension SeedLoader {
    static let collectiveKeys: Set<String> = ["other_income", "expenses", "monthly_expenses"]

    mutating func loadCollective(_ object: SeedObject, first: Period, through: Period) throws {
        for (index, value) in try object.array("other_income").enumerated() {
            try loadCollectiveItem(OtherIncomeCategory.self, value, path: "\(object.field("other_income"))[\(index)]", through: through)
        }
        for (index, value) in try object.array("expenses").enumerated() {
            try loadCollectiveItem(ExpenseCategory.self, value, path: "\(object.field("expenses"))[\(index)]", through: through)
        }
        for (index, value) in try object.array("monthly_expenses").enumerated() {
            try loadMonthlyExpense(value, path: "\(object.field("monthly_expenses"))[\(index)]", first: first, through: through)
        }
    }

    /// One record: `date`, `category`, `amount`, `payee` or `payer`, `method`, `voucher`,
    /// optionally `note` and `reversed` (`on`, `reason`): a record entered by mistake and undone.
    private mutating func loadCollectiveItem<Category: CollectiveKind>(_: Category.Type, _ value: JSONValue, path: String, through: Period) throws {
        let counterparty = CollectiveItemDraft<Category>.counterpartyField
        let object = try SeedObject(value, path: path, keys: ["date", "category", "amount", counterparty, "method", "voucher", "note", "reversed"])
        guard let date = try object.date("date") else { throw DomainError(field: object.field("date"), rule: "is required") }
        guard date <= through.lastDay else { throw DomainError(field: object.field("date"), rule: "must be on or before the history's last day, \(through.lastDay)") }
        guard let amount = try object.money("amount") else { throw DomainError(field: object.field("amount"), rule: "is required") }
        let draft = CollectiveItemDraft<Category>(
            date: date, category: try Category.parse(try object.requiredString("category"), field: object.field("category")), amount: amount,
            counterparty: try object.requiredString(counterparty), method: try PaymentMethod.parse(try object.requiredString("method"), field: object.field("method")),
            voucher: try Self.seedVoucher(object), note: try object.string("note") ?? "")
        try record(draft, path: path, reversed: object.value("reversed"))
    }

    /// A record's voucher, which may not be blank: a seed's record is found again by it.
    private static func seedVoucher(_ object: SeedObject, _ key: String = "voucher") throws -> String {
        let voucher = try object.requiredString(key)
        guard !voucher.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(field: object.field(key), rule: "must not be blank: a seed's record is found again by its voucher, so that loading the file twice adds it once")
        }
        return voucher
    }

    /// An expense paid every month from the history's first month through its last, on `day`
    /// (the month's last day when shorter), with the voucher `voucher_prefix-YYYY-MM`.
    private mutating func loadMonthlyExpense(_ value: JSONValue, path: String, first: Period, through: Period) throws {
        let object = try SeedObject(value, path: path, keys: ["category", "amount", "payee", "method", "day", "voucher_prefix", "note"])
        let category = try ExpenseCategory.parse(try object.requiredString("category"), field: object.field("category"))
        guard let amount = try object.money("amount") else { throw DomainError(field: object.field("amount"), rule: "is required") }
        let method = try PaymentMethod.parse(try object.requiredString("method"), field: object.field("method"))
        guard let day = try object.integer("day", in: 1...31) else { throw DomainError(field: object.field("day"), rule: "is required") }
        let prefix = try Self.seedVoucher(object, "voucher_prefix")
        var period = first
        while period <= through {
            let date = CalendarDate(year: period.year, month: period.month, day: Swift.min(Int(day), period.dayCount))!
            try record(ExpenseDraft(date: date, category: category, amount: amount, counterparty: try object.requiredString("payee"), method: method,
                                    voucher: "\(prefix)-\(period)", note: try object.string("note") ?? ""), path: path, reversed: nil)
            period = period.adding(months: 1)
        }
    }

    private mutating func record<Category: CollectiveKind>(_ draft: CollectiveItemDraft<Category>, path: String, reversed: JSONValue?) throws {
        try locatingFaults(at: path) { try draft.validate() }
        guard try database.collectiveItems(Category.self, voucher: draft.voucher).isEmpty else { return }
        let section = Category.flow == .outgoing ? "expenses" : "other_income"
        let item = try locatingFaults(at: path) { try service.insert(draft, database) }
        count(section, added: true, by: 1)
        guard let reversed else { return }
        let object = try SeedObject(reversed, path: "\(path).reversed", keys: ["on", "reason"])
        guard let on = try object.date("on") else { throw DomainError(field: object.field("on"), rule: "is required") }
        let reason = try locatingFaults(at: object.field("reason")) { try LanziService.checkReason(try object.requiredString("reason")) }
        _ = try locatingFaults(at: object.path) { try service.reverse(item, reason: reason, on: on, database) }
        count("\(section)_reversals", added: true, by: 1)
    }
}
