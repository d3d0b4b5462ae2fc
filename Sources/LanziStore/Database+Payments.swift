import LanziCore

/// Payments, reversals, deposit settlements and cold-store usage.
extension Database {
    package func insertPayment(_ payment: PaymentDraft, number: String, credit: Money, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO payments (number, merchant_id, amount_fen, method, paid_on, reference, idempotency_key, named_bill_ids, credit_fen, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(number), .integer(payment.merchantID), .integer(payment.amount.fen), .text(payment.method.rawValue),
                  .text(payment.paidOn.description), .text(payment.reference), .text(payment.idempotencyKey),
                  .text(payment.billIDs.map(String.init).joined(separator: ",")), .integer(credit.fen), .text(createdAt)])
        return lastInsertedRowID
    }

    package func payment(id: Int64) throws -> Payment? { try payments(where: "p.id = ?", [.integer(id)]).first }

    package func payment(idempotencyKey: String) throws -> Payment? {
        try payments(where: "p.idempotency_key = ?", [.text(idempotencyKey)]).first
    }

    /// The first payment recorded by `method` with `reference` (a WeChat or bank transaction
    /// number), if any.
    package func payment(method: PaymentMethod, reference: String) throws -> Payment? {
        try payments(where: "p.method = ? AND p.reference = ?", [.text(method.rawValue), .text(reference)]).first
    }

    package func payments(merchantID: Int64?) throws -> [Payment] {
        try merchantID.map { try payments(where: "p.merchant_id = ?", [.integer($0)]) } ?? payments(where: "1", [])
    }

    private func payments(where condition: String, _ arguments: [SQLValue]) throws -> [Payment] {
        var payments = try rows("""
            SELECT p.*, r.reversed_on, r.number AS reversal_number, m.name AS merchant_name FROM payments AS p
            LEFT JOIN payment_reversals AS r ON r.payment_id = p.id LEFT JOIN merchants AS m ON m.id = p.merchant_id
            """ + " WHERE " + condition + " ORDER BY p.paid_on, p.id", arguments).map { row -> Payment in
            guard let method = PaymentMethod(rawValue: try row.text("method")) else { throw row.mismatch("method", "a payment method") }
            let named = try row.text("named_bill_ids").split(separator: ",").compactMap { Int64($0) }
            var payment = Payment(id: try row.int64("id"), number: try row.text("number"), merchantID: try row.int64("merchant_id"),
                           amount: try row.money("amount_fen"), method: method, paidOn: try row.date("paid_on"), reference: try row.text("reference"),
                           idempotencyKey: try row.text("idempotency_key"), namedBillIDs: named, credit: try row.money("credit_fen"),
                           allocations: [], reversedOn: try row.optionalDate("reversed_on"), reversalNumber: try row.optionalText("reversal_number"))
            payment.merchantName = try row.optionalText("merchant_name") ?? ""
            return payment
        }
        for index in payments.indices {
            payments[index].allocations = try rows("""
                SELECT bill_id, amount_fen FROM allocations WHERE payment_id = ? AND source = 'payment' AND amount_fen > 0 ORDER BY id
                """, [.integer(payments[index].id)]).map { (try $0.int64("bill_id"), try $0.money("amount_fen")) }
        }
        return payments
    }

    package func insertReversal(paymentID: Int64, number: String, on date: CalendarDate, reason: String, createdAt: String) throws -> Int64 {
        try run("INSERT INTO payment_reversals (number, payment_id, reversed_on, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                [.text(number), .integer(paymentID), .text(date.description), .text(reason), .text(createdAt)])
        return lastInsertedRowID
    }

    package func insertDepositSettlement(number: String, leaseID: Int64, merchantID: Int64, on date: CalendarDate,
                                         held: Money, applied: Money, refunded: Money, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO deposit_settlements (number, lease_id, merchant_id, settled_on, held_fen, applied_fen, refunded_fen, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(number), .integer(leaseID), .integer(merchantID), .text(date.description), .integer(held.fen),
                  .integer(applied.fen), .integer(refunded.fen), .text(createdAt)])
        return lastInsertedRowID
    }

    package func depositSettlementExists(leaseID: Int64) throws -> Bool {
        try row("SELECT 1 FROM deposit_settlements WHERE lease_id = ?", [.integer(leaseID)]) != nil
    }

    /// Deposit settlements of a merchant, oldest first: (number, day, held, applied, refunded).
    package func depositSettlements(merchantID: Int64) throws -> [(number: String, on: CalendarDate, held: Money, applied: Money, refunded: Money)] {
        try rows("SELECT number, settled_on, held_fen, applied_fen, refunded_fen FROM deposit_settlements WHERE merchant_id = ? ORDER BY id",
                 [.integer(merchantID)]).map {
            (try $0.text("number"), try $0.date("settled_on"), try $0.money("held_fen"), try $0.money("applied_fen"), try $0.money("refunded_fen"))
        }
    }

    /// Usage records.
    package struct UsageRow: Sendable {
        package var id: Int64
        package var merchantID: Int64
        package var unitID: Int64
        package var unitCode: String
        package var kilograms: Int64
        package var inOn: CalendarDate
        package var outOn: CalendarDate?
        package var merchantName = ""
    }

    package func insertUsage(merchantID: Int64, unitID: Int64, kilograms: Int64, on date: CalendarDate, createdAt: String) throws -> Int64 {
        try run("INSERT INTO usage_records (merchant_id, unit_id, kilograms, in_on, created_at) VALUES (?, ?, ?, ?, ?)",
                [.integer(merchantID), .integer(unitID), .integer(kilograms), .text(date.description), .text(createdAt)])
        return lastInsertedRowID
    }

    package func closeUsage(id: Int64, on date: CalendarDate) throws {
        try run("UPDATE usage_records SET out_on = ? WHERE id = ? AND out_on IS NULL", [.text(date.description), .integer(id)])
    }

    package func usageRecords(unitID: Int64? = nil, id: Int64? = nil) throws -> [UsageRow] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let unitID { conditions.append("r.unit_id = ?"); arguments.append(.integer(unitID)) }
        if let id { conditions.append("r.id = ?"); arguments.append(.integer(id)) }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try rows("""
            SELECT r.*, u.code, m.name AS merchant_name FROM usage_records AS r JOIN units AS u ON u.id = r.unit_id
            LEFT JOIN merchants AS m ON m.id = r.merchant_id
            """ + condition + " ORDER BY r.in_on, r.id", arguments).map { row in
            var usage = UsageRow(id: try row.int64("id"), merchantID: try row.int64("merchant_id"), unitID: try row.int64("unit_id"), unitCode: try row.text("code"),
                     kilograms: try row.int64("kilograms"), inOn: try row.date("in_on"), outOn: try row.optionalDate("out_on"))
            usage.merchantName = try row.optionalText("merchant_name") ?? ""
            return usage
        }
    }

    /// Usage records that overlap `period`, grouped by merchant in id order.
    package func usageRecords(overlapping period: Period) throws -> [UsageRow] {
        try rows("""
            SELECT r.*, u.code FROM usage_records AS r JOIN units AS u ON u.id = r.unit_id
            WHERE r.in_on <= ?1 AND (r.out_on IS NULL OR r.out_on >= ?2) ORDER BY r.merchant_id, r.id
            """, [.text(period.lastDay.description), .text(period.firstDay.description)]).map { row in
            UsageRow(id: try row.int64("id"), merchantID: try row.int64("merchant_id"), unitID: try row.int64("unit_id"), unitCode: try row.text("code"),
                     kilograms: try row.int64("kilograms"), inOn: try row.date("in_on"), outOn: try row.optionalDate("out_on"))
        }
    }

    package func coldStoreRate() throws -> Int64 {
        try row("SELECT cold_store_rate_fen_per_tonne_day AS rate FROM markets WHERE id = 1")?.int64("rate") ?? 0
    }
}
