/// A merchant's credit paid back, as the operator enters it.
package struct RefundDraft: Hashable, Sendable {
    package var merchantID: Int64
    package var amount: Money
    package var method: PaymentMethod
    package var refundedOn: CalendarDate
    /// The transfer's transaction number, when it went by WeChat, Alipay or bank.
    package var reference: String
    package var idempotencyKey: String

    package init(merchantID: Int64, amount: Money, method: PaymentMethod, refundedOn: CalendarDate, reference: String = "", idempotencyKey: String) {
        self.merchantID = merchantID
        self.amount = amount
        self.method = method
        self.refundedOn = refundedOn
        self.reference = reference
        self.idempotencyKey = idempotencyKey
    }

    /// - Throws: `DomainError` for a non-positive amount, an empty or over-long key or reference.
    package func validate() throws(DomainError) {
        try PaymentDraft.validate(amount: amount, idempotencyKey: idempotencyKey, reference: reference)
    }
}

/// A recorded refund of credit.
package struct Refund: Hashable, Sendable {
    package var id: Int64
    package var number: String
    package var merchantID: Int64
    package var amount: Money
    package var method: PaymentMethod
    package var refundedOn: CalendarDate
    package var reference: String
    package var idempotencyKey: String
    /// The merchant's name, for listings that name it beside the id.
    package var merchantName = ""

    package init(id: Int64, number: String, merchantID: Int64, amount: Money, method: PaymentMethod, refundedOn: CalendarDate,
                 reference: String, idempotencyKey: String) {
        self.id = id
        self.number = number
        self.merchantID = merchantID
        self.amount = amount
        self.method = method
        self.refundedOn = refundedOn
        self.reference = reference
        self.idempotencyKey = idempotencyKey
    }
}
