import LanziCore
import LanziHTTP
import LanziService

extension HTTPAPI {
    /// Bills, payments, statements, cold-store usage, refunds, receipts and the books.
    static let billingRoutes: [Entry] = [
        // The run is idempotent (a second raises nothing) and answers what it raised, not a record: 200.
        Entry("POST", "/api/v1/billing-runs") { call in
            let body = try call.body(for: .runBilling)
            try body.allowOnly(["period"])
            return APIAnswer(json: try call.service.runBilling(period: try Period.parse(try body.requiredString("period"), field: "period")).json)
        },
        Entry("GET", "/api/v1/bills") { call in
            let bills = try call.service.bills(merchantID: try call.queryInteger("merchant_id"), period: try call.queryPeriod("period"),
                                               status: try call.queryBillStatus())
            return try call.page(bills) { bill, output in bill.write(to: &output) }
        },
        Entry("GET", "/api/v1/bills/{id}") { call in APIAnswer(json: try call.service.bill(id: try call.id()).json) },
        Entry("POST", "/api/v1/bills/{id}/void") { call in
            let body = try call.body(for: .voidBill)
            try body.allowOnly(["reason", "on"])
            let bill = try call.service.voidBill(id: try call.id(), reason: try body.requiredString("reason"), on: try body.date("on") ?? call.today)
            return APIAnswer(json: bill.json)
        },
        // An adjustment is a new bill that names the original: created, so 201.
        Entry("POST", "/api/v1/bills/{id}/adjust") { call in
            let body = try call.body(for: .adjustBill)
            try body.allowOnly(["amount_fen", "reason", "on"])
            let bill = try call.service.adjustBill(id: try call.id(), amount: try body.requiredFen("amount_fen"), reason: try body.requiredString("reason"),
                                                   on: try body.date("on") ?? call.today)
            return APIAnswer(status: .created, json: bill.json)
        },
        Entry("POST", "/api/v1/late-fee-assessments") { call in
            let body = try call.body(for: .assessLateFees)
            try body.allowOnly(["as_of"])
            return APIAnswer(json: try call.service.assessLateFees(asOf: try body.requiredDate("as_of")).json)
        },
        Entry("GET", "/api/v1/payments") { call in
            APIAnswer(json: try call.page(try call.service.payments(merchantID: try call.queryInteger("merchant_id")), \.json))
        },
        Entry("GET", "/api/v1/payments/{id}") { call in APIAnswer(json: try call.service.payment(id: try call.id()).json) },
        Entry("POST", "/api/v1/payments") { call in try pay(call) },
        Entry("POST", "/api/v1/payments/{id}/reverse") { call in
            let body = try call.body(for: .reversePayment)
            try body.allowOnly(["reason", "on"])
            let payment = try call.service.reversePayment(id: try call.id(), reason: try body.requiredString("reason"), on: try body.date("on") ?? call.today)
            return APIAnswer(json: payment.json)
        },
        Entry("GET", "/api/v1/merchants/{id}/statement") { call in
            let statement = try call.service.statement(merchantID: try call.id(), from: try call.queryDate("from"), to: try call.queryDate("to") ?? call.today)
            return APIAnswer(json: statement.json)
        },
        Entry("GET", "/api/v1/usage") { call in APIAnswer(json: try call.page(try call.service.usageRecords(), \.json)) },
        Entry("POST", "/api/v1/usage") { call in
            let body = try call.body(for: .recordUsageIn)
            try body.allowOnly(["merchant_id", "room", "kg", "on"])
            let record = try call.service.usageIn(merchantID: try body.requiredInteger("merchant_id"), roomCode: try body.requiredString("room"),
                                                  kilograms: try body.requiredInteger("kg"), on: try body.requiredDate("on"))
            return APIAnswer(status: .created, json: record.json)
        },
        Entry("POST", "/api/v1/usage/{id}/out") { call in
            let body = try call.body(for: .recordUsageOut)
            try body.allowOnly(["on"])
            return APIAnswer(json: try call.service.usageOut(id: try call.id(), on: try body.requiredDate("on")).json)
        },
        Entry("GET", "/api/v1/refunds") { call in
            APIAnswer(json: try call.page(try call.service.refunds(merchantID: try call.queryInteger("merchant_id")), \.json))
        },
        Entry("POST", "/api/v1/refunds") { call in try refund(call) },
        Entry("GET", "/api/v1/receipts") { call in
            let year = try call.queryYear()
            return APIAnswer(json: try call.page(try call.service.receipts(merchantID: try call.queryInteger("merchant_id"), year: year), \.json))
        },
        Entry("GET", "/api/v1/receipts/{number}") { call in APIAnswer(json: try call.service.receipt(number: try call.text("number")).json) },
        // The note is a signed record of its own in the chain: created, so 201.
        Entry("POST", "/api/v1/receipts/{number}/invoice-notes") { call in
            let body = try call.body(for: .noteInvoice)
            try body.allowOnly(["invoice"])
            let entry = try call.service.noteInvoice(receiptNumber: try call.text("number"), invoice: try body.requiredString("invoice"))
            return APIAnswer(status: .created, json: entry.json)
        },
        Entry("GET", "/api/v1/receipt-chain") { call in APIAnswer(json: try call.service.verifyReceiptChain().json) },
        Entry("GET", "/api/v1/keys") { call in APIAnswer(json: try call.page(try call.service.signingKeys()) { $0.json(showingPath: false) }) },
        Entry("GET", "/api/v1/books/trial-balance") { call in
            APIAnswer(json: try call.service.trialBalance(asOf: try call.queryDate("as_of") ?? call.today).json)
        },
        Entry("GET", "/api/v1/books/journal") { call in
            let (entries, _) = try call.service.journal(from: try call.queryDate("from"), to: try call.queryDate("to"))
            return APIAnswer(json: try call.page(entries, \.json))
        },
    ]

    /// `POST /api/v1/payments`: the `Idempotency-Key` header is the payment's key, so that a
    /// client that retries after a lost answer records nothing twice; the same key with other
    /// details is refused (409), naming what differs.
    static func pay(_ call: APICall) throws -> APIAnswer {
        let body = try call.body(for: .pay)
        let key = try call.idempotencyKey()
        try body.allowOnly(["merchant_id", "amount_fen", "method", "paid_on", "reference", "bill_ids", "duplicate_reference_ok"])
        let draft = PaymentDraft(
            merchantID: try body.requiredInteger("merchant_id"), amount: try body.requiredFen("amount_fen"),
            method: try PaymentMethod.parse(try body.requiredString("method"), field: "method"), paidOn: try body.date("paid_on") ?? call.today,
            reference: try body.string("reference") ?? "", idempotencyKey: key, billIDs: try body.integers("bill_ids"),
            isDuplicateReferenceIntended: try body.boolean("duplicate_reference_ok") ?? false)
        let (payment, isRepeat) = try call.service.pay(draft)
        return APIAnswer(status: isRepeat ? .ok : .created, json: payment.json(isRepeat: isRepeat))
    }

    /// `POST /api/v1/refunds`: a refund of credit under its `Idempotency-Key`, as a payment is.
    static func refund(_ call: APICall) throws -> APIAnswer {
        let body = try call.body(for: .refund)
        let key = try call.idempotencyKey()
        try body.allowOnly(["merchant_id", "amount_fen", "method", "on", "reference"])
        let draft = RefundDraft(
            merchantID: try body.requiredInteger("merchant_id"), amount: try body.requiredFen("amount_fen"),
            method: try PaymentMethod.parse(try body.requiredString("method"), field: "method"), refundedOn: try body.date("on") ?? call.today,
            reference: try body.string("reference") ?? "", idempotencyKey: key)
        let (refund, isRepeat, creditLeft) = try call.service.refund(draft)
        return APIAnswer(status: isRepeat ? .ok : .created, json: refund.json(isRepeat: isRepeat, creditLeft: creditLeft))
    }
}
