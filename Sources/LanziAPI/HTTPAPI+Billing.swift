import LanziCore
import LanziHTTP
import LanziService

extension HTTPAPI {
    /// Bills, payments, statements, cold-store usage, refunds and receipts.
    static let billingRoutes: [Entry] = [
        Entry("GET", "/api/v1/bills") { call in
            let bills = try call.service.bills(merchantID: try call.queryInteger("merchant_id"), period: try call.queryPeriod("period"),
                                               status: try call.queryBillStatus())
            return try call.page(bills) { bill, output in bill.write(to: &output) }
        },
        Entry("GET", "/api/v1/bills/{id}") { call in APIAnswer(json: try call.service.bill(id: try call.id()).json) },
        Entry("GET", "/api/v1/payments") { call in
            APIAnswer(json: try call.page(try call.service.payments(merchantID: try call.queryInteger("merchant_id")), \.json))
        },
        Entry("GET", "/api/v1/payments/{id}") { call in APIAnswer(json: try call.service.payment(id: try call.id()).json) },
        Entry("POST", "/api/v1/payments") { call in try pay(call) },
        Entry("GET", "/api/v1/merchants/{id}/statement") { call in
            let statement = try call.service.statement(merchantID: try call.id(), from: try call.queryDate("from"), to: try call.queryDate("to") ?? call.today)
            return APIAnswer(json: statement.json)
        },
        Entry("GET", "/api/v1/usage") { call in APIAnswer(json: try call.page(try call.service.usageRecords(), \.json)) },
        Entry("GET", "/api/v1/refunds") { call in
            APIAnswer(json: try call.page(try call.service.refunds(merchantID: try call.queryInteger("merchant_id")), \.json))
        },
        Entry("GET", "/api/v1/receipts") { call in
            let year = try call.queryYear()
            return APIAnswer(json: try call.page(try call.service.receipts(merchantID: try call.queryInteger("merchant_id"), year: year), \.json))
        },
        Entry("GET", "/api/v1/receipts/{number}") { call in APIAnswer(json: try call.service.receipt(number: try call.text("number")).json) },
    ]

    /// `POST /api/v1/payments`: the `Idempotency-Key` header is the payment's key, so that a
    /// client that retries after a lost answer records nothing twice; the same key with other
    /// details is refused (409), naming what differs.
    static func pay(_ call: APICall) throws -> APIAnswer {
        guard let key = call.request.headers["idempotency-key"], !key.isEmpty else {
            throw DomainError(field: "Idempotency-Key", rule: "is required: a key of the client's own, the same on every retry of this payment")
        }
        let body = try call.body()
        try body.allowOnly(["merchant_id", "amount_fen", "method", "paid_on", "reference", "bill_ids", "duplicate_reference_ok"])
        guard let amount = try body.fen("amount_fen") else { throw DomainError(field: "amount_fen", rule: "is required") }
        let draft = PaymentDraft(
            merchantID: try body.requiredInteger("merchant_id"), amount: amount,
            method: try PaymentMethod.parse(try body.requiredString("method"), field: "method"), paidOn: try body.date("paid_on") ?? call.today,
            reference: try body.string("reference") ?? "", idempotencyKey: key, billIDs: try body.integers("bill_ids"),
            isDuplicateReferenceIntended: try body.boolean("duplicate_reference_ok") ?? false)
        let (payment, isRepeat) = try call.service.pay(draft)
        return APIAnswer(status: isRepeat ? .ok : .created, json: payment.json(isRepeat: isRepeat))
    }
}
