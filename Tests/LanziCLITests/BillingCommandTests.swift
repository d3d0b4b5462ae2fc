import Foundation
import Testing

// End-to-end tests of `lanzi bill …`, `usage …`, `pay`, `payment …` and `statement`, run
// through the built binary. Every fen value expected below is worked out by hand in a comment.

/// The market every billing test starts from, loaded with one `lanzi seed` (one process
/// instead of a dozen):
///
/// - merchant 1 李春华, merchant 2 王永富; shop S-001 (24.50 m²), shop S-002, stall T-001
///   (6.00 m²), cold room C1-01 (30000 kg) with no lease;
/// - lease 1: merchant 1, S-001, 2026-01-15…2026-12-31, rent 1200.00 a month, management fee
///   2.00 per m² (24.50 m² → 49.00 a month), deposit 2400.00, monthly, due day 5, grace 5
///   days, late fee 5 bp a day capped at 3000 bp;
/// - lease 2: merchant 2, T-001, 2026-01-01…2026-12-31, rent 300.00 a month, quarterly,
///   fixed fee 20.00 a month, no deposit, due day 10, no late fee.
///
/// What the billing run raises (worked out by hand):
///
/// - 2026-01: bill 1 = lease 1's deposit 240000, due on its first day 2026-01-15;
///   bill 2 = lease 1's January: the lease holds 17 of January's 31 days (15th…31st):
///   rent 120000 × 17 ÷ 31 = 65806.45 → 65806; fee 4900 × 17 ÷ 31 = 2687.10 → 2687;
///   total 68493, due max(2026-01-05, 2026-01-15) = 2026-01-15;
///   bill 3 = lease 2's first quarter, billed in advance: 3 × (30000 + 2000) = 96000, due
///   2026-01-10. Run total 240000 + 68493 + 96000 = 404493.
/// - 2026-02: bill 4 = lease 1's February, a full month: 120000 + 4900 = 124900, due
///   2026-02-05. Lease 2 starts no quarter in February.
/// - 2026-03: lease 1's March, 124900, due 2026-03-05 (plus cold-store usage, if any).
enum BillingFixture {
    static let seed = """
        {
          "format": "lanzi-seed-1",
          "market": {"code": "TST", "name": "测试市场", "operator": "测试公司", "collective": "测试村小组",
                     "household_min": 3, "household_max": 5},
          "units": [
            {"code": "S-001", "kind": "shop", "phase": 1, "area_m2": "24.50"},
            {"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "30.00"},
            {"code": "T-001", "kind": "stall", "phase": 1, "area_m2": "6.00"},
            {"code": "C1-01", "kind": "cold_room", "phase": 1, "area_m2": "60.00", "building": "1号冷库", "capacity_kg": 30000}
          ],
          "merchants": [
            {"key": "m1", "name": "李春华", "phone": "13800000000", "id_number": "532504198203170021"},
            {"key": "m2", "name": "王永富", "phone": "15069697585", "id_number": "532504198001010011"}
          ],
          "leases": [
            {"merchant": "m1", "units": ["S-001"], "start": "2026-01-15", "end": "2026-12-31", "rent": "1200.00",
             "fee_per_m2": "2.00", "deposit": "2400.00", "due_day": 5, "grace_days": 5, "late_fee_bp": 5, "late_fee_cap_bp": 3000},
            {"merchant": "m2", "units": ["T-001"], "start": "2026-01-01", "end": "2026-12-31", "rent": "300.00",
             "cycle": "quarterly", "fee_fixed": "20.00", "due_day": 10}
          ]
        }
        """

    /// A sandbox with the seed loaded and, optionally, the bills of `periods` raised.
    static func sandbox(billing periods: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try Sandbox()
        let file = try sandbox.write("billing-seed.json", seed)
        try sandbox.must("seed", file, sourceLocation: sourceLocation)
        for period in periods {
            try sandbox.must("bill", "run", "--period", period, sourceLocation: sourceLocation)
        }
        return sandbox
    }

    /// The standard state for refusals: January billed; merchant 1 paid 3000.00 by WeChat on
    /// 2026-02-01 under key k-1 (oldest first: bill 1 240000 in full, bill 2 60000 of 68493,
    /// 8493 still owed); merchant 2 has 20000 kg in C1-01 since 2026-03-10 (usage 1).
    static func refusalSandbox(sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try Self.sandbox(billing: ["2026-01"], sourceLocation: sourceLocation)
        try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01",
                         sourceLocation: sourceLocation)
        try sandbox.must("usage", "in", "--merchant", "2", "--room", "C1-01", "--kg", "20000", "--on", "2026-03-10",
                         sourceLocation: sourceLocation)
        return sandbox
    }
}

/// The ids of a list of JSON objects, in order.
fileprivate func billingIDs(_ objects: [[String: Any]]) -> [Int] { objects.compactMap { $0.int("id") } }

/// `(kind, amount_fen, description)` of each line of a bill.
fileprivate func billingLines(_ bill: [String: Any]) -> [BillLineValue] {
    (bill.objects("lines") ?? []).map { BillLineValue(kind: $0.string("kind") ?? "?", fen: $0.int("amount_fen") ?? -1, description: $0.string("description") ?? "?") }
}

fileprivate struct BillLineValue: Equatable, CustomStringConvertible {
    var kind: String
    var fen: Int
    var description: String
    init(kind: String, fen: Int, description: String) { self.kind = kind; self.fen = fen; self.description = description }
    init(_ kind: String, _ fen: Int, _ description: String) { self.init(kind: kind, fen: fen, description: description) }
}

/// `(bill_id, amount_fen)` of each allocation of a payment.
fileprivate func billingAllocations(_ payment: [String: Any]) -> [[Int]] {
    (payment.objects("allocations") ?? []).map { [$0.int("bill_id") ?? -1, $0.int("amount_fen") ?? -1] }
}

@Suite("bill run / list / show")
struct BillRunTests {
    @Test("bill run raises rent, fee and deposit bills by hand-computed amounts; a second run raises nothing")
    func runTwice() throws {
        let sandbox = try BillingFixture.sandbox()
        let text = try sandbox.must("bill", "run", "--period", "2026-01")
        // 3 bills: 404493 fen = ¥4,044.93 (see BillingFixture).
        #expect(text.stdout == "billed 2026-01: 3 bill(s) (2 regular, 1 deposit, 0 cold-store usage), total ¥4,044.93\n", "\(text)")
        #expect(text.stderr.isEmpty, "\(text)")

        let deposit = try sandbox.object("bill", "show", "1")
        #expect(deposit.int("id") == 1)
        #expect(deposit.string("number") == "TST-B2026-000001")
        #expect(deposit.string("kind") == "deposit")
        #expect(deposit.int("lease_id") == 1)
        #expect(deposit.int("merchant_id") == 1)
        #expect(deposit.string("period") == "2026-01")
        #expect(billingLines(deposit) == [BillLineValue("deposit", 240000, "deposit, lease 1 (S-001)")])
        #expect(deposit.int("total_fen") == 240000)
        #expect(deposit.int("paid_fen") == 0)
        #expect(deposit.string("due_on") == "2026-01-15", "a deposit is due on the lease's first day")
        #expect(deposit.string("status") == "open")

        let january = try sandbox.object("bill", "show", "2")
        #expect(january.string("kind") == "regular")
        #expect(january.int("lease_id") == 1)
        #expect(january.int("merchant_id") == 1)
        #expect(january.string("period") == "2026-01")
        // 120000 × 17 ÷ 31 = 65806.45 → 65806; 4900 × 17 ÷ 31 = 2687.10 → 2687.
        #expect(billingLines(january) == [
            BillLineValue("rent", 65806, "rent 2026-01 S-001, 17 of 31 days"),
            BillLineValue("management_fee", 2687, "management fee 2026-01 S-001, 17 of 31 days"),
        ])
        #expect(january.int("total_fen") == 65806 + 2687)
        #expect(january.int("paid_fen") == 0)
        // Due day 5, but the lease starts on the 15th: due then.
        #expect(january.string("due_on") == "2026-01-15")
        #expect(january.string("status") == "open")

        let quarter = try sandbox.object("bill", "show", "3")
        #expect(quarter.int("lease_id") == 2)
        #expect(quarter.int("merchant_id") == 2)
        // A quarter billed in advance: three months of 30000 rent and 2000 fee, one line each.
        #expect(billingLines(quarter).map(\.kind) == ["rent", "management_fee", "rent", "management_fee", "rent", "management_fee"])
        #expect(billingLines(quarter).map(\.fen) == [30000, 2000, 30000, 2000, 30000, 2000])
        #expect(billingLines(quarter).map(\.description).first == "rent 2026-01 T-001")
        #expect(billingLines(quarter).map(\.description).last == "management fee 2026-03 T-001")
        #expect(quarter.int("total_fen") == 96000)
        #expect(quarter.string("due_on") == "2026-01-10")

        // The second run of the same month raises nothing and writes nothing at all.
        let before = sandbox.dump()
        let again = try sandbox.object("bill", "run", "--period", "2026-01")
        #expect(again.string("period") == "2026-01")
        #expect(again.int("bills") == 0)
        #expect(again.int("regular") == 0)
        #expect(again.int("deposit") == 0)
        #expect(again.int("usage") == 0)
        #expect(again.int("total_fen") == 0)
        #expect(again.int("already_billed") == 2, "both leases start a cycle in January and were billed")
        #expect(sandbox.dump() == before, "a second run changed the database")
        let againText = try sandbox.must("bill", "run", "--period", "2026-01")
        #expect(againText.stdout == "billed 2026-01: 0 bill(s) (0 regular, 0 deposit, 0 cold-store usage), total ¥0.00; 2 lease(s) already billed\n",
                "\(againText)")
        #expect(try sandbox.array("bill", "list").count == 3)

        // February: only lease 1 (lease 2's next quarter starts in April): 120000 + 4900 = 124900.
        let february = try sandbox.object("bill", "run", "--period", "2026-02")
        #expect(february.int("bills") == 1)
        #expect(february.int("regular") == 1)
        #expect(february.int("deposit") == 0, "the deposit is billed in the lease's first month only")
        #expect(february.int("total_fen") == 124900)
        #expect(february.int("already_billed") == 0)
        let bill4 = try sandbox.object("bill", "show", "4")
        #expect(bill4.string("number") == "TST-B2026-000004")
        #expect(billingLines(bill4) == [BillLineValue("rent", 120000, "rent 2026-02 S-001"),
                                        BillLineValue("management_fee", 4900, "management fee 2026-02 S-001")])
        #expect(bill4.string("due_on") == "2026-02-05")
        #expect(try sandbox.object("bill", "run", "--period", "2026-02").int("already_billed") == 1)
    }

    @Test("bill show in text: header, lines, total in figures and in capital numerals")
    func showText() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        let text = try sandbox.must("bill", "show", "2")
        #expect(text.stdout.hasPrefix("bill 2 TST-B2026-000002: regular, merchant 1 李春华, lease 1\n"), "\(text)")
        #expect(text.stdout.contains("period 2026-01 · issued 2026-01-01 · due 2026-01-15 · open"), "\(text)")
        #expect(text.stdout.contains("rent 2026-01 S-001, 17 of 31 days"), "\(text)")
        #expect(text.stdout.contains("658.06"), "\(text)")
        #expect(text.stdout.contains("26.87"), "\(text)")
        // 68493 fen = ¥684.93 = 陆佰捌拾肆元玖角叁分.
        #expect(text.stdout.contains("total ¥684.93 (陆佰捌拾肆元玖角叁分) · paid ¥0.00 · outstanding ¥684.93"), "\(text)")
        sandbox.expectRefusal(["bill", "show", "99"], naming: "no bill 99")
    }

    @Test("bill list with each filter: --merchant, --period, --status (open, partly_paid, paid, void) and together")
    func listFilters() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01", "2026-02"])
        // Merchant 2 pays bill 3 (96000) in full; merchant 1 pays 1000.00 oldest first: bill 1
        // (due 2026-01-15, the lowest number) gets 100000 of 240000 → partly paid; bill 4 is voided.
        try sandbox.must("pay", "--merchant", "2", "--amount", "960", "--method", "cash", "--key", "m2-q1", "--on", "2026-01-08")
        let partial = try sandbox.object("pay", "--merchant", "1", "--amount", "1000", "--method", "alipay", "--key", "m1-a", "--on", "2026-01-20")
        #expect(billingAllocations(partial) == [[1, 100000]])
        try sandbox.must("bill", "void", "4", "--reason", "录入错误", "--on", "2026-02-02")

        #expect(Set(billingIDs(try sandbox.array("bill", "list"))) == [1, 2, 3, 4])
        #expect(Set(billingIDs(try sandbox.array("bill", "list", "--merchant", "1"))) == [1, 2, 4])
        #expect(billingIDs(try sandbox.array("bill", "list", "--merchant", "2")) == [3])
        #expect(Set(billingIDs(try sandbox.array("bill", "list", "--period", "2026-01"))) == [1, 2, 3])
        #expect(billingIDs(try sandbox.array("bill", "list", "--period", "2026-02")) == [4])
        #expect(try sandbox.array("bill", "list", "--period", "2026-03").isEmpty)
        #expect(billingIDs(try sandbox.array("bill", "list", "--status", "open")) == [2])
        #expect(billingIDs(try sandbox.array("bill", "list", "--status", "partly_paid")) == [1])
        #expect(billingIDs(try sandbox.array("bill", "list", "--status", "paid")) == [3])
        #expect(billingIDs(try sandbox.array("bill", "list", "--status", "void")) == [4])
        #expect(billingIDs(try sandbox.array("bill", "list", "--merchant", "1", "--period", "2026-01", "--status", "partly_paid")) == [1])
        #expect(try sandbox.array("bill", "list", "--merchant", "2", "--status", "open").isEmpty)

        let partly = try #require(try sandbox.array("bill", "list", "--status", "partly_paid").first)
        #expect(partly.int("paid_fen") == 100000)
        #expect(partly.int("outstanding_fen") == 140000)

        // Text: total 240000 + 68493 + 96000 + 124900 = 529393; outstanding 140000 + 68493 + 0 + 0 (void) = 208493.
        let text = try sandbox.must("bill", "list")
        #expect(text.stdout.hasSuffix("4 bill(s), total 5,293.93, outstanding 2,084.93 on the bills issued by 2030-06-30\n"), "\(text)")
        #expect(text.stdout.contains("TST-B2026-000004"), "\(text)")
        #expect(try sandbox.must("bill", "list", "--period", "2026-03").stdout == "no bills\n")

        sandbox.expectRefusal(["bill", "list", "--status", "late"], naming: "--status")
        sandbox.expectRefusal(["bill", "list", "--period", "2026-13"], naming: "--period")
        sandbox.expectRefusal(["bill", "list", "--merchant", "99"], naming: "--merchant")
    }
}

@Suite("bill void / adjust")
struct BillCorrectionTests {
    @Test("bill void voids an unpaid bill and reverses its posting; a bill with a payment on it is refused, nothing changed")
    func void() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        let text = try sandbox.must("bill", "void", "2", "--reason", "租期录错", "--on", "2026-01-05")
        #expect(text.stdout == "voided bill TST-B2026-000002\n", "\(text)")
        let voided = try sandbox.object("bill", "show", "2")
        #expect(voided.string("status") == "void")
        #expect(voided.string("voided_on") == "2026-01-05")
        #expect(voided.int("total_fen") == 68493, "a void bill keeps its lines and total")
        #expect(voided.int("outstanding_fen") == 0)
        sandbox.expectRefusal(["bill", "void", "2", "--reason", "again", "--on", "2026-01-06"], naming: "TST-B2026-000002", ["already voided"])

        // 100.00 paid on bill 1: voiding it is refused.
        try sandbox.must("pay", "--merchant", "1", "--amount", "100", "--method", "cash", "--key", "cash-1", "--bills", "1", "--on", "2026-01-10")
        let refused = sandbox.expectRefusal(["bill", "void", "1", "--reason", "x", "--on", "2026-01-11"], naming: "TST-B2026-000001", ["100.00", "paid"])
        #expect(refused.stderr.contains("adjustment"), "the refusal says what to do instead: \(refused.stderr)")
        #expect(try sandbox.object("bill", "show", "1").string("status") == "partly_paid")

        // The books: receivable debited 404493 at the run, credited 68493 by the void and 10000
        // by the payment: 404493 − 68493 − 10000 = 326000. Rent income: 65806 credited, then
        // debited back by the void: balance 0.
        let balance = try sandbox.object("books", "trial-balance")
        let accounts = Dictionary(uniqueKeysWithValues: (balance.objects("accounts") ?? []).map { ($0.string("code") ?? "", $0) })
        #expect(accounts["11201"]?.int("balance_fen") == 326000)
        #expect(accounts["50101"]?.int("debit_fen") == 65806)
        #expect(accounts["50101"]?.int("balance_fen") == 0)
        #expect(balance.int("total_debit_fen") == balance.int("total_credit_fen"))
    }

    @Test("a payment reversed leaves the bill with nothing paid, and then it may be voided")
    func voidAfterReversal() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        try sandbox.must("pay", "--merchant", "2", "--amount", "960", "--method", "bank", "--key", "b-1", "--on", "2026-01-08")
        sandbox.expectRefusal(["bill", "void", "3", "--reason", "x", "--on", "2026-01-09"], naming: "TST-B2026-000003", ["960.00"])
        try sandbox.must("payment", "reverse", "1", "--reason", "退票", "--on", "2026-01-09")
        #expect(try sandbox.object("bill", "show", "3").string("status") == "open")
        let voided = try sandbox.object("bill", "void", "3", "--reason", "重开", "--on", "2026-01-10")
        #expect(voided.string("status") == "void")
    }

    @Test("bill adjust: a negative amount is a credit applied to the bill, a positive one a further charge; zero and a credit beyond the bill are refused")
    func adjust() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        // A credit of 100.00 on bill 2 (68493): an adjustment bill of −10000 that names bill 2,
        // posted to the account of bill 2's largest line (rent, 50101), and applied to bill 2 at once.
        let credit = try sandbox.object("bill", "adjust", "2", "--amount", "-100", "--reason", "漏水减免", "--on", "2026-01-20")
        #expect(credit.int("id") == 4)
        #expect(credit.string("number") == "TST-B2026-000004")
        #expect(credit.string("kind") == "adjustment")
        #expect(credit.int("original_bill_id") == 2)
        #expect(credit.string("reason") == "漏水减免")
        #expect(credit.int("merchant_id") == 1)
        #expect(credit.int("lease_id") == 1)
        #expect(credit.int("total_fen") == -10000)
        #expect(billingLines(credit).map(\.kind) == ["adjustment"])
        #expect(billingLines(credit).map(\.fen) == [-10000])
        #expect(credit.objects("lines")?.first?.string("account") == "50101")
        let bill2 = try sandbox.object("bill", "show", "2")
        #expect(bill2.int("paid_fen") == 10000)
        #expect(bill2.int("outstanding_fen") == 58493)   // 68493 − 10000
        #expect(bill2.string("status") == "partly_paid")

        // A further charge of 50.50: a bill of 5050, open, due the day it is raised.
        let charge = try sandbox.must("bill", "adjust", "2", "--amount", "50.50", "--reason", "补收电费", "--on", "2026-01-21")
        #expect(charge.stdout == "raised adjustment TST-B2026-000005 of ¥50.50\n", "\(charge)")
        let bill5 = try sandbox.object("bill", "show", "5")
        #expect(bill5.int("total_fen") == 5050)
        #expect(bill5.int("original_bill_id") == 2)
        #expect(bill5.string("status") == "open")
        #expect(bill5.string("due_on") == "2026-01-21")

        sandbox.expectRefusal(["bill", "adjust", "2", "--amount", "0", "--reason", "x", "--on", "2026-01-22"], naming: "--amount", ["must not be 0"])
        sandbox.expectRefusal(["bill", "adjust", "2", "--amount", "-0.00", "--reason", "x", "--on", "2026-01-22"], naming: "--amount")
        // Credits so far 10000 of 68493: a further 58494 would take the bill below zero (68494 > 68493)…
        sandbox.expectRefusal(["bill", "adjust", "2", "--amount", "-584.94", "--reason", "x", "--on", "2026-01-22"], naming: "--amount", ["below zero"])
        // …58493 takes it exactly to zero: bill 2 is then paid by credit.
        let rest = try sandbox.object("bill", "adjust", "2", "--amount", "-584.93", "--reason", "全免", "--on", "2026-01-22")
        #expect(rest.int("total_fen") == -58493)
        let paid = try sandbox.object("bill", "show", "2")
        #expect(paid.int("paid_fen") == 68493)
        #expect(paid.string("status") == "paid")
        sandbox.expectRefusal(["bill", "adjust", "2", "--amount", "-0.01", "--reason", "x", "--on", "2026-01-22"], naming: "--amount")
        sandbox.expectRefusal(["bill", "adjust", "2", "--amount", "12.345", "--reason", "x"], naming: "--amount")
        sandbox.expectRefusal(["bill", "adjust", "2", "--amount", "5", "--reason", " "], naming: "--reason")
        sandbox.expectRefusal(["bill", "adjust", "99", "--amount", "5", "--reason", "x"], naming: "no bill 99")

        // A void bill cannot be adjusted.
        try sandbox.must("bill", "void", "3", "--reason", "x", "--on", "2026-01-05")
        sandbox.expectRefusal(["bill", "adjust", "3", "--amount", "-10", "--reason", "x", "--on", "2026-01-22"], naming: "TST-B2026-000003", ["void"])

        // The books still balance; the credit account is back at zero (credits 68493 raised, all applied).
        let balance = try sandbox.object("books", "trial-balance")
        #expect(balance.int("total_debit_fen") == balance.int("total_credit_fen"))
        let credits = (balance.objects("accounts") ?? []).first { $0.string("code") == "21102" }
        #expect(credits?.int("credit_fen") == 10000 + 58493)
        #expect(credits?.int("balance_fen") == 0)
    }
}

@Suite("bill assess-late-fees")
struct LateFeeCommandTests {
    @Test("late fees per day on the unpaid principal from due date + grace; the same day twice adds nothing; a later day adds the difference; the cap holds")
    func lateFees() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        // 400.00 paid on bill 2 on 2026-01-26: 68493 − 40000 = 28493 unpaid from then on.
        try sandbox.must("pay", "--merchant", "1", "--amount", "400", "--method", "cash", "--key", "c-1", "--bills", "2", "--on", "2026-01-26")

        // Bills 1 and 2 fall due 2026-01-15, grace 5 days: fees accrue from 2026-01-21.
        // To 2026-01-31, 5 bp a day:
        //  bill 1 (deposit 240000, unpaid): 11 days → 240000 × 11 × 5 ÷ 10000 = 1320;
        //  bill 2: 68493 × 5 days (21st…25th) + 28493 × 6 days (26th…31st) = 342465 + 170958
        //          = 513423 → × 5 ÷ 10000 = 256.7115 → 257;
        //  bill 3: lease 2 charges no late fee.
        let text = try sandbox.must("bill", "assess-late-fees", "--as-of", "2026-01-31")
        #expect(text.stdout == "late fees to 2026-01-31: 2 bill(s), total ¥15.77\n", "\(text)")   // 1320 + 257 = 1577
        let fees = try sandbox.array("bill", "list", "--period", "2026-01").filter { $0.string("kind") == "late_fee" }
        #expect(fees.count == 2)
        let onBill2 = try #require(fees.first { $0.int("original_bill_id") == 2 })
        #expect(onBill2.int("total_fen") == 257)
        #expect(onBill2.int("merchant_id") == 1)
        #expect(onBill2.int("lease_id") == 1)
        #expect(onBill2.string("due_on") == "2026-01-31")
        #expect(billingLines(onBill2) == [BillLineValue("late_fee", 257, "late fee on TST-B2026-000002 to 2026-01-31")])
        #expect(onBill2.objects("lines")?.first?.string("account") == "50401")
        #expect(fees.first { $0.int("original_bill_id") == 1 }?.int("total_fen") == 1320)

        // The same day again adds nothing and writes nothing.
        let before = sandbox.dump()
        let again = try sandbox.object("bill", "assess-late-fees", "--as-of", "2026-01-31")
        #expect(again.string("as_of") == "2026-01-31")
        #expect(again.int("bills") == 0)
        #expect(again.int("total_fen") == 0)
        #expect(sandbox.dump() == before)

        // To 2026-02-10 (21 days from 2026-01-21):
        //  bill 1: 240000 × 21 × 5 ÷ 10000 = 2520, less 1320 assessed = 1200;
        //  bill 2: 342465 + 28493 × 16 days (2026-01-26…2026-02-10) = 342465 + 455888 = 798353
        //          → × 5 ÷ 10000 = 399.1765 → 399, less 257 = 142.
        let later = try sandbox.object("bill", "assess-late-fees", "--as-of", "2026-02-10")
        #expect(later.int("bills") == 2)
        #expect(later.int("total_fen") == 1200 + 142)

        // To 2027-12-31: 2026-01-21…2026-12-31 is 11 + 334 = 345 days, plus 365 in 2027 = 710.
        //  bill 1: 240000 × 710 × 5 ÷ 10000 = 85200, above the cap 240000 × 3000 ÷ 10000 = 72000:
        //          72000, less 2520 assessed = 69480;
        //  bill 2: 342465 + 28493 × 705 = 342465 + 20087565 = 20430030 → × 5 ÷ 10000 = 10215.015
        //          → 10215 (under its cap 68493 × 0.3 = 20547.9 → 20548), less 399 = 9816.
        let capped = try sandbox.object("bill", "assess-late-fees", "--as-of", "2027-12-31")
        #expect(capped.int("bills") == 2)
        #expect(capped.int("total_fen") == 69480 + 9816)
        let all = try sandbox.array("bill", "list").filter { $0.string("kind") == "late_fee" }
        #expect(all.filter { $0.int("original_bill_id") == 1 }.reduce(0) { $0 + ($1.int("total_fen") ?? 0) } == 72000, "the cap is 3000 bp of 240000")
        #expect(all.filter { $0.int("original_bill_id") == 2 }.reduce(0) { $0 + ($1.int("total_fen") ?? 0) } == 10215)
        // Capped: a later day adds nothing more on bill 1.
        let afterCap = try sandbox.object("bill", "assess-late-fees", "--as-of", "2028-01-01")
        // bill 2 only: 342465 + 28493 × 706 = 20458523 → × 5 ÷ 10000 = 10229.2615 → 10229, less 10215 = 14.
        #expect(afterCap.int("bills") == 1)
        #expect(afterCap.int("total_fen") == 14)

        sandbox.expectRefusal(["bill", "assess-late-fees", "--as-of", "2026-02-30"], naming: "--as-of")
        let balance = try sandbox.object("books", "trial-balance")
        #expect(balance.int("total_debit_fen") == balance.int("total_credit_fen"))
        // Late-fee income: 1577 + 1342 + 79296 + 14 = 82229.
        #expect((balance.objects("accounts") ?? []).first { $0.string("code") == "50401" }?.int("credit_fen") == 82229)
    }
}

extension LateFeeCommandTests {
    @Test("a bill paid late, in full, before the assessment still owes the late fee accrued while it was overdue")
    func paidLateInFull() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        // The deposit (bill 1, 240000, due 2026-01-15, first late day 2026-01-21) is paid in full
        // on 2026-01-26: it was overdue and unpaid 21st…25th, 5 days: 240000 × 5 × 5 ÷ 10000 = 600.
        // Bill 2 (68493, same dates) is unpaid all 11 days to the 31st: 68493 × 11 × 5 ÷ 10000
        // = 376.7115 → 377. README: "Late fees accrue per day … on the principal still unpaid that day".
        try sandbox.must("pay", "--merchant", "1", "--amount", "2400", "--method", "cash", "--key", "dep", "--bills", "1", "--on", "2026-01-26")
        let report = try sandbox.object("bill", "assess-late-fees", "--as-of", "2026-01-31")
        #expect(report.int("bills") == 2, "bill 1 was 5 days overdue before it was paid: \(report)")
        #expect(report.int("total_fen") == 600 + 377, "\(report)")
        let fees = try sandbox.array("bill", "list").filter { $0.string("kind") == "late_fee" }
        #expect(fees.first { $0.int("original_bill_id") == 1 }?.int("total_fen") == 600, "\(fees)")
        #expect(fees.first { $0.int("original_bill_id") == 2 }?.int("total_fen") == 377, "\(fees)")
    }
}

@Suite("usage in / out / list and the cold-store usage bill")
struct ColdStoreUsageCommandTests {
    @Test("goods in and out of a cold room; capacity and the kind of unit are enforced; the month's usage bill by kilogram-days")
    func usage() throws {
        let sandbox = try BillingFixture.sandbox()
        let first = try sandbox.must("usage", "in", "--merchant", "2", "--room", "C1-01", "--kg", "20000", "--on", "2026-03-10")
        #expect(first.stdout == "usage 1: 20000 kg into C1-01 on 2026-03-10\n", "\(first)")
        // 20000 + 10001 = 30001 kg > the room's 30000 kg.
        sandbox.expectRefusal(["usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "10001", "--on", "2026-03-20"], naming: "--kg",
                              ["20000", "30000"])
        // 20000 + 10000 = 30000 kg fits exactly.
        let second = try sandbox.object("usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "10000", "--on", "2026-03-20")
        #expect(second.int("id") == 2)
        #expect(second.int("merchant_id") == 1)
        #expect(second.string("room") == "C1-01")
        #expect(second.int("kg") == 10000)
        #expect(second.string("in_on") == "2026-03-20")
        #expect(second.isNull("out_on"))
        sandbox.expectRefusal(["usage", "in", "--merchant", "1", "--room", "S-001", "--kg", "5", "--on", "2026-03-20"], naming: "--room", ["not a cold room"])
        sandbox.expectRefusal(["usage", "in", "--merchant", "1", "--room", "Z-999", "--kg", "5", "--on", "2026-03-20"], naming: "--room")
        sandbox.expectRefusal(["usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "0", "--on", "2026-03-20"], naming: "--kg")
        sandbox.expectRefusal(["usage", "in", "--merchant", "9", "--room", "C1-01", "--kg", "5", "--on", "2026-03-20"], naming: "--merchant")

        sandbox.expectRefusal(["usage", "out", "1", "--on", "2026-03-09"], naming: "--on")
        let out = try sandbox.must("usage", "out", "1", "--on", "2026-03-25")
        #expect(out.stdout == "usage 1: out of C1-01 on 2026-03-25\n", "\(out)")
        sandbox.expectRefusal(["usage", "out", "1", "--on", "2026-03-26"], naming: "usage 1", ["already taken out"])
        sandbox.expectRefusal(["usage", "out", "99", "--on", "2026-03-26"], naming: "no usage record 99")

        let records = try sandbox.array("usage", "list")
        #expect(billingIDs(records) == [1, 2])
        #expect(records.first?.string("out_on") == "2026-03-25")
        #expect(records.first?.int("merchant_id") == 2)
        #expect(records.last?.isNull("out_on") == true)
        let listed = try sandbox.must("usage", "list")
        #expect(listed.stdout.contains("still in"), "\(listed)")
        #expect(listed.stdout.contains("2026-03-25"), "\(listed)")

        // March, at the default 300 fen per tonne per day, the day in and the day out both counted:
        //  merchant 1: 10000 kg × 12 days (20th…31st) = 120000 kg·days × 300 ÷ 1000 = 36000;
        //  merchant 2: 20000 kg × 16 days (10th…25th) = 320000 kg·days × 300 ÷ 1000 = 96000;
        //  and lease 1's March bill 124900 (lease 2 starts no quarter in March).
        let run = try sandbox.object("bill", "run", "--period", "2026-03")
        #expect(run.int("bills") == 3)
        #expect(run.int("regular") == 1)
        #expect(run.int("usage") == 2)
        #expect(run.int("deposit") == 0, "lease 1's deposit belongs to its first month, not billed here")
        #expect(run.int("total_fen") == 124900 + 36000 + 96000)
        let usageBills = try sandbox.array("bill", "list", "--period", "2026-03").filter { $0.string("kind") == "usage" }
        let ofMerchant2 = try #require(usageBills.first { $0.int("merchant_id") == 2 })
        #expect(ofMerchant2.isNull("lease_id"))
        #expect(ofMerchant2.int("total_fen") == 96000)
        #expect(billingLines(ofMerchant2) == [BillLineValue("cold_store_usage", 96000, "cold store C1-01 usage 1: 320000 kg·days at 3.00 per tonne-day")])
        #expect(ofMerchant2.objects("lines")?.first?.string("account") == "50105")
        #expect(ofMerchant2.string("due_on") == "2026-04-10")
        #expect(usageBills.first { $0.int("merchant_id") == 1 }?.int("total_fen") == 36000)

        // A second run raises no usage bill again.
        let again = try sandbox.object("bill", "run", "--period", "2026-03")
        #expect(again.int("bills") == 0)
        #expect(again.int("usage") == 0)

        // April: merchant 1's goods are still in all 30 days: 10000 × 30 × 300 ÷ 1000 = 90000;
        // merchant 2's went out in March; plus lease 1's April 124900 and lease 2's second
        // quarter 96000: 90000 + 124900 + 96000 = 310900.
        let april = try sandbox.object("bill", "run", "--period", "2026-04")
        #expect(april.int("usage") == 1)
        #expect(april.int("regular") == 2)
        #expect(april.int("total_fen") == 310900)
    }
}

@Suite("pay")
struct PayCommandTests {
    @Test("a payment pays the oldest bills first, or the bills named; the rest is credit applied to the next bills at once")
    func pay() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01", "2026-02"])
        // Merchant 1 owes bill 1 240000 (due 01-15, number 1), bill 2 68493 (due 01-15,
        // number 2), bill 4 124900 (due 02-05). 3000.00 oldest first: bill 1 240000, bill 2 60000.
        let text = try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")
        // Bill 1 in full; bill 2 in part, 8493 left; with bill 4 (124900) 133393 owed in all.
        #expect(text.stdout == """
            recorded payment 1 TST-P2026-000001: ¥3,000.00 by wechat on 2026-02-01 from 李春华 (merchant 1)
              paid in full: bill 1 TST-B2026-000001, ¥2,400.00
              paid in part: bill 2 TST-B2026-000002, ¥600.00; ¥84.93 still owing on it
              李春华 still owes ¥1,333.93 on the bills issued so far

            """, "\(text)")
        let shown = try sandbox.object("payment", "show", "1")
        #expect(shown.int("id") == 1)
        #expect(shown.int("amount_fen") == 300000)
        #expect(billingAllocations(shown) == [[1, 240000], [2, 60000]])
        #expect(shown.int("credit_fen") == 0)
        #expect(try sandbox.object("bill", "show", "1").string("status") == "paid")
        #expect(try sandbox.object("bill", "show", "2").int("paid_fen") == 60000)
        #expect(try sandbox.object("bill", "show", "4").string("status") == "open", "the newest bill is paid last")

        // The same key and details again: the first payment, "repeat": true, nothing written.
        let before = sandbox.dump()
        let repeated = try sandbox.object("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")
        #expect(repeated.bool("repeat") == true)
        #expect(repeated.int("id") == 1)
        #expect(billingAllocations(repeated) == [[1, 240000], [2, 60000]])
        #expect(sandbox.dump() == before, "a repeated key wrote something")
        let repeatedText = try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")
        #expect(repeatedText.stdout.hasPrefix("already recorded under this key: payment 1 TST-P2026-000001"), "\(repeatedText)")
        #expect(try sandbox.array("payment", "list").count == 1)

        // The same key with other details is refused, naming --key.
        sandbox.expectRefusal(["pay", "--merchant", "1", "--amount", "3001", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01"],
                              naming: "--key", ["TST-P2026-000001"])
        sandbox.expectRefusal(["pay", "--merchant", "1", "--amount", "3000", "--method", "cash", "--key", "k-1", "--on", "2026-02-01"], naming: "--key")
        sandbox.expectRefusal(["pay", "--merchant", "2", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01"], naming: "--key")

        // --bills names the order: bill 4 first (124900), then bill 2's remaining 8493: 133393
        // of 140000; 140000 − 133393 = 6607 is credit.
        let named = try sandbox.object("pay", "--merchant", "1", "--amount", "1400.00", "--method", "bank", "--key", "k-2", "--bills", "4,2",
                                       "--on", "2026-02-06", "--reference", "转账0042")
        #expect(named.bool("repeat") == false)
        #expect(named.int("id") == 2)
        #expect(named.string("number") == "TST-P2026-000002")
        #expect(named.int("merchant_id") == 1)
        #expect(named.string("method") == "bank")
        #expect(named.string("paid_on") == "2026-02-06")
        #expect(named.string("reference") == "转账0042")
        #expect(named.string("key") == "k-2")
        #expect(named.int("amount_fen") == 140000)
        #expect(billingAllocations(named) == [[4, 124900], [2, 8493]])
        #expect(named.int("credit_fen") == 6607)
        #expect(try sandbox.array("bill", "list", "--merchant", "1", "--status", "paid").count == 3)

        // The March run raises bill 5 (124900) and applies the 6607 of credit to it at once.
        try sandbox.must("bill", "run", "--period", "2026-03")
        let march = try sandbox.object("bill", "show", "5")
        #expect(march.int("total_fen") == 124900)
        #expect(march.int("paid_fen") == 6607)
        #expect(march.string("status") == "partly_paid")
        let accounts = try sandbox.object("books", "trial-balance").objects("accounts") ?? []
        #expect(accounts.first { $0.string("code") == "21102" }?.int("balance_fen") == 0, "the credit was used up")
        // Bank transfers: 140000 in.
        #expect(accounts.first { $0.string("code") == "10203" }?.int("balance_fen") == 140000)
    }

    static let refusals: [BillingRefusal] = [
        BillingRefusal(["pay", "--merchant", "1", "--amount", "0", "--method", "cash", "--key", "z"], "--amount"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "1.234", "--method", "cash", "--key", "z"], "--amount"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "-5", "--method", "cash", "--key", "z"], "--amount"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "paypal", "--key", "z"], "--method"),
        BillingRefusal(["pay", "--merchant", "99", "--amount", "10", "--method", "cash", "--key", "z"], "--merchant", ["no merchant 99"]),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "z", "--bills", "99"], "--bills", ["no bill 99"]),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "z", "--bills", "3"], "--bills", ["TST-B2026-000003"]),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "z", "--bills", "1"], "--bills", ["paid"]),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "z", "--bills", "2,2"], "--bills"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "z", "--bills", "x"], "--bills"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "a b"], "--key"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "z", "--on", "2026-02-29"], "--on"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-02"], "--key"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01", "--bills", "2"], "--key"),
    ]

    @Test("pay refusals: exit 1, the field named, nothing changed", arguments: refusals)
    func refused(_ refusal: BillingRefusal) throws {
        let sandbox = try BillingFixture.refusalSandbox()
        sandbox.expectRefusal(refusal.arguments, naming: refusal.field, refusal.more)
    }
}

/// A command a rule refuses, the field the message must name, and more text it must hold.
struct BillingRefusal: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let field: String
    let more: [String]
    init(_ arguments: [String], _ field: String, _ more: [String] = []) {
        self.arguments = arguments
        self.field = field
        self.more = more
    }
    var testDescription: String { arguments.joined(separator: " ") }
}

@Suite("payment list / show / reverse")
struct PaymentCommandTests {
    @Test("payment reverse undoes a payment by a reversal record: its bills reopen, the credit it gave is taken back; twice is refused")
    func reverse() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01", "2026-02"])
        // As in PayCommandTests: payment 1 (3000.00) pays bill 1 and 60000 of bill 2; payment 2
        // (1400.00, bank) pays bill 4 124900 and bill 2 8493, leaving 6607 credit, which the
        // March run applies to bill 5.
        try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")
        try sandbox.must("pay", "--merchant", "1", "--amount", "1400", "--method", "bank", "--key", "k-2", "--bills", "4,2", "--on", "2026-02-06")
        try sandbox.must("bill", "run", "--period", "2026-03")
        #expect(try sandbox.object("bill", "show", "5").int("paid_fen") == 6607)

        let text = try sandbox.must("payment", "list")
        #expect(text.stdout.contains("TST-P2026-000001"), "\(text)")
        #expect(text.stdout.hasSuffix("2 payment(s)\n"), "\(text)")
        #expect(billingIDs(try sandbox.array("payment", "list", "--merchant", "1")) == [1, 2])
        #expect(try sandbox.array("payment", "list", "--merchant", "2").isEmpty)
        #expect(try sandbox.must("payment", "list", "--merchant", "2").stdout == "no payments\n")
        sandbox.expectRefusal(["payment", "list", "--merchant", "99"], naming: "--merchant")

        let shown = try sandbox.must("payment", "show", "1")
        #expect(shown.stdout.hasPrefix("payment 1 TST-P2026-000001: ¥3,000.00 by wechat on 2026-02-01 from 李春华 (merchant 1), 2 bill(s) paid\n"), "\(shown)")
        #expect(shown.stdout.contains("amount in words: 叁仟元整"), "\(shown)")
        #expect(shown.stdout.contains("key: k-1"), "\(shown)")
        #expect(shown.stdout.contains("  bill 1: 2,400.00"), "\(shown)")
        #expect(shown.stdout.contains("  bill 2: 600.00"), "\(shown)")

        sandbox.expectRefusal(["payment", "reverse", "2", "--reason", "x", "--on", "2026-02-05"], naming: "--on", ["2026-02-06"])
        sandbox.expectRefusal(["payment", "reverse", "2", "--reason", " ", "--on", "2026-03-10"], naming: "--reason")
        let reversed = try sandbox.must("payment", "reverse", "2", "--reason", "银行退票", "--on", "2026-03-10")
        #expect(reversed.stdout == "reversed payment TST-P2026-000002 by TST-R2026-000001\n", "\(reversed)")
        let payment = try sandbox.object("payment", "show", "2")
        #expect(payment.string("reversed_on") == "2026-03-10")
        #expect(payment.string("reversal_number") == "TST-R2026-000001")
        #expect(billingAllocations(payment) == [[4, 124900], [2, 8493]], "the payment still shows where its money went")

        // The bills reopen: bill 4 nothing paid, bill 2 back to 60000 of 68493, and bill 5 loses
        // the 6607 of credit that came from the reversed payment.
        let bill4 = try sandbox.object("bill", "show", "4")
        #expect(bill4.int("paid_fen") == 0)
        #expect(bill4.string("status") == "open")
        let bill2 = try sandbox.object("bill", "show", "2")
        #expect(bill2.int("paid_fen") == 60000)
        #expect(bill2.string("status") == "partly_paid")
        #expect(try sandbox.object("bill", "show", "5").int("paid_fen") == 0)
        #expect(try sandbox.object("bill", "show", "1").string("status") == "paid", "payment 1 is untouched")

        // Twice is refused, and changes nothing.
        sandbox.expectRefusal(["payment", "reverse", "2", "--reason", "again", "--on", "2026-03-11"], naming: "TST-P2026-000002", ["already reversed"])
        sandbox.expectRefusal(["payment", "reverse", "99", "--reason", "x"], naming: "no payment 99")
        sandbox.expectRefusal(["payment", "show", "99"], naming: "no payment 99")
        #expect(try sandbox.must("payment", "list").stdout.contains("reversed 2026-03-10"))

        // The books: the bank account got 140000 and gave it back; no credit is left; the
        // receivable is what is owed: bill 2 8493 + bill 3 96000 + bill 4 124900 + bill 5 124900 = 354293.
        let balance = try sandbox.object("books", "trial-balance")
        #expect(balance.int("total_debit_fen") == balance.int("total_credit_fen"))
        let accounts = Dictionary(uniqueKeysWithValues: (balance.objects("accounts") ?? []).map { ($0.string("code") ?? "", $0) })
        #expect(accounts["10203"]?.int("debit_fen") == 140000)
        #expect(accounts["10203"]?.int("balance_fen") == 0)
        #expect(accounts["21102"]?.int("balance_fen") == 0)
        #expect(accounts["11201"]?.int("balance_fen") == 354293)
        let open = try sandbox.array("bill", "list").reduce(0) { $0 + ($1.int("outstanding_fen") ?? 0) }
        #expect(open == 354293)
    }
}

@Suite("statement")
struct StatementCommandTests {
    @Test("a statement: every bill and payment with a running balance, opening and closing balance, arrears by age")
    func statement() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01", "2026-02"])
        try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")

        // Merchant 1 to 2026-02-28: bills 1 (240000) and 2 (68493) on 2026-01-01, bill 4 (124900)
        // on 2026-02-01, payment 300000 on 2026-02-01:
        // 240000 → 308493 → 433393 → 133393.
        let whole = try sandbox.object("statement", "--merchant", "1", "--to", "2026-02-28")
        #expect(whole.int("merchant_id") == 1)
        #expect(whole.string("merchant_name") == "李春华")
        #expect(whole.isNull("from"))
        #expect(whole.string("to") == "2026-02-28")
        #expect(whole.int("opening_balance_fen") == 0)
        let lines = whole.objects("lines") ?? []
        #expect(lines.map { $0.string("number") ?? "" } == ["TST-B2026-000001", "TST-B2026-000002", "TST-B2026-000004", "TST-P2026-000001"])
        #expect(lines.map { $0.string("kind") ?? "" } == ["bill", "bill", "bill", "payment"])
        #expect(lines.map { $0.int("charge_fen") ?? -1 } == [240000, 68493, 124900, 0])
        #expect(lines.map { $0.int("credit_fen") ?? -1 } == [0, 0, 0, 300000])
        #expect(lines.map { $0.int("balance_fen") ?? -1 } == [240000, 308493, 433393, 133393])
        #expect(whole.int("closing_balance_fen") == 133393)
        // Arrears on 2026-02-28: bill 2's 8493 is 44 days past its due 2026-01-15 (31–60);
        // bill 4's 124900 is 23 days past 2026-02-05 (0–30). Bill 1 is paid.
        let arrears = try #require(whole.object("arrears"))
        #expect(arrears.int("0-30") == 124900)
        #expect(arrears.int("31-60") == 8493)
        #expect(arrears.int("61-90") == 0)
        #expect(arrears.int("over 90") == 0)
        #expect(Set(arrears.keys) == ["0-30", "31-60", "61-90", "over 90"])

        // From 2026-02-01: the opening balance is what the earlier lines left, 308493.
        let part = try sandbox.object("statement", "--merchant", "1", "--from", "2026-02-01", "--to", "2026-02-28")
        #expect(part.string("from") == "2026-02-01")
        #expect(part.int("opening_balance_fen") == 308493)
        #expect((part.objects("lines") ?? []).map { $0.int("balance_fen") ?? -1 } == [433393, 133393])
        #expect(part.int("closing_balance_fen") == 133393)

        // On 2026-01-31, before the payment: both January bills overdue by 16 days: 308493 in 0–30.
        let january = try sandbox.object("statement", "--merchant", "1", "--to", "2026-01-31")
        #expect(january.int("closing_balance_fen") == 308493)
        #expect(january.object("arrears")?.int("0-30") == 308493)

        let text = try sandbox.must("statement", "--merchant", "1", "--from", "2026-02-01", "--to", "2026-02-28")
        #expect(text.stdout.hasPrefix("statement of 李春华 (merchant 1), 2026-02-01 to 2026-02-28\nopening balance 3,084.93\n"), "\(text)")
        #expect(text.stdout.contains("closing balance 1,333.93 (positive: owed; negative: in credit)"), "\(text)")
        #expect(text.stdout.contains("arrears by days overdue: 0-30: 1,249.00 · 31-60: 84.93 · 61-90: 0.00 · over 90: 0.00"), "\(text)")

        // A credit of 100.00 on bill 2 on 2026-02-10: an adjustment line of 10000, the balance
        // 123393; the credit pays bill 2's 8493 and 1507 of bill 4, leaving 124900 − 1507 = 123393
        // owed on bill 4 (0–30).
        try sandbox.must("bill", "adjust", "2", "--amount", "-100", "--reason", "减免", "--on", "2026-02-10")
        let adjusted = try sandbox.object("statement", "--merchant", "1", "--to", "2026-02-28")
        let last = try #require(adjusted.objects("lines")?.last)
        #expect(last.string("kind") == "adjustment")
        #expect(last.string("number") == "TST-B2026-000005")
        #expect(last.int("charge_fen") == 0)
        #expect(last.int("credit_fen") == 10000)
        #expect(last.int("balance_fen") == 123393)
        #expect(adjusted.int("closing_balance_fen") == 123393)
        #expect(adjusted.object("arrears")?.int("0-30") == 123393)
        #expect(adjusted.object("arrears")?.int("31-60") == 0)

        sandbox.expectRefusal(["statement", "--merchant", "99"], naming: "--merchant")
        sandbox.expectRefusal(["statement", "--merchant", "1", "--from", "2026-03-01", "--to", "2026-02-01"], naming: "--from")
    }
}

@Suite("billing refusals and usage errors")
struct BillingRefusalTests {
    // What the flow tests above do not already refuse.
    static let refusals: [BillingRefusal] = [
        BillingRefusal(["bill", "run", "--period", "2026-13"], "--period"),
        BillingRefusal(["bill", "run", "--period", "2026-1-01"], "--period"),
        BillingRefusal(["bill", "void", "2", "--reason", "x", "--on", "2026-02-02"], "TST-B2026-000002", ["600.00"]),
        BillingRefusal(["bill", "void", "3", "--reason", "x", "--on", "2025-12-31"], "--on"),
        BillingRefusal(["bill", "void", "3", "--reason", ""], "--reason"),
        BillingRefusal(["bill", "void", "99", "--reason", "x"], "no bill 99"),
        // Bill 3 is 96000: a credit of 960.01 would take it below zero.
        BillingRefusal(["bill", "adjust", "3", "--amount", "-960.01", "--reason", "x"], "--amount"),
        BillingRefusal(["usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "ten", "--on", "2026-03-11"], "--kg"),
        BillingRefusal(["statement", "--merchant", "x"], "--merchant"),
    ]

    @Test("refused: exit 1, the field named, nothing changed", arguments: refusals)
    func refused(_ refusal: BillingRefusal) throws {
        let sandbox = try BillingFixture.refusalSandbox()
        sandbox.expectRefusal(refusal.arguments, naming: refusal.field, refusal.more)
    }

    static let malformedLines: [BillingRefusal] = [
        BillingRefusal(["bill", "run"], "missing --period"),
        BillingRefusal(["bill", "show"], "missing ID"),
        BillingRefusal(["bill", "void", "1"], "missing --reason"),
        BillingRefusal(["bill", "adjust", "1", "--reason", "x"], "missing --amount"),
        BillingRefusal(["usage", "out", "1"], "missing --on"),
        BillingRefusal(["pay", "--merchant", "1", "--amount", "10", "--method", "cash"], "missing --key"),
        BillingRefusal(["statement"], "missing --merchant"),
        BillingRefusal(["bill", "frob"], "unknown command"),
    ]

    @Test("malformed billing command lines: exit 2 with the usage, nothing changed", arguments: malformedLines)
    func malformedLine(_ refusal: BillingRefusal) throws {
        let sandbox = try BillingFixture.sandbox()
        sandbox.expectUsageError(["--db", sandbox.database] + refusal.arguments, [refusal.field])
    }
}

@Suite("billing help")
struct BillingHelpTests {
    static let commands: [(words: String, takes: [String])] = [
        ("bill run", ["--period YYYY-MM"]),
        ("bill list", ["--merchant ID", "--period YYYY-MM", "--status STATUS"]),
        ("bill show", ["ID"]),
        ("bill void", ["ID", "--reason TEXT", "--on DATE"]),
        ("bill adjust", ["ID", "--amount AMOUNT", "--reason TEXT", "--on DATE"]),
        ("bill assess-late-fees", ["--as-of DATE"]),
        ("usage in", ["--merchant ID", "--room CODE", "--kg N", "--on DATE"]),
        ("usage out", ["ID", "--on DATE"]),
        ("usage list", []),
        ("pay", ["--merchant ID", "--amount AMOUNT", "--method METHOD", "--key K", "--bills ID,ID", "--on DATE", "--reference TEXT"]),
        ("payment list", ["--merchant ID"]),
        ("payment show", ["ID"]),
        ("payment reverse", ["ID", "--reason TEXT", "--on DATE"]),
        ("statement", ["--merchant ID", "--from DATE", "--to DATE"]),
        ("books trial-balance", ["--as-of DATE"]),
        ("books journal", ["--from DATE", "--to DATE", "--csv"]),
        ("books export", ["--hledger FILE", "--to DATE"]),
    ]

    @Test("COMMAND --help: exit 0, the command's usage with every option of the README, no database touched",
          arguments: commands.map(\.words))
    func help(words: String) throws {
        let sandbox = try Sandbox()
        let takes = Self.commands.first { $0.words == words }!.takes
        let result = sandbox.lanzi(words.split(separator: " ").map(String.init) + ["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let usage = try #require(result.stdout.split(separator: "\n").first.map(String.init), "\(result)")
        #expect(usage.hasPrefix("usage: lanzi \(words)"), "\(usage)")
        for item in takes {
            #expect(usage.contains(item), "the usage of `\(words)` lacks \(item): \(usage)")
        }
        #expect(usage.contains("[--json]"), "\(usage)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "help made a database")
    }

    @Test("a billing group's name alone lists its commands", arguments: [
        ("bill", ["bill run", "bill list", "bill show", "bill void", "bill adjust", "bill assess-late-fees"]),
        ("usage", ["usage in", "usage out", "usage list"]),
        ("payment", ["payment list", "payment show", "payment reverse"]),
        ("books", ["books trial-balance", "books journal", "books export"]),
    ])
    func groupHelp(group: String, commands: [String]) throws {
        let sandbox = try Sandbox()
        let result = sandbox.bare(group)
        #expect(result.status == 0, "\(result)")
        let listed = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
            .map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0] }
        #expect(listed == commands, "\(result.stdout)")
    }
}
