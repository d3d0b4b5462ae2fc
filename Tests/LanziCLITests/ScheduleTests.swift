import Foundation
import Testing

/// `lease show`'s month-by-month rent schedule, every figure worked out by hand from the
/// README's rule: a month's rent is Σ(rent in force × chargeable days) ÷ days in the month,
/// rounded half up to the fen once; free months count from the start date, to the day; the
/// escalation starts on the anniversary itself; the management fee is prorated the same way
/// and charged in free months too.
@Suite("lease show: the rent schedule")
struct ScheduleTests {
    /// One expected month: period, leased days, free days, rent in force, escalation, rent, fee (all fen).
    struct Month: Equatable, CustomStringConvertible {
        var period: String
        var leasedDays: Int
        var freeDays: Int
        var rentInForce: Int
        var escalation: Bool
        var rent: Int
        var fee: Int

        var description: String { "\(period) \(leasedDays)d free \(freeDays) in force \(rentInForce) esc \(escalation) rent \(rent) fee \(fee)" }

        init(_ period: String, _ leasedDays: Int, _ freeDays: Int, _ rentInForce: Int, _ escalation: Bool, _ rent: Int, _ fee: Int) {
            (self.period, self.leasedDays, self.freeDays, self.rentInForce, self.escalation, self.rent, self.fee) =
                (period, leasedDays, freeDays, rentInForce, escalation, rent, fee)
        }

        init?(json: [String: Any]) {
            guard let period = json.string("period"), let leasedDays = json.int("leased_days"), let freeDays = json.int("free_days"),
                  let rentInForce = json.int("rent_in_force_fen"), let escalation = json.bool("escalation"),
                  let rent = json.int("rent_fen"), let fee = json.int("management_fee_fen"), let total = json.int("total_fen"),
                  total == rent + fee else { return nil }
            self.init(period, leasedDays, freeDays, rentInForce, escalation, rent, fee)
        }
    }

    /// S-001 (24.50 m²) and T-001 (6.00 m²), 30.50 m² in all, from 2026-01-15 to 2027-03-20 at
    /// 1000.00 a month, two free months, 500 bp a year, management fee 2.00 per m²: 61.00 a month.
    ///
    /// - The free period runs 2026-01-15 up to (not including) 2026-03-15.
    /// - 2026-01: 17 days (15th–31st), all free: rent 0. Fee 6100 × 17 / 31 = 3345.16 → 3345.
    /// - 2026-02: 28 days, all free: rent 0. Fee 6100.
    /// - 2026-03: 14 free days (1st–14th), 17 charged: 100000 × 17 / 31 = 54838.71 → 54839. Fee 6100.
    /// - 2026-04 … 2026-12: 100000 and 6100 each.
    /// - 2027-01: the anniversary is 2027-01-15, so 14 days at 100000 and 17 at 105000:
    ///   (1400000 + 1785000) / 31 = 102741.94 → 102742; rent in force 105000. Fee 6100.
    /// - 2027-02: 105000. Fee 6100.
    /// - 2027-03: 20 days (1st–20th) at 105000: 2100000 / 31 = 67741.94 → 67742. Fee 6100 × 20 / 31 = 3935.48 → 3935.
    ///
    /// Rent: 54839 + 9 × 100000 + 102742 + 105000 + 67742 = 1230323.
    /// Fee: 3345 + 13 × 6100 + 3935 = 86580.
    static let expected: [Month] = [
        Month("2026-01", 17, 17, 100000, false, 0, 3345),
        Month("2026-02", 28, 28, 100000, false, 0, 6100),
        Month("2026-03", 31, 14, 100000, false, 54839, 6100),
        Month("2026-04", 30, 0, 100000, false, 100000, 6100),
        Month("2026-05", 31, 0, 100000, false, 100000, 6100),
        Month("2026-06", 30, 0, 100000, false, 100000, 6100),
        Month("2026-07", 31, 0, 100000, false, 100000, 6100),
        Month("2026-08", 31, 0, 100000, false, 100000, 6100),
        Month("2026-09", 30, 0, 100000, false, 100000, 6100),
        Month("2026-10", 31, 0, 100000, false, 100000, 6100),
        Month("2026-11", 30, 0, 100000, false, 100000, 6100),
        Month("2026-12", 31, 0, 100000, false, 100000, 6100),
        Month("2027-01", 31, 0, 105000, true, 102742, 6100),
        Month("2027-02", 28, 0, 105000, false, 105000, 6100),
        Month("2027-03", 20, 0, 105000, false, 67742, 3935),
    ]

    static func makeLease(_ sandbox: Sandbox) throws {
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001,T-001", "--start", "2026-01-15", "--end", "2027-03-20",
                         "--rent", "1000", "--free-months", "2", "--escalation-bp", "500", "--fee-per-m2", "2")
    }

    @Test("free months, a mid-month start and end, and an escalation inside a month (--json)")
    func scheduleJSON() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        let lease = try sandbox.object("lease", "show", "1")
        #expect(lease.string("area_m2") == "30.50")
        let months = try #require(lease.objects("schedule"))
        #expect(months.compactMap(Month.init(json:)) == Self.expected)
        #expect(months.first?.string("first_day_on") == "2026-01-15")
        #expect(months.first?.string("last_day_on") == "2026-01-31")
        #expect(months.last?.string("first_day_on") == "2027-03-01")
        #expect(months.last?.string("last_day_on") == "2027-03-20")
        #expect(lease.int("total_rent_fen") == 1_230_323)
        #expect(lease.int("total_management_fee_fen") == 86_580)
    }

    @Test("the same schedule as text")
    func scheduleText() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        let text = try sandbox.must("lease", "show", "1")
        let out = text.stdout
        #expect(out.contains("lease 1: 李春华 (merchant 1)"), "\(out)")
        #expect(out.contains("units:        S-001 (shop, 24.50 m²), T-001 (stall, 6.00 m²)"), "\(out)")
        #expect(out.contains("term:         2026-01-15 to 2027-03-20"), "\(out)")
        #expect(out.contains("rent:         ¥1,000.00 a month, billed monthly"), "\(out)")
        #expect(out.contains("management:   2.00 per m² a month"), "\(out)")
        #expect(out.contains("free months:  2 · escalation 500 bp a year"), "\(out)")
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["2026-01", "17", "17", "1,000.00", "0.00", "33.45", "33.45", "part", "month"]), "\(out)")
        #expect(rows.contains(["2026-03", "31", "14", "1,000.00", "548.39", "61.00", "609.39"]), "\(out)")
        #expect(rows.contains(["2027-01", "31", "1,050.00", "1,027.42", "61.00", "1,088.42", "escalation"]), "\(out)")
        #expect(rows.contains(["2027-03", "20", "1,050.00", "677.42", "39.35", "716.77", "part", "month"]), "\(out)")
        #expect(rows.contains(["total", "12,303.23", "865.80", "13,169.03"]), "\(out)")
    }

    @Test("a termination cuts the schedule at the new last day")
    func scheduleAfterTermination() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        try sandbox.must("lease", "terminate", "1", "--on", "2026-04-10")
        let lease = try sandbox.object("lease", "show", "1")
        let months = try #require(lease.objects("schedule")).compactMap(Month.init(json:))
        // 2026-04: 10 of 30 days: rent 100000 × 10 / 30 = 33333.33 → 33333; fee 6100 × 10 / 30 = 2033.33 → 2033.
        #expect(months == Array(Self.expected.prefix(3)) + [Month("2026-04", 10, 0, 100000, false, 33333, 2033)])
        #expect(lease.int("total_rent_fen") == 54839 + 33333)
        #expect(lease.int("total_management_fee_fen") == 3345 + 6100 + 6100 + 2033)
    }

    @Test("an anniversary on the first of a month raises that whole month; a fixed fee is prorated")
    func anniversaryOnTheFirst() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        // 610.00 from 2026-01-01, 300 bp: 628.30 from 2027-01-01, 647.149 → 647.15 from 2028-01-01.
        // The lease ends 2028-01-10: 64715 × 10 / 31 = 20875.81 → 20876. Fixed fee 20.00: 2000 × 10 / 31 = 645.16 → 645.
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-002", "--start", "2026-01-01", "--end", "2028-01-10",
                         "--rent", "610.00", "--escalation-bp", "300", "--fee-fixed", "20")
        let lease = try sandbox.object("lease", "show", "1")
        let months = try #require(lease.objects("schedule")).compactMap(Month.init(json:))
        #expect(months.count == 25)
        #expect(months.first == Month("2026-01", 31, 0, 61000, false, 61000, 2000))
        #expect(months.first { $0.period == "2026-12" } == Month("2026-12", 31, 0, 61000, false, 61000, 2000))
        #expect(months.first { $0.period == "2027-01" } == Month("2027-01", 31, 0, 62830, true, 62830, 2000))
        #expect(months.first { $0.period == "2027-02" } == Month("2027-02", 28, 0, 62830, false, 62830, 2000))
        #expect(months.last == Month("2028-01", 10, 0, 64715, true, 20876, 645))
        #expect(lease.int("total_rent_fen") == 12 * 61000 + 12 * 62830 + 20876)
        #expect(lease.int("total_management_fee_fen") == 24 * 2000 + 645)
    }
}
