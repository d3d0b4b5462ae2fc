import Foundation
import Testing

@Suite("init and market show / set")
struct MarketTests {
    @Test("init without a market makes an empty database; market show then refuses")
    func initWithoutMarket() throws {
        let sandbox = try Sandbox()
        let text = sandbox.lanzi("init")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("database \(sandbox.database) is ready"), "\(text)")
        #expect(text.stdout.contains("no market yet"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: sandbox.database))

        let json = try sandbox.object("init")
        #expect(json.string("database") == sandbox.database)
        #expect(json.isNull("market"), "\(json)")

        let show = sandbox.lanzi("market", "show")
        #expect(show.status == 1, "\(show)")
        #expect(show.stderr.contains("no market yet"), "\(show)")
        let set = sandbox.lanzi("market", "set", "--name", "x")
        #expect(set.status == 1, "\(set)")
        #expect(set.stderr.contains("no market yet"), "\(set)")
    }

    @Test("init --code sets up the market, text and --json")
    func initWithMarket() throws {
        let sandbox = try Sandbox()
        let text = sandbox.lanzi("init", "--code", "BWG", "--name", "布王戈农特产品分流中心", "--operator", "弥勒浩瑞商业运营管理有限公司",
                                 "--collective", "布王戈村小组", "--household-min", "2", "--household-max", "4")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("market BWG 布王戈农特产品分流中心"), "\(text)")

        let market = try sandbox.object("market", "show")
        #expect(market.string("code") == "BWG")
        #expect(market.string("name") == "布王戈农特产品分流中心")
        #expect(market.string("operator") == "弥勒浩瑞商业运营管理有限公司")
        #expect(market.string("collective") == "布王戈村小组")
        #expect(market.int("household_min") == 2)
        #expect(market.int("household_max") == 4)

        let show = try sandbox.must("market", "show")
        #expect(show.stdout.contains("布王戈农特产品分流中心 (BWG)"), "\(show)")
        #expect(show.stdout.contains("operator:    弥勒浩瑞商业运营管理有限公司"), "\(show)")
        #expect(show.stdout.contains("collective:  布王戈村小组"), "\(show)")
        #expect(show.stdout.contains("households per party member: 2–4"), "\(show)")
        #expect(try sandbox.activityCount() == 1)
    }

    @Test("init --json reports the market, with the default 3–5 households")
    func initJSON() throws {
        let sandbox = try Sandbox()
        let json = try sandbox.object("init", "--code", "TST", "--name", " 测试 ", "--operator", "O", "--collective", "C")
        #expect(json.string("database") == sandbox.database)
        let market = try #require(json.object("market"), "\(json)")
        #expect(market.string("code") == "TST")
        #expect(market.string("name") == "测试", "names are trimmed")
        #expect(market.int("household_min") == 3)
        #expect(market.int("household_max") == 5)
    }

    @Test("init again with the same code changes nothing; with another code it is refused")
    func initAgain() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let before = sandbox.snapshot()
        let again = sandbox.lanzi("--json", "init", "--code", "TST", "--name", "Other name", "--operator", "O", "--collective", "C")
        #expect(again.status == 0, "\(again)")
        let market = try #require(try again.json() as? [String: Any]).object("market")
        #expect(market?.string("name") == "测试市场", "the recorded market is kept")
        #expect(sandbox.snapshot() == before)

        let plain = sandbox.lanzi("init")
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stdout.contains("market TST 测试市场"), "\(plain)")
        #expect(sandbox.snapshot() == before)

        sandbox.expectRefusal(["init", "--code", "ABC", "--name", "n", "--operator", "o", "--collective", "c"],
                              naming: "TST", ["one market"])
    }

    @Test("init refuses a bad market before it creates any file", arguments: [
        (["--code", "bwg", "--name", "n", "--operator", "o", "--collective", "c"], "--code"),
        (["--code", "B", "--name", "n", "--operator", "o", "--collective", "c"], "--code"),
        (["--code", "ABCDEFGHI", "--name", "n", "--operator", "o", "--collective", "c"], "--code"),
        (["--code", "BWG", "--operator", "o", "--collective", "c"], "--name"),
        (["--code", "BWG", "--name", "n", "--collective", "c"], "--operator"),
        (["--code", "BWG", "--name", "n", "--operator", "o"], "--collective"),
        (["--code", "BWG", "--name", "  ", "--operator", "o", "--collective", "c"], "--name"),
        (["--code", "BWG", "--name", String(repeating: "市", count: 81), "--operator", "o", "--collective", "c"], "--name"),
        (["--code", "BWG", "--name", "n", "--operator", "o", "--collective", "c", "--household-min", "0"], "--household-min"),
        (["--code", "BWG", "--name", "n", "--operator", "o", "--collective", "c", "--household-min", "x"], "--household-min"),
        (["--code", "BWG", "--name", "n", "--operator", "o", "--collective", "c", "--household-max", "51"], "--household-max"),
        (["--code", "BWG", "--name", "n", "--operator", "o", "--collective", "c", "--household-min", "5", "--household-max", "4"], "--household-max"),
        (["--name", "n"], "--name"),
        (["--household-max", "4"], "--household-max"),
    ])
    func initRefusals(options: [String], field: String) throws {
        let sandbox = try Sandbox()
        let result = sandbox.lanzi(["init"] + options)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("lanzi: \(field):"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "a refused init makes no file")
    }

    @Test("market set changes only what it is given and logs the change")
    func marketSet() throws {
        let sandbox = try Sandbox()
        try sandbox.initMarket()
        let logged = try sandbox.activityCount()
        let market = try sandbox.object("market", "set", "--name", "新名字", "--household-max", "7")
        #expect(market.string("code") == "TST")
        #expect(market.string("name") == "新名字")
        #expect(market.string("operator") == "测试公司")
        #expect(market.string("collective") == "测试村小组")
        #expect(market.int("household_min") == 3)
        #expect(market.int("household_max") == 7)
        #expect(try sandbox.object("market", "show").string("name") == "新名字")
        #expect(try sandbox.activityCount() == logged + 1)

        let text = try sandbox.must("market", "set", "--operator", "新公司", "--collective", "新村", "--household-min", "4")
        #expect(text.stdout.contains("operator:    新公司"), "\(text)")
        #expect(text.stdout.contains("collective:  新村"), "\(text)")
        #expect(text.stdout.contains("households per party member: 4–7"), "\(text)")
        #expect(try sandbox.activityCount() == logged + 2)

        // Nothing to change: nothing logged.
        let before = sandbox.snapshot()
        let same = try sandbox.object("market", "set")
        #expect(same.string("name") == "新名字")
        #expect(sandbox.snapshot() == before)
    }

    @Test("market set refusals name the option and change nothing", arguments: [
        (["--household-min", "0"], "--household-min"),
        (["--household-min", "51"], "--household-min"),
        (["--household-min", "6"], "--household-m"),   // above the maximum of 5: either bound may be named
        (["--household-max", "2"], "--household-max"),
        (["--household-max", "2.5"], "--household-max"),
        (["--name", ""], "--name"),
        (["--operator", " "], "--operator"),
        (["--collective", String(repeating: "村", count: 81)], "--collective"),
    ])
    func marketSetRefusals(options: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.initMarket()
        sandbox.expectRefusal(["market", "set"] + options, naming: field)
    }
}

@Suite("market summary")
struct SummaryTests {
    @Test("units by kind and status, occupancy by count and by area, merchants and active leases")
    func summary() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-06-01", "--end", "2026-06-30", "--rent", "500")
        try sandbox.must("lease", "create", "--merchant", "2", "--units", "C1-01", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "3000")
        try sandbox.must("unit", "set-status", "T-001", "out_of_service")

        let summary = try sandbox.object("market", "summary", "--on", "2026-06-15")
        #expect(summary.string("on") == "2026-06-15")
        #expect(summary.object("market")?.string("code") == "TST")
        #expect(summary.int("merchants") == 2)
        #expect(summary.int("active_leases") == 2)
        let kinds = try #require(summary.objects("kinds"))
        #expect(kinds.map { $0.string("kind") ?? "" } == ["shop", "stall", "cold_room"])
        let shops = kinds[0], stalls = kinds[1], rooms = kinds[2]
        let all = try #require(summary.object("all"))
        // Shops: S-001 (24.50, leased) and S-002 (30.00): 1 of 2 = 5000 bp; 24.50 / 54.50 = 4495.4 bp → 4495.
        #expect([shops.int("units"), shops.int("leased"), shops.int("available"), shops.int("out_of_service")] == [2, 1, 1, 0])
        #expect(shops.int("occupancy_by_count_bp") == 5000)
        #expect(shops.string("area_m2") == "54.50")
        #expect(shops.string("leased_area_m2") == "24.50")
        #expect(shops.int("occupancy_by_area_bp") == 4495)
        #expect([stalls.int("units"), stalls.int("leased"), stalls.int("available"), stalls.int("out_of_service")] == [1, 0, 0, 1])
        #expect(stalls.int("occupancy_by_count_bp") == 0)
        #expect([rooms.int("units"), rooms.int("leased"), rooms.int("available"), rooms.int("out_of_service")] == [1, 1, 0, 0])
        #expect(rooms.int("occupancy_by_area_bp") == 10000)
        // All: 2 of 4 leased; 84.50 of 120.50 m² = 7012.4 bp → 7012.
        #expect([all.int("units"), all.int("leased"), all.int("available"), all.int("out_of_service")] == [4, 2, 1, 1])
        #expect(all.int("occupancy_by_count_bp") == 5000)
        #expect(all.string("area_m2") == "120.50")
        #expect(all.string("leased_area_m2") == "84.50")
        #expect(all.int("occupancy_by_area_bp") == 7012)

        // A month later the shop's lease has ended.
        let july = try sandbox.object("market", "summary", "--on", "2026-07-01")
        #expect(july.int("active_leases") == 1)
        #expect(july.objects("kinds")?.first?.int("leased") == 0)

        let text = try sandbox.must("market", "summary", "--on", "2026-06-15")
        #expect(text.stdout.hasPrefix("测试市场 (TST) on 2026-06-15\noperator 测试公司 · collective 测试村小组"), "\(text)")
        let rows = text.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["shops", "2", "1", "1", "0", "50.00%", "54.50", "24.50", "44.95%"]), "\(text)")
        #expect(rows.contains(["cold", "rooms", "1", "1", "0", "0", "100.00%", "60.00", "60.00", "100.00%"]), "\(text)")
        #expect(rows.contains(["all", "4", "2", "1", "1", "50.00%", "120.50", "84.50", "70.12%"]), "\(text)")
        #expect(text.stdout.contains("merchants: 2 · active leases: 2"), "\(text)")
    }

    @Test("market summary refuses a bad day, and a database without a market")
    func summaryRefusals() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        sandbox.expectRefusal(["market", "summary", "--on", "2026-06-31"], naming: "--on")
        let empty = try Sandbox()
        try empty.must("init")
        empty.expectRefusal(["market", "summary", "--on", "2026-06-01"], naming: "no market")
    }
}

@Suite("which database")
struct DatabaseLocationTests {
    static func makeMarket(_ code: String, in sandbox: Sandbox, arguments: [String], environment: [String: String]) throws {
        let result = Lanzi.run(arguments + ["init", "--code", code, "--name", code, "--operator", "o", "--collective", "c"],
                               environment: environment, in: sandbox.directory)
        try #require(result.status == 0, "\(result)")
    }

    static func marketCode(in sandbox: Sandbox, arguments: [String], environment: [String: String]) throws -> String? {
        let result = Lanzi.run(arguments + ["--json", "market", "show"], environment: environment, in: sandbox.directory)
        try #require(result.status == 0, "\(result)")
        return (try result.json() as? [String: Any])?.string("code")
    }

    @Test("--db wins over LANZI_DB, which wins over ./lanzi.db")
    func precedence() throws {
        let sandbox = try Sandbox()
        let fromOption = sandbox.path("option.db")
        let fromEnvironment = sandbox.path("environment.db")
        try Self.makeMarket("OPT", in: sandbox, arguments: ["--db", fromOption], environment: ["LANZI_DB": fromEnvironment])
        #expect(FileManager.default.fileExists(atPath: fromOption))
        #expect(!FileManager.default.fileExists(atPath: fromEnvironment), "--db wins: LANZI_DB's file is not made")
        try Self.makeMarket("ENV", in: sandbox, arguments: [], environment: ["LANZI_DB": fromEnvironment])
        #expect(!sandbox.exists("lanzi.db"))
        try Self.makeMarket("DEF", in: sandbox, arguments: [], environment: [:])
        #expect(sandbox.exists("lanzi.db"), "the default is ./lanzi.db in the working folder")

        #expect(try Self.marketCode(in: sandbox, arguments: ["--db", fromOption], environment: ["LANZI_DB": fromEnvironment]) == "OPT")
        #expect(try Self.marketCode(in: sandbox, arguments: ["--db=\(fromOption)"], environment: ["LANZI_DB": fromEnvironment]) == "OPT")
        #expect(try Self.marketCode(in: sandbox, arguments: [], environment: ["LANZI_DB": fromEnvironment]) == "ENV")
        #expect(try Self.marketCode(in: sandbox, arguments: [], environment: [:]) == "DEF")
        #expect(try Self.marketCode(in: sandbox, arguments: [], environment: ["LANZI_DB": ""]) == "DEF", "an empty LANZI_DB is unset")
        #expect(try Self.marketCode(in: sandbox, arguments: ["--db", "lanzi.db"], environment: ["LANZI_DB": fromEnvironment]) == "DEF",
                "a relative --db is read from the working folder")
    }

    static let commandsThatNeedADatabase: [[String]] = [
        ["market", "show"], ["market", "set", "--name", "x"], ["market", "summary", "--on", "2026-06-01"],
        ["unit", "list"], ["unit", "show", "S-001"], ["unit", "add", "--code", "S-001", "--kind", "shop", "--area", "20"],
        ["unit", "set-status", "S-001", "out_of_service"],
        ["merchant", "add", "--name", "张三", "--phone", "13800000000"], ["merchant", "list"], ["merchant", "show", "1"],
        ["lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "100"],
        ["lease", "list"], ["lease", "show", "1"], ["lease", "renew", "1", "--end", "2027-12-31"], ["lease", "terminate", "1", "--on", "2026-06-30"],
    ]

    @Test("a command against a missing database file fails and makes no file", arguments: commandsThatNeedADatabase)
    func missingDatabase(arguments: [String]) throws {
        let sandbox = try Sandbox()
        for json in [false, true] {
            let result = sandbox.lanzi((json ? ["--json"] : []) + arguments)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains("no database at \(sandbox.database)"), "\(result)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)
        #expect(left.isEmpty, "no file is made: \(left)")
    }

    @Test("a file that is not a database is refused without a stack of internals")
    func notADatabase() throws {
        let sandbox = try Sandbox()
        let garbage = String(repeating: "not a database at all. ", count: 200)
        try sandbox.write("market.db", garbage)
        let result = sandbox.lanzi("unit", "list")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("cannot be used as a Lanzi database"), "\(result)")
        #expect(try String(contentsOfFile: sandbox.database, encoding: .utf8) == garbage, "the file is left as it was")
    }
}
