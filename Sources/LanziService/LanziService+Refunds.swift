import LanziCore
import LanziStore

extension LanziService {
    /// Pays part or all of a merchant's credit back, in cash or by transfer: the credit
    /// account gives up the amount and the till or bank account pays it out, in one journal
    /// entry. The right way to return an overpayment, rather than reversing the payment,
    /// which would reopen the bills it paid. The same key again returns the first refund and
    /// records nothing; with other details it is refused.
    /// - Returns: the refund, whether it had been recorded before under this key, and the
    ///   credit the merchant still holds.
    /// - Throws: `DomainError` for a bad amount, key or reference, or a date after today;
    ///   `ServiceError.notFound` for an unknown merchant; `.conflict` for more than the credit
    ///   held or a key reused with other details.
    package func refund(_ draft: RefundDraft) throws -> (refund: Refund, isRepeat: Bool, creditLeft: Money) {
        try authorize(.refund)
        try draft.validate()
        try requireNotFuture(draft.refundedOn, field: "on")
        return try change(.refund) { database in
            let books = try Books(database, at: clock.timestamp())
            if let earlier = try database.refund(idempotencyKey: draft.idempotencyKey) {
                let differences = [
                    earlier.merchantID == draft.merchantID ? nil : "merchant_id (\(earlier.merchantID), now \(draft.merchantID))",
                    earlier.amount == draft.amount ? nil : "amount (\(earlier.amount), now \(draft.amount))",
                    earlier.method == draft.method ? nil : "method (\(earlier.method.rawValue), now \(draft.method.rawValue))",
                    earlier.refundedOn == draft.refundedOn ? nil : "on (\(earlier.refundedOn), now \(draft.refundedOn))",
                    earlier.reference == draft.reference ? nil : "reference (\"\(earlier.reference)\", now \"\(draft.reference)\")",
                ].compactMap { $0 }
                guard differences.isEmpty else {
                    throw ServiceError.conflict("\(draft.idempotencyKey) was used for refund \(earlier.number) with other details; these differ: \(differences.joined(separator: ", ")); use a new key for a new refund", field: "key")
                }
                return (earlier, true, try creditHeld(by: earlier.merchantID, database, books: books))
            }
            let market = try Self.requireMarket(database)
            let merchant = try requireMerchant(draft.merchantID, database, field: "merchant_id")
            let credit = try creditHeld(by: merchant.id, database, books: books)
            if credit.fen == 0 {
                throw ServiceError.conflict("\(merchant.name) (merchant \(merchant.id)) holds no credit; there is nothing to refund", field: "amount")
            }
            guard draft.amount <= credit else {
                throw ServiceError.conflict("\(merchant.name) (merchant \(merchant.id)) holds \(credit) in credit; a refund of \(draft.amount) is more than that", field: "amount")
            }
            let number = try database.nextNumber(code: market.code, prefix: "F", year: draft.refundedOn.year)
            let id = try database.insertRefund(draft, number: number, createdAt: books.instant)
            try database.post(on: draft.refundedOn, documentKind: "refund", documentNumber: number,
                              description: "refund \(number) of credit to \(merchant.name) by \(draft.method.rawValue)" + (draft.reference.isEmpty ? "" : ", \(draft.reference)"), lines: [
                JournalLineDraft(accountCode: books.merchantCredit, merchantID: merchant.id, debit: draft.amount),
                JournalLineDraft(accountCode: try books.account(draft.method.accountRole), credit: draft.amount),
            ], createdAt: books.instant)
            try log(database, "refund.record", number, .object([
                ("merchant_id", .integer(merchant.id)), ("amount_fen", .integer(draft.amount.fen)), ("method", .string(draft.method.rawValue))]))
            return (try database.refund(id: id)!, false, credit - draft.amount)
        }
    }

    /// Refunds, optionally one merchant's; a merchant caller's own only.
    package func refunds(merchantID: Int64?) throws -> [Refund] {
        try look(.listRefunds) { database in
            let merchantID = scopedMerchant(merchantID)
            if let merchantID { _ = try requireMerchant(merchantID, database, field: "merchant_id") }
            return try database.refunds(merchantID: merchantID)
        }
    }

    /// What merchant `merchantID` holds in credit: the credit account's balance, a liability.
    func creditHeld(by merchantID: Int64, _ database: Database, books: Books) throws -> Money {
        Money(fen: -(try database.merchantBalance(accountCode: books.merchantCredit, merchantID: merchantID)))
    }
}
