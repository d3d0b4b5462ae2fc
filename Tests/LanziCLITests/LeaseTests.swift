import Foundation
import Testing

/// `lease create --merchant 1 --units S-001 --start 2026-01-15 --end 2027-01-14 --rent 1200.5` plus `extra`.
func createArguments(_ extra: [String] = [], units: String = "S-001", start: String = "2026-01-15", end: String = "2027-01-14",
                     rent: String = "1200.5", merchant: String = "1") -> [String] {
    ["lease", "create", "--merchant", merchant, "--units", units, "--start", start, "--end", end, "--rent", rent] + extra
}

@Suite("lease create / list / show")
struct LeaseTests {
    @Test("lease create prints the lease; --json gives every term in fen, days and basis points")
    func create() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let text = sandbox.lanzi(createArguments())
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout == "created lease 1: S-001 to 李春华, 2026-01-15 to 2027-01-14, rent 1,200.50 a month\n", "\(text)")

        let lease = try sandbox.object(createArguments([
            "--cycle", "quarterly", "--fee-per-m2", "1.5", "--deposit", "2401", "--free-months", "2", "--escalation-bp", "300",
            "--due-day", "10", "--grace-days", "7", "--late-fee-bp", "5", "--late-fee-cap-bp", "3000",
        ], units: "S-002, T-001", merchant: "2"))
        #expect(lease.int("id") == 2)
        #expect(lease.int("merchant_id") == 2)
        #expect(lease.string("merchant_name") == "王永富")
        #expect(lease.strings("units") == ["S-002", "T-001"])
        #expect(lease.string("area_m2") == "36.00")
        #expect(lease.string("start_on") == "2026-01-15")
        #expect(lease.string("end_on") == "2027-01-14")
        #expect(lease.string("last_day_on") == "2027-01-14")
        #expect(lease.int("rent_fen") == 120050)
        #expect(lease.string("cycle") == "quarterly")
        #expect(lease.string("management_fee_kind") == "per_m2")
        #expect(lease.int("management_fee_fen") == 150)
        #expect(lease.int("deposit_fen") == 240100)
        #expect(lease.int("free_months") == 2)
        #expect(lease.int("escalation_bp") == 300)
        #expect(lease.int("due_day") == 10)
        #expect(lease.int("grace_days") == 7)
        #expect(lease.int("late_fee_bp") == 5)
        #expect(lease.int("late_fee_cap_bp") == 3000)
        #expect(lease.isNull("termination"))
        #expect(lease.isNull("previous_lease_id"))
        #expect(lease.isNull("renewed_by_lease_id"))
        #expect(lease["schedule"] == nil, "create prints no schedule")
        #expect(try sandbox.activityCount() == 1 + 4 + 2 + 2)
    }

    @Test("the defaults of a lease's terms")
    func defaults() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let lease = try sandbox.object(createArguments(units: "C1-01"))
        #expect(lease.string("cycle") == "monthly")
        #expect(lease.string("management_fee_kind") == "none")
        #expect(lease.int("management_fee_fen") == 0)
        #expect(lease.int("deposit_fen") == 0)
        #expect(lease.int("free_months") == 0)
        #expect(lease.int("escalation_bp") == 0)
        #expect(lease.int("due_day") == 5)
        #expect(lease.int("grace_days") == 0)
        #expect(lease.int("late_fee_bp") == 0)
        #expect(lease.int("late_fee_cap_bp") == 10000)
        let fixed = try sandbox.object(createArguments(["--fee-fixed", "20"], units: "T-001"))
        #expect(fixed.string("management_fee_kind") == "fixed")
        #expect(fixed.int("management_fee_fen") == 2000)
    }

    @Test("amounts are typed in yuan with at most two decimals", arguments: [
        ("1200", 120000), ("1200.5", 120050), ("1200.50", 120050), ("0.05", 5), ("0", 0), ("10000000", 1_000_000_000),
    ])
    func amounts(text: String, fen: Int) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        // A rent of 0 is confirmed with --free (without it, it is refused: LeaseTests' refusals).
        let lease = try sandbox.object(createArguments(["--deposit", text] + (fen == 0 ? ["--free"] : []), rent: text))
        #expect(lease.int("rent_fen") == fen)
        #expect(lease.int("deposit_fen") == fen)
        #expect(try sandbox.object("lease", "show", "1").int("rent_fen") == fen)
    }

    static let refusals: [(options: [String], field: String)] = [
        (createArguments(rent: "0"), "--rent"),
        (createArguments(["--free"], rent: "100"), "--rent"),
        (createArguments(rent: "abc"), "--rent"),
        (createArguments(rent: "1200.555"), "--rent"),
        (createArguments(rent: "1,200"), "--rent"),
        (createArguments(rent: "-5"), "--rent"),
        (createArguments(rent: "+5"), "--rent"),
        (createArguments(rent: ".5"), "--rent"),
        (createArguments(rent: "¥1200"), "--rent"),
        (createArguments(rent: "1e3"), "--rent"),
        (createArguments(rent: ""), "--rent"),
        (createArguments(rent: "10000000.01"), "--rent"),
        (createArguments(end: "2026-01-14"), "--end"),
        (createArguments(end: "2046-01-15"), "--end"),
        (createArguments(end: "2027-02-29"), "--end"),
        (createArguments(start: "2026-02-30"), "--start"),
        (createArguments(start: "20260115"), "--start"),
        (createArguments(units: ""), "--units"),
        (createArguments(units: "S-001,"), "--units"),
        (createArguments(units: "S-001,S-001"), "--units"),
        (createArguments(units: "s-001"), "--units"),
        (createArguments(units: "S-404"), "--units"),
        (createArguments(units: "S-001,S-404"), "--units"),
        (createArguments(units: (1...21).map { "U-\($0)" }.joined(separator: ",")), "--units"),
        (createArguments(merchant: "99"), "--merchant"),
        (createArguments(merchant: "abc"), "--merchant"),
        (createArguments(["--free-months", "12"], end: "2026-12-31"), "--free-months"),   // 2026-01-15…2026-12-31 is 12 lease-months
        (createArguments(["--free-months", "-1"]), "--free-months"),
        (createArguments(["--free-months", "two"]), "--free-months"),
        (createArguments(["--due-day", "0"]), "--due-day"),
        (createArguments(["--due-day", "29"]), "--due-day"),
        (createArguments(["--grace-days", "91"]), "--grace-days"),
        (createArguments(["--grace-days", "-1"]), "--grace-days"),
        (createArguments(["--escalation-bp", "10001"]), "--escalation-bp"),
        (createArguments(["--escalation-bp", "-1"]), "--escalation-bp"),
        (createArguments(["--escalation-bp", "3.5"]), "--escalation-bp"),
        (createArguments(["--late-fee-bp", "10001"]), "--late-fee-bp"),
        (createArguments(["--late-fee-cap-bp", "10001"]), "--late-fee-cap-bp"),
        (createArguments(["--cycle", "weekly"]), "--cycle"),
        (createArguments(["--fee-per-m2", "1", "--fee-fixed", "2"]), "--fee-"),
        (createArguments(["--fee-per-m2", "0"]), "--fee-per-m2"),
        (createArguments(["--fee-fixed", "0"]), "--fee-fixed"),
        (createArguments(["--fee-fixed", "1.234"]), "--fee-fixed"),
        (createArguments(["--deposit", "x"]), "--deposit"),
        (createArguments(["--deposit", "-1"]), "--deposit"),
    ]

    @Test("lease create refusals name the option and change nothing", arguments: refusals)
    func createRefusals(options: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        sandbox.expectRefusal(options, naming: "lanzi: \(field)")
    }

    @Test("the free months must be fewer than the lease's months, a part month counting as one")
    func freeMonthsBound() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        // 2026-01-15…2026-02-15 runs into a second lease-month, so 1 free month is allowed…
        let lease = try sandbox.object(createArguments(["--free-months", "1"], end: "2026-02-15"))
        #expect(lease.int("free_months") == 1)
        // …but 2026-01-15…2026-02-14 is exactly one lease-month.
        sandbox.expectRefusal(createArguments(["--free-months", "1"], units: "S-002", end: "2026-02-14"), naming: "--free-months", ["1 month"])
    }

    @Test("no unit is in two leases whose dates overlap; adjacent leases are fine")
    func overlap() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-06-30", "--rent", "500")
        for (start, end) in [("2026-06-30", "2026-12-31"), ("2025-12-01", "2026-01-01"), ("2026-03-01", "2026-03-31"), ("2025-01-01", "2027-01-01")] {
            sandbox.expectRefusal(createArguments(units: "S-001", start: start, end: end, merchant: "2"), naming: "--units",
                                  ["S-001", "lease 1", "2026-01-01", "2026-06-30"])
        }
        // One unit of several taken: the whole lease is refused, the free unit stays free.
        sandbox.expectRefusal(createArguments(units: "S-002,S-001", start: "2026-06-01", end: "2026-07-31", merchant: "2"), naming: "--units", ["S-001"])
        #expect(try sandbox.object("unit", "show", "S-002", "--on", "2026-06-15").string("status") == "available")

        let after = try sandbox.object(createArguments(units: "S-001", start: "2026-07-01", end: "2026-12-31", merchant: "2"))
        #expect(after.int("id") == 2)
        let before = try sandbox.object(createArguments(units: "S-001", start: "2025-12-01", end: "2025-12-31", merchant: "2"))
        #expect(before.int("id") == 3)
        for (day, lease) in [("2025-12-31", 3), ("2026-01-01", 1), ("2026-06-30", 1), ("2026-07-01", 2)] {
            #expect(try sandbox.object("unit", "show", "S-001", "--on", day).int("lease_id") == lease, "on \(day)")
        }
    }

    @Test("a terminated lease frees its units from the day after its new last day")
    func terminationFreesTheUnit() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "500")
        try sandbox.must("lease", "terminate", "1", "--on", "2026-05-31")
        sandbox.expectRefusal(createArguments(units: "S-001", start: "2026-05-31", end: "2026-12-31", merchant: "2"), naming: "--units",
                              ["lease 1", "2026-05-31"])
        let next = try sandbox.object(createArguments(units: "S-001", start: "2026-06-01", end: "2026-12-31", merchant: "2"))
        #expect(next.int("id") == 2)
        #expect(try sandbox.object("unit", "show", "S-001", "--on", "2026-06-01").int("lease_id") == 2)
    }

    @Test("lease list: all, one merchant's, those active on a day; text and --json")
    func list() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2020-01-01", "--end", "2020-12-31", "--rent", "500")
        try sandbox.must("lease", "create", "--merchant", "2", "--units", "S-002", "--start", "2020-03-01", "--end", "2021-02-28", "--rent", "600")
        try sandbox.must("lease", "terminate", "2", "--on", "2020-06-30")
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "T-001", "--start", "2090-01-01", "--end", "2090-12-31", "--rent", "120.5")

        func ids(_ options: String...) throws -> [Int] {
            try sandbox.array(["lease", "list"] + options).compactMap { $0.int("id") }
        }
        #expect(try ids() == [1, 2, 3])
        #expect(try ids("--merchant", "1") == [1, 3])
        #expect(try ids("--merchant", "2") == [2])
        #expect(try ids("--active-on", "2020-06-30") == [1, 2])
        #expect(try ids("--active-on", "2020-07-01") == [1], "a terminated lease is not active after its new last day")
        #expect(try ids("--active-on", "2021-01-01") == [])
        #expect(try ids("--active-on", "2090-12-31", "--merchant", "1") == [3])
        #expect(try ids("--active-on", "2090-12-31", "--merchant", "2") == [])

        let all = try sandbox.array("lease", "list")
        #expect(all[1].string("last_day_on") == "2020-06-30")
        #expect(all[1].string("end_on") == "2021-02-28")
        #expect(all[1].object("termination")?.string("on") == "2020-06-30")
        #expect(all[2].int("rent_fen") == 12050)
        #expect(all.allSatisfy { $0["schedule"] == nil })

        let text = try sandbox.must("lease", "list")
        let rows = text.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first == ["id", "merchant", "units", "start", "last", "day", "rent/month", "cycle", "state"], "\(text)")
        #expect(rows.contains(["1", "李春华", "S-001", "2020-01-01", "2020-12-31", "500.00", "monthly", "ended"]), "\(text)")
        #expect(rows.contains(["2", "王永富", "S-002", "2020-03-01", "2020-06-30", "600.00", "monthly", "terminated"]), "\(text)")
        #expect(rows.contains(["3", "李春华", "T-001", "2090-01-01", "2090-12-31", "120.50", "monthly", "future"]), "\(text)")
        #expect(text.stdout.hasSuffix("3 lease(s)\n"), "\(text)")

        let empty = try sandbox.must("lease", "list", "--active-on", "2019-01-01")
        #expect(empty.stdout == "no leases\n")
        sandbox.expectRefusal(["lease", "list", "--active-on", "2020-02-30"], naming: "--active-on")
    }

    @Test("lease show refuses an unknown or malformed id", arguments: [
        (["lease", "show", "99"], "no lease 99"),
        (["lease", "show", "0"], "ID"),
        (["lease", "show", "x1"], "ID"),
        (["lease", "show", "-1"], "ID"),
    ])
    func showUnknown(arguments: [String], message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must(createArguments())
        sandbox.expectRefusal(arguments, naming: message)
    }
}
