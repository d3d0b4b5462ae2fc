import Foundation
import Testing

@Suite("lease renew")
struct RenewTests {
    /// Lease 1: S-001 to merchant 1, 2025-01-01…2026-12-31, 1000.00 a month rising 500 bp a
    /// year, three free months, quarterly, fixed fee 50.00, deposit 2000.00, due day 10,
    /// grace 5 days, late fee 5 bp capped at 3000 bp.
    static func makeLease(_ sandbox: Sandbox) throws {
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001,T-001", "--start", "2025-01-01", "--end", "2026-12-31",
                         "--rent", "1000.00", "--escalation-bp", "500", "--free-months", "3", "--cycle", "quarterly", "--fee-fixed", "50",
                         "--deposit", "2000", "--due-day", "10", "--grace-days", "5", "--late-fee-bp", "5", "--late-fee-cap-bp", "3000")
    }

    @Test("a renewal starts the day after the old end, keeps the terms, has no free months, and by default the rent in force at the end")
    func renew() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        let text = try sandbox.must("lease", "renew", "1", "--end", "2027-12-31")
        // 1000.00 rises 5% on the one anniversary inside the lease (2026-01-01): 1050.00.
        #expect(text.stdout == "renewed lease 1 as lease 2: 2027-01-01 to 2027-12-31, rent 1,050.00 a month\n", "\(text)")

        let renewal = try sandbox.object("lease", "show", "2")
        #expect(renewal.int("merchant_id") == 1)
        #expect(renewal.strings("units") == ["S-001", "T-001"])
        #expect(renewal.string("start_on") == "2027-01-01")
        #expect(renewal.string("end_on") == "2027-12-31")
        #expect(renewal.int("rent_fen") == 105000)
        #expect(renewal.int("free_months") == 0)
        #expect(renewal.int("escalation_bp") == 500)
        #expect(renewal.string("cycle") == "quarterly")
        #expect(renewal.string("management_fee_kind") == "fixed")
        #expect(renewal.int("management_fee_fen") == 5000)
        #expect(renewal.int("deposit_fen") == 200000)
        #expect(renewal.int("due_day") == 10)
        #expect(renewal.int("grace_days") == 5)
        #expect(renewal.int("late_fee_bp") == 5)
        #expect(renewal.int("late_fee_cap_bp") == 3000)
        #expect(renewal.int("previous_lease_id") == 1)
        #expect(renewal.isNull("renewed_by_lease_id"))
        // The renewal's first month is charged in full: no free months.
        #expect(renewal.objects("schedule")?.first?.int("rent_fen") == 105000)
        #expect(renewal.int("total_rent_fen") == 12 * 105000)

        let old = try sandbox.object("lease", "show", "1")
        #expect(old.int("renewed_by_lease_id") == 2)
        #expect(old.string("end_on") == "2026-12-31", "the old lease is never edited")
        #expect(old.int("free_months") == 3)

        let shown = try sandbox.must("lease", "show", "2")
        #expect(shown.stdout.contains("renews:       lease 1"), "\(shown)")
        #expect(try sandbox.must("lease", "show", "1").stdout.contains("renewed by:   lease 2"))
        #expect(try sandbox.object("unit", "show", "T-001", "--on", "2027-01-01").int("lease_id") == 2)
    }

    @Test("the default rent compounds each anniversary, rounded half up to the fen", arguments: [
        // 610.00 +3% = 628.30; +3% = 647.149 → 647.15.
        ("610.00", "300", "2026-01-01", "2028-12-31", 64715),
        ("610.00", "300", "2026-01-01", "2027-12-31", 62830),
        // The end is the day before the second anniversary: one rise only.
        ("1000", "500", "2025-03-15", "2027-03-14", 105000),
        // The end is the second anniversary itself: it counts.
        ("1000", "500", "2025-03-15", "2027-03-15", 110250),
        // 333.33 +0.01% = 333.363333 → 333.36.
        ("333.33", "1", "2025-01-01", "2026-06-30", 33336),
        ("800", "0", "2020-01-01", "2026-12-31", 80000),
    ])
    func defaultRent(rent: String, escalation: String, start: String, end: String, expected: Int) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must(createArguments(["--escalation-bp", escalation], start: start, end: end, rent: rent))
        let renewal = try sandbox.object("lease", "renew", "1", "--end", "2030-12-31")
        #expect(renewal.int("rent_fen") == expected)
        let old = try sandbox.object("lease", "show", "1")
        #expect(old.objects("schedule")?.last?.int("rent_in_force_fen") == expected, "the schedule's last rent in force is the renewal's rent")
    }

    @Test("--rent sets the renewal's rent; the renewal may itself be renewed")
    func renewWithRentAndChain() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        let renewal = try sandbox.object("lease", "renew", "1", "--end", "2027-12-31", "--rent", "1100.5")
        #expect(renewal.int("id") == 2)
        #expect(renewal.int("rent_fen") == 110050)
        // Lease 2 has no anniversary inside it (2027-01-01…2027-12-31), so its rent carries over.
        let third = try sandbox.object("lease", "renew", "2", "--end", "2028-01-01")
        #expect(third.int("id") == 3)
        #expect(third.string("start_on") == "2028-01-01")
        #expect(third.string("end_on") == "2028-01-01", "a one-day renewal is allowed")
        #expect(third.int("rent_fen") == 110050)
        #expect(third.int("previous_lease_id") == 2)
        #expect(try sandbox.object("lease", "show", "2").int("renewed_by_lease_id") == 3)
    }

    @Test("renewing twice is refused")
    func renewTwice() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        try sandbox.must("lease", "renew", "1", "--end", "2027-12-31")
        sandbox.expectRefusal(["lease", "renew", "1", "--end", "2028-12-31"], naming: "lease 1", ["renewed by lease 2"])
        sandbox.expectRefusal(["lease", "renew", "1", "--end", "2027-12-31", "--rent", "900"], naming: "lease 1", ["renewed by lease 2"])
    }

    @Test("renewing a terminated lease is refused")
    func renewTerminated() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        try sandbox.must("lease", "terminate", "1", "--on", "2026-06-30")
        sandbox.expectRefusal(["lease", "renew", "1", "--end", "2027-12-31"], naming: "lease 1", ["terminated"])
    }

    @Test("renew refusals change nothing", arguments: [
        (["1", "--end", "2026-12-31"], "--end"),     // the old end: the renewal would start after it ends
        (["1", "--end", "2026-06-30"], "--end"),
        (["1", "--end", "2027-02-30"], "--end"),
        (["1", "--end", "2047-01-01"], "--end"),     // twenty years from the renewal's start
        (["1", "--end", "2027-12-31", "--rent", "1050.001"], "--rent"),
        (["1", "--end", "2027-12-31", "--rent", "-1"], "--rent"),
        (["99", "--end", "2027-12-31"], "no lease 99"),
        (["one", "--end", "2027-12-31"], "ID"),
    ])
    func renewRefusals(arguments: [String], field: String) throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        sandbox.expectRefusal(["lease", "renew"] + arguments, naming: field)
    }

    @Test("a renewal is refused when a unit was let to someone else after the old end, or is out of service")
    func renewIntoATakenUnit() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        try sandbox.must("lease", "create", "--merchant", "2", "--units", "T-001", "--start", "2027-03-01", "--end", "2027-12-31", "--rent", "100")
        sandbox.expectRefusal(["lease", "renew", "1", "--end", "2027-12-31"], naming: "--units", ["T-001", "lease 2"])
        let short = try sandbox.object("lease", "renew", "1", "--end", "2027-02-28")
        #expect(short.int("id") == 3)

        let other = try Sandbox()
        try Self.makeLease(other)
        try other.must("unit", "set-status", "S-001", "out_of_service", "--on", "2027-01-01")
        other.expectRefusal(["lease", "renew", "1", "--end", "2027-12-31"], naming: "--units", ["S-001", "out of service"])
    }
}

@Suite("lease terminate")
struct TerminateTests {
    /// Lease 1: S-001 to merchant 1, 2026-01-01…2026-12-31, 500.00 a month.
    static func makeLease(_ sandbox: Sandbox) throws {
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "500")
    }

    @Test("terminate records the new last day beside the lease")
    func terminate() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        let logged = try sandbox.activityCount()
        let text = try sandbox.must("lease", "terminate", "1", "--on", "2026-03-31", "--reason", "商户转行")
        #expect(text.stdout.hasPrefix("terminated lease 1 of "), "\(text)")
        #expect(text.stdout.contains("(merchant 1): its last day is 2026-03-31\n  nothing was billed beyond the last day\n  no deposit was held\n"), "\(text)")
        #expect(try sandbox.activityCount() == logged + 1)

        let lease = try sandbox.object("lease", "show", "1")
        #expect(lease.string("start_on") == "2026-01-01")
        #expect(lease.string("end_on") == "2026-12-31", "the signed end is kept")
        #expect(lease.string("last_day_on") == "2026-03-31")
        #expect(lease.object("termination")?.string("on") == "2026-03-31")
        #expect(lease.object("termination")?.string("reason") == "商户转行")
        // The schedule stops at the new last day: three full months of 500.00.
        #expect(lease.objects("schedule")?.compactMap { $0.string("period") } == ["2026-01", "2026-02", "2026-03"])
        #expect(lease.int("total_rent_fen") == 150000)
        #expect(try sandbox.object("unit", "show", "S-001", "--on", "2026-03-31").string("status") == "leased")
        #expect(try sandbox.object("unit", "show", "S-001", "--on", "2026-04-01").string("status") == "available")
        let shown = try sandbox.must("lease", "show", "1")
        #expect(shown.stdout.contains("term:         2026-01-01 to 2026-12-31, terminated: last day 2026-03-31 (商户转行)"), "\(shown)")
    }

    @Test("terminate --json; the reason defaults to \"early termination\"; the first and the second-to-last day are allowed",
          arguments: ["2026-01-01", "2026-12-30", "2026-07-15"])
    func terminateOn(day: String) throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        let lease = try sandbox.object("lease", "terminate", "1", "--on", day)
        #expect(lease.int("id") == 1)
        #expect(lease.string("last_day_on") == day)
        #expect(lease.object("termination")?.string("on") == day)
        #expect(lease.object("termination")?.string("reason") == "early termination")
    }

    @Test("terminate refusals change nothing", arguments: [
        (["1", "--on", "2025-12-31"], "--on"),      // before the start
        (["1", "--on", "2026-12-31"], "--on"),      // the end itself
        (["1", "--on", "2027-01-01"], "--on"),      // after the end
        (["1", "--on", "2026-02-29"], "--on"),
        (["1", "--on", "2026-6-30"], "--on"),
        (["1", "--on", "2026-06-30", "--reason", String(repeating: "因", count: 201)], "--reason"),
        (["2", "--on", "2026-06-30"], "no lease 2"),
        (["0", "--on", "2026-06-30"], "ID"),
    ])
    func terminateRefusals(arguments: [String], field: String) throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        sandbox.expectRefusal(["lease", "terminate"] + arguments, naming: field)
    }

    @Test("terminating twice is refused, even with an earlier day")
    func terminateTwice() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        try sandbox.must("lease", "terminate", "1", "--on", "2026-06-30")
        sandbox.expectRefusal(["lease", "terminate", "1", "--on", "2026-06-30"], naming: "lease 1", ["already terminated", "2026-06-30"])
        sandbox.expectRefusal(["lease", "terminate", "1", "--on", "2026-03-31"], naming: "lease 1", ["already terminated"])
    }

    @Test("a renewed lease cannot be terminated; its renewal can")
    func terminateRenewed() throws {
        let sandbox = try Sandbox()
        try Self.makeLease(sandbox)
        try sandbox.must("lease", "renew", "1", "--end", "2027-12-31")
        sandbox.expectRefusal(["lease", "terminate", "1", "--on", "2026-06-30"], naming: "lease 1", ["lease 2"])
        #expect(try sandbox.object("lease", "terminate", "2", "--on", "2027-06-30").string("last_day_on") == "2027-06-30")
    }
}
