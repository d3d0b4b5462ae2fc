import Testing
@testable import LanziCore

/// The pure billing rules: which cycles start when, what a cycle's bill holds, the deposit
/// bill, the rent account's unit kind, late fees and cold-store usage. Every expected fen is
/// worked out by hand in the comment beside it; rounding is half up, once per line.
struct BillingRulesTests {
    static func date(_ text: String) -> CalendarDate { try! CalendarDate.parse(text, field: "test") }
    static func period(_ text: String) -> Period { try! Period.parse(text, field: "test") }

    static let shop = LeasedUnit(id: 1, code: "S-001", kind: .shop, area: Area(hundredths: 2450))       // 24.50 m²
    static let stall = LeasedUnit(id: 4, code: "T-001", kind: .stall, area: Area(hundredths: 600))      // 6.00 m²
    static let coldRoom = LeasedUnit(id: 5, code: "C1-01", kind: .coldRoom, area: Area(hundredths: 6000)) // 60.00 m²

    /// A lease of `units` from `start` to `end`, ended early on `terminatedOn` if given;
    /// `adjust` sets the terms (rent 1000.00 a month, monthly, due on the 5th by default).
    static func lease(_ start: String, _ end: String, terminatedOn: String? = nil, units: [LeasedUnit] = [shop],
                      rent: Int64 = 100_000, _ adjust: (inout LeaseTerms) -> Void = { _ in }) -> Lease {
        var terms = LeaseTerms(rent: Money(fen: rent))
        adjust(&terms)
        return Lease(id: 7, merchantID: 1, merchantName: "李春华", units: units, startsOn: date(start), endsOn: date(end), terms: terms,
                     termination: terminatedOn.map { LeaseTermination(endsOn: date($0), reason: "test") }, previousLeaseID: nil, renewedByLeaseID: nil)
    }

    /// A bill's lines as "kind period fen", to compare with a hand-made list.
    static func lines(_ bill: PlannedBill?) -> [String] {
        (bill?.lines ?? []).map { "\($0.kind.rawValue) \($0.period.map(\.description) ?? "-") \($0.amount.fen)" }
    }

    // MARK: Which cycles start in a period

    @Test("a cycle starts every 1, 3 or 12 months from the lease's first month, none before it or after its real last day", arguments: [
        // Monthly, 2026-01-20 … 2026-12-31: every month from January to December.
        (BillingCycle.monthly, "2026-01-20", "2026-12-31", nil, "2025-12", false),
        (.monthly, "2026-01-20", "2026-12-31", nil, "2026-01", true),
        (.monthly, "2026-01-20", "2026-12-31", nil, "2026-07", true),
        (.monthly, "2026-01-20", "2026-12-31", nil, "2026-12", true),
        (.monthly, "2026-01-20", "2026-12-31", nil, "2027-01", false),
        // Quarterly from 2026-02-15: February, May, August, November, then February 2027 …
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2026-02", true),
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2026-03", false),
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2026-04", false),
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2026-05", true),
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2026-11", true),
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2027-02", true),
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2027-11", true),      // 21 months after February 2026
        (.quarterly, "2026-02-15", "2027-12-31", nil, "2028-02", false),     // after the end
        // Terminated on 2026-06-10: the May cycle still starts, August's (6 months on) does not.
        (.quarterly, "2026-02-15", "2027-12-31", "2026-06-10", "2026-05", true),
        (.quarterly, "2026-02-15", "2027-12-31", "2026-06-10", "2026-08", false),
        // Yearly from 2026-03-10 to 2029-03-09: every March; the last cycle is 1–9 March 2029.
        (.yearly, "2026-03-10", "2029-03-09", nil, "2026-03", true),
        (.yearly, "2026-03-10", "2029-03-09", nil, "2026-09", false),
        (.yearly, "2026-03-10", "2029-03-09", nil, "2027-03", true),
        (.yearly, "2026-03-10", "2029-03-09", nil, "2029-03", true),
        (.yearly, "2026-03-10", "2029-03-09", nil, "2030-03", false),
    ] as [(BillingCycle, String, String, String?, String, Bool)])
    func cycleStarts(cycle: BillingCycle, start: String, end: String, terminatedOn: String?, period: String, expected: Bool) {
        let lease = Self.lease(start, end, terminatedOn: terminatedOn) { $0.cycle = cycle }
        #expect(BillingRules.cycleStarts(lease, in: Self.period(period)) == expected)
        // A cycle that does not start bills nothing.
        if !expected { #expect(BillingRules.cycleBill(for: lease, period: Self.period(period)) == nil) }
    }

    // MARK: Proration in months of 28, 29, 30 and 31 days

    @Test("a monthly lease's first month is prorated by days and rounded half up once; due on its first day", arguments: [
        // (start, rent fen, leased days of the month, rent line fen)
        ("2026-01-20", 310_000 as Int64, "12 of 31 days", 120_000 as Int64),  // January: 20th–31st = 12 of 31; 310000 × 12 ÷ 31 = 120000
        ("2026-01-20", 100_000, "12 of 31 days", 38_710),      // 100000 × 12 ÷ 31 = 38709.68 → 38710
        ("2026-02-15", 280_000, "14 of 28 days", 140_000),     // February 2026: 15th–28th = 14 of 28; 280000 × 14 ÷ 28 = 140000
        ("2026-02-15", 100_001, "14 of 28 days", 50_001),      // 100001 × 14 ÷ 28 = 50000.5 → 50001 (half up)
        ("2028-02-10", 290_000, "20 of 29 days", 200_000),     // February 2028 (leap): 10th–29th = 20 of 29; 290000 × 20 ÷ 29 = 200000
        ("2028-02-10", 100_000, "20 of 29 days", 68_966),      // 100000 × 20 ÷ 29 = 68965.52 → 68966
        ("2026-04-21", 300_000, "10 of 30 days", 100_000),     // April: 21st–30th = 10 of 30; 300000 × 10 ÷ 30 = 100000
        ("2026-04-21", 100_000, "10 of 30 days", 33_333),      // 100000 × 10 ÷ 30 = 33333.33 → 33333
    ] as [(String, Int64, String, Int64)])
    func firstMonthProrated(start: String, rent: Int64, days: String, expected: Int64) throws {
        let lease = Self.lease(start, "2030-12-31", rent: rent)
        let startDate = Self.date(start)
        let bill = try #require(BillingRules.cycleBill(for: lease, period: startDate.period))
        #expect(Self.lines(bill) == ["rent \(startDate.period) \(expected)"])
        #expect(bill.lines[0].description.contains(days))
        #expect(bill.total.fen == expected)
        #expect(bill.kind == .regular)
        #expect(bill.period == startDate.period)
        // The due day, the 5th, is before the start: the bill is due on the lease's first day.
        #expect(bill.dueOn == startDate)
        // The next month is whole: the full rent, due on the 5th, with no "of … days".
        let next = try #require(BillingRules.cycleBill(for: lease, period: startDate.period.adding(months: 1)))
        #expect(next.total.fen == rent)
        #expect(next.dueOn == startDate.period.adding(months: 1).firstDay.adding(days: 4))
        #expect(!next.lines[0].description.contains(" of "))
    }

    @Test("a lease that ends inside a month pays it pro rata, in months of 28, 29, 30 and 31 days", arguments: [
        // (last day, rent fen, rent line fen of the last month)
        ("2026-01-10", 310_000 as Int64, 100_000 as Int64),   // 1–10 January = 10 of 31; 310000 × 10 ÷ 31 = 100000
        ("2026-02-14", 280_000, 140_000),     // 1–14 February 2026 = 14 of 28; 280000 × 14 ÷ 28 = 140000
        ("2028-02-14", 290_000, 140_000),     // 1–14 February 2028 = 14 of 29; 290000 × 14 ÷ 29 = 140000
        ("2028-02-14", 100_000, 48_276),      // 100000 × 14 ÷ 29 = 48275.86 → 48276
        ("2026-06-10", 300_000, 100_000),     // 1–10 June = 10 of 30; 300000 × 10 ÷ 30 = 100000
        ("2026-06-10", 100_000, 33_333),      // 100000 × 10 ÷ 30 = 33333.33 → 33333
    ] as [(String, Int64, Int64)])
    func lastMonthProrated(lastDay: String, rent: Int64, expected: Int64) throws {
        let last = Self.date(lastDay)
        let lease = Self.lease("2025-12-01", "2030-11-30", terminatedOn: lastDay, rent: rent)
        let bill = try #require(BillingRules.cycleBill(for: lease, period: last.period))
        #expect(Self.lines(bill) == ["rent \(last.period) \(expected)"])
        #expect(bill.dueOn == last.period.firstDay.adding(days: 4))   // the 5th, inside the lease
        #expect(BillingRules.cycleBill(for: lease, period: last.period.adding(months: 1)) == nil)
    }

    // MARK: Quarterly and yearly cycles, escalation

    @Test("a quarterly cycle with the anniversary inside it splits that month at the anniversary")
    func quarterlyAnniversary() throws {
        // Rent 1000.00, 1000 bp a year, from 2026-02-15; due on the 5th.
        let lease = Self.lease("2026-02-15", "2028-02-14") { $0.cycle = .quarterly; $0.escalationBasisPoints = 1000 }
        // First cycle: February 15th–28th = 14 of 28 → 100000 × 14 ÷ 28 = 50000; March, April whole: 100000 each.
        let first = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-02")))
        #expect(Self.lines(first) == ["rent 2026-02 50000", "rent 2026-03 100000", "rent 2026-04 100000"])
        #expect(first.total.fen == 250_000)
        #expect(first.dueOn == Self.date("2026-02-15"))   // the 5th is before the start
        // Cycle 2027-02: the anniversary 2027-02-15 raises 100000 to 100000 × 1.1 = 110000.
        // February 2027: 1st–14th at 100000, 15th–28th at 110000 → (100000 × 14 + 110000 × 14) ÷ 28 = 2940000 ÷ 28 = 105000.
        let anniversary = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2027-02")))
        #expect(Self.lines(anniversary) == ["rent 2027-02 105000", "rent 2027-03 110000", "rent 2027-04 110000"])
        #expect(anniversary.total.fen == 325_000)   // 105000 + 110000 + 110000
        #expect(anniversary.dueOn == Self.date("2027-02-05"))
        // The cycle before it (November 2026 – January 2027) is still at 100000.
        #expect(BillingRules.cycleBill(for: lease, period: Self.period("2026-11"))?.total.fen == 300_000)
    }

    @Test("an uneven split: anniversary on the 10th, odd rent, and the second anniversary in a 29-day February")
    func quarterlyAnniversaryUneven() throws {
        // Rent 1234.56, 1000 bp, from 2026-02-10 to 2029-02-09.
        let lease = Self.lease("2026-02-10", "2029-02-09", rent: 123_456) { $0.cycle = .quarterly; $0.escalationBasisPoints = 1000 }
        // 2026-02: 10th–28th = 19 of 28 → 123456 × 19 ÷ 28 = 2345664 ÷ 28 = 83773.71 → 83774.
        let first = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-02")))
        #expect(Self.lines(first) == ["rent 2026-02 83774", "rent 2026-03 123456", "rent 2026-04 123456"])
        #expect(first.total.fen == 330_686)   // 83774 + 2 × 123456
        // Year 2: 123456 × 1.1 = 135801.6 → 135802. February 2027: 9 days (1st–9th) at 123456 and
        // 19 days (10th–28th) at 135802 → (1111104 + 2580238) ÷ 28 = 3691342 ÷ 28 = 131833.64 → 131834.
        let second = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2027-02")))
        #expect(Self.lines(second) == ["rent 2027-02 131834", "rent 2027-03 135802", "rent 2027-04 135802"])
        #expect(second.total.fen == 403_438)  // 131834 + 2 × 135802
        // Year 3: 135802 × 1.1 = 149382.2 → 149382. February 2028 has 29 days: 9 at 135802 and 20
        // (10th–29th) at 149382 → (1222218 + 2987640) ÷ 29 = 4209858 ÷ 29 = 145167.52 → 145168.
        let third = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2028-02")))
        #expect(Self.lines(third) == ["rent 2028-02 145168", "rent 2028-03 149382", "rent 2028-04 149382"])
        #expect(third.total.fen == 443_932)   // 145168 + 2 × 149382
    }

    @Test("yearly cycles: twelve months billed at once, the anniversary month split, a last short cycle")
    func yearlyCycles() throws {
        // Rent 1000.00, 500 bp, fixed management fee 100.00, due on the 15th, 2026-03-10 … 2028-03-09.
        let lease = Self.lease("2026-03-10", "2028-03-09") {
            $0.cycle = .yearly; $0.escalationBasisPoints = 500; $0.managementFee = .fixed(Money(fen: 10_000)); $0.dueDay = 15
        }
        // 2026-03: March 10th–31st = 22 of 31 → rent 100000 × 22 ÷ 31 = 70967.74 → 70968,
        // fee 10000 × 22 ÷ 31 = 7096.77 → 7097; April 2026 – February 2027 whole: 100000 + 10000 each.
        let first = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-03")))
        var expected = ["rent 2026-03 70968", "management_fee 2026-03 7097"]
        for offset in 1..<12 {
            let month = Self.period("2026-03").adding(months: offset)
            expected += ["rent \(month) 100000", "management_fee \(month) 10000"]
        }
        #expect(Self.lines(first) == expected)
        #expect(first.total.fen == 1_288_065)   // 70968 + 7097 + 11 × 110000
        #expect(first.dueOn == Self.date("2026-03-15"))
        // 2027-03: the anniversary 2027-03-10 raises 100000 to 105000. March 2027: 9 days at 100000
        // and 22 at 105000 → (900000 + 2310000) ÷ 31 = 3210000 ÷ 31 = 103548.39 → 103548; then 11 × 105000.
        let second = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2027-03")))
        #expect(second.lines.count == 24)
        #expect(Self.lines(second).first == "rent 2027-03 103548")
        #expect(Self.lines(second).last == "management_fee 2028-02 10000")
        #expect(second.total.fen == 1_378_548)  // 103548 + 11 × 105000 + 12 × 10000
        #expect(second.dueOn == Self.date("2027-03-15"))
        // 2028-03: 1st–9th = 9 of 31 days at 105000 (the third anniversary, 10 March, is after the
        // end) → 945000 ÷ 31 = 30483.87 → 30484; fee 10000 × 9 ÷ 31 = 2903.23 → 2903.
        let last = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2028-03")))
        #expect(Self.lines(last) == ["rent 2028-03 30484", "management_fee 2028-03 2903"])
        #expect(last.total.fen == 33_387)
        // The due day of the cycle's first month, even though it falls after the last day.
        #expect(last.dueOn == Self.date("2028-03-15"))
    }

    // MARK: Free months and management fees

    @Test("free months are free to the day; the management fee is charged in them; a cycle with nothing owed has no bill")
    func freeMonths() throws {
        // Rent 1000.00, 2 free months from 2026-01-15 (free until 2026-03-14), 10.00 per m² on 24.50 m².
        let lease = Self.lease("2026-01-15", "2026-12-31") { $0.freeMonths = 2; $0.managementFee = .perSquareMetre(Money(fen: 1000)) }
        // January: 15th–31st = 17 of 31 days, all free; fee 1000 × 24.50 × 17 ÷ 31 = 41650000 ÷ 3100 = 13435.48 → 13435.
        let january = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-01")))
        #expect(Self.lines(january) == ["management_fee 2026-01 13435"])
        #expect(january.dueOn == Self.date("2026-01-15"))
        // February: all free; the fee in full, 1000 × 24.50 = 24500.
        let february = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-02")))
        #expect(Self.lines(february) == ["management_fee 2026-02 24500"])
        // March: 1st–14th free, 15th–31st = 17 days → 100000 × 17 ÷ 31 = 54838.71 → 54839.
        let march = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-03")))
        #expect(Self.lines(march) == ["rent 2026-03 54839", "management_fee 2026-03 24500"])
        #expect(march.lines[0].description.contains("14 days free"))
        #expect(march.total.fen == 79_339)

        // Without a fee, a wholly free month has no lines and so no bill.
        let noFee = Self.lease("2026-01-15", "2026-12-31") { $0.freeMonths = 2 }
        #expect(BillingRules.cycleBill(for: noFee, period: Self.period("2026-01")) == nil)
        #expect(BillingRules.cycleBill(for: noFee, period: Self.period("2026-02")) == nil)
        #expect(BillingRules.cycleBill(for: noFee, period: Self.period("2026-03"))?.total.fen == 54_839)
        // A quarter made only of free months has no bill either; the next quarter does.
        let quarterly = Self.lease("2026-01-01", "2026-12-31") { $0.freeMonths = 3; $0.cycle = .quarterly }
        #expect(BillingRules.cycleBill(for: quarterly, period: Self.period("2026-01")) == nil)
        #expect(BillingRules.cycleBill(for: quarterly, period: Self.period("2026-04"))?.total.fen == 300_000)   // 3 × 100000
    }

    @Test("management fee per m² of all the lease's units and fixed, each prorated and rounded once", arguments: [
        // (fee, units, start, fee line of the first month, of a whole month)
        // 12.00 per m² on 24.50 + 6.00 = 30.50 m²: whole month 1200 × 30.50 = 36600;
        // from 2026-01-20, 12 of 31 days: 1200 × 3050 × 12 ÷ 3100 = 43920000 ÷ 3100 = 14167.74 → 14168.
        (ManagementFee.perSquareMetre(Money(fen: 1200)), [BillingRulesTests.shop, BillingRulesTests.stall], "2026-01-20", 14_168 as Int64, 36_600 as Int64),
        // 8.50 per m² on 24.50 m²: whole month 850 × 24.50 = 20825; from 2026-04-21, 10 of 30 days:
        // 850 × 2450 × 10 ÷ 3000 = 20825000 ÷ 3000 = 6941.67 → 6942.
        (.perSquareMetre(Money(fen: 850)), [BillingRulesTests.shop], "2026-04-21", 6_942, 20_825),
        // 8.55 per m² on 6.00 m²: whole month 855 × 6 = 5130; from 2028-02-10, 20 of 29 days:
        // 855 × 600 × 20 ÷ 2900 = 10260000 ÷ 2900 = 3537.93 → 3538.
        (.perSquareMetre(Money(fen: 855)), [BillingRulesTests.stall], "2028-02-10", 3_538, 5_130),
        // Fixed 150.00: from 2026-01-20, 15000 × 12 ÷ 31 = 5806.45 → 5806; whole month 15000.
        (.fixed(Money(fen: 15_000)), [BillingRulesTests.shop, BillingRulesTests.stall], "2026-01-20", 5_806, 15_000),
        // Fixed 0.01 from 2026-02-15: 1 × 14 ÷ 28 = 0.5 → 1 (half up).
        (.fixed(Money(fen: 1)), [BillingRulesTests.shop], "2026-02-15", 1, 1),
    ] as [(ManagementFee, [LeasedUnit], String, Int64, Int64)])
    func managementFee(fee: ManagementFee, units: [LeasedUnit], start: String, firstMonth: Int64, wholeMonth: Int64) throws {
        // Rent 0: the zero rent line is left out, only the fee is billed.
        let lease = Self.lease(start, "2030-12-31", units: units, rent: 0) { $0.managementFee = fee }
        let period = Self.date(start).period
        #expect(Self.lines(BillingRules.cycleBill(for: lease, period: period)) == ["management_fee \(period) \(firstMonth)"])
        #expect(Self.lines(BillingRules.cycleBill(for: lease, period: period.adding(months: 1))) == ["management_fee \(period.adding(months: 1)) \(wholeMonth)"])
    }

    @Test("a per-m² fee on an area with an odd hundredth rounds half up: 8.50 × 19.15 = 162.775")
    func managementFeeHalfUp() {
        let unit = LeasedUnit(id: 3, code: "S-003", kind: .shop, area: Area(hundredths: 1915))
        let lease = Self.lease("2026-01-01", "2026-12-31", units: [unit], rent: 0) { $0.managementFee = .perSquareMetre(Money(fen: 850)) }
        // 850 × 1915 ÷ 100 = 16277.5 → 16278.
        #expect(Self.lines(BillingRules.cycleBill(for: lease, period: Self.period("2026-05"))) == ["management_fee 2026-05 16278"])
    }

    @Test("a quarterly lease terminated mid-month: its cycle bills up to the last day, prorated; no later cycle")
    func terminationMidMonth() throws {
        // Rent 3000.00 and a fixed fee of 200.00, quarterly from 2026-01-01, terminated on 2026-05-10.
        let lease = Self.lease("2026-01-01", "2026-12-31", terminatedOn: "2026-05-10", rent: 300_000) {
            $0.cycle = .quarterly; $0.managementFee = .fixed(Money(fen: 20_000))
        }
        // April whole: 300000 + 20000. May 1st–10th = 10 of 31: rent 300000 × 10 ÷ 31 = 96774.19 → 96774,
        // fee 20000 × 10 ÷ 31 = 6451.61 → 6452. June is after the last day.
        let april = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-04")))
        #expect(Self.lines(april) == ["rent 2026-04 300000", "management_fee 2026-04 20000", "rent 2026-05 96774", "management_fee 2026-05 6452"])
        #expect(april.total.fen == 423_226)
        #expect(april.lines[2].description.contains("10 of 31 days"))
        #expect(BillingRules.cycleBill(for: lease, period: Self.period("2026-07")) == nil)
        // The same lease not terminated bills the whole quarter: 3 × 320000.
        let whole = Self.lease("2026-01-01", "2026-12-31", rent: 300_000) { $0.cycle = .quarterly; $0.managementFee = .fixed(Money(fen: 20_000)) }
        #expect(BillingRules.cycleBill(for: whole, period: Self.period("2026-04"))?.total.fen == 960_000)
    }

    @Test("the lines name the units and the month")
    func lineDescriptions() throws {
        let lease = Self.lease("2026-01-20", "2026-12-31", units: [Self.shop, Self.stall]) { $0.managementFee = .fixed(Money(fen: 5000)) }
        let bill = try #require(BillingRules.cycleBill(for: lease, period: Self.period("2026-01")))
        #expect(bill.lines.map(\.description) == ["rent 2026-01 S-001,T-001, 12 of 31 days", "management fee 2026-01 S-001,T-001, 12 of 31 days"])
    }

    // MARK: Deposit bill and rent account

    @Test("the deposit bill: the whole deposit, or what a renewal's deposit exceeds the one already held", arguments: [
        (500_000 as Int64, 0 as Int64, 500_000 as Int64?),   // 5000.00, nothing held: 500000
        (500_000, 300_000, 200_000),                          // 5000.00 − 3000.00 held = 200000
        (500_000, 500_000, nil),                              // as much held: no bill
        (300_000, 500_000, nil),                              // more held: no bill (nothing refunded here)
        (0, 0, nil),                                          // no deposit
    ] as [(Int64, Int64, Int64?)])
    func depositBill(deposit: Int64, held: Int64, expected: Int64?) {
        let lease = Self.lease("2026-01-20", "2026-12-31") { $0.deposit = Money(fen: deposit) }
        let bill = BillingRules.depositBill(for: lease, alreadyHeld: Money(fen: held))
        #expect(bill?.total.fen == expected)
        if let bill {
            #expect(bill.kind == .deposit)
            #expect(bill.period == Self.period("2026-01"))
            #expect(bill.dueOn == Self.date("2026-01-20"))
            #expect(bill.lines.count == 1)
            #expect(bill.lines[0].kind == .deposit)
            #expect(bill.lines[0].period == nil)
            #expect(bill.lines[0].description.contains("already held") == (held > 0))
        }
    }

    @Test("rent goes to the income account of the lease's largest unit, ties to the first code")
    func principalKind() {
        let shop = Self.shop, stall = Self.stall, coldRoom = Self.coldRoom
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [shop])) == .shop)
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [stall])) == .stall)
        // 60.00 m² cold room beats 24.50 m² shop and 6.00 m² stall, whatever the order.
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [shop, coldRoom, stall])) == .coldRoom)
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [stall, shop])) == .shop)
        // Equal areas (20.00 m²): the unit whose code sorts first.
        let bigStall = LeasedUnit(id: 9, code: "T-009", kind: .stall, area: Area(hundredths: 2000))
        let sameShop = LeasedUnit(id: 2, code: "S-002", kind: .shop, area: Area(hundredths: 2000))
        let sameRoom = LeasedUnit(id: 6, code: "C1-02", kind: .coldRoom, area: Area(hundredths: 2000))
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [bigStall, sameShop])) == .shop)
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [sameShop, bigStall])) == .shop)
        #expect(BillingRules.principalKind(of: Self.lease("2026-01-01", "2026-12-31", units: [sameShop, sameRoom, bigStall])) == .coldRoom)
    }

    // MARK: Late fees

    /// A late-fee case: principal, first late day, as-of date, payments, rate and cap, and the fee by hand.
    struct LateCase: CustomTestStringConvertible, Sendable {
        var name: String
        var principal: Int64
        var firstLateDay = "2026-02-06"
        var asOf: String
        var payments: [(String, Int64)] = []
        var rate: Int
        var cap = 10_000
        var expected: Int64
        var testDescription: String { name }
    }

    @Test("late fees: per day on the unpaid principal, rounded once, capped at the cap and at the principal", arguments: [
        // 6–15 February = 10 days × 100000 × 5 bp = 1000000 × 5 ÷ 10000 = 500.
        LateCase(name: "ten days", principal: 100_000, asOf: "2026-02-15", rate: 5, expected: 500),
        // The first late day itself is charged: 1 day × 100000 × 5 ÷ 10000 = 50.
        LateCase(name: "the first late day", principal: 100_000, asOf: "2026-02-06", rate: 5, expected: 50),
        LateCase(name: "before the first late day", principal: 100_000, asOf: "2026-02-05", rate: 5, expected: 0),
        LateCase(name: "no rate", principal: 100_000, asOf: "2026-03-31", rate: 0, expected: 0),
        // 12345 × 7 days × 3 bp = 259245 ÷ 10000 = 25.92 → 26.
        LateCase(name: "rounded", principal: 12_345, asOf: "2026-02-12", rate: 3, expected: 26),
        // 1250 × 4 days × 1 bp = 5000 ÷ 10000 = 0.5 → 1: rounded once (day by day it would be 0.125 → 0 each day).
        LateCase(name: "rounded once, half up", principal: 1_250, asOf: "2026-02-09", rate: 1, expected: 1),
        // 6 Feb – 7 Apr = 23 + 31 + 7 = 61 days × 100000 × 50 bp = 30500; cap 2000 bp of 100000 = 20000.
        LateCase(name: "the cap", principal: 100_000, asOf: "2026-04-07", rate: 50, cap: 2000, expected: 20_000),
        // Just under the cap: 39 days (6 Feb – 16 Mar) × 100000 × 50 ÷ 10000 = 19500 < 20000.
        LateCase(name: "under the cap", principal: 100_000, asOf: "2026-03-16", rate: 50, cap: 2000, expected: 19_500),
        // Cap 1500 bp of 12345 = 1851.75 → 1852; the fee 12345 × 30 × 100 ÷ 10000 = 3703.5 is more.
        LateCase(name: "the cap rounded half up", principal: 12_345, asOf: "2026-03-07", rate: 100, cap: 1500, expected: 1_852),
        // 500 bp a day for 30 days is 150% of 100000; the cap of 15000 bp would allow 150000, but the
        // fee never exceeds the principal itself: 100000.
        LateCase(name: "the principal bound", principal: 100_000, asOf: "2026-03-07", rate: 500, cap: 15_000, expected: 100_000),
        // 6–10 February (5 days) on 100000 and 11–20 February (10 days) on 60000 after 40000 paid on
        // the 11th: (500000 + 600000) × 10 ÷ 10000 = 1100.
        LateCase(name: "a partial payment in the middle", principal: 100_000, asOf: "2026-02-20", payments: [("2026-02-11", 40_000)],
                 rate: 10, expected: 1_100),
        // Two payments: 6–7 Feb on 100000 (2 days), 8–12 Feb on 70000 (5 days), 13–15 Feb on 20000
        // (3 days) → 200000 + 350000 + 60000 = 610000 × 10 ÷ 10000 = 610.
        LateCase(name: "two payments, given out of order", principal: 100_000, asOf: "2026-02-15",
                 payments: [("2026-02-13", 50_000), ("2026-02-08", 30_000)], rate: 10, expected: 610),
        // 30000 paid before the first late day: 70000 × 10 days × 10 ÷ 10000 = 700.
        LateCase(name: "paid in part before", principal: 100_000, asOf: "2026-02-15", payments: [("2026-02-01", 30_000)], rate: 10, expected: 700),
        // Paid in full on the first late day: no day is charged.
        LateCase(name: "paid on the first late day", principal: 100_000, asOf: "2026-02-15", payments: [("2026-02-06", 100_000)], rate: 10, expected: 0),
        // A payment after the as-of date does not count: 10 days × 100000 × 10 ÷ 10000 = 1000.
        LateCase(name: "paid after the as-of date", principal: 100_000, asOf: "2026-02-15", payments: [("2026-02-20", 100_000)], rate: 10, expected: 1_000),
        // Paid on the 8th, reversed on the 12th: 6–7 Feb (2 days) and 12–15 Feb (4 days) on 100000 →
        // 600000 × 10 ÷ 10000 = 600.
        LateCase(name: "a payment reversed", principal: 100_000, asOf: "2026-02-15", payments: [("2026-02-08", 100_000), ("2026-02-12", -100_000)],
                 rate: 10, expected: 600),
        // The cap is of the principal, not of what is unpaid: 90000 paid on the first late day leaves
        // 10000 × 100 days (6 Feb – 16 May) × 20 bp = 2000, capped at 100 bp of 100000 = 1000.
        LateCase(name: "the cap is of the principal", principal: 100_000, asOf: "2026-05-16", payments: [("2026-02-06", 90_000)],
                 rate: 20, cap: 100, expected: 1_000),
        // Over a leap February: 6 Feb – 6 Mar 2028 is 24 + 6 = 30 days × 100000 × 1 bp = 300.
        LateCase(name: "over 29 February", principal: 100_000, firstLateDay: "2028-02-06", asOf: "2028-03-06", rate: 1, expected: 300),
    ])
    func lateFee(_ item: LateCase) {
        let fee = LateFeeRule.accrued(principal: Money(fen: item.principal), firstLateDay: Self.date(item.firstLateDay), asOf: Self.date(item.asOf),
                                      payments: item.payments.map { (on: Self.date($0.0), amount: Money(fen: $0.1)) },
                                      rateBasisPoints: item.rate, capBasisPoints: item.cap)
        #expect(fee.fen == item.expected)
    }

    @Test("a later as-of date accrues at least as much: assessing the difference never goes negative")
    func lateFeeGrows() {
        // 100000 at 7 bp, 30000 paid on 20 February: day by day the accrued fee never falls.
        var previous: Int64 = 0
        var day = Self.date("2026-02-01")
        while day <= Self.date("2026-06-30") {
            let fee = LateFeeRule.accrued(principal: Money(fen: 100_000), firstLateDay: Self.date("2026-02-06"), asOf: day,
                                          payments: [(on: Self.date("2026-02-20"), amount: Money(fen: 30_000))], rateBasisPoints: 7, capBasisPoints: 1000).fen
            #expect(fee >= previous)
            previous = fee
            day = day.adding(days: 1)
        }
        // By 30 June: 14 days (6–19 Feb) on 100000 = 1400000 and 131 days (20 Feb – 30 Jun:
        // 9 + 31 + 30 + 31 + 30) on 70000 = 9170000 → 10570000 × 7 ÷ 10000 = 7399; cap 1000 bp = 10000 not reached.
        #expect(previous == 7_399)
    }

    // MARK: Cold-store usage

    @Test("kilogram-days count the day in and the day out, each in its own month", arguments: [
        // 1000 kg in 25 January, out 3 February: January 25th–31st = 7 days → 7000; February 1st–3rd = 3 → 3000.
        (1_000 as Int64, "2026-01-25", "2026-02-03" as String?, "2026-01", 7_000 as Int64),
        (1_000, "2026-01-25", "2026-02-03", "2026-02", 3_000),
        (1_000, "2026-01-25", "2026-02-03", "2026-03", 0),
        (1_000, "2026-01-25", "2026-02-03", "2025-12", 0),
        // In and out the same day: 1 day.
        (500, "2026-03-10", "2026-03-10", "2026-03", 500),
        // Still in: counted to the end of the period. 20 February – 28 February = 9 days × 2000.
        (2_000, "2026-02-20", nil, "2026-02", 18_000),
        (2_000, "2026-02-20", nil, "2026-03", 62_000),   // all 31 days of March
        (2_000, "2026-02-20", nil, "2026-04", 60_000),   // all 30 days of April
        (3, "2028-01-31", nil, "2028-02", 87),           // 29 days of February 2028 × 3 kg
        // Out on the first of the month: that one day counts.
        (10, "2026-01-01", "2026-02-01", "2026-02", 10),
    ] as [(Int64, String, String?, String, Int64)])
    func kilogramDays(kilograms: Int64, inOn: String, outOn: String?, period: String, expected: Int64) {
        #expect(ColdStoreRule.kilogramDays(kilograms: kilograms, inOn: Self.date(inOn), outOn: outOn.map(Self.date), period: Self.period(period)) == expected)
    }

    @Test("the usage charge is kilogram-days × fen per tonne-day ÷ 1000, rounded half up once", arguments: [
        (7_000 as Int64, 300 as Int64, 2_100 as Int64),   // 7000 × 300 ÷ 1000 = 2100
        (8_645, 300, 2_594),          // 1235 kg × 7 days = 8645 × 300 ÷ 1000 = 2593.5 → 2594
        (3_705, 300, 1_112),          // 1235 kg × 3 days = 3705 × 300 ÷ 1000 = 1111.5 → 1112
        (1, 300, 0),                  // 0.3 → 0
        (5, 300, 2),                  // 1.5 → 2
        (1_000, 0, 0),                // a market that charges nothing
        (60_000_000, 450, 27_000_000),   // 30000 kg for 2000 days = 60000000 kg·days × 450 ÷ 1000 = 27000000
    ] as [(Int64, Int64, Int64)])
    func usageCharge(kilogramDays: Int64, rate: Int64, expected: Int64) {
        #expect(ColdStoreRule.charge(kilogramDays: kilogramDays, rateFenPerTonneDay: rate).fen == expected)
    }
}

/// A planned line says what it charges as a phrase: its English is the stored description,
/// and the office reads it in Chinese from the catalogue.
struct LinePhraseTests {
    @Test("rent, fee and deposit lines read in both languages, the parts a whole month leaves out left out of both")
    func linesInBothLanguages() throws {
        // From 2026-01-15 with 2 free months and a fee of 10.00 per m²: January is 17 of 31 days
        // (all free, the fee only); March has 14 days free; the deposit exceeds 500.00 held.
        let lease = BillingRulesTests.lease("2026-01-15", "2026-12-31") {
            $0.freeMonths = 2
            $0.managementFee = .perSquareMetre(Money(fen: 1000))
            $0.deposit = Money(fen: 200_000)
        }
        let january = try #require(BillingRules.cycleBill(for: lease, period: BillingRulesTests.period("2026-01")))
        let march = try #require(BillingRules.cycleBill(for: lease, period: BillingRulesTests.period("2026-03")))
        let deposit = try #require(BillingRules.depositBill(for: lease, alreadyHeld: Money(fen: 50_000)))
        let lines = january.lines + march.lines + deposit.lines
        #expect(lines.map(\.description) == [
            "management fee 2026-01 S-001, 17 of 31 days",
            "rent 2026-03 S-001, 14 days free", "management fee 2026-03 S-001",
            "deposit, lease 7 (S-001), above the 500.00 already held",
        ])
        #expect(lines.map { $0.phrase.rendered(in: .zh) } == [
            "管理费 2026-01 S-001，按 31 天中的 17 天计",
            "租金 2026-03 S-001，免租 14 天", "管理费 2026-03 S-001",
            "押金，租约 7（S-001），已收 500.00 之外的部分",
        ])
        // Stored as JSON and read back, each says the same in Chinese.
        for line in lines {
            #expect(Phrase(json: line.phrase.json)?.rendered(in: .zh) == line.phrase.rendered(in: .zh))
        }
    }
}
