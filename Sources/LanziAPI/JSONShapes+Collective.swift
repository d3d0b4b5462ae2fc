import LanziCore

extension CollectiveItem {
    /// An expense or an income record; `payee` or `payer` after its flow, `reversal` null
    /// while it stands.
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("number", .string(number)), ("date", .string(draft.date.description)),
            ("category", .string(draft.category.rawValue)), ("amount_fen", .integer(draft.amount.fen)),
            (CollectiveItemDraft<Category>.counterpartyField, .string(draft.counterparty)), ("method", .string(draft.method.rawValue)),
            ("voucher", .string(draft.voucher)), ("note", .string(draft.note)), ("created_at", .string(createdAt)),
            ("reversal", reversal.map { .object([("number", .string($0.number)), ("on", .string($0.date.description)), ("reason", .string($0.reason))]) } ?? .null),
        ])
    }
}
