import Foundation
import Testing

@Suite("unit list / show / add / set-status")
struct UnitTests {
    @Test("unit add prints what it added, in text and --json")
    func add() throws {
        let sandbox = try Sandbox()
        try sandbox.initMarket()
        let text = try sandbox.must("unit", "add", "--code", "S-001", "--kind", "shop", "--area", "24.5")
        #expect(text.stdout == "added shop S-001, 24.50 m²\n", "\(text)")

        let stall = try sandbox.object("unit", "add", "--code", "T-001", "--kind", "stall", "--area", "6", "--phase", "3")
        #expect(stall.string("code") == "T-001")
        #expect(stall.string("kind") == "stall")
        #expect(stall.int("phase") == 3)
        #expect(stall.string("area_m2") == "6.00")
        #expect(stall.string("status") == "available")
        #expect(stall.isNull("building"))
        #expect(stall.isNull("capacity_kg"))
        #expect(stall.isNull("lease_id"))
        #expect(stall.int("id") != nil)

        let room = try sandbox.object("unit", "add", "--code", "C1-01", "--kind", "cold_room", "--area", "60.25",
                                      "--building", "1号冷库", "--capacity-kg", "30000")
        #expect(room.string("kind") == "cold_room")
        #expect(room.int("phase") == 1, "phase defaults to 1")
        #expect(room.string("area_m2") == "60.25")
        #expect(room.string("building") == "1号冷库")
        #expect(room.int("capacity_kg") == 30000)
        #expect(try sandbox.activityCount() == 4, "the market and three units")
    }

    @Test("unit add refusals name the option and change nothing", arguments: [
        (["--code", "s-9", "--kind", "shop", "--area", "10"], "--code"),
        (["--code", "S_9", "--kind", "shop", "--area", "10"], "--code"),
        (["--code", "S-0000000000000017", "--kind", "shop", "--area", "10"], "--code"),
        (["--code", "", "--kind", "shop", "--area", "10"], "--code"),
        (["--code", "S-001", "--kind", "shop", "--area", "10"], "--code"),   // already in the register
        (["--code", "S-009", "--kind", "hut", "--area", "10"], "--kind"),
        (["--code", "S-009", "--kind", "Shop", "--area", "10"], "--kind"),
        (["--code", "S-009", "--kind", "shop", "--area", "0"], "--area"),
        (["--code", "S-009", "--kind", "shop", "--area", "0.00"], "--area"),
        (["--code", "S-009", "--kind", "shop", "--area", "-5"], "--area"),
        (["--code", "S-009", "--kind", "shop", "--area", "24.555"], "--area"),
        (["--code", "S-009", "--kind", "shop", "--area", "abc"], "--area"),
        (["--code", "S-009", "--kind", "shop", "--area", "100000.01"], "--area"),
        (["--code", "S-009", "--kind", "shop", "--area", "10", "--phase", "0"], "--phase"),
        (["--code", "S-009", "--kind", "shop", "--area", "10", "--phase", "100"], "--phase"),
        (["--code", "S-009", "--kind", "shop", "--area", "10", "--phase", "one"], "--phase"),
        (["--code", "S-009", "--kind", "shop", "--area", "10", "--building", "1号冷库"], "--building"),
        (["--code", "S-009", "--kind", "stall", "--area", "10", "--capacity-kg", "100"], "--building"),
        (["--code", "C-009", "--kind", "cold_room", "--area", "10"], "--building"),
        (["--code", "C-009", "--kind", "cold_room", "--area", "10", "--building", "1号冷库"], "--capacity-kg"),
        (["--code", "C-009", "--kind", "cold_room", "--area", "10", "--building", "1号冷库", "--capacity-kg", "0"], "--capacity-kg"),
        (["--code", "C-009", "--kind", "cold_room", "--area", "10", "--building", " ", "--capacity-kg", "10"], "--building"),
    ])
    func addRefusals(options: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        sandbox.expectRefusal(["unit", "add"] + options, naming: "\(field):")
    }

    @Test("unit list: every unit in code order, filtered by kind and status, text and --json")
    func list() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001,C1-01", "--start", "2026-03-01", "--end", "2026-08-31", "--rent", "3000")
        try sandbox.must("unit", "set-status", "T-001", "out_of_service", "--on", "2026-06-01")

        func codes(_ options: String...) throws -> [String] {
            try sandbox.array(["unit", "list"] + options).compactMap { $0.string("code") }
        }
        #expect(try codes("--on", "2026-06-01") == ["C1-01", "S-001", "S-002", "T-001"])
        #expect(try codes("--on", "2026-06-01", "--kind", "shop") == ["S-001", "S-002"])
        #expect(try codes("--on", "2026-06-01", "--kind", "cold_room") == ["C1-01"])
        #expect(try codes("--on", "2026-06-01", "--status", "leased") == ["C1-01", "S-001"])
        #expect(try codes("--on", "2026-06-01", "--status", "available") == ["S-002"])
        #expect(try codes("--on", "2026-06-01", "--status", "out_of_service") == ["T-001"])
        #expect(try codes("--on", "2026-06-01", "--status", "leased", "--kind", "shop") == ["S-001"])
        #expect(try codes("--on", "2026-02-28", "--status", "leased") == [])
        #expect(try codes("--on", "2026-09-01", "--status", "available") == ["C1-01", "S-001", "S-002"])

        let units = try sandbox.array("unit", "list", "--on", "2026-03-01")
        let shop = try #require(units.first { $0.string("code") == "S-001" })
        #expect(shop.string("status") == "leased")
        #expect(shop.int("lease_id") == 1)
        #expect(shop.string("area_m2") == "24.50")
        let free = try #require(units.first { $0.string("code") == "S-002" })
        #expect(free.string("status") == "available")
        #expect(free.isNull("lease_id"))
        #expect(free.int("phase") == 2)

        let text = try sandbox.must("unit", "list", "--on", "2026-06-01")
        let lines = text.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first?.first == "code", "\(text)")
        #expect(lines.contains(["S-001", "shop", "1", "24.50", "leased", "1"]), "\(text)")
        #expect(lines.contains(["T-001", "stall", "1", "6.00", "out_of_service"]), "\(text)")
        #expect(lines.contains(["C1-01", "cold_room", "1", "60.00", "leased", "1", "1号冷库", "30000"]), "\(text)")
        #expect(text.stdout.hasSuffix("4 unit(s)\n"), "\(text)")

        let none = try sandbox.must("unit", "list", "--kind", "stall", "--status", "leased", "--on", "2026-06-01")
        #expect(none.stdout == "no units\n", "\(none)")
    }

    @Test("unit list and show refuse a bad filter or day", arguments: [
        (["unit", "list", "--kind", "hut"], "--kind"),
        (["unit", "list", "--status", "rented"], "--status"),
        (["unit", "list", "--on", "2026-02-30"], "--on"),
        (["unit", "list", "--on", "2026/06/01"], "--on"),
        (["unit", "show", "S-001", "--on", "tomorrow"], "--on"),
        (["unit", "show", "S-404"], "S-404"),
    ])
    func listRefusals(arguments: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        sandbox.expectRefusal(arguments, naming: field)
    }

    @Test("unit show: leased from the first day through the last, available either side")
    func showFollowsTheLease() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "2", "--units", "S-002", "--start", "2026-03-15", "--end", "2026-09-14", "--rent", "800")
        for (day, status) in [("2026-03-14", "available"), ("2026-03-15", "leased"), ("2026-06-30", "leased"),
                              ("2026-09-14", "leased"), ("2026-09-15", "available")] {
            let unit = try sandbox.object("unit", "show", "S-002", "--on", day)
            #expect(unit.string("status") == status, "on \(day)")
            if status == "leased" { #expect(unit.int("lease_id") == 1, "on \(day)") } else { #expect(unit.isNull("lease_id"), "on \(day)") }
        }
        let text = try sandbox.must("unit", "show", "S-002", "--on", "2026-04-01")
        let row = text.stdout.split(separator: "\n").dropFirst().first.map { $0.split(separator: " ").map(String.init) }
        #expect(row == ["S-002", "shop", "2", "30.00", "leased", "1"], "\(text)")
    }

    @Test("set-status takes a unit out of service and back, and logs each change")
    func setStatus() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let logged = try sandbox.activityCount()
        let text = try sandbox.must("unit", "set-status", "S-002", "out_of_service")
        #expect(text.stdout == "unit S-002 is out_of_service\n", "\(text)")
        #expect(try sandbox.object("unit", "show", "S-002", "--on", "2030-01-01").string("status") == "out_of_service")
        #expect(try sandbox.activityCount() == logged + 1)

        // Already out of service: nothing to do, nothing logged.
        let again = try sandbox.object("unit", "set-status", "S-002", "out_of_service")
        #expect(again.string("status") == "out_of_service")
        #expect(try sandbox.activityCount() == logged + 1)

        let back = try sandbox.object("unit", "set-status", "S-002", "available", "--on", "2026-01-01")
        #expect(back.string("status") == "available")
        #expect(back.string("code") == "S-002")
        #expect(try sandbox.object("unit", "show", "S-002", "--on", "2026-01-01").string("status") == "available")
        #expect(try sandbox.activityCount() == logged + 2)
    }

    @Test("set-status refusals change nothing", arguments: [
        (["S-001", "leased"], "STATUS"),
        (["S-001", "broken"], "STATUS"),
        (["S-001", "Out_Of_Service"], "STATUS"),
        (["S-404", "out_of_service"], "S-404"),
        (["S-001", "out_of_service", "--on", "2026-13-01"], "--on"),
    ])
    func setStatusRefusals(arguments: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        sandbox.expectRefusal(["unit", "set-status"] + arguments, naming: field)
    }

    @Test("a unit a lease holds on the day or later cannot go out of service; after its last day it can")
    func outOfServiceAndLeases() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-03-01", "--end", "2026-08-31", "--rent", "500")
        // Held on the day asked about.
        sandbox.expectRefusal(["unit", "set-status", "S-001", "out_of_service", "--on", "2026-05-01"], naming: "S-001", ["lease 1"])
        // On the last day.
        sandbox.expectRefusal(["unit", "set-status", "S-001", "out_of_service", "--on", "2026-08-31"], naming: "S-001", ["lease 1"])
        // Before the lease starts: it holds the unit later.
        sandbox.expectRefusal(["unit", "set-status", "S-001", "out_of_service", "--on", "2026-01-01"], naming: "S-001", ["lease 1"])
        // The day after the last day: free.
        let unit = try sandbox.object("unit", "set-status", "S-001", "out_of_service", "--on", "2026-09-01")
        #expect(unit.string("status") == "out_of_service")
    }

    @Test("a terminated lease no longer holds the unit after its new last day")
    func outOfServiceAfterTermination() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-03-01", "--end", "2026-08-31", "--rent", "500")
        try sandbox.must("lease", "terminate", "1", "--on", "2026-04-30")
        sandbox.expectRefusal(["unit", "set-status", "S-001", "out_of_service", "--on", "2026-04-30"], naming: "S-001", ["lease 1"])
        #expect(try sandbox.object("unit", "set-status", "S-001", "out_of_service", "--on", "2026-05-01").string("status") == "out_of_service")
    }

    @Test("no lease may include a unit out of service")
    func leaseOnOutOfServiceUnit() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("unit", "set-status", "T-001", "out_of_service")
        sandbox.expectRefusal(["lease", "create", "--merchant", "1", "--units", "T-001", "--start", "2027-01-01", "--end", "2027-12-31",
                               "--rent", "100"], naming: "--units", ["T-001", "out of service"])
        // With another unit beside it, neither is leased.
        sandbox.expectRefusal(["lease", "create", "--merchant", "1", "--units", "S-001,T-001", "--start", "2027-01-01", "--end", "2027-12-31",
                               "--rent", "100"], naming: "--units", ["T-001", "out of service"])
        try sandbox.must("unit", "set-status", "T-001", "available")
        let lease = try sandbox.object("lease", "create", "--merchant", "1", "--units", "T-001", "--start", "2027-01-01", "--end", "2027-12-31", "--rent", "100")
        #expect(lease.strings("units") == ["T-001"])
    }
}
