import LanziCore
import LanziStore

/// What the service needs to know of each kind of the collective's own records: the
/// operations that guard them, their numbers and their journal entries.
package protocol CollectiveKind: CollectiveCategory {
    static var operations: (add: ServiceOperation, list: ServiceOperation, show: ServiceOperation, reverse: ServiceOperation, importing: ServiceOperation) { get }
    /// The prefix of their numbers (`CODE-E2026-000001`) and of their reversals'.
    static var numberPrefix: (record: String, reversal: String) { get }
    /// What the records are called in messages and the journal: "expense", "other income".
    static var noun: Phrase { get }
    /// The journal's document kinds of a record and its reversal.
    static var documentKinds: (record: String, reversal: String) { get }
}

extension ExpenseCategory: CollectiveKind {
    package static var operations: (add: ServiceOperation, list: ServiceOperation, show: ServiceOperation, reverse: ServiceOperation, importing: ServiceOperation) {
        (.addExpense, .listExpenses, .showExpense, .reverseExpense, .importExpenses)
    }
    package static var numberPrefix: (record: String, reversal: String) { ("E", "EV") }
    package static var noun: Phrase { Phrase("expense") }
    package static var documentKinds: (record: String, reversal: String) { ("expense", "expense_reversal") }
}

extension OtherIncomeCategory: CollectiveKind {
    package static var operations: (add: ServiceOperation, list: ServiceOperation, show: ServiceOperation, reverse: ServiceOperation, importing: ServiceOperation) {
        (.addOtherIncome, .listOtherIncome, .showOtherIncome, .reverseOtherIncome, .importOtherIncome)
    }
    package static var numberPrefix: (record: String, reversal: String) { ("I", "IV") }
    package static var noun: Phrase { Phrase("income record") }
    package static var documentKinds: (record: String, reversal: String) { ("other_income", "other_income_reversal") }
}

extension LanziService {
    /// Records an expense or an income record, posted at once: an expense debits its
    /// category's account and credits the till or bank account it was paid from; income the
    /// other way round. A voucher number already on a standing record is refused as a
    /// probable double entry unless `repeatedVoucherIntended` (one invoice paid in two parts).
    /// - Throws: `DomainError` for a bad field or a date after today; `ServiceError.conflict`
    ///   for a repeated voucher; `.unavailable` when the chart lacks the category's account.
    package func record<Category: CollectiveKind>(_ draft: CollectiveItemDraft<Category>, repeatedVoucherIntended: Bool = false) throws -> CollectiveItem<Category> {
        try authorize(Category.operations.add)
        try draft.validate()
        try requireNotFuture(draft.date, field: "date")
        return try change(Category.operations.add) { database in
            if !draft.voucher.isEmpty, !repeatedVoucherIntended,
               let earlier = try database.standingCollectiveItems(Category.self, voucher: draft.voucher).first {
                throw ServiceError.conflict("voucher \"\(draft.voucher)\" was already recorded for \(Category.noun) \(earlier.number) (\(earlier.draft.amount) on \(earlier.draft.date), \(earlier.draft.counterparty)); a probable double entry — if it is another record on the same voucher, say so (repeated_voucher_ok)", field: "voucher")
            }
            return try insert(draft, database)
        }
    }

    /// Records `draft` inside the caller's transaction (the seed's history too).
    func insert<Category: CollectiveKind>(_ draft: CollectiveItemDraft<Category>, _ database: Database) throws -> CollectiveItem<Category> {
        let market = try Self.requireMarket(database)
        let books = try Books(database, at: clock.timestamp())
        let number = try database.nextNumber(code: market.code, prefix: Category.numberPrefix.record, year: draft.date.year)
        let id = try database.insertCollectiveItem(draft, number: number, createdAt: books.instant)
        try database.post(on: draft.date, documentKind: Category.documentKinds.record, documentNumber: number,
                          description: "\(Category.noun.description) \(number): \(draft.category.rawValue), \(draft.counterparty)" + (draft.voucher.isEmpty ? "" : ", voucher \(draft.voucher)"),
                          lines: try lines(of: draft, books, reversing: false), createdAt: books.instant)
        try log(database, "\(Category.documentKinds.record).record", number, .object([
            ("category", .string(draft.category.rawValue)), ("amount_fen", .integer(draft.amount.fen)), ("method", .string(draft.method.rawValue))]))
        return try database.collectiveItem(Category.self, id: id)!
    }

    /// The two lines of a record's entry, or of its reversal's.
    private func lines<Category: CollectiveKind>(of draft: CollectiveItemDraft<Category>, _ books: Books, reversing: Bool) throws -> [JournalLineDraft] {
        let category = try books.account(draft.category.accountRole)
        let money = try books.account(draft.method.accountRole)
        let (debited, credited) = (Category.flow == .outgoing) != reversing ? (category, money) : (money, category)
        return [JournalLineDraft(accountCode: debited, debit: draft.amount), JournalLineDraft(accountCode: credited, credit: draft.amount)]
    }

    /// Undoes a record entered by mistake: a reversal record, and the opposite journal entry
    /// on the reversal's date. The record stays, marked reversed; enter the right one anew.
    /// - Throws: `ServiceError.notFound`; `.conflict` for a record already reversed;
    ///   `DomainError` for a bad reason or date.
    package func reverse<Category: CollectiveKind>(_: Category.Type, number: String, reason: String, on date: CalendarDate) throws -> CollectiveItem<Category> {
        try authorize(Category.operations.reverse)
        let reason = try Self.checkReason(reason)
        try requireNotFuture(date, field: "on")
        return try change(Category.operations.reverse) { database in
            try reverse(try requireCollectiveItem(Category.self, number, database), reason: reason, on: date, database)
        }
    }

    /// Reverses `item` inside the caller's transaction (the seed's history too).
    func reverse<Category: CollectiveKind>(_ item: CollectiveItem<Category>, reason: String, on date: CalendarDate, _ database: Database) throws -> CollectiveItem<Category> {
        if let reversal = item.reversal {
            throw ServiceError.conflict("\(Category.noun) \(item.number) was already reversed on \(reversal.date) (\(reversal.number))")
        }
        guard date >= item.draft.date else { throw DomainError(field: "on", rule: "must be on or after the record's date, \(item.draft.date)") }
        let market = try Self.requireMarket(database)
        let books = try Books(database, at: clock.timestamp())
        let reversalNumber = try database.nextNumber(code: market.code, prefix: Category.numberPrefix.reversal, year: date.year)
        try database.insertCollectiveReversal(of: Category.self, itemID: item.id, number: reversalNumber, on: date, reason: reason, createdAt: books.instant)
        try database.post(on: date, documentKind: Category.documentKinds.reversal, documentNumber: reversalNumber,
                          description: "reversal \(reversalNumber) of \(Category.noun.description) \(item.number): \(reason)",
                          lines: try lines(of: item.draft, books, reversing: true), createdAt: books.instant)
        try log(database, "\(Category.documentKinds.record).reverse", item.number, .object([("reversal", .string(reversalNumber)), ("reason", .string(reason))]))
        return try database.collectiveItem(Category.self, id: item.id)!
    }

    /// One record by its number.
    /// - Throws: `ServiceError.notFound`.
    package func collectiveItem<Category: CollectiveKind>(_: Category.Type, number: String) throws -> CollectiveItem<Category> {
        try look(Category.operations.show) { database in try requireCollectiveItem(Category.self, number, database) }
    }

    /// The records dated within `from`…`to` (either end open), optionally of one category, in date order.
    package func collectiveItems<Category: CollectiveKind>(_: Category.Type, from: CalendarDate?, to: CalendarDate?, category: Category?) throws -> [CollectiveItem<Category>] {
        try look(Category.operations.list) { database in
            if let from, let to, to < from { throw DomainError(field: "to", rule: "must be on or after from, \(from)") }
            return try database.collectiveItems(Category.self, from: from, to: to, category: category)
        }
    }

    private func requireCollectiveItem<Category: CollectiveKind>(_: Category.Type, _ number: String, _ database: Database) throws -> CollectiveItem<Category> {
        guard let item = try database.collectiveItem(Category.self, number: number) else {
            throw ServiceError.notFound("no \(Category.noun) \(number)", field: "number")
        }
        return item
    }

    /// Imports records from CSV — columns date/日期, category/类别, amount/金额, payee/收款人
    /// (payer/付款人 for income), method/方式, voucher/凭证号, note/备注 — all rows or none.
    /// A row whose voucher is on a standing record or an earlier row, or which repeats one
    /// without a voucher (same date, category, amount and counterparty), is refused: the
    /// same file imported twice must not record the money twice.
    /// - Throws: `ImportError` listing every bad row by line and field.
    package func importCollectiveItems<Category: CollectiveKind>(_: Category.Type, csv text: String, source: String) throws -> [CollectiveItem<Category>] {
        try authorize(Category.operations.importing)
        let counterparty = CollectiveItemDraft<Category>.counterpartyField
        let table = try CSVTable(text, source: source, columns: [
            "date": ["日期"], "category": ["类别"], "amount": ["金额"],
            counterparty: Category.flow == .outgoing ? ["收款人", "收款单位"] : ["付款人", "付款单位"],
            "method": ["方式", "支付方式"], "voucher": ["凭证号"], "note": ["备注"],
        ], required: ["date", "category", "amount", counterparty, "method"])
        let today = clock.today()
        return try change(Category.operations.importing) { database in
            var vouchersSeen: [String: Int] = [:]
            var rowsSeen: [[String]: Int] = [:]
            let drafts = try table.map { record -> CollectiveItemDraft<Category> in
                var problems: [DomainError] = []
                func read<T>(_ column: String, _ parse: (String) throws(DomainError) -> T) -> T? {
                    guard let text = table.value(column, in: record) else {
                        problems.append(DomainError(field: column, rule: "is required"))
                        return nil
                    }
                    do { return try parse(text) } catch { problems.append(error); return nil }
                }
                let date = read("date") { text throws(DomainError) in try CalendarDate.parse(InputText.halfWidth(text), field: "date") }
                let category = read("category") { text throws(DomainError) in try Category.parse(text, field: "category") }
                let amount = read("amount") { text throws(DomainError) in try Money.parse(InputText.halfWidth(text), field: "amount") }
                let method = read("method") { text throws(DomainError) in try PaymentMethod.parse(text, field: "method") }
                if let date, date > today {
                    problems.append(DomainError(field: "date", rule: "must not be after today, \(today) (China Standard Time); money is recorded when it moves, got \(date)"))
                }
                let draft = CollectiveItemDraft(date: date ?? today, category: category ?? Array(Category.allCases)[0], amount: amount ?? Money(fen: 1),
                                                counterparty: table.value(counterparty, in: record) ?? "", method: method ?? .cash,
                                                voucher: table.value("voucher", in: record) ?? "", note: table.value("note", in: record) ?? "")
                problems += draft.problems.filter { problem in !problems.contains { $0.field == problem.field } }
                if !draft.voucher.isEmpty {
                    if let line = vouchersSeen[draft.voucher] {
                        problems.append(DomainError(field: "voucher", rule: "repeats the voucher of line \(line)"))
                    } else if let earlier = try database.standingCollectiveItems(Category.self, voucher: draft.voucher).first {
                        problems.append(DomainError(field: "voucher", rule: "was already recorded for \(Category.noun) \(earlier.number); a probable double entry"))
                    }
                    vouchersSeen[draft.voucher] = vouchersSeen[draft.voucher] ?? record.line
                } else if problems.isEmpty {
                    let key = [draft.date.description, draft.category.rawValue, String(draft.amount.fen), draft.counterparty]
                    if let line = rowsSeen[key] {
                        problems.append(DomainError(field: "line", rule: "repeats line \(line) (same date, category, amount and \(counterparty)) without a voucher to tell them apart"))
                    } else if try database.collectiveItems(Category.self, from: draft.date, to: draft.date, category: draft.category).contains(where: {
                        $0.reversal == nil && $0.draft.amount == draft.amount && $0.draft.counterparty == draft.counterparty
                    }) {
                        problems.append(DomainError(field: "line", rule: "repeats a record already made (same date, category, amount and \(counterparty)) without a voucher to tell them apart"))
                    }
                    rowsSeen[key] = rowsSeen[key] ?? record.line
                }
                try RowProblems.check(problems)
                return draft
            }
            return try drafts.map { try insert($0, database) }
        }
    }
}
