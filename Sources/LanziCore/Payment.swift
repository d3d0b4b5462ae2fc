/// How a payment was made; each posts to its own cash or bank account.
package enum PaymentMethod: String, CaseIterable, Sendable {
    case cash
    case wechat
    case alipay
    case bank

    /// The words a Chinese office uses for the methods.
    static let chineseWords: [String: PaymentMethod] = [
        "现金": .cash, "微信": .wechat, "微信支付": .wechat, "支付宝": .alipay, "银行转账": .bank, "银行": .bank,
    ]

    /// Reads a method by its English name or its Chinese word (`wechat`, `微信` or `微信支付`).
    /// - Throws: `DomainError` naming `field` for any other text.
    package static func parse(_ text: String, field: String) throws(DomainError) -> PaymentMethod {
        guard let method = InputText.choice(text, words: chineseWords) else {
            throw DomainError(field: field, rule: "must be one of cash (现金), wechat (微信), alipay (支付宝), bank (银行转账), got \"\(text)\"")
        }
        return method
    }

    /// The chart role of the account the money goes into.
    package var accountRole: String { self == .cash ? "cash" : "bank:\(rawValue)" }
}

/// A payment as the operator enters it.
package struct PaymentDraft: Hashable, Sendable {
    package var merchantID: Int64
    package var amount: Money
    package var method: PaymentMethod
    package var paidOn: CalendarDate
    package var reference: String
    package var idempotencyKey: String
    /// The bills the operator names, in order; empty for oldest first.
    package var billIDs: [Int64]
    /// The operator says that a reference already recorded by the same method is a second,
    /// real payment (a reference a bank reuses), not the same money entered twice.
    package var isDuplicateReferenceIntended: Bool

    package init(merchantID: Int64, amount: Money, method: PaymentMethod, paidOn: CalendarDate, reference: String = "",
                 idempotencyKey: String, billIDs: [Int64] = [], isDuplicateReferenceIntended: Bool = false) {
        self.isDuplicateReferenceIntended = isDuplicateReferenceIntended
        self.merchantID = merchantID
        self.amount = amount
        self.method = method
        self.paidOn = paidOn
        self.reference = reference
        self.idempotencyKey = idempotencyKey
        self.billIDs = billIDs
    }

    /// - Throws: `DomainError` for a non-positive amount, an empty or over-long key or reference, a bill named twice.
    package func validate() throws(DomainError) {
        try Self.validate(amount: amount, idempotencyKey: idempotencyKey, reference: reference)
        guard Set(billIDs).count == billIDs.count else { throw DomainError(field: "bill_ids", rule: "must not name a bill twice") }
    }
}

extension PaymentDraft {
    /// The rules of money taken or paid out at the counter (a payment, a refund).
    /// - Throws: `DomainError` for a non-positive or huge amount, an empty or over-long key or reference.
    package static func validate(amount: Money, idempotencyKey: String, reference: String) throws(DomainError) {
        guard amount.fen > 0 else { throw DomainError(field: "amount", rule: "must be more than 0") }
        guard amount.fen <= 100_000_000_000 else { throw DomainError(field: "amount", rule: "must be at most 1,000,000,000.00") }
        guard (1...100).contains(idempotencyKey.count), !idempotencyKey.contains(where: \.isWhitespace) else {
            throw DomainError(field: "key", rule: "must be 1 to 100 characters without spaces")
        }
        guard reference.count <= 100 else { throw DomainError(field: "reference", rule: "must be at most 100 characters") }
    }
}

/// A recorded payment and where its money went.
package struct Payment: Hashable, Sendable {
    package var id: Int64
    package var number: String
    package var merchantID: Int64
    package var amount: Money
    package var method: PaymentMethod
    package var paidOn: CalendarDate
    package var reference: String
    package var idempotencyKey: String
    package var namedBillIDs: [Int64]
    /// What was left after the bills: it went to the merchant's credit.
    package var credit: Money
    package var allocations: [(billID: Int64, amount: Money)]
    package var reversedOn: CalendarDate?
    package var reversalNumber: String?
    /// The merchant's name, for listings that name it beside the id ("" when not read).
    package var merchantName = ""

    package init(id: Int64, number: String, merchantID: Int64, amount: Money, method: PaymentMethod, paidOn: CalendarDate, reference: String,
                 idempotencyKey: String, namedBillIDs: [Int64], credit: Money, allocations: [(billID: Int64, amount: Money)],
                 reversedOn: CalendarDate?, reversalNumber: String?) {
        self.id = id
        self.number = number
        self.merchantID = merchantID
        self.amount = amount
        self.method = method
        self.paidOn = paidOn
        self.reference = reference
        self.idempotencyKey = idempotencyKey
        self.namedBillIDs = namedBillIDs
        self.credit = credit
        self.allocations = allocations
        self.reversedOn = reversedOn
        self.reversalNumber = reversalNumber
    }

    package static func == (a: Payment, b: Payment) -> Bool { a.id == b.id && a.reversedOn == b.reversedOn }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
