import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// The register's queries: what goes in comes back out equal, and a unit's status on a day
/// is worked out from the leases and terminations.
struct RepositoryTests {
    static let shop = UnitDraft(code: "S-001", kind: .shop, phase: 1, area: Area(hundredths: 2450))
    static let secondShop = UnitDraft(code: "S-002", kind: .shop, phase: 2, area: Area(hundredths: 2005))
    static let stall = UnitDraft(code: "T-001", kind: .stall, phase: 1, area: Area(hundredths: 600))
    static let coldRoom = UnitDraft(code: "C1-01", kind: .coldRoom, phase: 3, area: Area(hundredths: 6000),
                                    coldRoom: ColdRoomDetails(building: "1号冷库", capacityKilograms: 30_000))

    static func date(_ text: String) -> CalendarDate { StoreFixture.date(text) }

    // MARK: Market and activity log

    @Test("the market round-trips, and saving again changes its settings but never its code")
    func marketRoundTrip() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        #expect(try database.market() == nil)
        let market = Market(code: "BWG", name: "布王戈农特产品分流中心", operatorName: "弥勒浩瑞商业运营管理有限公司",
                            collectiveName: "布王戈村小组", householdMinimum: 2, householdMaximum: 7)
        try database.saveMarket(market, createdAt: "2026-01-01T00:00:00.000Z")
        #expect(try database.market() == market)

        try database.saveMarket(Market(code: "XYZ", name: "新名字", operatorName: "甲", collectiveName: "乙", householdMinimum: 4, householdMaximum: 6), createdAt: "2026-01-01T00:00:00.000Z")
        #expect(try database.market() == Market(code: "BWG", name: "新名字", operatorName: "甲", collectiveName: "乙", householdMinimum: 4, householdMaximum: 6))
        #expect(try StoreFixture.count(database, "markets") == 1)
    }

    @Test("the activity log appends lines and counts them")
    func activityLog() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        #expect(try database.activityCount() == 0)
        try database.logActivity(actor: "cli:li", at: "2026-01-01T00:00:00.000Z", action: "unit.add", subject: "S-001", detail: "{\"kind\":\"shop\"}")
        try database.logActivity(actor: "cli:li", at: "2026-01-01T00:00:00.000Z", action: "unit.status", subject: "S-001")
        #expect(try database.activityCount() == 2)
        let rows = try database.rows("SELECT actor, action, subject, detail, at FROM activity_log ORDER BY id")
        #expect(try rows.map { try $0.text("action") } == ["unit.add", "unit.status"])
        #expect(try rows[0].text("detail") == "{\"kind\":\"shop\"}")
        #expect(try rows[1].text("detail") == "")
        #expect(try rows[0].text("actor") == "cli:li")
        #expect(try rows[0].text("at").hasSuffix("Z"))
    }

    // MARK: Units

    @Test("units round-trip: shop, stall and cold room, in kind and code order")
    func unitsRoundTrip() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        var ids: [String: Int64] = [:]
        for draft in [Self.stall, Self.secondShop, Self.coldRoom, Self.shop] {
            ids[draft.code] = try database.insertUnit(draft, createdAt: "2026-01-01T00:00:00.000Z")
        }
        let day = Self.date("2026-05-01")
        let units = try database.units(on: day)
        #expect(units.map(\.code) == ["C1-01", "S-001", "S-002", "T-001"])   // cold_room < shop < stall, then code
        for draft in [Self.shop, Self.secondShop, Self.stall, Self.coldRoom] {
            let expected = MarketUnit(id: ids[draft.code]!, code: draft.code, kind: draft.kind, phase: draft.phase, area: draft.area,
                                      coldRoom: draft.coldRoom, isOutOfService: false, currentLeaseID: nil)
            #expect(try database.unit(code: draft.code, on: day) == expected)
            #expect(units.first { $0.code == draft.code } == expected)
        }
        #expect(try database.unit(code: "S-999", on: day) == nil)
    }

    @Test("a unit code is taken once")
    func duplicateUnitCode() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        _ = try database.insertUnit(Self.shop, createdAt: "2026-01-01T00:00:00.000Z")
        let error = StoreFixture.sqliteError { _ = try database.insertUnit(Self.shop, createdAt: "2026-01-01T00:00:00.000Z") }
        #expect(error?.code.rawValue == 2067)
        #expect(try database.units(on: Self.date("2026-01-01")).count == 1)
    }

    @Test("taking a unit out of service and back is stored")
    func outOfService() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let id = try database.insertUnit(Self.stall, createdAt: "2026-01-01T00:00:00.000Z")
        let day = Self.date("2026-01-01")
        try database.setUnitOutOfService(id: id, true)
        #expect(try database.unit(code: "T-001", on: day)?.isOutOfService == true)
        #expect(try database.unit(code: "T-001", on: day)?.status == .outOfService)
        try database.setUnitOutOfService(id: id, false)
        #expect(try database.unit(code: "T-001", on: day)?.isOutOfService == false)
        #expect(try database.unit(code: "T-001", on: day)?.status == .available)
    }

    // MARK: Merchants

    @Test("merchants round-trip and are found by id, ID number, and name with phone")
    func merchantsRoundTrip() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let first = MerchantDraft(name: "李春华", phone: "13800000000", idNumber: "532504198203170021")
        let second = MerchantDraft(name: "弥勒市果蔬专业合作社", phone: "0873-1234567")
        let firstID = try database.insertMerchant(first, createdAt: "2026-01-01T00:00:00.000Z")
        let secondID = try database.insertMerchant(second, createdAt: "2026-01-01T00:00:00.000Z")
        #expect(firstID != secondID)

        let expected = [Merchant(id: firstID, name: "李春华", phone: "13800000000", idNumber: "532504198203170021"),
                        Merchant(id: secondID, name: "弥勒市果蔬专业合作社", phone: "0873-1234567", idNumber: nil)]
        #expect(try database.merchants() == expected)
        #expect(try database.merchant(id: firstID) == expected[0])
        #expect(try database.merchant(id: 999) == nil)
        #expect(try database.merchant(idNumber: "532504198203170021") == expected[0])
        #expect(try database.merchant(idNumber: "532504198203190022") == nil)
        #expect(try database.merchant(name: "弥勒市果蔬专业合作社", phone: "0873-1234567") == expected[1])
        #expect(try database.merchant(name: "弥勒市果蔬专业合作社", phone: "0873-7654321") == nil)
    }

    @Test("an ID number is registered once")
    func duplicateIDNumber() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        _ = try database.insertMerchant(MerchantDraft(name: "李春华", phone: "13800000000", idNumber: "532504198203170021"), createdAt: "2026-01-01T00:00:00.000Z")
        var caught = false
        do {
            _ = try database.insertMerchant(MerchantDraft(name: "王建国", phone: "13900000000", idNumber: "532504198203170021"), createdAt: "2026-01-01T00:00:00.000Z")
        } catch ResultCode.constraint {
            caught = true
        }
        #expect(caught)
        #expect(try database.merchants().count == 1)
    }

    // MARK: Leases

    /// A register with two shops and a merchant; returns the ids.
    static func makeRegister(_ database: Database) throws -> (merchant: Int64, shop: Int64, secondShop: Int64) {
        let merchant = try database.insertMerchant(MerchantDraft(name: "李春华", phone: "13800000000", idNumber: "532504198203170021"), createdAt: "2026-01-01T00:00:00.000Z")
        return (merchant, try database.insertUnit(Self.shop, createdAt: "2026-01-01T00:00:00.000Z"), try database.insertUnit(Self.secondShop, createdAt: "2026-01-01T00:00:00.000Z"))
    }

    static let fullTerms = LeaseTerms(rent: Money(fen: 123_456), cycle: .quarterly, managementFee: .perSquareMetre(Money(fen: 150)),
                                      deposit: Money(fen: 300_000), freeMonths: 2, escalationBasisPoints: 300, dueDay: 28,
                                      graceDays: 7, lateFeeBasisPoints: 5, lateFeeCapBasisPoints: 3000)

    @Test("a lease round-trips with every term, its merchant's name and its units in code order")
    func leaseRoundTrip() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        let draft = LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-002", "S-001"], startsOn: Self.date("2026-01-15"),
                               endsOn: Self.date("2028-01-14"), terms: Self.fullTerms)
        let leaseID = try database.insertLease(draft, unitIDs: [ids.secondShop, ids.shop], createdAt: "2026-01-01T00:00:00.000Z")

        let expected = Lease(id: leaseID, merchantID: ids.merchant, merchantName: "李春华",
                             units: [LeasedUnit(id: ids.shop, code: "S-001", kind: .shop, area: Area(hundredths: 2450)),
                                     LeasedUnit(id: ids.secondShop, code: "S-002", kind: .shop, area: Area(hundredths: 2005))],
                             startsOn: Self.date("2026-01-15"), endsOn: Self.date("2028-01-14"), terms: Self.fullTerms,
                             termination: nil, previousLeaseID: nil, renewedByLeaseID: nil)
        #expect(try database.lease(id: leaseID) == expected)
        #expect(try database.leases() == [expected])
        #expect(try database.lease(id: leaseID + 1) == nil)
        #expect(expected.area == Area(hundredths: 4455))
    }

    @Test("fixed and no management fee round-trip", arguments: [ManagementFee.none, .fixed(Money(fen: 2000))])
    func managementFeeKinds(fee: ManagementFee) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        var terms = LeaseTerms(rent: Money(fen: 50_000))
        terms.managementFee = fee
        let leaseID = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2026-01-01"),
                                                          endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")
        #expect(try database.lease(id: leaseID)?.terms == terms)
    }

    @Test("a renewal names its predecessor, which then names it; a termination comes back with the lease")
    func renewalAndTermination() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        let terms = LeaseTerms(rent: Money(fen: 50_000))
        let first = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2025-01-01"),
                                                        endsOn: Self.date("2025-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")
        let second = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2026-01-01"),
                                                         endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.shop], previousLeaseID: first, createdAt: "2026-01-01T00:00:00.000Z")
        #expect(try database.lease(id: first)?.renewedByLeaseID == second)
        #expect(try database.lease(id: first)?.previousLeaseID == nil)
        #expect(try database.lease(id: second)?.previousLeaseID == first)
        #expect(try database.lease(id: second)?.renewedByLeaseID == nil)

        // A lease is renewed at most once.
        let error = StoreFixture.sqliteError {
            _ = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-002"], startsOn: Self.date("2026-01-01"),
                                                    endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.secondShop], previousLeaseID: first, createdAt: "2026-01-01T00:00:00.000Z")
        }
        #expect(error?.code.primary == .constraint)

        try database.insertTermination(leaseID: second, LeaseTermination(endsOn: Self.date("2026-08-20"), reason: "商户转行"), createdAt: "2026-01-01T00:00:00.000Z")
        let terminated = try #require(try database.lease(id: second))
        #expect(terminated.termination == LeaseTermination(endsOn: Self.date("2026-08-20"), reason: "商户转行"))
        #expect(terminated.lastDay == Self.date("2026-08-20"))
        #expect(terminated.endsOn == Self.date("2026-12-31"))
    }

    @Test("leases filtered by merchant and by the day they are active, a termination counting")
    func leaseFilters() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        let other = try database.insertMerchant(MerchantDraft(name: "王建国", phone: "13900000000"), createdAt: "2026-01-01T00:00:00.000Z")
        let terms = LeaseTerms(rent: Money(fen: 50_000))
        let a = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2026-01-01"),
                                                    endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")
        let b = try database.insertLease(LeaseDraft(merchantID: other, unitCodes: ["S-002"], startsOn: Self.date("2026-03-01"),
                                                    endsOn: Self.date("2027-02-28"), terms: terms), unitIDs: [ids.secondShop], createdAt: "2026-01-01T00:00:00.000Z")
        try database.insertTermination(leaseID: a, LeaseTermination(endsOn: Self.date("2026-06-30"), reason: "x"), createdAt: "2026-01-01T00:00:00.000Z")

        #expect(try database.leases().map(\.id) == [a, b])
        #expect(try database.leases(merchantID: other).map(\.id) == [b])
        #expect(try database.leases(merchantID: 999).isEmpty)
        #expect(try database.leases(activeOn: Self.date("2025-12-31")).isEmpty)
        #expect(try database.leases(activeOn: Self.date("2026-01-01")).map(\.id) == [a])
        #expect(try database.leases(activeOn: Self.date("2026-06-30")).map(\.id) == [a, b])
        #expect(try database.leases(activeOn: Self.date("2026-07-01")).map(\.id) == [b])
        #expect(try database.leases(merchantID: ids.merchant, activeOn: Self.date("2026-07-01")).isEmpty)
        #expect(try database.leases(activeOn: Self.date("2027-02-28")).map(\.id) == [b])
        #expect(try database.leases(activeOn: Self.date("2027-03-01")).isEmpty)
        // Each lease keeps its own units when several are read at once.
        #expect(try database.leases().map { $0.units.map(\.code) } == [["S-001"], ["S-002"]])
    }

    @Test("a unit's status on a day is worked out from its leases and their terminations", arguments: [
        ("2025-12-31", UnitStatus.available, false),
        ("2026-01-01", .leased, true),        // the first day
        ("2026-04-15", .leased, true),
        ("2026-06-30", .leased, true),        // the termination's day is still leased
        ("2026-07-01", .available, false),    // the day after the termination
        ("2026-12-31", .available, false),    // the signed end no longer counts
        ("2027-01-01", .leased, false),       // the next lease's first day
    ])
    func unitStatusOnDay(day: String, status: UnitStatus, byFirstLease: Bool) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        let terms = LeaseTerms(rent: Money(fen: 50_000))
        let first = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2026-01-01"),
                                                        endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")
        try database.insertTermination(leaseID: first, LeaseTermination(endsOn: Self.date("2026-06-30"), reason: "x"), createdAt: "2026-01-01T00:00:00.000Z")
        let next = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2027-01-01"),
                                                       endsOn: Self.date("2027-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")

        let unit = try #require(try database.unit(code: "S-001", on: Self.date(day)))
        #expect(unit.status == status)
        let expectedLease: Int64? = status == .leased ? (byFirstLease ? first : next) : nil
        #expect(unit.currentLeaseID == expectedLease)
        #expect(try database.units(on: Self.date(day)).first { $0.code == "S-001" }?.currentLeaseID == expectedLease)
        // The other shop is never leased.
        #expect(try database.unit(code: "S-002", on: Self.date(day))?.status == .available)
    }

    @Test("leasesHolding finds the leases that hold a unit on any day of a range")
    func leasesHolding() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        let terms = LeaseTerms(rent: Money(fen: 50_000))
        let later = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2027-01-01"),
                                                        endsOn: Self.date("2027-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")
        let earlier = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001"], startsOn: Self.date("2026-01-01"),
                                                          endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.shop], createdAt: "2026-01-01T00:00:00.000Z")
        #expect(try database.leasesHolding(unitID: ids.shop, from: Self.date("2026-12-31"), through: Self.date("2027-01-01")) == [earlier, later])
        #expect(try database.leasesHolding(unitID: ids.shop, from: Self.date("2027-06-01"), through: Self.date("2030-01-01")) == [later])
        #expect(try database.leasesHolding(unitID: ids.shop, from: Self.date("2025-01-01"), through: Self.date("2025-12-31")).isEmpty)
        #expect(try database.leasesHolding(unitID: ids.secondShop, from: Self.date("2026-01-01"), through: Self.date("2027-12-31")).isEmpty)
    }

    @Test("insertLease inside a transaction: a taken second unit leaves no lease row behind")
    func insertLeaseAtomic() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let ids = try Self.makeRegister(database)
        let terms = LeaseTerms(rent: Money(fen: 50_000))
        _ = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-002"], startsOn: Self.date("2026-01-01"),
                                                endsOn: Self.date("2026-12-31"), terms: terms), unitIDs: [ids.secondShop], createdAt: "2026-01-01T00:00:00.000Z")
        let error = StoreFixture.sqliteError {
            try database.transaction(writing: true) {
                _ = try database.insertLease(LeaseDraft(merchantID: ids.merchant, unitCodes: ["S-001", "S-002"], startsOn: Self.date("2026-06-01"),
                                                        endsOn: Self.date("2027-05-31"), terms: terms), unitIDs: [ids.shop, ids.secondShop], createdAt: "2026-01-01T00:00:00.000Z")
            }
        }
        #expect(error?.isRaised(by: "lease_overlap") == true)
        #expect(try database.leases().count == 1)
        #expect(try StoreFixture.count(database, "lease_units") == 1)
    }
}
