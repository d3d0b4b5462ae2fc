import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// `LanziService.seed`: the demo market loads whole and once; a document with one bad value
/// is refused naming its JSON path, and leaves the database exactly as it was.
struct SeedTests {
    typealias F = ServiceFixture

    static func document(_ text: String, source: String = "seed.json") throws -> JSONValue {
        try JSONValue.parse(text, source: source)
    }

    static func demoDocument() throws -> JSONValue {
        try document(String(contentsOf: F.demoSeed, encoding: .utf8), source: "buwangge.json")
    }

    // MARK: The demo market

    @Test("the demo seed loads 192 units (78 shops, 106 stalls, 8 cold rooms), 52 merchants, 123 leases and 9 terminations")
    func demoSeed() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let report = try fixture.admin.seed(try Self.demoDocument(), keyPath: fixture.keyPath)
        #expect(report.market.code == "BWG")
        #expect(report.market.name == "布王戈农特产品分流中心")
        let register = ["units", "merchants", "leases", "terminations", "party_members", "households", "assignments", "visits"]
        #expect(report.added.filter { register.contains($0.key) } == ["units": 192, "merchants": 52, "leases": 123, "terminations": 9,
                                                                      "party_members": 18, "households": 75, "assignments": 75, "visits": 25])
        // The money history (seeds/README.md, "history"): billed through 2026-11, deposits settled.
        #expect(report.added["bills", default: 0] > 1000)
        #expect(report.added["payments", default: 0] > 1000)
        #expect(report.added["late_fee_bills", default: 0] > 0)
        #expect(report.added["deposit_settlements"] == 8)
        #expect(report.alreadyPresent.values.reduce(0, +) == 0)

        let day = F.date("2026-11-25")
        #expect(try fixture.admin.market() == report.market)
        #expect(try fixture.admin.units(on: day).count == 192)
        #expect(try fixture.admin.units(kind: .shop, on: day).count == 78)
        #expect(try fixture.admin.units(kind: .stall, on: day).count == 106)
        #expect(try fixture.admin.units(kind: .coldRoom, on: day).count == 8)
        #expect(try fixture.admin.units(status: .outOfService, on: day).map(\.code) == ["S-040", "T-106"])
        #expect(try fixture.admin.merchants().count == 52)
        let leases = try fixture.admin.leases()
        #expect(leases.count == 123)
        #expect(leases.filter { $0.termination != nil }.count == 9)
        #expect(leases.filter { $0.previousLeaseID != nil }.count == 6)
        #expect(try fixture.count("lease_terminations") == 9)
        // One log line per record added, and one for the market; the history logs its own.
        #expect(try fixture.activityCount() > 1 + 192 + 52 + 123 + 9 + 18 + 75 + 75 + 25 + report.added["payments", default: 0])
    }

    @Test("loading the demo seed again adds nothing and logs nothing")
    func demoSeedTwice() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        _ = try fixture.admin.seed(try Self.demoDocument(), keyPath: fixture.keyPath)
        let before = try fixture.tableCounts()
        let report = try fixture.admin.seed(try Self.demoDocument(), keyPath: fixture.keyPath)
        #expect(report.added.values.reduce(0, +) == 0)
        #expect(report.alreadyPresent == ["units": 192, "merchants": 52, "leases": 123, "terminations": 9,
                                          "party_members": 18, "households": 75, "assignments": 75, "visits": 25])
        #expect(try fixture.tableCounts() == before)
    }

    @Test("the demo market on 2026-11-25: 60 of 78 shops, 80 of 106 stalls and 6 of 8 cold rooms leased")
    func demoSummary() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        _ = try fixture.admin.seed(try Self.demoDocument(), keyPath: fixture.keyPath)
        let summary = try fixture.auditor.summary(on: F.date("2026-11-25"))
        #expect(summary.kinds.map(\.kind) == [.shop, .stall, .coldRoom])
        #expect(summary.kinds.map(\.total) == [78, 106, 8])
        #expect(summary.kinds.map(\.leased) == [60, 80, 6])
        #expect(summary.kinds.map(\.outOfService) == [1, 1, 0])
        #expect(summary.kinds.map(\.available) == [17, 25, 2])
        // Areas summed by hand from seeds/buwangge.json.
        #expect(summary.kinds.map(\.area) == [Area(hundredths: 193_245), Area(hundredths: 63_980), Area(hundredths: 49_550)])
        #expect(summary.kinds.map(\.leasedArea) == [Area(hundredths: 151_120), Area(hundredths: 48_910), Area(hundredths: 34_500)])
        #expect(summary.all.total == 192 && summary.all.leased == 146)
        #expect(summary.kinds[0].occupancyByCountBasisPoints == 7692)   // 60/78 = 76.923 %
        #expect(summary.merchantCount == 52)
        #expect(summary.activeLeaseCount == 91)
    }

    // MARK: Small documents

    /// A valid document: four units, two merchants, a lease (l001), a terminated lease (l002)
    /// and a renewal of l001 (l003), and a lease of the cold room.
    static func validSeed(code: String = "TST") -> String {
        """
        {
          "format": "lanzi-seed-1",
          "market": {"code": "\(code)", "name": "测试市场", "operator": "测试运营公司", "collective": "测试村小组",
                     "household_min": 3, "household_max": 5},
          "units": [
            {"code": "S-001", "kind": "shop", "phase": 1, "area_m2": "24.50"},
            {"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "20.00"},
            {"code": "T-001", "kind": "stall", "phase": 2, "area_m2": "6.00"},
            {"code": "C1-01", "kind": "cold_room", "phase": 1, "area_m2": "60.00", "building": "1号冷库", "capacity_kg": 30000}
          ],
          "merchants": [
            {"key": "m01", "name": "李春华", "phone": "13800000000", "id_number": "532504198203170021"},
            {"key": "m02", "name": "王建国", "phone": "13900000001", "id_number": "53250419750531003X"}
          ],
          "leases": [
            {"key": "l001", "merchant": "m01", "units": ["S-001"], "start": "2025-09-01", "end": "2026-08-31",
             "rent": "500.00", "fee_per_m2": "1.50", "deposit": "500.00", "due_day": 5, "grace_days": 5,
             "late_fee_bp": 5, "late_fee_cap_bp": 3000, "escalation_bp": 300},
            {"key": "l002", "merchant": "m02", "units": ["T-001"], "start": "2026-01-15", "end": "2026-12-31", "rent": "120.00",
             "fee_fixed": "20.00", "termination": {"on": "2026-08-20", "reason": "商户转行"}},
            {"key": "l003", "renews": "l001", "end": "2027-08-31"},
            {"merchant": "m02", "units": ["C1-01", "S-002"], "start": "2026-03-01", "end": "2027-02-28", "rent": "2000.00", "free_months": 1}
          ]
        }
        """
    }

    @Test("the small valid document loads as written")
    func smallSeedLoads() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let report = try fixture.admin.seed(try Self.document(Self.validSeed()))
        #expect(report.added == ["units": 4, "merchants": 2, "leases": 4, "terminations": 1])
        let leases = try fixture.admin.leases()
        #expect(leases.count == 4)
        let renewal = try #require(leases.first { $0.previousLeaseID != nil })
        #expect(renewal.startsOn == F.date("2026-09-01"))
        #expect(renewal.terms.freeMonths == 0)
        #expect(renewal.terms.rent == Money(fen: 50_000))   // no anniversary inside l001
        #expect(renewal.terms.managementFee == .perSquareMetre(Money(fen: 150)))
        #expect(renewal.terms.escalationBasisPoints == 300)
        #expect(try fixture.admin.unit(code: "C1-01", on: F.date("2026-03-01")).coldRoom == ColdRoomDetails(building: "1号冷库", capacityKilograms: 30_000))
        #expect(try fixture.admin.lease(id: 2).termination == LeaseTermination(endsOn: F.date("2026-08-20"), reason: "商户转行"))
    }

    enum Refusal: Equatable, Sendable, CustomStringConvertible {
        /// A `DomainError` whose field is this JSON path.
        case domain(String)
        /// A `ServiceError.conflict` whose message starts with this JSON path.
        case conflict(String)
        /// A `ServiceError.notFound` whose message starts with this JSON path.
        case notFound(String)

        var description: String {
            switch self {
            case .domain(let path): "DomainError at \(path)"
            case .conflict(let path): "conflict at \(path)"
            case .notFound(let path): "not found at \(path)"
            }
        }
    }

    /// One bad value each: the text replaced in `validSeed()`, what replaces it, and the refusal.
    static let badValues: [(String, String, Refusal)] = [
        (#""format": "lanzi-seed-1""#, #""format": "lanzi-seed-2""#, .domain("$.format")),
        (#""code": "TST""#, #""code": "tst""#, .domain("$.market.code")),
        (#""household_min": 3, "household_max": 5"#, #""household_min": 4, "household_max": 3"#, .domain("$.market.household_max")),
        (#""collective": "测试村小组","#, #""collective": "测试村小组", "mayor": "x","#, .domain("$.market.mayor")),
        (#""format": "lanzi-seed-1","#, #""format": "lanzi-seed-1", "unit_list": [],"#, .domain("$.unit_list")),
        (#""area_m2": "24.50"}"#, #""area_m2": "0"}"#, .domain("$.units[0].area_m2")),
        (#""kind": "shop", "phase": 1, "area_m2": "24.50""#, #""kind": "kiosk", "phase": 1, "area_m2": "24.50""#, .domain("$.units[0].kind")),
        (#""area_m2": "20.00"}"#, #""area_m2": "20.00", "building": "1号冷库", "capacity_kg": 500}"#, .domain("$.units[1].building")),
        (#""area_m2": "60.00", "building": "1号冷库", "capacity_kg": 30000"#, #""area_m2": "60.00", "capacity_kg": 30000"#, .domain("$.units[3].building")),
        (#""phase": 2"#, #""phase": 0"#, .domain("$.units[2].phase")),
        (#""code": "S-002""#, #""code": "S-001""#, .domain("$.units[1].code")),
        (#""phone": "13800000000""#, #""phone": "12345""#, .domain("$.merchants[0].phone")),
        (#""phone": "13800000000""#, #""phone": "13800000000", "nickname": "小李""#, .domain("$.merchants[0].nickname")),
        (#""id_number": "53250419750531003X""#, #""id_number": "5325-0419""#, .domain("$.merchants[1].id_number")),
        (#""key": "m02""#, #""key": "m01""#, .domain("$.merchants[1].key")),
        (#""rent": "500.00""#, #""rent": "500.005""#, .domain("$.leases[0].rent")),
        (#""rent": "500.00""#, #""rent": 500"#, .domain("$.leases[0].rent")),
        (#""rent": "500.00""#, #""rent": "-500.00""#, .domain("$.leases[0].rent")),
        (#""due_day": 5"#, #""due_day": 29"#, .domain("$.leases[0].due_day")),
        (#""start": "2025-09-01""#, #""start": "2025-02-30""#, .domain("$.leases[0].start")),
        (#""end": "2026-08-31""#, #""end": "2025-08-31""#, .domain("$.leases[0].end")),
        (#""free_months": 1"#, #""free_months": 12"#, .domain("$.leases[3].free_months")),
        (#""fee_fixed": "20.00""#, #""fee_fixed": "20.00", "fee_per_m2": "1.00""#, .domain("$.leases[1].fee_fixed")),
        (#""escalation_bp": 300"#, #""escalation_bp": 10001"#, .domain("$.leases[0].escalation_bp")),
        (#""late_fee_cap_bp": 3000"#, #""late_fee_cap_bp": 3000, "cycle_x": 1"#, .domain("$.leases[0].cycle_x")),
        (#""merchant": "m01""#, #""merchant": "m09""#, .domain("$.leases[0].merchant")),
        (#""units": ["S-001"]"#, #""units": ["S-009"]"#, .notFound("$.leases[0].units")),
        (#""units": ["T-001"]"#, #""units": ["S-001"]"#, .conflict("$.leases[1].units")),
        (#""termination": {"on": "2026-08-20""#, #""termination": {"on": "2027-01-20""#, .domain("$.leases[1].termination.on")),
        (#""renews": "l001""#, #""renews": "l009""#, .domain("$.leases[2].renews")),
        (#""renews": "l001", "end": "2027-08-31""#, #""renews": "l001", "end": "2026-08-31""#, .domain("$.leases[2].end")),
        (#""renews": "l001""#, #""renews": "l001", "start": "2026-09-01""#, .domain("$.leases[2].start")),
        (#""renews": "l001""#, #""renews": "l001", "merchant": "m02""#, .domain("$.leases[2].merchant")),
        // Rule 8: only a lease without a termination can be renewed (l002 is terminated).
        (#""key": "l003", "renews": "l001""#, #""key": "l003", "renews": "l002""#, .domain("$.leases[2].renews")),
        (#""key": "l003""#, #""key": "l001""#, .domain("$.leases[2].key")),
    ]

    @Test("a document with one bad value is refused naming its JSON path, and changes nothing at all", arguments: badValues)
    func badValue(original: String, replacement: String, refusal: Refusal) throws {
        let valid = Self.validSeed()
        try #require(valid.components(separatedBy: original).count == 2, "the text to replace must occur exactly once: \(original)")
        let text = valid.replacingOccurrences(of: original, with: replacement)

        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let empty = try fixture.tableCounts()
        #expect(empty.values.allSatisfy { $0 == 0 })

        let result = Outcome.capture { _ = try fixture.admin.seed(try Self.document(text)) }
        switch refusal {
        case .domain(let path):
            #expect(result.outcome == .domain(field: path), "\(result.message)")
        case .conflict(let path):
            #expect(result.outcome == .conflict, "\(result.message)")
            #expect(result.message.hasPrefix(path), "\(result.message)")
        case .notFound(let path):
            #expect(result.outcome == .notFound, "\(result.message)")
            #expect(result.message.hasPrefix(path), "\(result.message)")
        }
        // Nothing at all: no market row, no units, no merchants, no leases, no log.
        #expect(try fixture.tableCounts() == empty)
        #expect(Outcome { _ = try fixture.admin.market() } == .notFound)
    }

    @Test("a refused document leaves an existing register exactly as it was")
    func refusalOnTopOfRegister() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        _ = try fixture.admin.seed(try Self.document(Self.validSeed()))
        let before = try fixture.tableCounts()
        // New units and a merchant come first in the file; the fault is in the last lease.
        let text = Self.validSeed()
            .replacingOccurrences(of: #"{"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "20.00"},"#,
                                  with: #"{"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "20.00"}, {"code": "S-099", "kind": "shop", "phase": 1, "area_m2": "9.00"},"#)
            .replacingOccurrences(of: #""free_months": 1"#, with: #""free_months": 1, "due_day": 31"#)
        #expect(Outcome { _ = try fixture.admin.seed(try Self.document(text)) } == .domain(field: "$.leases[3].due_day"))
        #expect(try fixture.tableCounts() == before)
        #expect(Outcome { _ = try fixture.admin.unit(code: "S-099", on: F.date("2026-01-01")) } == .notFound)
    }

    @Test("a float amount is refused when the text is read, naming where, before anything is loaded")
    func floatAmount() throws {
        let text = Self.validSeed().replacingOccurrences(of: #""rent": "500.00""#, with: #""rent": 500.00"#)
        let result = Outcome.capture { _ = try Self.document(text, source: "tiny.json") }
        guard case .domain(let field) = result.outcome else {
            Issue.record("expected a DomainError, got \(result.outcome)")
            return
        }
        #expect(field.hasPrefix("tiny.json line 17 column"))
        #expect(result.message.contains("whole"))
    }

    @Test("a unit listed twice in one file is refused, even with the same details (seeds/README.md rule 2)")
    func unitListedTwice() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let text = Self.validSeed().replacingOccurrences(
            of: #"{"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "20.00"},"#,
            with: #"{"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "20.00"}, {"code": "S-002", "kind": "shop", "phase": 1, "area_m2": "20.00"},"#)
        let result = Outcome.capture { _ = try fixture.admin.seed(try Self.document(text)) }
        #expect(result.outcome == .domain(field: "$.units[2].code"), "\(result.message)")
        #expect(try fixture.tableCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("a lease listed twice in one file overlaps itself and is refused (seeds/README.md rule 6)")
    func leaseListedTwice() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let lease = #"{"merchant": "m02", "units": ["C1-01", "S-002"], "start": "2026-03-01", "end": "2027-02-28", "rent": "2000.00", "free_months": 1}"#
        let text = Self.validSeed().replacingOccurrences(of: lease, with: lease + ",\n    " + lease)
        try #require(text != Self.validSeed())
        let result = Outcome.capture { _ = try fixture.admin.seed(try Self.document(text)) }
        #expect(result.outcome != .returned)
        #expect(result.message.hasPrefix("$.leases[4]") || { if case .domain(let field) = result.outcome { field.hasPrefix("$.leases[4]") } else { false } }(),
                "\(result.outcome): \(result.message)")
        #expect(try fixture.tableCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("two merchants of one file with the same ID number but different names are refused, not merged")
    func merchantsShareIDNumber() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let second = #"{"key": "m02", "name": "王建国", "phone": "13900000001", "id_number": "53250419750531003X"}"#
        let text = Self.validSeed().replacingOccurrences(
            of: second, with: second + #", {"key": "m03", "name": "赵小红", "phone": "13700000000", "id_number": "532504198203170021"}"#)
        try #require(text != Self.validSeed())
        let result = Outcome.capture { _ = try fixture.admin.seed(try Self.document(text)) }
        #expect(result.outcome != .returned, "赵小红 was silently taken for 李春华")
        #expect(result.message.hasPrefix("$.merchants[2]") || result.outcome == .domain(field: "$.merchants[2].id_number"),
                "\(result.outcome): \(result.message)")
        #expect(try fixture.tableCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("a seed for another market than the database's is a conflict, and changes nothing")
    func otherMarket() throws {
        let fixture = try ServiceFixture()   // holds market TST
        defer { fixture.close() }
        let before = try fixture.tableCounts()
        let result = Outcome.capture { _ = try fixture.admin.seed(try Self.document(Self.validSeed(code: "BWG"))) }
        #expect(result.outcome == .conflict)
        #expect(result.message.contains("TST") && result.message.contains("BWG"))
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.market().code == "TST")

        // The demo seed, for BWG, is refused the same way.
        #expect(Outcome { _ = try fixture.admin.seed(try Self.demoDocument(), keyPath: fixture.keyPath) } == .conflict)
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a seed into a database that holds a record no seed made — the market of init, a payment by hand — is refused, and changes nothing")
    func onlyIntoItsOwnDatabase() throws {
        // The market made by `init`, even for the same code, is a real market's start.
        let initialized = try ServiceFixture()
        defer { initialized.close() }
        let before = try initialized.tableCounts()
        let refused = Outcome.capture { _ = try initialized.admin.seed(try Self.document(Self.validSeed(code: "TST"))) }
        #expect(refused.outcome == .conflict)
        #expect(refused.message.contains("market.create TST") && refused.message.contains("no seed made"), "\(refused.message)")
        #expect(try initialized.tableCounts() == before)

        // A database the seed made takes the seed again (adding nothing), but not once the
        // operator has recorded something of its own in it.
        let seeded = try ServiceFixture(market: false)
        defer { seeded.close() }
        let first = try seeded.admin.seed(try Self.document(Self.validSeed(code: "TST")))
        #expect(first.added["units"] == 4)
        #expect(try seeded.activity().filter { $0.action == "seed.load" }.count == 1)
        let again = try seeded.admin.seed(try Self.document(Self.validSeed(code: "TST")))
        #expect(again.added.values.allSatisfy { $0 == 0 })
        #expect(try seeded.activity().filter { $0.action == "seed.load" }.count == 1, "a load that adds nothing logs nothing")
        _ = try seeded.admin.addUnit(UnitDraft(code: "X-001", kind: .shop, area: Area(hundredths: 1000)))
        let counts = try seeded.tableCounts()
        let mixed = Outcome.capture { _ = try seeded.admin.seed(try Self.document(Self.validSeed(code: "TST"))) }
        #expect(mixed.outcome == .conflict)
        #expect(mixed.message.contains("unit.add X-001"), "\(mixed.message)")
        #expect(try seeded.tableCounts() == counts)
    }
}
