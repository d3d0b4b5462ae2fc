import LanziCore
import LanziStore

/// What ending a lease early put right, as `lease terminate` answers it: the credits raised
/// for days billed beyond the new last day, and how the deposit was settled.
package struct TerminationSettlement: Hashable, Sendable {
    /// A bill raised on the last day: a credit (negative) on a bill billed beyond it, or a
    /// write-off of a deposit never paid.
    package struct Correction: Hashable, Sendable {
        package var number: String
        package var originalNumber: String
        package var amount: Money
        package var reason: String
    }

    package var corrections: [Correction] = []
    /// The settlement's number, nil when no deposit was held.
    package var depositSettlementNumber: String?
    package var depositHeld: Money = .zero
    /// The deposit set against open bills, oldest first.
    package var depositApplied: [Application] = []
    package var depositRefunded: Money = .zero

    /// Part of the deposit set against one bill.
    package struct Application: Hashable, Sendable {
        package var billNumber: String
        package var amount: Money
    }
}

extension LanziService {
    /// Puts the money right when a lease ends early, as new records: bills already raised
    /// for days after the new last day are credited, unpaid deposit is written off its bill,
    /// and the deposit held for the lease (and the leases it renewed) is set against what
    /// the merchant still owes, the rest refunded in cash.
    @discardableResult
    func settleTermination(of lease: Lease, _ database: Database) throws -> TerminationSettlement {
        var settlement = TerminationSettlement()
        func record(_ draft: BillDraft, of original: Bill) {
            settlement.corrections.append(.init(number: draft.number, originalNumber: original.number,
                                                amount: Money(fen: draft.lines.reduce(0) { $0 + $1.amount.fen }), reason: draft.reason ?? ""))
        }
        let market = try Self.requireMarket(database)
        let books = try Books(database, at: clock.timestamp())
        let date = lease.lastDay
        // What each income account was billed beyond the new last day, less what was already
        // credited: credited back account by account, so rent and management fee stay apart.
        let unitKind = BillingRules.principalKind(of: lease)
        let adjustments = try database.bills(BillFilter(leaseID: lease.id, kind: .adjustment))
        for bill in try database.bills(BillFilter(leaseID: lease.id, kind: .regular)) where bill.voidedOn == nil {
            var excess: [String: Int64] = [:]
            for line in bill.lines { excess[line.accountCode, default: 0] += line.amount.fen }
            for line in BillingRules.cycleBill(for: lease, period: bill.period)?.lines ?? [] {
                excess[try books.account(for: line.kind, unitKind: unitKind), default: 0] -= line.amount.fen
            }
            for adjustment in adjustments where adjustment.originalBillID == bill.id {
                for line in adjustment.lines { excess[line.accountCode, default: 0] += line.amount.fen }
            }
            let credits = excess.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { (account: $0.key, amount: Money(fen: -$0.value)) }
            if !credits.isEmpty {
                record(try raiseAdjustment(of: bill, amounts: credits, reason: "lease \(lease.id) ends on \(date): billed beyond the last day",
                                        on: date, database, books: books, code: market.code), of: bill)
            }
        }
        // The deposit bills of this lease and of the leases it renewed.
        var chain: [Int64] = [lease.id]
        var previous = lease.previousLeaseID
        while let id = previous {
            chain.append(id)
            previous = try database.lease(id: id)?.previousLeaseID
        }
        // What is held is what the deposit bills came to after their adjustments — a deposit
        // reduced by agreement, and the part never paid, written off here — not what was set
        // against them, which counts an adjustment's credit as if it were money.
        var held: Int64 = 0
        for leaseID in chain {
            for bill in try database.bills(BillFilter(leaseID: leaseID, kind: .deposit)) where bill.voidedOn == nil {
                let fresh = try requireBill(bill.id, database)
                if fresh.outstanding.fen > 0 {
                    record(try raiseAdjustment(of: fresh, amount: Money(fen: -fresh.outstanding.fen), reason: "deposit not paid before lease \(lease.id) ended",
                                               on: date, database, books: books, code: market.code), of: fresh)
                }
                held += fresh.total.fen
                for adjustment in try database.bills(BillFilter(leaseID: leaseID, kind: .adjustment))
                where adjustment.originalBillID == bill.id && adjustment.voidedOn == nil {
                    // A further charge on the deposit that was never paid is written off too.
                    if adjustment.outstanding.fen > 0 {
                        record(try raiseAdjustment(of: fresh, amounts: [(books.depositsHeld, Money(fen: -adjustment.outstanding.fen))],
                                                   reason: "deposit charge \(adjustment.number) not paid before lease \(lease.id) ended",
                                                   on: date, database, books: books, code: market.code, preferring: adjustment.id), of: fresh)
                        held -= adjustment.outstanding.fen
                    }
                    held += adjustment.total.fen
                }
            }
        }
        guard held > 0, try !database.depositSettlementExists(leaseID: lease.id) else { return settlement }
        var applied: Int64 = 0
        var allocations: [(Bill, Int64)] = []
        for bill in try database.openBills(merchantID: lease.merchantID) where applied < held {
            let amount = min(held - applied, bill.outstanding.fen)
            allocations.append((bill, amount))
            applied += amount
        }
        let number = try database.nextNumber(code: market.code, prefix: "D", year: date.year)
        let settlementID = try database.insertDepositSettlement(number: number, leaseID: lease.id, merchantID: lease.merchantID, on: date,
                                                                held: Money(fen: held), applied: Money(fen: applied), refunded: Money(fen: held - applied), createdAt: clock.timestamp())
        for (bill, amount) in allocations {
            _ = try database.insertAllocation(billID: bill.id, merchantID: lease.merchantID, source: "deposit", depositSettlementID: settlementID,
                                              amount: Money(fen: amount), on: date, createdAt: books.instant)
        }
        try database.post(on: date, documentKind: "deposit_settlement", documentNumber: number,
                          description: "deposit of lease \(lease.id) settled: \(Money(fen: applied)) set against bills, \(Money(fen: held - applied)) refunded", lines: [
            JournalLineDraft(accountCode: books.depositsHeld, merchantID: lease.merchantID, debit: Money(fen: held)),
            JournalLineDraft(accountCode: books.receivable, merchantID: lease.merchantID, credit: Money(fen: applied)),
            JournalLineDraft(accountCode: try books.account("cash"), credit: Money(fen: held - applied)),
        ], createdAt: books.instant)
        try log(database, "deposit.settle", number, .object([("lease_id", .integer(lease.id)), ("held_fen", .integer(held)),
                                                             ("applied_fen", .integer(applied)), ("refunded_fen", .integer(held - applied))]))
        settlement.depositSettlementNumber = number
        settlement.depositHeld = Money(fen: held)
        settlement.depositApplied = allocations.map { .init(billNumber: $0.0.number, amount: Money(fen: $0.1)) }
        settlement.depositRefunded = Money(fen: held - applied)
        return settlement
    }
}
