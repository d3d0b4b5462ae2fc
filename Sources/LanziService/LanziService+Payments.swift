import Foundation
import LanziCore
import LanziStore

extension LanziService {
    /// Records a payment and sets it against the merchant's bills: the bills named, in that
    /// order, or else the oldest open bills first (by due date, then number). What is left
    /// becomes the merchant's credit, used by its next bills. The same idempotency key again
    /// returns the first payment and records nothing; with other details it is refused.
    /// - Returns: the payment, and whether it had been recorded before under this key.
    /// - Throws: `DomainError` for a bad amount, key or reference; `ServiceError.notFound`
    ///   for an unknown merchant or bill; `.conflict` for a key reused with other details, a
    ///   named bill of another merchant or with nothing owed.
    package func pay(_ draft: PaymentDraft) throws -> (payment: Payment, isRepeat: Bool) {
        try authorize(.pay)
        try draft.validate()
        try requireNotFuture(draft.paidOn, field: "paid_on")
        return try change(.pay) { database in try recordPayment(draft, database) }
    }

    /// A validated payment, inside the caller's transaction.
    func recordPayment(_ draft: PaymentDraft, _ database: Database) throws -> (payment: Payment, isRepeat: Bool) {
        do {
            if let earlier = try database.payment(idempotencyKey: draft.idempotencyKey) {
                let differences = [
                    earlier.merchantID == draft.merchantID ? nil : "merchant_id (\(earlier.merchantID), now \(draft.merchantID))",
                    earlier.amount == draft.amount ? nil : "amount (\(earlier.amount), now \(draft.amount))",
                    earlier.method == draft.method ? nil : "method (\(earlier.method.rawValue), now \(draft.method.rawValue))",
                    earlier.paidOn == draft.paidOn ? nil : "paid_on (\(earlier.paidOn), now \(draft.paidOn))",
                    earlier.reference == draft.reference ? nil : "reference (\"\(earlier.reference)\", now \"\(draft.reference)\")",
                    earlier.namedBillIDs == draft.billIDs ? nil : "bill_ids",
                ].compactMap { $0 }
                guard differences.isEmpty else {
                    throw ServiceError.conflict("\(draft.idempotencyKey) was used for payment \(earlier.number) with other details (\(earlier.amount) by \(earlier.method.rawValue) on \(earlier.paidOn)); these differ: \(differences.joined(separator: ", ")); use a new key for a new payment", field: "key")
                }
                return (earlier, true)
            }
            // The same transaction number twice is almost always the same money typed twice.
            if !draft.reference.isEmpty, !draft.isDuplicateReferenceIntended,
               let earlier = try database.payment(method: draft.method, reference: draft.reference) {
                throw ServiceError.conflict("\(draft.method.rawValue) reference \"\(draft.reference)\" was already recorded for payment \(earlier.number) (id \(earlier.id), \(earlier.amount) on \(earlier.paidOn) from \(earlier.merchantName), merchant \(earlier.merchantID)); a probable double entry — if it is a second payment, say so (--duplicate-reference-ok)", field: "reference")
            }
            let market = try Self.requireMarket(database)
            let merchant = try requireMerchant(draft.merchantID, database, field: "merchant_id")
            let books = try Books(database, at: clock.timestamp())
            var targets: [Bill]
            if draft.billIDs.isEmpty {
                targets = try database.openBills(merchantID: draft.merchantID)
            } else {
                targets = try draft.billIDs.map { id in
                    guard let bill = try database.bill(id: id) else { throw ServiceError.notFound("no bill \(id)", field: "bill_ids") }
                    guard bill.merchantID == draft.merchantID else { throw ServiceError.conflict("bill \(bill.number) (id \(bill.id)) is \(bill.merchantName)'s (merchant \(bill.merchantID)), not merchant \(draft.merchantID)'s", field: "bill_ids") }
                    guard bill.outstanding.fen > 0 else { throw ServiceError.conflict("bill \(bill.number) is \(bill.status.rawValue); nothing is owed on it", field: "bill_ids") }
                    return bill
                }
            }
            var left = draft.amount.fen
            var allocations: [(Bill, Int64)] = []
            for bill in targets where left > 0 {
                let amount = min(left, bill.outstanding.fen)
                allocations.append((bill, amount))
                left -= amount
            }
            let number = try database.nextNumber(code: market.code, prefix: "P", year: draft.paidOn.year)
            let paymentID = try database.insertPayment(draft, number: number, credit: Money(fen: left), createdAt: clock.timestamp())
            for (bill, amount) in allocations {
                _ = try database.insertAllocation(billID: bill.id, merchantID: draft.merchantID, source: "payment", paymentID: paymentID,
                                                  amount: Money(fen: amount), on: draft.paidOn, createdAt: books.instant)
            }
            let allocated = draft.amount.fen - left
            try database.post(on: draft.paidOn, documentKind: "payment", documentNumber: number,
                              description: "payment \(number) by \(draft.method.rawValue)" + (draft.reference.isEmpty ? "" : ", \(draft.reference)"), lines: [
                JournalLineDraft(accountCode: try books.account(draft.method.accountRole), debit: draft.amount),
                JournalLineDraft(accountCode: books.receivable, merchantID: draft.merchantID, credit: Money(fen: allocated)),
                JournalLineDraft(accountCode: books.merchantCredit, merchantID: draft.merchantID, credit: Money(fen: left)),
            ], createdAt: books.instant)
            let payment = try database.payment(id: paymentID)!
            try ReceiptCost.measure { try issueReceipt(for: payment, bills: allocations.map(\.0), merchant: merchant, market: market, database) }
            try log(database, "payment.record", number, .object([
                ("merchant_id", .integer(draft.merchantID)), ("amount_fen", .integer(draft.amount.fen)), ("credit_fen", .integer(left))]))
            return (payment, false)
        }
    }

    /// Undoes a payment by a reversal record: its allocations are reversed (the bills
    /// reopen), its credit is taken back — reversing, newest first, credit the merchant has
    /// since used — and the money leaves the cash or bank account.
    /// - Throws: `ServiceError.notFound`, `.conflict` for a payment already reversed, `DomainError` for a bad reason or date.
    package func reversePayment(id: Int64, reason: String, on date: CalendarDate) throws -> Payment {
        try authorize(.reversePayment)
        let reason = try Self.checkReason(reason)
        try requireNotFuture(date, field: "on")
        return try change(.reversePayment) { database in
            let market = try Self.requireMarket(database)
            let payment = try requirePayment(id, database)
            if let reversed = payment.reversedOn { throw ServiceError.conflict("payment \(payment.number) was already reversed on \(reversed) (\(payment.reversalNumber ?? ""))") }
            guard date >= payment.paidOn else { throw DomainError(field: "on", rule: "must be on or after the payment, \(payment.paidOn)") }
            let books = try Books(database, at: clock.timestamp())
            let number = try database.nextNumber(code: market.code, prefix: "R", year: date.year)
            _ = try database.insertReversal(paymentID: id, number: number, on: date, reason: reason, createdAt: clock.timestamp())
            var reopened: Int64 = 0
            for allocation in try database.allocations(paymentID: id) where !allocation.isReversed {
                _ = try database.insertAllocation(billID: allocation.billID, merchantID: payment.merchantID, source: "payment", paymentID: id,
                                                  reversesAllocationID: allocation.id, amount: Money(fen: -allocation.amount.fen), on: date, createdAt: books.instant)
                reopened += allocation.amount.fen
            }
            // Take back the credit; what the merchant has already spent is un-spent first.
            var credit = -(try database.merchantBalance(accountCode: books.merchantCredit, merchantID: payment.merchantID))
            var unspent: Int64 = 0
            for allocation in try database.allocations(merchantID: payment.merchantID, source: "credit").reversed()
            where !allocation.isReversed && credit < payment.credit.fen {
                _ = try database.insertAllocation(billID: allocation.billID, merchantID: payment.merchantID, source: "credit",
                                                  reversesAllocationID: allocation.id, amount: Money(fen: -allocation.amount.fen), on: date, createdAt: books.instant)
                credit += allocation.amount.fen
                unspent += allocation.amount.fen
            }
            // Credit that is neither held nor spent on bills was refunded: that money has left
            // the market, and a reversal cannot take it back from the credit account.
            if credit < payment.credit.fen {
                throw ServiceError.conflict("payment \(payment.number) left \(payment.credit) in credit, but the merchant holds only \(Money(fen: credit)) now that credit has been refunded; a payment whose credit was refunded cannot be reversed")
            }
            // Net effect on the credit account: the payment's credit leaves it, the un-spent credit returns to it.
            let creditChange = payment.credit.fen - unspent
            let lines = [
                JournalLineDraft(accountCode: books.receivable, merchantID: payment.merchantID, debit: Money(fen: reopened + unspent)),
                JournalLineDraft(accountCode: try books.account(payment.method.accountRole), credit: payment.amount),
                creditChange >= 0
                    ? JournalLineDraft(accountCode: books.merchantCredit, merchantID: payment.merchantID, debit: Money(fen: creditChange))
                    : JournalLineDraft(accountCode: books.merchantCredit, merchantID: payment.merchantID, credit: Money(fen: -creditChange)),
            ]
            try database.post(on: date, documentKind: "reversal", documentNumber: number, description: "reversal \(number) of payment \(payment.number): \(reason)", lines: lines, createdAt: books.instant)
            // Credit un-spent beyond what the payment gave goes back onto the open bills.
            try applyCredit(merchantID: payment.merchantID, database, books: books, on: date, preferring: nil)
            let reversed = try database.payment(id: id)!
            try voidReceipt(of: reversed, reversalNumber: number, reason: reason, on: date, market: market, database)
            try log(database, "payment.reverse", payment.number, .object([("reversal", .string(number)), ("reason", .string(reason))]))
            return reversed
        }
    }

    /// Payments, optionally one merchant's; a merchant caller's own only.
    package func payments(merchantID: Int64?) throws -> [Payment] {
        try look(.listPayments) { database in
            let merchantID = scopedMerchant(merchantID)
            if let merchantID { _ = try requireMerchant(merchantID, database, field: "merchant_id") }
            return try database.payments(merchantID: merchantID)
        }
    }

    /// One payment; to a merchant caller, only its own.
    /// - Throws: `ServiceError.notFound` for an unknown id or another merchant's payment.
    package func payment(id: Int64) throws -> Payment {
        try look(.showPayment) { database in try requirePayment(id, database) }
    }

    func requirePayment(_ id: Int64, _ database: Database) throws -> Payment {
        let missing = ServiceError.notFound("no payment \(id)", field: "id")
        guard let payment = try database.payment(id: id) else { throw missing }
        try requireOwn(payment.merchantID, else: missing)
        return payment
    }
}
