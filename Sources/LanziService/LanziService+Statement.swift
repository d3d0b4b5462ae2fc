import LanziCore
import LanziStore

/// One line of a merchant's statement: a charge raises the balance, a credit lowers it.
package struct StatementLine: Hashable, Sendable {
    package var date: CalendarDate
    package var kind: String
    package var number: String
    /// What the line is, for a person in either language.
    package var phrase: Phrase
    package var charge: Money
    package var credit: Money
    package var balance: Money

    /// What the line is, in English: what `--json` and the API show, as stable as a record.
    package var description: String { phrase.english }
}

/// What a merchant owes (positive) or has in credit (negative) over a span of days.
package struct Statement: Hashable, Sendable {
    package var merchant: Merchant
    package var from: CalendarDate?
    package var to: CalendarDate
    package var opening: Money
    package var lines: [StatementLine]
    package var closing: Money
    /// Overdue amounts by days past due on `to`: 0–30, 31–60, 61–90, over 90.
    package var arrears: [(label: String, amount: Money)]

    package static func == (a: Statement, b: Statement) -> Bool { a.lines == b.lines && a.closing == b.closing && a.opening == b.opening }
    package func hash(into hasher: inout Hasher) { hasher.combine(lines) }
}

extension LanziService {
    /// A merchant's statement: the opening balance, every bill, void, payment, reversal and
    /// deposit set against bills with a running balance, the closing balance, and arrears by age.
    package func statement(merchantID: Int64, from: CalendarDate?, to: CalendarDate) throws -> Statement {
        try authorize(.showStatement)
        if let from, from > to { throw DomainError(field: "from", rule: "must be on or before the last day, \(to)") }
        return try look(.showStatement) { database in
            let merchant = try requireMerchant(merchantID, database, field: "merchant_id")
            var events: [(date: CalendarDate, order: Int, kind: String, number: String, description: Phrase, amount: Int64)] = []
            let bills = try database.bills(BillFilter(merchantID: merchantID))
            for bill in bills {
                events.append((bill.issuedOn, 0, bill.kind == .adjustment ? "adjustment" : "bill", bill.number,
                               bill.lines.isEmpty ? bill.kind.phrase
                                   : bill.lines.dropFirst().reduce(bill.lines[0].phrase) { Phrase("\($0); \($1.phrase)") }, bill.total.fen))
                if let voided = bill.voidedOn { events.append((voided, 1, "void", bill.number, Phrase("void of \(bill.number)"), -bill.total.fen)) }
            }
            for payment in try database.payments(merchantID: merchantID) {
                events.append((payment.paidOn, 2, "payment", payment.number, payment.credit.fen > 0 ? Phrase("payment by \(payment.method.phrase), \(payment.credit) to credit") : Phrase("payment by \(payment.method.phrase)"), -payment.amount.fen))
                if let reversed = payment.reversedOn {
                    events.append((reversed, 3, "reversal", payment.reversalNumber ?? "", Phrase("reversal of \(payment.number)"), payment.amount.fen))
                }
            }
            for refund in try database.refunds(merchantID: merchantID) {
                events.append((refund.refundedOn, 5, "refund", refund.number, Phrase("refund of credit by \(refund.method.phrase)"), refund.amount.fen))
            }
            for settlement in try database.depositSettlements(merchantID: merchantID) where settlement.applied.fen > 0 {
                events.append((settlement.on, 4, "deposit", settlement.number,
                               Phrase("deposit \(settlement.held) set against bills, \(settlement.refunded) refunded"), -settlement.applied.fen))
            }
            events.sort { ($0.date, $0.order, $0.number) < ($1.date, $1.order, $1.number) }
            var balance: Int64 = 0
            var opening: Int64 = 0
            var lines: [StatementLine] = []
            for event in events where event.date <= to {
                balance += event.amount
                if let from, event.date < from { opening = balance; continue }
                lines.append(StatementLine(date: event.date, kind: event.kind, number: event.number, phrase: event.description,
                                           charge: Money(fen: max(0, event.amount)), credit: Money(fen: max(0, -event.amount)), balance: Money(fen: balance)))
            }
            // Arrears as they stood on `to`: what was still owed that day on bills then overdue,
            // so a statement for a past day is not changed by payments made after it.
            var buckets: [Int64] = [0, 0, 0, 0]
            for bill in bills where bill.total.fen > 0 && bill.dueOn < to && (bill.voidedOn.map { $0 > to } ?? true) {
                let paid = try database.billPayments(billID: bill.id).filter { $0.on <= to }.reduce(Int64(0)) { $0 + $1.amount.fen }
                guard bill.total.fen > paid else { continue }
                let days = bill.dueOn.days(to: to)
                buckets[days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3] += bill.total.fen - paid
            }
            return Statement(merchant: merchant, from: from, to: to, opening: Money(fen: opening), lines: lines, closing: Money(fen: balance),
                             arrears: zip(["0-30", "31-60", "61-90", "over 90"], buckets).map { ($0, Money(fen: $1)) })
        }
    }
}
