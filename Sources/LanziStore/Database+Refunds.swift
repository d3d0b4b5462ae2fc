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

    package func refund(id: Int64) throws -> Refund? { try refunds(where: "f.id = ?", [.integer(id)]).first }

    package func refund(idempotencyKey: String) throws -> Refund? {
        try refunds(where: "f.idempotency_key = ?", [.text(idempotencyKey)]).first
    }

    /// A merchant's refunds (all merchants' when nil), oldest first.
    package func refunds(merchantID: Int64?) throws -> [Refund] {
        try merchantID.map { try refunds(where: "f.merchant_id = ?", [.integer($0)]) } ?? refunds(where: "1", [])
    }

    private func refunds(where condition: String, _ arguments: [SQLValue]) throws -> [Refund] {
        try rows("""
            SELECT f.*, m.name AS merchant_name FROM credit_refunds AS f LEFT JOIN merchants AS m ON m.id = f.merchant_id WHERE
            """ + " " + condition + " ORDER BY f.refunded_on, f.id", arguments).map { row in
            guard let method = PaymentMethod(rawValue: try row.text("method")) else { throw row.mismatch("method", "a payment method") }
            var refund = Refund(id: try row.int64("id"), number: try row.text("number"), merchantID: try row.int64("merchant_id"),
                          amount: try row.money("amount_fen"), method: method, refundedOn: try row.date("refunded_on"),
                          reference: try row.text("reference"), idempotencyKey: try row.text("idempotency_key"))
            refund.merchantName = try row.optionalText("merchant_name") ?? ""
            return refund
        }
    }
}
