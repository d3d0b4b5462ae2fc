import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// Who may do what: an auditor reads but never changes; a merchant caller does not read the
/// register; full ID numbers only for operators and administrators.
struct PermissionTests {
    typealias F = ServiceFixture

    /// A register with one lease (id 1, S-001, 2026) and one renewable lease (id 2, S-002).
    static func makeFixture() throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2026-01-01", "2026-12-31"))
        return fixture
    }

    @Test("an auditor reads units, leases, merchants, the market and the summary, the same as an administrator sees them")
    func auditorReads() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let day = F.date("2026-06-01")
        #expect(try fixture.auditor.units(on: day) == fixture.admin.units(on: day))
        #expect(try fixture.auditor.units(on: day).count == 5)
        #expect(try fixture.auditor.unit(code: "S-001", on: day).currentLeaseID == 1)
        #expect(try fixture.auditor.leases().map(\.id) == [1, 2])
        #expect(try fixture.auditor.leases(activeOn: day) == fixture.admin.leases(activeOn: day))
        #expect(try fixture.auditor.lease(id: 2).merchantName == "王建国")
        #expect(try fixture.auditor.market() == ServiceFixture.market)
        let summary = try fixture.auditor.summary(on: day)
        #expect(summary == (try fixture.admin.summary(on: day)))
        #expect(summary.all.total == 5 && summary.all.leased == 2 && summary.activeLeaseCount == 2)
        #expect(try fixture.auditor.merchants().map(\.name) == ["李春华", "王建国"])
        #expect(try fixture.auditor.merchant(id: 1).leases.map(\.id) == [1])
    }

    @Test("every change by an auditor is forbidden and changes nothing")
    func auditorChangesNothing() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let auditor = fixture.auditor
        let before = try fixture.tableCounts()
        let marketBefore = try fixture.admin.market()

        let attempts: [(String, () throws -> Void)] = [
            ("add unit", { _ = try auditor.addUnit(UnitDraft(code: "S-100", kind: .shop, area: Area(hundredths: 2000))) }),
            ("add merchant", { _ = try auditor.addMerchant(MerchantDraft(name: "赵小红", phone: "13700000000")) }),
            ("create lease", { _ = try auditor.createLease(F.lease(1, ["S-003"], "2026-01-01", "2026-12-31")) }),
            ("renew lease", { _ = try auditor.renewLease(id: 2, endsOn: F.date("2027-12-31"), rent: nil) }),
            ("terminate lease", { _ = try auditor.terminateLease(id: 1, endsOn: F.date("2026-06-30"), reason: "") }),
            ("unit out of service", { _ = try auditor.setUnitStatus(code: "S-003", outOfService: true, on: F.date("2026-01-01")) }),
            ("update market", { _ = try auditor.updateMarket(name: "另一个名字", operatorName: nil, collectiveName: nil,
                                                               householdMinimum: nil, householdMaximum: nil) }),
            ("initialize", { _ = try auditor.initialize(market: ServiceFixture.market) }),
            ("seed", { _ = try auditor.seed(try SeedTests.document(SeedTests.validSeed(code: "TST"))) }),
        ]
        for (name, attempt) in attempts {
            let result = Outcome.capture(attempt)
            #expect(result.outcome == .forbidden, "\(name)")
            #expect(result.message.contains("auditor"), "\(name)")
        }
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.market() == marketBefore)
        #expect(try fixture.admin.lease(id: 1).termination == nil)
        #expect(try fixture.admin.lease(id: 2).renewedByLeaseID == nil)
        #expect(try fixture.admin.unit(code: "S-003", on: F.date("2026-01-01")).isOutOfService == false)
    }

    @Test("the permission is checked first: an auditor's invalid change is forbidden, not a validation error")
    func permissionBeforeValidation() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let auditor = fixture.auditor
        let before = try fixture.tableCounts()
        // LanziService's contract: "Every method is one transaction and checks the caller's
        // permission first." A caller who may not change the register learns nothing of its rules.
        #expect(Outcome { _ = try auditor.createLease(F.lease(1, ["S-003"], "2026-12-31", "2026-01-01")) } == .forbidden)
        #expect(Outcome { _ = try auditor.addUnit(UnitDraft(code: "bad code", kind: .shop, area: Area(hundredths: 2000))) } == .forbidden)
        #expect(Outcome { _ = try auditor.addMerchant(MerchantDraft(name: "", phone: "1")) } == .forbidden)
        #expect(Outcome { _ = try auditor.initialize(market: Market(code: "x", name: "", operatorName: "", collectiveName: "")) } == .forbidden)
        #expect(Outcome { _ = try auditor.seed(.object([("format", .string("something else"))])) } == .forbidden)
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a merchant caller cannot read the register")
    func merchantCannotRead() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let merchant = fixture.merchantCaller
        let day = F.date("2026-06-01")
        let reads: [(String, () throws -> Void)] = [
            ("units", { _ = try merchant.units(on: day) }),
            ("unit", { _ = try merchant.unit(code: "S-001", on: day) }),
            ("summary", { _ = try merchant.summary(on: day) }),
            ("market", { _ = try merchant.market() }),
            ("merchants", { _ = try merchant.merchants() }),
        ]
        for (name, read) in reads {
            let result = Outcome.capture(read)
            #expect(result.outcome == .forbidden, "\(name)")
            #expect(result.message.contains("merchant"), "\(name)")
        }
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try merchant.createLease(F.lease(1, ["S-003"], "2026-01-01", "2026-12-31")) } == .forbidden)
        #expect(Outcome { _ = try merchant.terminateLease(id: 1, endsOn: F.date("2026-06-30"), reason: "") } == .forbidden)
        #expect(try fixture.tableCounts() == before)
    }

    @Test("ID numbers are masked unless revealed, and only an operator or administrator may reveal them")
    func idNumbers() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        #expect(try fixture.admin.merchants().map(\.idNumber) == ["5325**********0021", "5325**********003X"])
        #expect(try fixture.admin.merchants(revealIDNumbers: true).map(\.idNumber) == ["532504198203170021", "53250419750531003X"])
        #expect(try fixture.operatorCaller.merchant(id: 1, revealIDNumber: true).merchant.idNumber == "532504198203170021")
        #expect(try fixture.admin.merchant(id: 1).merchant.idNumber == "5325**********0021")

        #expect(try fixture.auditor.merchants().map(\.idNumber) == ["5325**********0021", "5325**********003X"])
        #expect(try fixture.auditor.merchant(id: 2).merchant.idNumber == "5325**********003X")
        let reveal = Outcome.capture { _ = try fixture.auditor.merchants(revealIDNumbers: true) }
        #expect(reveal.outcome == .forbidden)
        #expect(reveal.message.contains("ID numbers"))
        #expect(Outcome { _ = try fixture.auditor.merchant(id: 1, revealIDNumber: true) } == .forbidden)
        #expect(Outcome { _ = try fixture.merchantCaller.merchants(revealIDNumbers: true) } == .forbidden)
        // What is stored is the full number; only what is shown is masked.
        #expect(try fixture.queue.read { try $0.merchant(id: 1)?.idNumber } == "532504198203170021")
    }

    @Test("a merchant without an ID number shows none, and a short number is starred whole")
    func maskingEdges() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let none = try fixture.admin.addMerchant(MerchantDraft(name: "赵小红", phone: "13700000000"))
        let short = try fixture.admin.addMerchant(MerchantDraft(name: "钱大伟", phone: "13700000001", idNumber: "abc12345"))
        #expect(try fixture.auditor.merchant(id: none.id).merchant.idNumber == nil)
        #expect(try fixture.auditor.merchant(id: short.id).merchant.idNumber == "********")
        #expect(try fixture.admin.merchant(id: short.id, revealIDNumber: true).merchant.idNumber == "ABC12345")   // stored upper-case
    }

    @Test("an operator changes the register like an administrator")
    func operatorChanges() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let op = fixture.operatorCaller
        let before = try fixture.activityCount()
        _ = try op.addUnit(UnitDraft(code: "S-100", kind: .shop, area: Area(hundredths: 2000)))
        _ = try op.addMerchant(MerchantDraft(name: "赵小红", phone: "13700000000"))
        _ = try op.terminateLease(id: 1, endsOn: F.date("2026-06-30"), reason: "")
        _ = try op.renewLease(id: 2, endsOn: F.date("2027-12-31"), rent: nil)
        _ = try op.setUnitStatus(code: "S-003", outOfService: true, on: F.date("2026-01-01"))
        #expect(try fixture.activityCount() == before + 5)
        #expect(try fixture.activity().suffix(5).allSatisfy { $0.actor == "op:wang" })
    }
}
