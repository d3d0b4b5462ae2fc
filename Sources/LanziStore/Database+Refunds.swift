import LanziCore

/// Refunds of merchants' credit.
extension Database {
    package func insertRefund(_ refund: RefundDraft, number: String, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO credit_refunds (number, merchant_id, amount_fen, method, refunded_on, reference, idempotency_key, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(number), .integer(refund.merchantID), .integer(refund.amount.fen), .text(refund.method.rawValue),
                  .text(refund.refundedOn.description), .text(refund.reference), .text(refund.idempotencyKey), .text(createdAt)])
        return lastInsertedRowID
    }

    package func refund(id: Int64) throws -> Refund? { try refunds(where: "id = ?", [.integer(id)]).first }

    package func refund(idempotencyKey: String) throws -> Refund? {
        try refunds(where: "idempotency_key = ?", [.text(idempotencyKey)]).first
    }

    /// A merchant's refunds (all merchants' when nil), oldest first.
    package func refunds(merchantID: Int64?) throws -> [Refund] {
        try merchantID.map { try refunds(where: "merchant_id = ?", [.integer($0)]) } ?? refunds(where: "1", [])
    }

    private func refunds(where condition: String, _ arguments: [SQLValue]) throws -> [Refund] {
        try rows("SELECT * FROM credit_refunds WHERE " + condition + " ORDER BY refunded_on, id", arguments).map { row in
            guard let method = PaymentMethod(rawValue: try row.text("method")) else { throw row.mismatch("method", "a payment method") }
            return Refund(id: try row.int64("id"), number: try row.text("number"), merchantID: try row.int64("merchant_id"),
                          amount: try row.money("amount_fen"), method: method, refundedOn: try row.date("refunded_on"),
                          reference: try row.text("reference"), idempotencyKey: try row.text("idempotency_key"))
        }
    }
}
