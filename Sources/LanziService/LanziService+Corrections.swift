import Foundation
import LanziCore
import LanziStore

/// What `bill assess-late-fees` raised.
package struct LateFeeReport: Hashable, Sendable {
    package var asOf: CalendarDate
    package var bills = 0
    package var total = Money.zero
}

extension LanziService {
    /// Bills, optionally one merchant's, one period's, one status.
    package func bills(merchantID: Int64?, period: Period?, status: BillStatus?) throws -> [Bill] {
        try look(.listBills) { database in
            let merchantID = scopedMerchant(merchantID)
            let name = try merchantID.map { try requireMerchantName($0, database, field: "merchant_id") }
            return try database.bills(BillFilter(merchantID: merchantID, period: period, status: status), merchantName: name)
        }
    }

    package func bill(id: Int64) throws -> Bill {
        try look(.showBill) { database in try requireBill(id, database) }
    }

    /// The bill `id`; to a merchant caller, only its own (another's is missing).
    func requireBill(_ id: Int64, _ database: Database) throws -> Bill {
        let missing = ServiceError.notFound("no bill \(id)", field: "id")
        guard let bill = try database.bill(id: id) else { throw missing }
        try requireOwn(bill.merchantID, else: missing)
        return bill
    }

    static func checkReason(_ reason: String) throws -> String {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count) else { throw DomainError(field: "reason", rule: "must be 1 to 200 characters") }
        return reason
    }

    /// Voids a bill on which nothing has been paid: a void record beside it and the reverse
    /// of its journal entry. A paid or partly paid bill is corrected by an adjustment instead.
    /// - Throws: `ServiceError.notFound`; `.conflict` for a bill already void, paid on, or a credit.
    package func voidBill(id: Int64, reason: String, on date: CalendarDate) throws -> Bill {
        try authorize(.voidBill)
        let reason = try Self.checkReason(reason)
        try requireNotFuture(date, field: "on")
        return try change(.voidBill) { database in
            let bill = try requireBill(id, database)
            if let voided = bill.voidedOn { throw ServiceError.conflict("bill \(bill.number) was already voided on \(voided)") }
            try Self.checkDepositOpen(bill, database)
            guard bill.total.fen > 0 else { throw ServiceError.conflict("bill \(bill.number) is a credit; correct it with an adjustment") }
            guard bill.paid.fen == 0, try database.allocations(billID: id).allSatisfy(\.isReversed) else {
                throw ServiceError.conflict("bill \(bill.number) has \(bill.paid) paid on it; only an unpaid bill is voided — raise an adjustment instead")
            }
            guard date >= bill.issuedOn else { throw DomainError(field: "on", rule: "must be on or after the bill's issue, \(bill.issuedOn)") }
            try database.insertVoid(billID: id, on: date, reason: reason, createdAt: clock.timestamp())
            try Books(database, at: clock.timestamp()).postVoid(bill, on: date)
            try log(database, "bill.void", bill.number, .object([("reason", .string(reason))]))
            return try requireBill(id, database)
        }
    }

    /// Raises an adjustment bill that names the original: a negative amount is a credit (it
    /// goes to the merchant's credit and onto the original bill first, then the oldest open
    /// bills), a positive one a further charge. It posts to the account of the original's
    /// largest line.
    /// - Throws: `DomainError` for a zero amount, one beyond ±1,000,000,000.00, or a bad reason; `ServiceError.notFound`;
    ///   `.conflict` for a void original or a credit larger than the original.
    package func adjustBill(id: Int64, amount: Money, reason: String, on date: CalendarDate) throws -> Bill {
        try authorize(.adjustBill)
        let reason = try Self.checkReason(reason)
        try requireNotFuture(date, field: "on")
        guard amount.fen != 0 else { throw DomainError(field: "amount", rule: "must not be 0: negative for a credit, positive for a further charge") }
        // The ceiling of a payment, either way: an amount near Int64's ends would overflow the
        // credit check below and every total the bill is summed into.
        guard amount.fen.magnitude <= 100_000_000_000 else {
            throw DomainError(field: "amount", rule: "must be at most 1,000,000,000.00 either way")
        }
        return try change(.adjustBill) { database in
            let market = try Self.requireMarket(database)
            let original = try requireBill(id, database)
            if original.voidedOn != nil { throw ServiceError.conflict("bill \(original.number) is void; there is nothing to adjust") }
            if original.kind == .adjustment, let first = original.originalBillID {
                throw ServiceError.conflict("bill \(original.number) is itself an adjustment; adjust the bill it corrects (id \(first)) instead")
            }
            try Self.checkDepositOpen(original, database)
            let credited = try database.bills(BillFilter(kind: .adjustment)).filter { $0.originalBillID == id }.reduce(Int64(0)) { $0 + min(0, $1.total.fen) }
            if amount.fen < 0 && -(amount.fen + credited) > original.total.fen {
                throw ServiceError.conflict("a credit of \(Money(fen: -amount.fen)) would take bill \(original.number) (\(original.total)) below zero", field: "amount")
            }
            let draft = try raiseAdjustment(of: original, amount: amount, reason: reason, on: date, database, books: try Books(database, at: clock.timestamp()), code: market.code)
            try log(database, "bill.adjust", draft.number, .object([("original", .string(original.number)), ("amount_fen", .integer(amount.fen))]))
            return try database.bills(BillFilter(kind: .adjustment)).first { $0.number == draft.number }!
        }
    }

    /// Refuses a change to a deposit bill whose deposit has been settled: what was held has
    /// been set against bills and refunded, and there is nothing left to correct.
    static func checkDepositOpen(_ bill: Bill, _ database: Database) throws {
        guard bill.kind == .deposit, var leaseID = bill.leaseID else { return }
        while true {
            if try database.depositSettlementExists(leaseID: leaseID) {
                throw ServiceError.conflict("the deposit of bill \(bill.number) was settled when lease \(leaseID) ended; it can no longer be changed")
            }
            guard let next = try database.lease(id: leaseID)?.renewedByLeaseID else { return }
            leaseID = next
        }
    }

    /// Stores and posts an adjustment bill of `original`; a credit is applied at once,
    /// to the original first.
    func raiseAdjustment(of original: Bill, amount: Money, reason: String, on date: CalendarDate, _ database: Database,
                         books: Books, code: String) throws -> BillDraft {
        guard let account = original.lines.max(by: { $0.amount < $1.amount })?.accountCode else {
            throw ServiceError.conflict("bill \(original.number) has no lines to adjust")
        }
        return try raiseAdjustment(of: original, amounts: [(account, amount)], reason: reason, on: date, database, books: books, code: code)
    }

    /// Stores and posts an adjustment bill of `original` with one line per account; credit is
    /// applied at once (to the original first), and so is existing credit to a further charge.
    func raiseAdjustment(of original: Bill, amounts: [(account: String, amount: Money)], reason: String, on date: CalendarDate,
                         _ database: Database, books: Books, code: String, preferring: Int64? = nil) throws -> BillDraft {
        let lines = amounts.filter { $0.amount.fen != 0 }.map {
            BillLine(kind: .adjustment, period: original.period, phrase: Phrase("adjustment of \(original.number): \(reason)"), amount: $0.amount, accountCode: $0.account)
        }
        let draft = BillDraft(number: try database.nextNumber(code: code, prefix: "B", year: date.year), kind: .adjustment,
                              merchantID: original.merchantID, leaseID: original.leaseID, period: date.period, issuedOn: date,
                              dueOn: date, originalBillID: original.id, reason: reason, lines: lines)
        _ = try database.insertBill(draft, createdAt: clock.timestamp())
        try books.postBill(draft)
        try applyCredit(merchantID: original.merchantID, database, books: books, on: date, preferring: preferring ?? original.id)
        return draft
    }

    /// Adds late fees as of `asOf`: for each lease bill still unpaid after its due date plus
    /// the lease's grace days, a late-fee bill for the fee accrued (rate per day on the unpaid
    /// principal, capped) less what was assessed before. The same day again adds nothing.
    package func assessLateFees(asOf: CalendarDate) throws -> LateFeeReport {
        try authorize(.assessLateFees)
        try requireNotFuture(asOf, field: "as_of")
        return try change(.assessLateFees) { database in try assessLateFees(asOf: asOf, database) }
    }

    /// Late fees inside the caller's transaction.
    func assessLateFees(asOf: CalendarDate, _ database: Database) throws -> LateFeeReport {
        do {
            let market = try Self.requireMarket(database)
            let books = try Books(database, at: clock.timestamp())
            var report = LateFeeReport(asOf: asOf)
            var charged: [Int64] = []
            // Written as the billing run writes: a county's month can raise a late fee on every lease.
            var batch = try BillBatch(database, books: books)
            var numbers = try BillNumbers(database, code: market.code, year: asOf.year)
            for bill in try database.lateFeeCandidates(asOf: asOf) {
                let firstLateDay = bill.dueOn.adding(days: bill.graceDays + 1)
                guard firstLateDay <= asOf else { continue }
                // A bill paid late, even in full before this day, still owes what accrued while it was overdue.
                let payments = try database.billPayments(billID: bill.billID).filter { $0.on <= asOf }
                let accrued = LateFeeRule.accrued(principal: bill.total, firstLateDay: firstLateDay, asOf: asOf, payments: payments,
                                                  rateBasisPoints: bill.rateBasisPoints, capBasisPoints: bill.capBasisPoints)
                let due = accrued.fen - bill.assessed.fen
                guard due > 0 else { continue }
                let line = BillLine(kind: .lateFee, period: asOf.period, phrase: Phrase("late fee on \(bill.number) to \(asOf)"),
                                    amount: Money(fen: due), accountCode: try books.account(for: .lateFee, unitKind: .shop))
                let draft = BillDraft(number: try numbers.next(), kind: .lateFee, merchantID: bill.merchantID, leaseID: bill.leaseID,
                                      period: asOf.period, issuedOn: asOf, dueOn: asOf, originalBillID: bill.billID, lines: [line])
                try batch.add(draft)
                report.bills += 1
                report.total = report.total + draft.total
                charged.append(bill.merchantID)
            }
            try batch.finish()
            try numbers.finish()
            for merchantID in Set(charged).intersection(try Self.merchantsWithCredit(database, books)).sorted() {
                try applyCredit(merchantID: merchantID, database, books: books, on: asOf, preferring: nil)
            }
            if report.bills > 0 {
                try log(database, "bill.late_fees", asOf.description, .object([("bills", .integer(Int64(report.bills))), ("total_fen", .integer(report.total.fen))]))
            }
            return report
        }
    }
}
