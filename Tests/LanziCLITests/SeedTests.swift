import Foundation
import Testing

/// A small seed document (the example of seeds/README.md, plus a renewal without a rent),
/// which tests edit before writing it out.
struct SeedDocument {
    var format: Any = "lanzi-seed-1"
    var market: [String: Any] = ["code": "TST", "name": "测试市场", "operator": "测试公司", "collective": "测试村小组",
                                 "household_min": 3, "household_max": 5]
    var units: [[String: Any]] = [
        ["code": "S-001", "kind": "shop", "phase": 1, "area_m2": "24.50"],
        ["code": "T-001", "kind": "stall", "phase": 1, "area_m2": "6.00"],
        ["code": "C1-01", "kind": "cold_room", "phase": 1, "area_m2": "60.00", "building": "1号冷库", "capacity_kg": 30000],
        ["code": "T-002", "kind": "stall", "phase": 2, "area_m2": "6.00", "out_of_service": true],
    ]
    var merchants: [[String: Any]] = [
        ["key": "m01", "name": "李春华", "phone": "13800000000", "id_number": "532504198203170021"],
        ["key": "m02", "name": "王永富", "phone": "15069697585", "id_number": "92532504MAPBG6W28R"],
    ]
    var leases: [[String: Any]] = [
        ["key": "l001", "merchant": "m01", "units": ["S-001"], "start": "2025-09-01", "end": "2026-08-31",
         "rent": "500.00", "fee_per_m2": "1.50", "deposit": "500.00", "due_day": 5, "grace_days": 5,
         "late_fee_bp": 5, "late_fee_cap_bp": 3000],
        ["key": "l002", "merchant": "m01", "units": ["S-001"], "renews": "l001", "end": "2027-08-31", "rent": "520.00"],
        ["merchant": "m01", "units": ["T-001"], "start": "2026-01-15", "end": "2026-12-31", "rent": "120.00",
         "fee_fixed": "20.00", "termination": ["on": "2026-08-20", "reason": "商户转行"]],
        ["key": "l004", "merchant": "m02", "units": ["C1-01"], "start": "2025-01-01", "end": "2026-12-31", "rent": "610.00",
         "escalation_bp": 300],
        ["key": "l005", "renews": "l004", "end": "2027-12-31"],
    ]
    var extra: [String: Any] = [:]

    var text: String {
        var root: [String: Any] = ["format": format, "market": market, "units": units, "merchants": merchants, "leases": leases]
        for (key, value) in extra { root[key] = value }
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

/// One way to spoil a seed file, and the JSON path the refusal must name.
struct SeedFault: Sendable, CustomTestStringConvertible {
    let path: String
    let edit: @Sendable (inout SeedDocument) -> Void

    init(_ path: String, _ edit: @escaping @Sendable (inout SeedDocument) -> Void) {
        self.path = path
        self.edit = edit
    }

    var testDescription: String { path }
}

@Suite("seed")
struct SeedTests {
    @Test("the demo market: loading it twice adds nothing the second time; the summary of 2026-11-25")
    func demoSeed() throws {
        let sandbox = try Sandbox()
        let first = try sandbox.object("seed", Lanzi.demoSeed)
        #expect(first.string("database") == sandbox.database)
        #expect(first.object("market")?.string("code") == "BWG")
        #expect(first.object("market")?.string("name") == "布王戈农特产品分流中心")
        let added = try #require(first.object("added"))
        #expect(added.int("units") == 192)
        #expect(added.int("merchants") == 52)
        #expect(added.int("leases") == 123)
        #expect(added.int("terminations") == 9)
        let present = try #require(first.object("already_present"))
        #expect(["units", "merchants", "leases", "terminations"].map { present.int($0) } == [0, 0, 0, 0])

        let before = sandbox.snapshot()
        let second = try sandbox.object("seed", Lanzi.demoSeed)
        let addedAgain = try #require(second.object("added"))
        #expect(["units", "merchants", "leases", "terminations"].map { addedAgain.int($0) } == [0, 0, 0, 0])
        let presentAgain = try #require(second.object("already_present"))
        #expect(["units", "merchants", "leases", "terminations"].map { presentAgain.int($0) } == [192, 52, 123, 9])
        #expect(sandbox.snapshot() == before, "a second load changes nothing, not even the activity log")

        let summary = try sandbox.object("market", "summary", "--on", "2026-11-25")
        #expect(summary.string("on") == "2026-11-25")
        #expect(summary.object("market")?.string("code") == "BWG")
        let kinds = try #require(summary.objects("kinds"))
        #expect(kinds.map { $0.string("kind") ?? "" } == ["shop", "stall", "cold_room"])
        #expect(kinds.map { $0.int("units") ?? -1 } == [78, 106, 8])
        #expect(kinds.map { $0.int("leased") ?? -1 } == [60, 80, 6])
        for kind in kinds {
            #expect(kind.int("leased")! + kind.int("available")! + kind.int("out_of_service")! == kind.int("units")!, "\(kind)")
        }
        #expect(summary.object("all")?.int("units") == 192)
        #expect(summary.object("all")?.int("leased") == 146)
        #expect(summary.int("merchants") == 52)
        // 60 of 78 shops is 7692.3 bp → 7692.
        #expect(kinds[0].int("occupancy_by_count_bp") == 7692)
        #expect(kinds[2].int("occupancy_by_count_bp") == 7500)

        let text = try sandbox.must("market", "summary", "--on", "2026-11-25")
        #expect(text.stdout.hasPrefix("布王戈农特产品分流中心 (BWG) on 2026-11-25"), "\(text)")
        let rows = text.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains { $0.prefix(3) == ["shops", "78", "60"] && $0.contains("76.92%") }, "\(text)")
        #expect(rows.contains { $0.prefix(3) == ["stalls", "106", "80"] }, "\(text)")
        #expect(rows.contains { $0.prefix(4) == ["cold", "rooms", "8", "6"] }, "\(text)")
        #expect(text.stdout.contains("merchants: 52 · active leases: "), "\(text)")
    }

    @Test("seed text output counts what was added and what was already present")
    func seedText() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("small.json", SeedDocument().text)
        let first = try sandbox.must("seed", file)
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "seeded \(sandbox.database) with market TST 测试市场", "\(first)")
        // Sections the register does not hold yet (such as the party branch's) may follow, all zero here.
        #expect(Array(lines.dropFirst().prefix(4)) == [
            "  units: 4 added, 0 already present",
            "  merchants: 2 added, 0 already present",
            "  leases: 5 added, 0 already present",
            "  terminations: 1 added, 0 already present",
        ], "\(first)")
        // Then the other sections, all zero here, and the signing key made for the new market.
        let sections = lines.dropFirst(5).prefix { $0.hasPrefix("  ") }
        #expect(sections.count == 11 && sections.allSatisfy { $0.hasSuffix(": 0 added, 0 already present") }, "\(first)")
        #expect(lines.dropFirst(5 + sections.count).first?.hasPrefix("made ed25519 signing key ") == true, "\(first)")
        #expect(FileManager.default.fileExists(atPath: sandbox.database + ".signing-key.pem"))
        let second = try sandbox.must("seed", file)
        #expect(second.stdout.contains("units: 0 added, 4 already present"), "\(second)")
        #expect(second.stdout.contains("leases: 0 added, 5 already present"), "\(second)")
        #expect(second.stdout.contains("terminations: 0 added, 1 already present"), "\(second)")
    }

    @Test("a small seed loads every rule of seeds/README.md")
    func smallSeed() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("small.json", SeedDocument().text)
        let report = try sandbox.object("seed", file)
        #expect(report.object("added")?.int("leases") == 5)

        let units = try sandbox.array("unit", "list", "--on", "2026-09-01")
        func unit(_ code: String) -> [String: Any]? { units.first { $0.string("code") == code } }
        #expect(unit("C1-01")?.int("capacity_kg") == 30000)
        #expect(unit("C1-01")?.string("building") == "1号冷库")
        #expect(unit("T-002")?.string("status") == "out_of_service")
        #expect(unit("T-002")?.int("phase") == 2)
        #expect(unit("S-001")?.string("status") == "leased")
        #expect(unit("T-001")?.string("status") == "available", "terminated on 2026-08-20")

        let leases = try sandbox.array("lease", "list")
        #expect(leases.count == 5)
        // l002 renews l001: it starts the day after l001's end, with its own rent.
        #expect(leases[1].string("start_on") == "2026-09-01")
        #expect(leases[1].int("rent_fen") == 52000)
        #expect(leases[1].int("previous_lease_id") == 1)
        #expect(leases[1].string("management_fee_kind") == "per_m2", "terms it does not give come from the renewed lease")
        #expect(leases[1].int("management_fee_fen") == 150)
        #expect(leases[1].int("late_fee_cap_bp") == 3000)
        #expect(leases[0].int("renewed_by_lease_id") == 2)
        #expect(leases[2].string("last_day_on") == "2026-08-20")
        #expect(leases[2].object("termination")?.string("reason") == "商户转行")
        // l005 renews l004 without a rent: 610.00 after one anniversary at 300 bp is 628.30.
        #expect(leases[4].string("start_on") == "2027-01-01")
        #expect(leases[4].int("rent_fen") == 62830)
        #expect(leases[4].int("escalation_bp") == 300)
        #expect(leases[4].int("merchant_id") == 2)
        #expect(leases[4].strings("units") == ["C1-01"])

        let merchants = try sandbox.array("merchant", "list")
        #expect(merchants.map { $0.string("id_number") ?? "" } == ["5325**********0021", "9253**********W28R"])
    }

    static let faults: [SeedFault] = [
        SeedFault("$.format") { $0.format = "lanzi-seed-2" },
        SeedFault("$.extra") { $0.extra["extra"] = 1 },
        SeedFault("$.market.code") { $0.market["code"] = "tst" },
        SeedFault("$.market.household_max") { $0.market["household_max"] = 2 },
        SeedFault("$.market.colour") { $0.market["colour"] = "red" },
        SeedFault("$.units[4].kind") { $0.units.append(["code": "S-900", "kind": "hut", "phase": 1, "area_m2": "10"]) },
        SeedFault("$.units[4].area_m2") { $0.units.append(["code": "S-900", "kind": "shop", "phase": 1, "area_m2": "0"]) },
        SeedFault("$.units[4].area_m2") { $0.units.append(["code": "S-900", "kind": "shop", "phase": 1, "area_m2": "10.005"]) },
        SeedFault("$.units[4].code") { $0.units.append(["code": "s-900", "kind": "shop", "phase": 1, "area_m2": "10"]) },
        SeedFault("$.units[4].phase") { $0.units.append(["code": "S-900", "kind": "shop", "phase": 0, "area_m2": "10"]) },
        SeedFault("$.units[4].building") { $0.units.append(["code": "S-900", "kind": "shop", "phase": 1, "area_m2": "10", "building": "1号冷库"]) },
        SeedFault("$.units[4].capacity_kg") {
            $0.units.append(["code": "C1-09", "kind": "cold_room", "phase": 1, "area_m2": "10", "building": "1号冷库"])
        },
        SeedFault("$.units[4].out_of_service") { $0.units.append(["code": "S-900", "kind": "shop", "phase": 1, "area_m2": "10", "out_of_service": "yes"]) },
        SeedFault("$.units[4].code") { $0.units.append(["code": "S-001", "kind": "stall", "phase": 1, "area_m2": "24.50"]) },
        SeedFault("$.merchants[2].phone") { $0.merchants.append(["key": "m09", "name": "赵六", "phone": "12", "id_number": "532504199001020011"]) },
        SeedFault("$.merchants[2].id_number") { $0.merchants.append(["key": "m09", "name": "赵六", "phone": "13800000009", "id_number": "5325-04"]) },
        SeedFault("$.merchants[2].key") { $0.merchants.append(["key": "m01", "name": "赵六", "phone": "13800000009", "id_number": "532504199001020011"]) },
        SeedFault("$.merchants[2].name") { $0.merchants.append(["key": "m09", "name": "", "phone": "13800000009", "id_number": "532504199001020011"]) },
        SeedFault("$.leases[0].rent") { $0.leases[0]["rent"] = "12x" },
        SeedFault("$.leases[0].rent") { $0.leases[0]["rent"] = 500 },
        SeedFault("$.leases[0].deposit") { $0.leases[0]["deposit"] = "1.005" },
        SeedFault("$.leases[0].colour") { $0.leases[0]["colour"] = "red" },
        SeedFault("$.leases[0].start") { $0.leases[0]["start"] = "2025-02-30" },
        SeedFault("$.leases[0].end") { $0.leases[0]["end"] = "2025-08-31" },
        SeedFault("$.leases[0].due_day") { $0.leases[0]["due_day"] = 29 },
        SeedFault("$.leases[0].due_day") { $0.leases[0]["due_day"] = "5" },
        SeedFault("$.leases[0].escalation_bp") { $0.leases[0]["escalation_bp"] = 10001 },
        SeedFault("$.leases[0].late_fee_cap_bp") { $0.leases[0]["late_fee_cap_bp"] = -1 },
        SeedFault("$.leases[0].free_months") { $0.leases[0]["free_months"] = 12 },
        SeedFault("$.leases[0].fee_fixed") { $0.leases[0]["fee_fixed"] = "20.00" },
        SeedFault("$.leases[0].cycle") { $0.leases[0]["cycle"] = "weekly" },
        SeedFault("$.leases[0].merchant") { $0.leases[0]["merchant"] = "m99" },
        SeedFault("$.leases[0].units") { $0.leases[0]["units"] = ["S-404"] },
        SeedFault("$.leases[0].units") { $0.leases[0]["units"] = ["S-001", "S-001"] },
        SeedFault("$.leases[5].units") {
            $0.leases.append(["merchant": "m02", "units": ["T-002"], "start": "2027-01-01", "end": "2027-12-31", "rent": "100"])
        },
        SeedFault("$.leases[5].units") {   // overlaps l002 (2026-09-01…2027-08-31) by one day
            $0.leases.append(["merchant": "m02", "units": ["S-001"], "start": "2027-08-31", "end": "2027-12-31", "rent": "100"])
        },
        SeedFault("$.leases[5].key") {
            $0.leases.append(["key": "l001", "merchant": "m02", "units": ["S-001"], "start": "2030-01-01", "end": "2030-12-31", "rent": "100"])
        },
        SeedFault("$.leases[1].start") { $0.leases[1]["start"] = "2026-09-01" },
        SeedFault("$.leases[1].renews") { $0.leases[1]["renews"] = "l999" },
        SeedFault("$.leases[1].merchant") { $0.leases[1]["merchant"] = "m02" },
        SeedFault("$.leases[1].units") { $0.leases[1]["units"] = ["S-001", "T-001"] },
        SeedFault("$.leases[1].renews") {   // renews a lease that has a termination
            $0.leases[0]["termination"] = ["on": "2026-06-30", "reason": "x"]
        },
        SeedFault("$.leases[2].termination.on") { $0.leases[2]["termination"] = ["on": "2026-12-31", "reason": "x"] },
        SeedFault("$.leases[2].termination.on") { $0.leases[2]["termination"] = ["on": "2026-01-14", "reason": "x"] },
        SeedFault("$.leases[2].termination.on") { $0.leases[2]["termination"] = ["reason": "x"] },
        SeedFault("$.leases[2].termination.date") { $0.leases[2]["termination"] = ["on": "2026-08-20", "date": "x"] },
    ]

    @Test("a seed file that breaks a rule is refused whole, naming the JSON path; the database is unchanged", arguments: faults)
    func refusedSeed(fault: SeedFault) throws {
        let sandbox = try Sandbox()
        // The database already holds another market's worth of records, so that a partial load would show.
        try sandbox.initMarket()
        try sandbox.must("unit", "add", "--code", "X-001", "--kind", "shop", "--area", "10")
        var document = SeedDocument()
        fault.edit(&document)
        let file = try sandbox.write("bad.json", document.text)
        let result = sandbox.expectRefusal(["seed", file], naming: "lanzi: \(fault.path)")
        #expect(result.stderr.hasPrefix("lanzi: \(fault.path):"), "\(result)")
    }

    @Test("a refused seed into a new database leaves no database behind")
    func refusedSeedMakesNoFile() throws {
        let sandbox = try Sandbox()
        var document = SeedDocument()
        document.leases[0]["rent"] = "12x"
        let file = try sandbox.write("bad.json", document.text)
        let result = sandbox.lanzi("seed", file)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("$.leases[0].rent"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "nothing changed: no file made")
    }

    @Test("a float amount or any non-whole number is refused", arguments: ["500.5", "5e2", "500.00", "-0.5"])
    func floatAmount(number: String) throws {
        let sandbox = try Sandbox()
        try sandbox.initMarket()
        var document = SeedDocument()
        document.leases[0]["rent"] = "RENT"
        let text = document.text.replacingOccurrences(of: #""RENT""#, with: number)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(number) && !$0.contains("\"\(number)\"") }) + 1
        let file = try sandbox.write("float.json", text)
        let result = sandbox.expectRefusal(["seed", file], naming: "lanzi: ")
        // It says where: the JSON path, or the line of the file.
        #expect(result.stderr.contains("$.leases[0].rent") || result.stderr.contains("line \(line) "), "\(result)")
        #expect(result.stderr.contains("string"), "it says how to write an amount: \(result)")
    }

    @Test("the demo seed into a market that init made, even with the demo's code, is refused; nothing changed")
    func notIntoARealMarket() throws {
        let sandbox = try Sandbox()
        try sandbox.must("init", "--code", "BWG", "--name", "布王戈农贸市场", "--operator", "o", "--collective", "c")
        sandbox.expectRefusal(["seed", Lanzi.demoSeed], naming: "no seed made", ["market.create BWG", "new database"])
    }

    @Test("a seed for another market is refused")
    func otherMarket() throws {
        let sandbox = try Sandbox()
        try sandbox.must("init", "--code", "ABC", "--name", "n", "--operator", "o", "--collective", "c")
        let file = try sandbox.write("small.json", SeedDocument().text)
        sandbox.expectRefusal(["seed", file], naming: "$.market.code", ["ABC", "TST"])
    }

    @Test("an unreadable or malformed seed file is refused", arguments: [
        ("missing.json", nil, "FILE"),
        ("broken.json", "{\"format\": \"lanzi-seed-1\",", "broken.json line 1"),
        ("array.json", "[]", "lanzi: $: must be a JSON object"),
        ("latin1.json", "\u{FF}", "FILE"),
    ] as [(String, String?, String)])
    func unreadable(name: String, content: String?, field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.initMarket()
        if let content {
            if name == "latin1.json" {
                try Data([0x7B, 0xFF, 0x7D]).write(to: sandbox.directory.appendingPathComponent(name))
            } else {
                try sandbox.write(name, content)
            }
        }
        sandbox.expectRefusal(["seed", sandbox.path(name)], naming: field)
    }
}
