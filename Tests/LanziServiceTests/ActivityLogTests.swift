import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// Every change writes exactly one line to the activity log, inside its own transaction;
/// every refusal writes none.
struct ActivityLogTests {
    typealias F = ServiceFixture

    /// One step of a session: what it does, and the log line it must leave (nil for a refusal).
    struct Step: Sendable {
        var name: String
        var expectedAction: String?
        var run: @Sendable (ServiceFixture) throws -> Void
    }

    static let steps: [Step] = [
        Step(name: "add unit", expectedAction: "unit.add") { _ = try $0.admin.addUnit(UnitDraft(code: "S-001", kind: .shop, area: Area(hundredths: 2000))) },
        Step(name: "add unit again", expectedAction: nil) { _ = try $0.admin.addUnit(UnitDraft(code: "S-001", kind: .shop, area: Area(hundredths: 2000))) },
        Step(name: "add second unit", expectedAction: "unit.add") { _ = try $0.admin.addUnit(UnitDraft(code: "S-002", kind: .shop, area: Area(hundredths: 2000))) },
        Step(name: "bad unit", expectedAction: nil) { _ = try $0.admin.addUnit(UnitDraft(code: "", kind: .shop, area: Area(hundredths: 2000))) },
        Step(name: "add merchant", expectedAction: "merchant.add") { _ = try $0.admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000000", idNumber: "532504198203170021")) },
        Step(name: "same ID number", expectedAction: nil) { _ = try $0.admin.addMerchant(MerchantDraft(name: "王建国", phone: "13900000000", idNumber: "532504198203170021")) },
        Step(name: "bad phone", expectedAction: nil) { _ = try $0.admin.addMerchant(MerchantDraft(name: "王建国", phone: "12-34")) },
        Step(name: "create lease", expectedAction: "lease.create") { _ = try $0.admin.createLease(F.lease(1, ["S-001"], "2026-01-01", "2026-12-31")) },
        Step(name: "overlapping lease", expectedAction: nil) { _ = try $0.admin.createLease(F.lease(1, ["S-002", "S-001"], "2026-06-01", "2026-12-31")) },
        Step(name: "bad lease", expectedAction: nil) { _ = try $0.admin.createLease(F.lease(1, ["S-002"], "2026-06-01", "2026-05-01")) },
        Step(name: "renew", expectedAction: "lease.renew") { _ = try $0.admin.renewLease(id: 1, endsOn: F.date("2027-12-31"), rent: nil) },
        Step(name: "renew again", expectedAction: nil) { _ = try $0.admin.renewLease(id: 1, endsOn: F.date("2028-12-31"), rent: nil) },
        Step(name: "terminate", expectedAction: "lease.terminate") { _ = try $0.admin.terminateLease(id: 2, endsOn: F.date("2027-06-30"), reason: "") },
        Step(name: "terminate again", expectedAction: nil) { _ = try $0.admin.terminateLease(id: 2, endsOn: F.date("2027-03-31"), reason: "") },
        Step(name: "out of service while leased", expectedAction: nil) { _ = try $0.admin.setUnitStatus(code: "S-001", outOfService: true, on: F.date("2026-01-01")) },
        Step(name: "out of service", expectedAction: "unit.status") { _ = try $0.admin.setUnitStatus(code: "S-002", outOfService: true, on: F.date("2026-01-01")) },
        Step(name: "market update", expectedAction: "market.update") { _ = try $0.admin.updateMarket(name: "新名字", operatorName: nil, collectiveName: nil, householdMinimum: nil, householdMaximum: nil) },
        Step(name: "bad market update", expectedAction: nil) { _ = try $0.admin.updateMarket(name: nil, operatorName: nil, collectiveName: nil, householdMinimum: 9, householdMaximum: 4) },
        Step(name: "auditor change", expectedAction: nil) { _ = try $0.auditor.addUnit(UnitDraft(code: "S-003", kind: .shop, area: Area(hundredths: 2000))) },
        Step(name: "merchant caller change", expectedAction: nil) { _ = try $0.merchantCaller.terminateLease(id: 2, endsOn: F.date("2027-03-31"), reason: "") },
        Step(name: "reads", expectedAction: nil) {
            _ = try $0.admin.units(on: F.date("2026-06-01"))
            _ = try $0.admin.leases()
            _ = try $0.admin.summary(on: F.date("2026-06-01"))
            _ = try $0.admin.merchants(revealIDNumbers: true)
        },
    ]

    @Test("a session of changes and refusals: one log line per change, none per refusal")
    func oneLinePerChange() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        #expect(try fixture.activity().map(\.action) == ["market.create", "key.add"])
        for step in Self.steps {
            let before = try fixture.activity()
            let countsBefore = try fixture.tableCounts()
            let outcome = Outcome { try step.run(fixture) }
            let after = try fixture.activity()
            if let action = step.expectedAction {
                #expect(outcome == .returned, "\(step.name)")
                #expect(after.count == before.count + 1, "\(step.name)")
                #expect(after.last?.action == action, "\(step.name)")
                #expect(after.last?.actor == "cli:tester", "\(step.name)")
            } else {
                if step.name != "reads" { #expect(outcome != .returned, "\(step.name) should have been refused") }
                #expect(after.count == before.count, "\(step.name)")
                #expect(try fixture.tableCounts() == countsBefore, "\(step.name)")
            }
        }
        #expect(try fixture.activityCount() == 2 + Self.steps.filter { $0.expectedAction != nil }.count)
    }

    @Test("initializing the market logs once; initializing it again with the same code changes nothing")
    func initializeOnce() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        #expect(Outcome { _ = try fixture.admin.market() } == .notFound)
        #expect(try fixture.admin.initialize(market: nil) == nil)
        #expect(try fixture.activityCount() == 0)
        #expect(try fixture.admin.initialize(market: ServiceFixture.market) == ServiceFixture.market)
        #expect(try fixture.activity().map(\.action) == ["market.create"])
        #expect(try fixture.activity().first?.subject == "TST")

        let renamed = Market(code: "TST", name: "别的名字", operatorName: "x", collectiveName: "y")
        #expect(try fixture.admin.initialize(market: renamed) == ServiceFixture.market)
        #expect(try fixture.activityCount() == 1)
        let other = Outcome.capture { _ = try fixture.admin.initialize(market: Market(code: "BWG", name: "n", operatorName: "o", collectiveName: "c")) }
        #expect(other.outcome == .conflict)
        #expect(other.message.contains("TST"))
        #expect(try fixture.activityCount() == 1)
        #expect(try fixture.admin.market() == ServiceFixture.market)
    }

    @Test("a market update that changes nothing logs nothing; one that changes logs once")
    func updateMarket() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let before = try fixture.activityCount()
        _ = try fixture.admin.updateMarket(name: ServiceFixture.market.name, operatorName: nil, collectiveName: nil, householdMinimum: nil, householdMaximum: nil)
        #expect(try fixture.activityCount() == before)
        let updated = try fixture.admin.updateMarket(name: nil, operatorName: nil, collectiveName: nil, householdMinimum: 2, householdMaximum: 6)
        #expect(updated.householdMinimum == 2 && updated.householdMaximum == 6 && updated.code == "TST")
        #expect(try fixture.admin.market() == updated)
        #expect(try fixture.activityCount() == before + 1)
        #expect(Outcome { _ = try fixture.admin.updateMarket(name: nil, operatorName: nil, collectiveName: nil, householdMinimum: 0, householdMaximum: nil) }
                == .domain(field: "household_min"))
        #expect(try fixture.admin.market() == updated)
    }

    @Test("merchants: validated, a taken ID number is a conflict, and each addition is logged")
    func addMerchants() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let first = try fixture.admin.addMerchant(MerchantDraft(name: " 李春华 ", phone: "+86 138-0000-0000", idNumber: "532504198203170021"))
        #expect(first.name == "李春华")
        #expect(first.phone == "+86 138-0000-0000")
        // What addMerchant returns is masked, like every view that does not ask to reveal.
        #expect(first.idNumber == "5325**********0021")
        #expect(try fixture.admin.merchant(id: first.id, revealIDNumber: true).merchant.idNumber == "532504198203170021")
        #expect(try fixture.admin.merchant(id: first.id).merchant == first)
        let before = try fixture.tableCounts()
        let taken = Outcome.capture { _ = try fixture.admin.addMerchant(MerchantDraft(name: "王建国", phone: "13900000000", idNumber: "532504198203170021")) }
        #expect(taken.outcome == .conflict)
        #expect(taken.message.contains("id_number") && taken.message.contains("merchant \(first.id)"))
        #expect(Outcome { _ = try fixture.admin.addMerchant(MerchantDraft(name: String(repeating: "名", count: 41), phone: "13900000000")) }
                == .domain(field: "name"))
        #expect(Outcome { _ = try fixture.admin.addMerchant(MerchantDraft(name: "王建国", phone: "139-0000-000x")) } == .domain(field: "phone"))
        #expect(Outcome { _ = try fixture.admin.addMerchant(MerchantDraft(name: "王建国", phone: "13900000000", idNumber: "12345")) } == .domain(field: "id_number"))
        #expect(Outcome { _ = try fixture.admin.merchant(id: 404) } == .notFound)
        #expect(Outcome { _ = try fixture.admin.leases(merchantID: 404) } == .notFound)
        #expect(try fixture.tableCounts() == before)
    }
}
