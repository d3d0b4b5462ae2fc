import Foundation
import Testing
import LanziTestSupport
import LanziCore
@testable import LanziService
@testable import LanziStore

/// Billing through `LanziService` on a real database: the billing run, payments and credit,
/// reversals, voids and adjustments, late fees, cold-store usage, termination, statements
/// and the books (checked against the stock `hledger`). Every expected fen is worked out by
/// hand in the comment beside it.
struct BillingServiceTests {
    typealias F = ServiceFixture

    static func period(_ text: String) -> Period { try! Period.parse(text, field: "test") }

    /// Li's lease of S-001 (24.50 m²) from 2026-01-20, monthly: rent 3100.00, 10.00 per m² a
    /// month, deposit 6000.00, due on the 5th.
    /// January: rent 310000 × 12 ÷ 31 = 120000; fee 1000 × 24.50 × 12 ÷ 31 = 294000 × 12 ÷ 31 = 9483.87 → 9484.
    /// Every later month: rent 310000, fee 1000 × 24.50 = 24500; 334500.
    static func liMonthly(_ merchantID: Int64, _ adjust: (inout LeaseTerms) -> Void = { _ in }) -> LeaseDraft {
        F.lease(merchantID, ["S-001"], "2026-01-20", "2026-12-31", rent: "3100.00") {
            $0.managementFee = .perSquareMetre(F.yuan("10.00"))
            $0.deposit = F.yuan("6000.00")
            adjust(&$0)
        }
    }

    /// Wang's lease of S-002 from 2026-02-15 to 2028-02-14, quarterly: rent 1000.00 rising
    /// 1000 bp a year, a fixed fee of 50.00 a month, due on the 10th, no deposit.
    static func wangQuarterly(_ merchantID: Int64) -> LeaseDraft {
        F.lease(merchantID, ["S-002"], "2026-02-15", "2028-02-14", rent: "1000.00") {
            $0.cycle = .quarterly
            $0.escalationBasisPoints = 1000
            $0.managementFee = .fixed(F.yuan("50.00"))
            $0.dueDay = 10
        }
    }

    /// A bill's lines as "kind period fen account".
    static func lines(_ bill: Bill) -> [String] {
        bill.lines.map { "\($0.kind.rawValue) \($0.period?.description ?? "-") \($0.amount.fen) \($0.accountCode)" }
    }

    static func bills(_ fixture: ServiceFixture, _ merchantID: Int64, period: String? = nil, kind: BillKind? = nil) throws -> [Bill] {
        try fixture.admin.bills(merchantID: merchantID, period: period.map(Self.period), status: nil).filter { kind == nil || $0.kind == kind }
    }

    /// The one bill of `kind` for `period`.
    static func bill(_ fixture: ServiceFixture, _ merchantID: Int64, _ period: String, _ kind: BillKind = .regular) throws -> Bill {
        let found = try bills(fixture, merchantID, period: period, kind: kind)
        try #require(found.count == 1, "one \(kind) bill for \(period), found \(found.map(\.number))")
        return found[0]
    }

    /// The trial balance's non-zero balances (debit − credit) by account code.
    static func balances(_ fixture: ServiceFixture) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for line in try fixture.admin.trialBalance(asOf: nil).lines where line.balance.fen != 0 { result[line.code] = line.balance.fen }
        return result
    }

    static func payment(_ merchantID: Int64, _ amount: String, on day: String, key: String, method: PaymentMethod = .cash,
                        bills: [Int64] = []) -> PaymentDraft {
        PaymentDraft(merchantID: merchantID, amount: F.yuan(amount), method: method, paidOn: F.date(day), idempotencyKey: key, billIDs: bills)
    }

    // MARK: The billing run

    @Test("the billing run raises one bill per lease per cycle, a deposit bill in the first month, and nothing the second time")
    func billingRun() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let li = try fixture.admin.createLease(Self.liMonthly(ids.li))
        let wang = try fixture.admin.createLease(Self.wangQuarterly(ids.wang))

        // January: Li's deposit (600000) and first month (120000 + 9484 = 129484); Wang's lease has not begun.
        let january = try fixture.admin.runBilling(period: Self.period("2026-01"))
        #expect(january.regularBills == 1 && january.depositBills == 1 && january.usageBills == 0)
        #expect(january.total.fen == 729_484)   // 600000 + 129484
        #expect(january.alreadyBilled == 0)
        let deposit = try Self.bill(fixture, ids.li, "2026-01", .deposit)
        #expect(deposit.number == "TST-B2026-000001")      // raised first
        #expect(Self.lines(deposit) == ["deposit - 600000 21101"])
        #expect(deposit.dueOn == F.date("2026-01-20") && deposit.issuedOn == F.date("2026-01-01"))
        #expect(deposit.leaseID == li.id && deposit.status == .open)
        let first = try Self.bill(fixture, ids.li, "2026-01")
        #expect(first.number == "TST-B2026-000002")
        #expect(Self.lines(first) == ["rent 2026-01 120000 50101", "management_fee 2026-01 9484 50104"])
        #expect(first.total.fen == 129_484)
        #expect(first.dueOn == F.date("2026-01-20"))          // the 5th is before the start
        #expect(first.lines[0].description.contains("12 of 31 days"))

        // The same period again raises nothing and changes nothing.
        let counts = (bills: try fixture.count("bills"), entries: try fixture.count("journal_entries"), activity: try fixture.activityCount())
        let again = try fixture.admin.runBilling(period: Self.period("2026-01"))
        #expect(again.raised == 0 && again.total == .zero)
        #expect(again.alreadyBilled == 1)
        #expect(try fixture.count("bills") == counts.bills)
        #expect(try fixture.count("journal_entries") == counts.entries)
        #expect(try fixture.activityCount() == counts.activity)

        // February: Li 310000 + 24500 = 334500 due 2026-02-05; Wang's first quarter: February
        // 15th–28th = 14 of 28 days → rent 100000 × 14 ÷ 28 = 50000 and fee 5000 × 14 ÷ 28 = 2500;
        // March and April 100000 + 5000 each → 262500, due the 15th (the 10th is before the start).
        let february = try fixture.admin.runBilling(period: Self.period("2026-02"))
        #expect(february.regularBills == 2 && february.depositBills == 0)
        #expect(february.total.fen == 597_000)   // 334500 + 262500
        #expect(try Self.bill(fixture, ids.li, "2026-02").total.fen == 334_500)
        #expect(try Self.bill(fixture, ids.li, "2026-02").dueOn == F.date("2026-02-05"))
        let quarter = try Self.bill(fixture, ids.wang, "2026-02")
        #expect(Self.lines(quarter) == ["rent 2026-02 50000 50101", "management_fee 2026-02 2500 50104", "rent 2026-03 100000 50101",
                                        "management_fee 2026-03 5000 50104", "rent 2026-04 100000 50101", "management_fee 2026-04 5000 50104"])
        #expect(quarter.total.fen == 262_500 && quarter.dueOn == F.date("2026-02-15") && quarter.leaseID == wang.id)

        // March: only Li's month; no cycle of Wang's starts in March.
        let march = try fixture.admin.runBilling(period: Self.period("2026-03"))
        #expect(march.regularBills == 1 && march.total.fen == 334_500 && march.alreadyBilled == 0)
        #expect(try Self.bills(fixture, ids.wang, period: "2026-03").isEmpty)

        // February 2027: Li's lease has ended; Wang's quarter holds the anniversary (15 February):
        // February (100000 × 14 + 110000 × 14) ÷ 28 = 105000, March and April 110000, fee 5000 a month → 340000.
        let later = try fixture.admin.runBilling(period: Self.period("2027-02"))
        #expect(later.regularBills == 1 && later.total.fen == 340_000)
        let anniversary = try Self.bill(fixture, ids.wang, "2027-02")
        #expect(anniversary.lines.map(\.amount.fen) == [105_000, 5_000, 110_000, 5_000, 110_000, 5_000])
        #expect(anniversary.dueOn == F.date("2027-02-10"))
        #expect(anniversary.number == "TST-B2027-000001")   // the sequence is per year

        // Receivable: 729484 + 597000 + 334500 + 340000 = 2000984; rent income 120000 + 310000 + 50000 + 200000
        // + 310000 + 325000 = 1315000; fees 9484 + 24500 + 12500 + 24500 + 15000 = 85984; deposits 600000.
        #expect(try Self.balances(fixture) == ["11201": 2_000_984, "21101": -600_000, "50101": -1_315_000, "50104": -85_984])
    }

    @Test("the run prorates a first month of 28, 29, 30 and 31 days", arguments: [
        ("2026-01-20", "3100.00", 120_000 as Int64, "12 of 31 days"),   // 310000 × 12 ÷ 31 = 120000
        ("2026-02-15", "2800.00", 140_000, "14 of 28 days"),            // 280000 × 14 ÷ 28 = 140000
        ("2028-02-10", "2900.00", 200_000, "20 of 29 days"),            // 290000 × 20 ÷ 29 = 200000
        ("2026-04-21", "3000.00", 100_000, "10 of 30 days"),            // 300000 × 10 ÷ 30 = 100000
        ("2028-02-10", "1000.00", 68_966, "20 of 29 days"),             // 100000 × 20 ÷ 29 = 68965.52 → 68966
        ("2026-04-21", "1000.00", 33_333, "10 of 30 days"),             // 100000 × 10 ÷ 30 = 33333.33 → 33333
    ] as [(String, String, Int64, String)])
    func runProratesFirstMonth(start: String, rent: String, expected: Int64, days: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let startDate = F.date(start)
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-003"], start, startDate.adding(years: 1).adding(days: -1).description, rent: rent))
        let report = try fixture.admin.runBilling(period: startDate.period)
        #expect(report.regularBills == 1 && report.total.fen == expected)
        let bill = try Self.bill(fixture, ids.li, startDate.period.description)
        #expect(Self.lines(bill) == ["rent \(startDate.period) \(expected) 50101"])
        #expect(bill.lines[0].description.contains(days))
        #expect(bill.dueOn == startDate)
    }

    @Test("free months bill only the management fee; a wholly free month without a fee raises no bill")
    func freeMonthsInTheRun() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        // Li: S-001, 2 free months from 2026-01-15, 10.00 per m² on 24.50 m². Wang: T-001, 1 free month from 2026-02-01, no fee.
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-15", "2026-12-31") {
            $0.freeMonths = 2; $0.managementFee = .perSquareMetre(F.yuan("10.00"))
        })
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["T-001"], "2026-02-01", "2026-12-31", rent: "600.00") { $0.freeMonths = 1 })
        // January: the fee alone, 1000 × 24.50 × 17 ÷ 31 = 13435.48 → 13435.
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        #expect(Self.lines(try Self.bill(fixture, ids.li, "2026-01")) == ["management_fee 2026-01 13435 50104"])
        // February: Li's fee in full, 24500; Wang's month is free and has no fee: no bill.
        let february = try fixture.admin.runBilling(period: Self.period("2026-02"))
        #expect(february.regularBills == 1 && february.total.fen == 24_500)
        #expect(try Self.bills(fixture, ids.wang).isEmpty)
        // March: Li pays rent from the 15th, 100000 × 17 ÷ 31 = 54838.71 → 54839, plus 24500;
        // Wang's first rent is the whole 60000, on the stall account 50102.
        let march = try fixture.admin.runBilling(period: Self.period("2026-03"))
        #expect(march.total.fen == 139_339)   // 54839 + 24500 + 60000
        #expect(Self.lines(try Self.bill(fixture, ids.wang, "2026-03")) == ["rent 2026-03 60000 50102"])
        // Running February again finds Wang's free month still owes nothing.
        #expect(try fixture.admin.runBilling(period: Self.period("2026-02")).raised == 0)
    }

    // MARK: Payments and credit

    @Test("payments go to the oldest open bills first; what is left is credit, used by the next period's bill")
    func paymentsOldestFirstThenCredit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(Self.liMonthly(ids.li))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-02"))
        // Deposit 600000 (due 01-20, B…001), January 129484 (due 01-20, B…002), February 334500 (due 02-05).

        // 7000.00 in cash: the deposit 600000 (same due day, lower number), then 100000 of January.
        let first = try fixture.admin.pay(Self.payment(ids.li, "7000.00", on: "2026-01-25", key: "li-1"))
        #expect(first.isRepeat == false)
        #expect(first.payment.number == "TST-P2026-000001")
        #expect(first.payment.credit == .zero)
        let deposit = try Self.bill(fixture, ids.li, "2026-01", .deposit)
        var january = try Self.bill(fixture, ids.li, "2026-01")
        var february = try Self.bill(fixture, ids.li, "2026-02")
        #expect(first.payment.allocations.map { "\($0.billID) \($0.amount.fen)" } == ["\(deposit.id) 600000", "\(january.id) 100000"])
        #expect(deposit.status == .paid)
        #expect(january.status == .partlyPaid && january.outstanding.fen == 29_484)   // 129484 − 100000
        #expect(february.status == .open)

        // 4000.00 by WeChat: January's 29484, February's 334500, and 400000 − 363984 = 36016 to credit.
        let second = try fixture.admin.pay(Self.payment(ids.li, "4000.00", on: "2026-02-06", key: "li-2", method: .wechat))
        #expect(second.payment.credit.fen == 36_016)
        january = try Self.bill(fixture, ids.li, "2026-01")
        february = try Self.bill(fixture, ids.li, "2026-02")
        #expect(january.status == .paid && february.status == .paid)
        #expect(try Self.balances(fixture)["21102"] == -36_016)

        // March's bill (334500) takes the credit at once: 36016 paid, 298484 owed.
        _ = try fixture.admin.runBilling(period: Self.period("2026-03"))
        let march = try Self.bill(fixture, ids.li, "2026-03")
        #expect(march.paid.fen == 36_016 && march.outstanding.fen == 298_484 && march.status == .partlyPaid)
        // Cash 700000, WeChat 400000; owed 298484 (bills 600000 + 129484 + 334500 + 334500 = 1398484 less
        // 1100000 paid); no credit left; rent 120000 + 2 × 310000, fees 9484 + 2 × 24500.
        #expect(try Self.balances(fixture) == ["101": 700_000, "10201": 400_000, "11201": 298_484, "21101": -600_000,
                                               "50101": -740_000, "50104": -58_484])
    }

    @Test("a payment may name its bills, in order; a named bill of another merchant, paid or unknown is refused")
    func namedBills() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-02"))
        let january = try Self.bill(fixture, ids.li, "2026-01"), february = try Self.bill(fixture, ids.li, "2026-02")
        // 1500.00 naming February first: February's 100000, then 50000 of January.
        let paid = try fixture.admin.pay(Self.payment(ids.li, "1500.00", on: "2026-01-10", key: "named", bills: [february.id, january.id]))
        #expect(paid.payment.allocations.map { "\($0.billID) \($0.amount.fen)" } == ["\(february.id) 100000", "\(january.id) 50000"])
        #expect(try fixture.admin.bill(id: february.id).status == .paid)
        #expect(try fixture.admin.bill(id: january.id).outstanding.fen == 50_000)

        let before = try fixture.count("payments")
        let wangs = try Self.bill(fixture, ids.wang, "2026-01")
        #expect(Outcome { _ = try fixture.admin.pay(Self.payment(ids.li, "10.00", on: "2026-01-10", key: "other", bills: [wangs.id])) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.pay(Self.payment(ids.li, "10.00", on: "2026-01-10", key: "paid", bills: [february.id])) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.pay(Self.payment(ids.li, "10.00", on: "2026-01-10", key: "unknown", bills: [999])) } == .notFound)
        #expect(Outcome { _ = try fixture.admin.pay(Self.payment(ids.li, "10.00", on: "2026-01-10", key: "twice", bills: [january.id, january.id])) }
                == .domain(field: "bill_ids"))
        #expect(try fixture.count("payments") == before)
    }

    @Test("the same idempotency key twice records one payment; with other details it is a conflict")
    func paymentIdempotency() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        let draft = Self.payment(ids.li, "300.00", on: "2026-01-06", key: "wx-20260106-1", method: .wechat)
        let first = try fixture.admin.pay(draft)
        let counts = ["payments", "allocations", "journal_entries", "activity_log"].map { (try? fixture.count($0)) ?? -1 }

        let repeated = try fixture.admin.pay(draft)
        #expect(repeated.isRepeat)
        #expect(repeated.payment.id == first.payment.id && repeated.payment.number == first.payment.number)
        #expect(["payments", "allocations", "journal_entries", "activity_log"].map { (try? fixture.count($0)) ?? -1 } == counts)
        #expect(try Self.bill(fixture, ids.li, "2026-01").paid.fen == 30_000)   // once, not twice

        var others: [PaymentDraft] = []
        var changed = draft; changed.amount = F.yuan("300.01"); others.append(changed)
        changed = draft; changed.method = .alipay; others.append(changed)
        changed = draft; changed.paidOn = F.date("2026-01-07"); others.append(changed)
        changed = draft; changed.merchantID = ids.wang; others.append(changed)
        changed = draft; changed.reference = "另一笔"; others.append(changed)
        for other in others {
            let refusal = Outcome.capture { _ = try fixture.admin.pay(other) }
            #expect(refusal.outcome == .conflict)
            #expect(refusal.message.contains("wx-20260106-1"))
        }
        #expect(["payments", "allocations", "journal_entries", "activity_log"].map { (try? fixture.count($0)) ?? -1 } == counts)
    }

    @Test("a reversal reopens the bills it paid and takes back the credit the merchant has since spent")
    func reversalReopensBills() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(Self.liMonthly(ids.li))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-02"))
        _ = try fixture.admin.pay(Self.payment(ids.li, "7000.00", on: "2026-01-25", key: "li-1"))
        let second = try fixture.admin.pay(Self.payment(ids.li, "4000.00", on: "2026-02-06", key: "li-2", method: .wechat))
        _ = try fixture.admin.runBilling(period: Self.period("2026-03"))   // March takes the 36016 of credit

        let reversed = try fixture.admin.reversePayment(id: second.payment.id, reason: "退款：微信重复扣款", on: F.date("2026-03-10"))
        #expect(reversed.reversedOn == F.date("2026-03-10"))
        #expect(reversed.reversalNumber == "TST-R2026-000001")
        // January owes its 29484 again, February its 334500, March its 334500 (the credit is taken back).
        let january = try Self.bill(fixture, ids.li, "2026-01")
        #expect(january.status == .partlyPaid && january.outstanding.fen == 29_484)
        #expect(try Self.bill(fixture, ids.li, "2026-02").status == .open)
        #expect(try Self.bill(fixture, ids.li, "2026-03").status == .open)
        #expect(try Self.bill(fixture, ids.li, "2026-01", .deposit).status == .paid)   // the first payment stands
        // WeChat back to 0; owed 29484 + 334500 + 334500 = 698484; no credit.
        #expect(try Self.balances(fixture) == ["101": 700_000, "11201": 698_484, "21101": -600_000, "50101": -740_000, "50104": -58_484])

        // Reversing again is a conflict; a reversal dated before the payment is refused on --on.
        #expect(Outcome { _ = try fixture.admin.reversePayment(id: second.payment.id, reason: "again", on: F.date("2026-03-11")) } == .conflict)
        let first = try #require(try fixture.admin.payments(merchantID: ids.li).first { $0.idempotencyKey == "li-1" })
        #expect(Outcome { _ = try fixture.admin.reversePayment(id: first.id, reason: "early", on: F.date("2026-01-24")) } == .domain(field: "on"))
    }

    @Test("a reversal of a payment whose credit is unspent takes the credit back and reopens its bill")
    func reversalWithUnspentCredit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        // 1200.00 on a 1000.00 bill: 20000 to credit.
        let paid = try fixture.admin.pay(Self.payment(ids.li, "1200.00", on: "2026-01-05", key: "k", method: .bank))
        #expect(paid.payment.credit.fen == 20_000)
        #expect(try Self.balances(fixture) == ["10203": 120_000, "21102": -20_000, "50101": -100_000])
        _ = try fixture.admin.reversePayment(id: paid.payment.id, reason: "bounced", on: F.date("2026-01-08"))
        #expect(try Self.bill(fixture, ids.li, "2026-01").status == .open)
        #expect(try Self.balances(fixture) == ["11201": 100_000, "50101": -100_000])
    }

    // MARK: Voids and adjustments

    @Test("only an unpaid bill is voided; a voided bill is not raised again")
    func voidOnlyUnpaid() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        for month in ["2026-01", "2026-02", "2026-03", "2026-04"] { _ = try fixture.admin.runBilling(period: Self.period(month)) }
        let january = try Self.bill(fixture, ids.li, "2026-01"), february = try Self.bill(fixture, ids.li, "2026-02")
        let march = try Self.bill(fixture, ids.li, "2026-03"), april = try Self.bill(fixture, ids.li, "2026-04")

        let voided = try fixture.admin.voidBill(id: february.id, reason: "开错了", on: F.date("2026-02-02"))
        #expect(voided.status == .void && voided.voidedOn == F.date("2026-02-02") && voided.outstanding == .zero)
        // Four bills of 100000, one reversed: 300000 owed and earned.
        #expect(try Self.balances(fixture) == ["11201": 300_000, "50101": -300_000])
        #expect(try fixture.admin.runBilling(period: Self.period("2026-02")).raised == 0)
        #expect(Outcome { _ = try fixture.admin.voidBill(id: february.id, reason: "again", on: F.date("2026-02-03")) } == .conflict)

        // Partly paid: refused, with the way out named.
        _ = try fixture.admin.pay(Self.payment(ids.li, "100.00", on: "2026-01-10", key: "p1", bills: [january.id]))
        let refusal = Outcome.capture { _ = try fixture.admin.voidBill(id: january.id, reason: "no", on: F.date("2026-01-11")) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("adjustment"))
        #expect(try fixture.admin.bill(id: january.id).voidedOn == nil)

        // Paid and the payment reversed: unpaid again, so it may be voided.
        let paid = try fixture.admin.pay(Self.payment(ids.li, "1000.00", on: "2026-03-02", key: "p2", bills: [march.id]))
        #expect(Outcome { _ = try fixture.admin.voidBill(id: march.id, reason: "no", on: F.date("2026-03-03")) } == .conflict)
        _ = try fixture.admin.reversePayment(id: paid.payment.id, reason: "wrong bill", on: F.date("2026-03-03"))
        #expect(try fixture.admin.voidBill(id: march.id, reason: "lease paused", on: F.date("2026-03-04")).status == .void)

        // Not before the bill's issue (2026-04-01).
        #expect(Outcome { _ = try fixture.admin.voidBill(id: april.id, reason: "early", on: F.date("2026-03-31")) } == .domain(field: "on"))
        #expect(Outcome { _ = try fixture.admin.voidBill(id: 999, reason: "none", on: F.date("2026-03-31")) } == .notFound)
    }

    @Test("an adjustment credit names the original and goes onto it first; a credit larger than the bill is refused")
    func adjustmentCredit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") { $0.managementFee = .fixed(F.yuan("100.00")) })
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-02"))
        let january = try Self.bill(fixture, ids.li, "2026-01")   // 100000 rent + 10000 fee = 110000
        #expect(january.total.fen == 110_000)

        #expect(Outcome { _ = try fixture.admin.adjustBill(id: january.id, amount: .zero, reason: "zero", on: F.date("2026-01-15")) } == .domain(field: "amount"))
        // Beyond a payment's ceiling either way, down to Int64's least, which once overflowed the credit check.
        for fen in [Int64.min, -100_000_000_001, 100_000_000_001, Int64.max] {
            #expect(Outcome { _ = try fixture.admin.adjustBill(id: january.id, amount: Money(fen: fen), reason: "x", on: F.date("2026-01-15")) } == .domain(field: "amount"), "\(fen)")
        }
        let bills = try fixture.count("bills")
        // 1100.01 of credit on a 1100.00 bill.
        let tooMuch = Outcome.capture { _ = try fixture.admin.adjustBill(id: january.id, amount: Money(fen: -110_001), reason: "x", on: F.date("2026-01-15")) }
        #expect(tooMuch.outcome == .conflict && tooMuch.message.contains("below zero"))
        #expect(try fixture.count("bills") == bills)

        // 300.00 of credit: an adjustment bill of −30000 naming January, on the account of January's
        // largest line (rent, 50101), applied to January at once.
        let credit = try fixture.admin.adjustBill(id: january.id, amount: Money(fen: -30_000), reason: "漏水停业三天", on: F.date("2026-01-15"))
        #expect(credit.kind == .adjustment && credit.total.fen == -30_000 && credit.originalBillID == january.id)
        #expect(credit.issuedOn == F.date("2026-01-15") && credit.period == Self.period("2026-01"))
        #expect(Self.lines(credit) == ["adjustment 2026-01 -30000 50101"])
        #expect(credit.reason == "漏水停业三天")
        var original = try fixture.admin.bill(id: january.id)
        #expect(original.paid.fen == 30_000 && original.outstanding.fen == 80_000 && original.status == .partlyPaid)
        #expect(try Self.bill(fixture, ids.li, "2026-02").paid == .zero)   // the original first

        // Together the credits may not pass the bill: 30000 + 80001 > 110000; 30000 + 80000 = 110000 may.
        #expect(Outcome { _ = try fixture.admin.adjustBill(id: january.id, amount: Money(fen: -80_001), reason: "x", on: F.date("2026-01-16")) } == .conflict)
        _ = try fixture.admin.adjustBill(id: january.id, amount: Money(fen: -80_000), reason: "免租一月", on: F.date("2026-01-16"))
        original = try fixture.admin.bill(id: january.id)
        #expect(original.status == .paid && original.paid.fen == 110_000)

        // A further charge is a positive adjustment; it does not count against the credit limit.
        let charge = try fixture.admin.adjustBill(id: january.id, amount: F.yuan("50.00"), reason: "补收电费", on: F.date("2026-01-20"))
        #expect(charge.total.fen == 5_000 && charge.status == .open)
        // A void bill cannot be adjusted.
        let february = try Self.bill(fixture, ids.li, "2026-02")
        _ = try fixture.admin.voidBill(id: february.id, reason: "x", on: F.date("2026-02-01"))
        #expect(Outcome { _ = try fixture.admin.adjustBill(id: february.id, amount: Money(fen: -1), reason: "x", on: F.date("2026-02-02")) } == .conflict)
        // Owed: the 5000 charge. Income: 110000 billed − 110000 credited (both on rent) + 5000 charged.
        #expect(try Self.balances(fixture) == ["11201": 5_000, "50101": 5_000, "50104": -10_000])
    }

    // MARK: Late fees

    @Test("late fees from due date + grace days + 1; the same date twice adds nothing, a later date the difference, after a partial payment")
    func lateFeesWithPartialPayment() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        // 1000.00 a month from 2026-01-01, due on the 5th, 3 days' grace, 5 bp a day, capped at 1000 bp.
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") {
            $0.graceDays = 3; $0.lateFeeBasisPoints = 5; $0.lateFeeCapBasisPoints = 1000
        })
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        let january = try Self.bill(fixture, ids.li, "2026-01")   // 100000, due 2026-01-05; first late day 2026-01-09

        // Inside the grace days: nothing.
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-01-08")).bills == 0)
        // 9–18 January: 10 days × 100000 × 5 ÷ 10000 = 500.
        let first = try fixture.admin.assessLateFees(asOf: F.date("2026-01-18"))
        #expect(first.bills == 1 && first.total.fen == 500)
        let fee = try Self.bill(fixture, ids.li, "2026-01", .lateFee)
        #expect(fee.originalBillID == january.id && fee.total.fen == 500)
        #expect(fee.issuedOn == F.date("2026-01-18") && fee.dueOn == F.date("2026-01-18"))
        #expect(Self.lines(fee) == ["late_fee 2026-01 500 50401"])
        // The same day again: nothing.
        let counts = (bills: try fixture.count("bills"), entries: try fixture.count("journal_entries"))
        let same = try fixture.admin.assessLateFees(asOf: F.date("2026-01-18"))
        #expect(same.bills == 0 && same.total == .zero)
        #expect(try fixture.count("bills") == counts.bills && fixture.count("journal_entries") == counts.entries)

        // 600.00 paid on the 21st: 9–20 January (12 days) on 100000 = 1200000, 21–31 January (11 days) on
        // 40000 = 440000; 1640000 × 5 ÷ 10000 = 820 in all, of which 500 assessed: 320 more.
        _ = try fixture.admin.pay(Self.payment(ids.li, "600.00", on: "2026-01-21", key: "part", bills: [january.id]))
        let later = try fixture.admin.assessLateFees(asOf: F.date("2026-01-31"))
        #expect(later.bills == 1 && later.total.fen == 320)
        let fees = try Self.bills(fixture, ids.li, kind: .lateFee)
        #expect(fees.map(\.total.fen) == [500, 320])
        #expect(fees.allSatisfy { $0.originalBillID == january.id })
        // The late-fee bills themselves (due 18 and 31 January, unpaid) never draw late fees, and an
        // earlier date (25 January: 12 × 100000 + 5 × 40000 = 1400000 → 700 < 820) adds nothing.
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-01-25")).bills == 0)
        #expect(try Self.balances(fixture)["50401"] == -820)
    }

    @Test("late fees stop at the cap, a share of the principal")
    func lateFeeCap() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        // 50 bp a day, capped at 1000 bp = 10% of 100000 = 10000; no grace: first late day 2026-01-06.
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") {
            $0.lateFeeBasisPoints = 50; $0.lateFeeCapBasisPoints = 1000
        })
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        // 6–15 January: 10 × 100000 × 50 ÷ 10000 = 5000.
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-01-15")).total.fen == 5_000)
        // To 31 March it would be 85 days (26 + 28 + 31) × 500 = 42500: capped at 10000, so 5000 more.
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-03-31")).total.fen == 5_000)
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-06-30")).bills == 0)
        #expect(try Self.bills(fixture, ids.li, kind: .lateFee).map(\.total.fen) == [5_000, 5_000])
    }

    @Test("late fees never exceed the principal itself")
    func lateFeePrincipalBound() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        // 1000 bp (10%) a day with the largest cap, 10000 bp: the fee stops at the 100000 owed.
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") {
            $0.lateFeeBasisPoints = 1000; $0.lateFeeCapBasisPoints = 10_000
        })
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        // 6–10 January: 5 × 100000 × 1000 ÷ 10000 = 50000.
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-01-10")).total.fen == 50_000)
        // To 28 February: 54 days would be 540000; the fee is bounded by the principal, 100000: 50000 more.
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-02-28")).total.fen == 50_000)
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-12-31")).bills == 0)
    }

    @Test("a bill paid in full draws no late fee, and a lease without a rate none at all")
    func noLateFee() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") { $0.lateFeeBasisPoints = 5 })
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2026-01-01", "2026-12-31"))   // no rate
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        _ = try fixture.admin.pay(Self.payment(ids.li, "1000.00", on: "2026-01-05", key: "on-time"))
        #expect(try fixture.admin.assessLateFees(asOf: F.date("2026-03-31")).bills == 0)
        #expect(try fixture.count("bills") == 2)
    }

    // MARK: Cold-store usage

    @Test("usage is billed per kilogram-day, the day in and the day out counted, each in its month; a full room refuses more")
    func usageAcrossMonths() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()   // C1-01 holds 30000 kg
        let one = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 1_235, on: F.date("2026-01-25"))
        _ = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 20_000, on: F.date("2026-01-30"))
        let out = try fixture.admin.usageOut(id: one.id, on: F.date("2026-02-03"))
        #expect(out.outOn == F.date("2026-02-03"))

        // On 1 February the room holds 1235 + 20000 = 21235 kg (the first lot leaves on the 3rd): 9000 more
        // would be 30235 > 30000; 8765 more is exactly 30000.
        let full = Outcome.capture { _ = try fixture.admin.usageIn(merchantID: ids.li, roomCode: "C1-01", kilograms: 9_000, on: F.date("2026-02-01")) }
        #expect(full.outcome == .conflict && full.message.contains("21235"))
        _ = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 8_765, on: F.date("2026-02-01"))
        #expect(Outcome { _ = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 1, on: F.date("2026-02-02")) } == .conflict)
        // On 4 February the first lot is gone: 20000 + 8765 = 28765, room for 1235.
        _ = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 1_235, on: F.date("2026-02-04"))
        #expect(Outcome { _ = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "S-001", kilograms: 1, on: F.date("2026-02-04")) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C9-99", kilograms: 1, on: F.date("2026-02-04")) } == .notFound)
        #expect(Outcome { _ = try fixture.admin.usageOut(id: one.id, on: F.date("2026-02-05")) } == .conflict)

        // January, at the default 300 fen per tonne-day: 1235 kg × 7 days (25–31) = 8645 kg·days → 2593.5 → 2594;
        // 20000 kg × 2 days (30–31) = 40000 → 12000. One bill, issued on the 31st, due 10 days later.
        let january = try fixture.admin.runBilling(period: Self.period("2026-01"))
        #expect(january.usageBills == 1 && january.total.fen == 14_594)
        let usage = try Self.bill(fixture, ids.wang, "2026-01", .usage)
        #expect(Self.lines(usage) == ["cold_store_usage 2026-01 2594 50105", "cold_store_usage 2026-01 12000 50105"])
        #expect(usage.lines[0].description.contains("8645 kg·days"))
        #expect(usage.issuedOn == F.date("2026-01-31") && usage.dueOn == F.date("2026-02-10") && usage.leaseID == nil)

        // February: 1235 × 3 (1–3) = 3705 → 1111.5 → 1112; 20000 × 28 = 560000 → 168000;
        // 8765 × 28 = 245420 → 73626; 1235 × 25 (4–28) = 30875 → 9262.5 → 9263. Total 252001.
        let february = try fixture.admin.runBilling(period: Self.period("2026-02"))
        #expect(february.usageBills == 1 && february.total.fen == 252_001)
        #expect(try Self.bill(fixture, ids.wang, "2026-02", .usage).lines.map(\.amount.fen) == [1_112, 168_000, 73_626, 9_263])
        // Li stored nothing and has no bill; running a month again raises nothing.
        #expect(try Self.bills(fixture, ids.li).isEmpty)
        #expect(try fixture.admin.runBilling(period: Self.period("2026-02")).raised == 0)
        #expect(try fixture.admin.runBilling(period: Self.period("2026-01")).raised == 0)
        #expect(try Self.balances(fixture) == ["11201": 266_595, "50105": -266_595])   // 14594 + 252001
    }

    // MARK: Termination

    @Test("a termination mid-month credits what was billed beyond the last day, sets the deposit against what is owed and refunds the rest")
    func terminationMidMonth() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        // Quarterly from 2026-01-01: rent 3000.00, a fixed fee of 200.00, deposit 5000.00, due on the 5th.
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31", rent: "3000.00") {
            $0.cycle = .quarterly; $0.managementFee = .fixed(F.yuan("200.00")); $0.deposit = F.yuan("5000.00")
        })
        // January: the deposit 500000 and the first quarter 3 × (300000 + 20000) = 960000, paid in full.
        #expect(try fixture.admin.runBilling(period: Self.period("2026-01")).total.fen == 1_460_000)
        _ = try fixture.admin.pay(Self.payment(ids.li, "14600.00", on: "2026-01-03", key: "q1"))
        // April: the second quarter, 960000, unpaid.
        #expect(try fixture.admin.runBilling(period: Self.period("2026-04")).total.fen == 960_000)
        let april = try Self.bill(fixture, ids.li, "2026-04")

        let terminated = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-05-10"), reason: "商户转行").lease
        #expect(terminated.lastDay == F.date("2026-05-10"))
        // Kept of the second quarter: April 300000 + 20000; May 1–10 = 10 of 31 days: rent 300000 × 10 ÷ 31
        // = 96774.19 → 96774, fee 20000 × 10 ÷ 31 = 6451.61 → 6452; 423226 in all. Credited: 960000 − 423226 = 536774.
        let adjustments = try Self.bills(fixture, ids.li, kind: .adjustment)
        #expect(adjustments.count == 1)   // the first quarter was all inside the lease
        let credit = try #require(adjustments.first)
        #expect(credit.total.fen == -536_774 && credit.originalBillID == april.id && credit.issuedOn == F.date("2026-05-10"))
        #expect(credit.reason?.contains("2026-05-10") == true)
        // The credit goes onto April's bill (423226 left); the deposit of 500000 pays those 423226 and
        // 500000 − 423226 = 76774 is refunded in cash.
        let settled = try fixture.admin.bill(id: april.id)
        #expect(settled.status == .paid && settled.paid.fen == 960_000)
        #expect(try fixture.admin.bills(merchantID: ids.li, period: nil, status: .open).isEmpty)
        let settlement = try fixture.queue.read { try $0.depositSettlements(merchantID: ids.li) }
        #expect(settlement.map { "\($0.number) \($0.on) \($0.held.fen) \($0.applied.fen) \($0.refunded.fen)" }
                == ["TST-D2026-000001 2026-05-10 500000 423226 76774"])

        // The statement for May: opening 960000 (the April bill), the credit, the deposit, closing 0.
        let may = try fixture.admin.statement(merchantID: ids.li, from: F.date("2026-05-01"), to: F.date("2026-05-31"))
        #expect(may.opening.fen == 960_000)
        #expect(may.lines.map { "\($0.date) \($0.kind) \($0.charge.fen) \($0.credit.fen) \($0.balance.fen)" }
                == ["2026-05-10 adjustment 0 536774 423226", "2026-05-10 deposit 0 423226 0"])
        #expect(may.closing == .zero)
        #expect(may.arrears.map { $0.amount } == [.zero, .zero, .zero, .zero])
        // The whole year: deposit 500000 and quarter 960000 on 1 January, the payment, April's bill, then May.
        let year = try fixture.admin.statement(merchantID: ids.li, from: nil, to: F.date("2026-12-31"))
        #expect(year.lines.map { "\($0.kind) \($0.balance.fen)" }
                == ["bill 500000", "bill 1460000", "payment 0", "bill 960000", "adjustment 423226", "deposit 0"])

        // The books: cash 1460000 in, 76774 refunded = 1383226; nothing owed, held or in credit. The
        // credit goes back account by account: rent kept 300000 + 300000 × 10 ÷ 31 = 396774, so
        // 900000 − 396774 = 503226 off rent; fee kept 20000 + 20000 × 10 ÷ 31 = 26452 (6451.6 → 6452), so
        // 60000 − 26452 = 33548 off fees. Income: rent 1800000 − 503226 = 1296774, fees 120000 − 33548 =
        // 86452; together 1383226.
        let trial = try fixture.admin.trialBalance(asOf: nil)
        #expect(trial.totalDebit == trial.totalCredit)
        // Debits: receivable 2420000, cash 1460000, deposit released 500000, credit used 536774, rent and fees credited 536774.
        #expect(trial.totalDebit.fen == 5_453_548)
        #expect(try Self.balances(fixture) == ["101": 1_383_226, "50101": -1_296_774, "50104": -86_452])
        // Nothing is billed after the last day.
        #expect(try fixture.admin.runBilling(period: Self.period("2026-07")).raised == 0)
        #expect(try fixture.admin.runBilling(period: Self.period("2026-05")).raised == 0)
    }

    @Test("a termination with the deposit unpaid writes the deposit off and leaves the prorated month owed")
    func terminationDepositUnpaid() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") { $0.deposit = F.yuan("2000.00") })
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))   // deposit 200000, January 100000
        _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-01-20"), reason: "")
        // January 1–20 = 20 of 31 days: 100000 × 20 ÷ 31 = 64516.13 → 64516 kept; 35484 credited.
        let january = try Self.bill(fixture, ids.li, "2026-01")
        #expect(january.outstanding.fen == 64_516)
        #expect(try Self.bills(fixture, ids.li, kind: .adjustment).map(\.total.fen).sorted() == [-200_000, -35_484])
        #expect(try Self.bill(fixture, ids.li, "2026-01", .deposit).outstanding == .zero)
        #expect(try fixture.queue.read { try $0.depositSettlements(merchantID: ids.li) }.isEmpty)   // nothing was held
        // 300000 billed − 35484 − 200000 credited = 64516, 54 days overdue on 28 February (31–60).
        let statement = try fixture.admin.statement(merchantID: ids.li, from: nil, to: F.date("2026-02-28"))
        #expect(statement.closing.fen == 64_516)
        #expect(statement.arrears.map { "\($0.label) \($0.amount.fen)" } == ["0-30 0", "31-60 64516", "61-90 0", "over 90 0"])
        #expect(try Self.balances(fixture) == ["11201": 64_516, "50101": -64_516])
    }

    // MARK: Statements

    @Test("a statement has an opening balance, a running balance, a closing balance and arrears by age")
    func statementAndArrears() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        for month in ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"] { _ = try fixture.admin.runBilling(period: Self.period(month)) }
        _ = try fixture.admin.pay(Self.payment(ids.li, "300.00", on: "2026-05-08", key: "small"))   // to January, the oldest

        let statement = try fixture.admin.statement(merchantID: ids.li, from: F.date("2026-03-01"), to: F.date("2026-05-10"))
        #expect(statement.opening.fen == 200_000)   // January and February
        #expect(statement.lines.map { "\($0.date) \($0.kind) \($0.charge.fen) \($0.credit.fen) \($0.balance.fen)" } == [
            "2026-03-01 bill 100000 0 300000",
            "2026-04-01 bill 100000 0 400000",
            "2026-05-01 bill 100000 0 500000",
            "2026-05-08 payment 0 30000 470000",
        ])
        #expect(statement.closing.fen == 470_000)
        // Days past due on 10 May: May's bill (due 5 May) 5, April's 35, March's 66, February's 94 and
        // January's 125 (70000 left of it).
        #expect(statement.arrears.map { "\($0.label) \($0.amount.fen)" } == ["0-30 100000", "31-60 100000", "61-90 100000", "over 90 170000"])
        // Nothing after `to` is shown, and a statement cannot end before it starts.
        let april = try fixture.admin.statement(merchantID: ids.li, from: nil, to: F.date("2026-04-30"))
        #expect(april.closing.fen == 400_000 && april.opening == .zero && april.lines.count == 4)
        #expect(Outcome { _ = try fixture.admin.statement(merchantID: ids.li, from: F.date("2026-05-02"), to: F.date("2026-05-01")) } == .domain(field: "from"))
    }

    @Test("arrears buckets: 1–30 days, 31–60, 61–90 and over 90 past the due date", arguments: [
        // One bill of 100000 due 2026-01-05.
        ("2026-01-05", nil as Int?),   // due that day: not overdue
        ("2026-01-06", 0),             // 1 day
        ("2026-02-04", 0),             // 26 + 4 = 30 days
        ("2026-02-05", 1),             // 31 days
        ("2026-03-06", 1),             // 31 + 28 + 1 = 60 days
        ("2026-03-07", 2),             // 61 days
        ("2026-04-05", 2),             // 60 + 30 = 90 days
        ("2026-04-06", 3),             // 91 days
    ] as [(String, Int?)])
    func arrearsBuckets(to: String, bucket: Int?) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        let statement = try fixture.admin.statement(merchantID: ids.li, from: nil, to: F.date(to))
        var expected: [Int64] = [0, 0, 0, 0]
        if let bucket { expected[bucket] = 100_000 }
        #expect(statement.arrears.map { $0.amount.fen } == expected)
        #expect(statement.arrears.map { $0.label } == ["0-30", "31-60", "61-90", "over 90"])
        #expect(statement.closing.fen == 100_000)
    }

    @Test("arrears on a past date count what was owed then, not payments made after it")
    func arrearsAsOfPastDate() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-01"))
        _ = try fixture.admin.runBilling(period: Self.period("2026-02"))
        _ = try fixture.admin.pay(Self.payment(ids.li, "1000.00", on: "2026-03-20", key: "late"))   // pays January
        // On 10 March both bills were unpaid: January 64 days overdue, February 33; 200000 owed, as the
        // closing balance says.
        let statement = try fixture.admin.statement(merchantID: ids.li, from: nil, to: F.date("2026-03-10"))
        #expect(statement.closing.fen == 200_000)
        #expect(statement.arrears.map { "\($0.label) \($0.amount.fen)" } == ["0-30 0", "31-60 100000", "61-90 100000", "over 90 0"])
    }

    // MARK: The books and hledger

    /// A month of everything: two leases, usage, payments by three methods with credit, a
    /// reversal, a void, adjustments both ways, late fees and a termination.
    static func busyMarket(_ fixture: ServiceFixture) throws -> (li: Int64, wang: Int64) {
        let ids = try fixture.addSmallRegister()
        let li = try fixture.admin.createLease(Self.liMonthly(ids.li) { $0.lateFeeBasisPoints = 5; $0.graceDays = 2; $0.lateFeeCapBasisPoints = 2000 })
        _ = try fixture.admin.createLease(Self.wangQuarterly(ids.wang))
        let usage = try fixture.admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 1_235, on: F.date("2026-01-25"))
        _ = try fixture.admin.usageOut(id: usage.id, on: F.date("2026-02-03"))
        for month in ["2026-01", "2026-02", "2026-03"] { _ = try fixture.admin.runBilling(period: Self.period(month)) }
        _ = try fixture.admin.pay(Self.payment(ids.li, "7000.00", on: "2026-01-25", key: "b1"))
        let wechat = try fixture.admin.pay(Self.payment(ids.wang, "3000.00", on: "2026-02-16", key: "b2", method: .wechat))
        _ = try fixture.admin.pay(Self.payment(ids.wang, "100.00", on: "2026-02-20", key: "b3", method: .alipay))
        _ = try fixture.admin.reversePayment(id: wechat.payment.id, reason: "退回", on: F.date("2026-02-21"))
        _ = try fixture.admin.pay(Self.payment(ids.wang, "2700.00", on: "2026-02-22", key: "b4", method: .bank))
        _ = try fixture.admin.assessLateFees(asOf: F.date("2026-02-28"))
        let february = try Self.bill(fixture, ids.li, "2026-02")
        _ = try fixture.admin.adjustBill(id: february.id, amount: Money(fen: -12_345), reason: "停水", on: F.date("2026-02-25"))
        _ = try fixture.admin.adjustBill(id: february.id, amount: F.yuan("12.34"), reason: "补收", on: F.date("2026-02-26"))
        let march = try Self.bill(fixture, ids.li, "2026-03")
        _ = try fixture.admin.voidBill(id: march.id, reason: "重开", on: F.date("2026-03-02"))
        _ = try fixture.admin.assessLateFees(asOf: F.date("2026-03-15"))
        _ = try fixture.admin.terminateLease(id: li.id, endsOn: F.date("2026-03-20"), reason: "提前退租")
        return ids
    }

    @Test("after a month of everything the trial balance's debits equal its credits and nothing is left unbalanced")
    func trialBalanceBalances() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        _ = try Self.busyMarket(fixture)
        let trial = try fixture.admin.trialBalance(asOf: nil)
        #expect(trial.totalDebit == trial.totalCredit)
        #expect(trial.totalDebit.fen > 0)
        // The books balance on every day, not only at the end.
        var day = F.date("2026-01-01")
        while day <= F.date("2026-03-31") {
            let then = try fixture.admin.trialBalance(asOf: day)
            #expect(then.totalDebit == then.totalCredit, "on \(day)")
            day = day.adding(days: 1)
        }
        // Each merchant's receivable less credit is its statement's closing balance.
        for merchant in [Int64(1), 2] {
            let statement = try fixture.admin.statement(merchantID: merchant, from: nil, to: F.date("2026-12-31"))
            let owed = try fixture.queue.read { try $0.merchantBalance(accountCode: "11201", merchantID: merchant) + $0.merchantBalance(accountCode: "21102", merchantID: merchant) }
            #expect(statement.closing.fen == owed, "merchant \(merchant)")
        }
    }

    /// Runs the stock hledger with a UTF-8 locale (it reads the file in the locale's encoding).
    /// Without it the test is skipped, or fails under CI (`ExternalTool`'s rule).
    static func runHledger(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = try ExternalTool.hledger.require()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test("the hledger journal passes the stock hledger's check and its balances equal our trial balance")
    func hledgerAgrees() throws {
        _ = try ExternalTool.hledger.require()
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        _ = try Self.busyMarket(fixture)
        let file = fixture.folder.appendingPathComponent("books.journal")
        try fixture.admin.hledgerJournal(to: nil).write(to: file, atomically: true, encoding: .utf8)

        let check = try Self.runHledger(["-f", file.path, "check"])
        #expect(check.status == 0, "hledger check: \(check.error)")

        let balance = try Self.runHledger(["-f", file.path, "balance", "--flat", "-N"])
        #expect(balance.status == 0, "hledger balance: \(balance.error)")
        // Each line is "AMOUNT CNY  ACCOUNT"; an account is "CODE NAME:CODE NAME[:Mid NAME]". Sum the
        // merchants' sub-accounts into their account's code.
        var theirs: [String: Int64] = [:]
        for line in balance.output.split(separator: "\n") {
            guard let unit = line.range(of: " CNY") else { continue }
            let amountText = line[..<unit.lowerBound].trimmingCharacters(in: .whitespaces)
            let account = line[unit.upperBound...].trimmingCharacters(in: .whitespaces)
            let negative = amountText.hasPrefix("-")
            let digits = amountText.filter(\.isNumber)
            let fen = try #require(Int64(digits), "amount in \(line)")
            #expect(amountText.contains("."), "two decimals in \(line)")
            let code = try #require(account.split(separator: ":").last { $0.first?.isNumber == true }?.split(separator: " ").first, "code in \(line)")
            theirs[String(code), default: 0] += negative ? -fen : fen
        }
        let ours = try Self.balances(fixture)
        #expect(theirs.filter { $0.value != 0 } == ours, "hledger:\n\(balance.output)")
        #expect(ours.count >= 8)   // cash, three banks … a test over an empty book would prove nothing
        #expect(ours.values.reduce(0, +) == 0)
    }
}
