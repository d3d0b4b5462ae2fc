import LanziCore
import LanziService

/// Text forms of expenses and other income.
extension Render {
    static func collectiveLine<Category: CollectiveCategory>(_ item: CollectiveItem<Category>) -> String {
        let draft = item.draft
        return t("\(item.number): \(draft.amount.formattedWithSymbol), \(draft.category.phrase), \(draft.counterparty), by \(draft.method.phrase) on \(draft.date)")
            + (draft.voucher.isEmpty ? "" : t(", voucher \(draft.voucher)"))
    }

    static func collectiveItems<Category: CollectiveCategory>(_ items: [CollectiveItem<Category>]) -> String {
        guard !items.isEmpty else { return t("no records") }
        var table = TextTable([(t("number"), .left), (t("date"), .left), (t("category"), .left), (t("amount"), .right),
                               (Category.flow == .outgoing ? t("payee") : t("payer"), .left), (t("method"), .left), (t("voucher"), .left),
                               (t("status"), .left)])
        for item in items {
            let draft = item.draft
            table.append([item.number, draft.date.description, draft.category.phrase.description, draft.amount.formatted, draft.counterparty,
                          draft.method.phrase.description, draft.voucher, item.reversal.map { t("reversed by \($0.number)") } ?? ""])
        }
        let standing = items.filter { $0.reversal == nil }
        let total = standing.reduce(Money.zero) { $0 + $1.draft.amount }
        return table.rendered() + "\n" + t("\(items.count) record(s); \(standing.count) standing, total \(total.formattedWithSymbol)")
    }

    static func collectiveItem<Category: CollectiveCategory>(_ item: CollectiveItem<Category>) -> String {
        var lines = [collectiveLine(item), t("amount in words: \(item.draft.amount.capitalNumerals)")]
        if !item.draft.note.isEmpty { lines.append(t("note: \(item.draft.note)")) }
        lines.append(t("recorded at \(item.createdAt)"))
        if let reversal = item.reversal { lines.append(t("reversed on \(reversal.date) by \(reversal.number): \(reversal.reason)")) }
        return lines.joined(separator: "\n")
    }
}
