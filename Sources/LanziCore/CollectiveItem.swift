import Foundation

/// The categories of one kind of the collective's own money — what it spends, or what it
/// earns besides the market — each posting to its own account of the chart.
package protocol CollectiveCategory: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// Money out of the till (an expense) or into it (other income).
    static var flow: CollectiveFlow { get }
    /// The words a Chinese office uses, beside the English names.
    static var chineseWords: [String: Self] { get }
    /// The chart role of the account the category posts to.
    var accountRole: String { get }
    /// The category as a person reads it.
    var phrase: Phrase { get }
}

package enum CollectiveFlow: Sendable {
    case outgoing, incoming
}

extension CollectiveCategory {
    /// Reads a category by its English name or its Chinese word.
    /// - Throws: `DomainError` naming `field` for any other text.
    package static func parse(_ text: String, field: String) throws(DomainError) -> Self {
        guard let category = InputText.choice(text, words: chineseWords) else {
            let choices = allCases.map { category in
                "\(category.rawValue) (\(chineseWords.filter { $0.value == category }.keys.sorted().first ?? ""))"
            }
            throw DomainError(field: field, rule: "must be one of \(choices.joined(separator: ", ")), got \"\(text)\"")
        }
        return category
    }
}

/// What the collective spends. The town services the market company performs (cleaning,
/// refuse transport, greening, keeping order in the market) and the market's running costs
/// are 经营支出, the cost of the business; the wages of the people who manage it are
/// 管理费用; what fits neither is 其他支出 — as the 2023 system assigns them.
package enum ExpenseCategory: String, CollectiveCategory {
    case cleaning
    case refuse
    case greening
    case orderManagement = "order_management"
    case utilities
    case repairs
    case wages
    case other

    package static var flow: CollectiveFlow { .outgoing }
    package static var chineseWords: [String: ExpenseCategory] {
        ["保洁": .cleaning, "清运": .refuse, "垃圾清运": .refuse, "绿化": .greening, "市场秩序管理": .orderManagement,
         "水电": .utilities, "水电费": .utilities, "维修": .repairs, "工资": .wages, "其他": .other]
    }
    package var accountRole: String { "expense:\(rawValue)" }
}

/// What the collective earns besides the market: land it contracts out (经营收入 under the
/// 2023 system, which counts letting the collective's resources as its business), subsidies
/// (补助收入), returns on its investments (投资收益), and the rest (其他收入).
package enum OtherIncomeCategory: String, CollectiveCategory {
    case landContracting = "land_contracting"
    case subsidy
    case investment
    case other

    package static var flow: CollectiveFlow { .incoming }
    package static var chineseWords: [String: OtherIncomeCategory] {
        ["土地发包": .landContracting, "发包": .landContracting, "补助": .subsidy, "补助收入": .subsidy,
         "投资收益": .investment, "投资": .investment, "其他": .other]
    }
    package var accountRole: String { "income:\(rawValue)" }
}

/// An expense or an income record as the operator enters it.
package struct CollectiveItemDraft<Category: CollectiveCategory>: Hashable, Sendable {
    package var date: CalendarDate
    package var category: Category
    package var amount: Money
    /// Who was paid (an expense) or who paid (income).
    package var counterparty: String
    package var method: PaymentMethod
    /// The number of the voucher (凭证) — invoice or receipt — the money moved against.
    package var voucher: String
    package var note: String

    package init(date: CalendarDate, category: Category, amount: Money, counterparty: String, method: PaymentMethod,
                 voucher: String = "", note: String = "") {
        self.date = date
        self.category = category
        self.amount = amount
        self.counterparty = counterparty
        self.method = method
        self.voucher = voucher
        self.note = note
    }

    /// The field the counterparty is read from: who was paid, or who paid.
    package static var counterpartyField: String { Category.flow == .outgoing ? "payee" : "payer" }

    /// - Throws: the first of `problems`.
    package func validate() throws(DomainError) {
        if let first = problems.first { throw first }
    }

    /// Every rule the draft breaks, one per field, so that an import lists all of a row's faults.
    package var problems: [DomainError] {
        var problems: [DomainError] = []
        if amount.fen <= 0 { problems.append(DomainError(field: "amount", rule: "must be more than 0")) }
        if amount.fen > 100_000_000_000 { problems.append(DomainError(field: "amount", rule: "must be at most 1,000,000,000.00")) }
        func check(_ text: String, _ field: String, _ range: ClosedRange<Int>) {
            if !range.contains(text.unicodeScalars.count) {
                problems.append(DomainError(field: field, rule: range.lowerBound == 0 ? "must be at most \(range.upperBound) characters"
                                                                                      : "must be \(range.lowerBound) to \(range.upperBound) characters"))
            } else if text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
                problems.append(DomainError(field: field, rule: "must not contain control characters"))
            }
        }
        check(counterparty, Self.counterpartyField, 1...80)
        check(voucher, "voucher", 0...40)
        check(note, "note", 0...200)
        return problems
    }
}

/// A recorded expense or income record, and its reversal once it has one.
package struct CollectiveItem<Category: CollectiveCategory>: Hashable, Sendable {
    package var id: Int64
    package var number: String
    package var draft: CollectiveItemDraft<Category>
    package var createdAt: String
    package var reversal: CollectiveReversal?

    package init(id: Int64, number: String, draft: CollectiveItemDraft<Category>, createdAt: String, reversal: CollectiveReversal?) {
        self.id = id
        self.number = number
        self.draft = draft
        self.createdAt = createdAt
        self.reversal = reversal
    }
}

/// The record that undoes an expense or an income record entered by mistake.
package struct CollectiveReversal: Hashable, Sendable {
    package var number: String
    package var date: CalendarDate
    package var reason: String

    package init(number: String, date: CalendarDate, reason: String) {
        self.number = number
        self.date = date
        self.reason = reason
    }
}

package typealias ExpenseDraft = CollectiveItemDraft<ExpenseCategory>
package typealias Expense = CollectiveItem<ExpenseCategory>
package typealias OtherIncomeDraft = CollectiveItemDraft<OtherIncomeCategory>
package typealias OtherIncome = CollectiveItem<OtherIncomeCategory>
