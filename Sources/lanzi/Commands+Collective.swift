import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `expense …` and `other-income …`: the collective's own money, alike in every command.
extension Commands {
    static let collective: [CommandSpec] =
        collectiveCommands(ExpenseCategory.self, word: "expense", noun: Phrase("an expense"), plural: Phrase("expenses"))
        + collectiveCommands(OtherIncomeCategory.self, word: "other-income", noun: Phrase("income other than the market's"), plural: Phrase("other income"))

    private static func collectiveCommands<Category: CollectiveKind>(_: Category.Type, word: String, noun: Phrase, plural: Phrase) -> [CommandSpec] {
        let counterparty = CollectiveItemDraft<Category>.counterpartyField
        let categories = Category.allCases.map(\.rawValue).joined(separator: ", ")
        return [
            CommandSpec([word, "add"], "record \(noun), posted to the books at once", options: [
                .value("category", "CATEGORY", "one of \(categories) (or its Chinese word)", required: true),
                .value("amount", "AMOUNT", "the amount, such as 1200.50", required: true),
                .value(counterparty, "NAME", Category.flow == .outgoing ? "who was paid" : "who paid", required: true),
                .value("method", "METHOD", "cash, wechat, alipay or bank", required: true),
                .value("date", "DATE", "the day the money moved (default today)"),
                .value("voucher", "NO", "the voucher's (凭证) number: the invoice or receipt"),
                .value("note", "TEXT", "a note"),
                .flag("repeated-voucher-ok", "record it although a standing record already has this voucher"),
            ]) { context in
                let invocation = context.invocation
                let draft = CollectiveItemDraft<Category>(
                    date: try invocation.date("date") ?? context.today,
                    category: try Category.parse(invocation.required("category"), field: "--category"),
                    amount: try Money.parse(invocation.required("amount"), field: "--amount"),
                    counterparty: invocation.required(counterparty), method: try PaymentMethod.parse(invocation.required("method"), field: "--method"),
                    voucher: invocation.value("voucher") ?? "", note: invocation.value("note") ?? "")
                let item = try context.service().record(draft, repeatedVoucherIntended: invocation.flag("repeated-voucher-ok"))
                context.emit(item.json) { t("recorded ") + Render.collectiveLine(item) }
            },
            CommandSpec([word, "list"], "list \(plural), oldest first", options: [
                .value("from", "DATE", "first day"), .value("to", "DATE", "last day"),
                .value("category", "CATEGORY", "only this category"),
            ]) { context in
                let invocation = context.invocation
                let items = try context.service().collectiveItems(Category.self, from: try invocation.date("from"), to: try invocation.date("to"),
                                                                  category: try invocation.value("category").map { text throws(DomainError) in try Category.parse(text, field: "--category") })
                context.emit(.array(items.map(\.json))) { Render.collectiveItems(items) }
            },
            CommandSpec([word, "show"], "show one of \(plural) by its number", arguments: ["NUMBER"]) { context in
                let item = try context.service().collectiveItem(Category.self, number: context.invocation.arguments[0])
                context.emit(item.json) { Render.collectiveItem(item) }
            },
            CommandSpec([word, "reverse"], "undo one of \(plural) entered by mistake, by a reversal record", arguments: ["NUMBER"], options: [
                .value("reason", "TEXT", "why", required: true), onOption,
            ]) { context in
                let invocation = context.invocation
                let item = try context.service().reverse(Category.self, number: invocation.arguments[0], reason: invocation.required("reason"),
                                                         on: try invocation.date("on") ?? context.today)
                context.emit(item.json) { t("reversed \(item.number) by \(item.reversal?.number ?? "")") }
            },
            CommandSpec([word, "import"], "import \(plural) from CSV (date,category,amount,\(counterparty),method,voucher,note or their Chinese names); all rows or none",
                        arguments: ["FILE"]) { context in
                let path = context.invocation.arguments[0]
                let items = try context.service().importCollectiveItems(Category.self, csv: try context.readText(path), source: path)
                let total = items.reduce(Money.zero) { $0 + $1.draft.amount }
                context.emit(.array(items.map(\.json))) { t("imported \(items.count) record(s) from \(path), total \(total.formattedWithSymbol)") }
            },
        ]
    }
}
