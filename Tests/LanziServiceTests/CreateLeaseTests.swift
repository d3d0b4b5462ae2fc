import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// `LanziService.createLease`: the rules of a lease on its own, and the register's rules
/// (the merchant and units exist, a unit in service, no overlap), all or nothing.
struct CreateLeaseTests {
    typealias F = ServiceFixture

    @Test("a lease is created with its terms and units, and logged once")
    func createsLease() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let activityBefore = try fixture.activityCount()

        let draft = F.lease(ids.li, ["S-002", "S-001"], "2026-01-15", "2027-01-14", rent: "1300.50") {
            $0.cycle = .quarterly
            $0.managementFee = .perSquareMetre(F.yuan("1.50"))
            $0.deposit = F.yuan("2600")
            $0.freeMonths = 1
            $0.escalationBasisPoints = 300
        }
        let lease = try fixture.admin.createLease(draft)
        #expect(lease.merchantID == ids.li)
        #expect(lease.merchantName == "李春华")
        #expect(lease.units.map(\.code) == ["S-001", "S-002"])
        #expect(lease.area == Area(hundredths: 4450))
        #expect(lease.startsOn == F.date("2026-01-15"))
        #expect(lease.endsOn == F.date("2027-01-14"))
        #expect(lease.terms == draft.terms)
        #expect(lease.termination == nil && lease.previousLeaseID == nil && lease.renewedByLeaseID == nil)
        #expect(try fixture.admin.lease(id: lease.id) == lease)

        #expect(try fixture.activityCount() == activityBefore + 1)
        let last = try #require(try fixture.activity().last)
        #expect(last.actor == "cli:tester")
        #expect(last.action == "lease.create")
        #expect(last.subject == "lease \(lease.id)")
        // Both units are leased on the first day, neither the day before.
        #expect(try fixture.admin.unit(code: "S-002", on: F.date("2026-01-15")).currentLeaseID == lease.id)
        #expect(try fixture.admin.unit(code: "S-002", on: F.date("2026-01-14")).status == .available)
    }

    /// Each draft breaks exactly one rule; merchant 1 and the units exist.
    static let invalidDrafts: [(String, LeaseDraft, String)] = [
        ("end before start", F.lease(1, ["S-001"], "2026-06-01", "2026-05-31"), "end_on"),
        ("twenty years", F.lease(1, ["S-001"], "2026-01-01", "2046-01-01"), "end_on"),
        ("free months as many as the months", F.lease(1, ["S-001"], "2026-01-01", "2026-03-31") { $0.freeMonths = 3 }, "free_months"),
        ("free months in a part month", F.lease(1, ["S-001"], "2026-01-15", "2026-02-14") { $0.freeMonths = 1 }, "free_months"),
        ("negative free months", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.freeMonths = -1 }, "free_months"),
        ("no units", F.lease(1, [], "2026-01-01", "2026-12-31"), "units"),
        ("a unit twice", F.lease(1, ["S-001", "S-002", "S-001"], "2026-01-01", "2026-12-31"), "units"),
        ("a lower-case code", F.lease(1, ["s-001"], "2026-01-01", "2026-12-31"), "units"),
        ("twenty-one units", F.lease(1, (1...21).map { "S-\($0)" }, "2026-01-01", "2026-12-31"), "units"),
        ("negative rent", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.rent = Money(fen: -1) }, "rent"),
        ("rent over the maximum", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.rent = Money(fen: 1_000_000_001) }, "rent"),
        ("due day 29", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.dueDay = 29 }, "due_day"),
        ("due day 0", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.dueDay = 0 }, "due_day"),
        ("escalation over 100%", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.escalationBasisPoints = 10_001 }, "escalation_bp"),
        ("grace of 91 days", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.graceDays = 91 }, "grace_days"),
        ("negative late fee", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.lateFeeBasisPoints = -1 }, "late_fee_bp"),
        ("late-fee cap over 100%", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.lateFeeCapBasisPoints = 10_001 }, "late_fee_cap_bp"),
        ("a zero fee per m²", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.managementFee = .perSquareMetre(.zero) }, "fee_per_m2"),
        ("a zero fixed fee", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.managementFee = .fixed(.zero) }, "fee_fixed"),
        ("a negative deposit", F.lease(1, ["S-001"], "2026-01-01", "2026-12-31") { $0.deposit = Money(fen: -100) }, "deposit"),
    ]

    @Test("a lease that breaks a rule is refused naming the field, and nothing is written", arguments: invalidDrafts)
    func validation(name: String, draft: LeaseDraft, field: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        #expect(ids.li == 1)
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.createLease(draft) } == .domain(field: field), "\(name)")
        #expect(try fixture.tableCounts() == before)
    }

    @Test("the longest lease allowed, just under twenty years, is accepted")
    func longestLease() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2045-12-31"))
        #expect(lease.endsOn == F.date("2045-12-31"))
    }

    @Test("an unknown merchant or unit is not found, and nothing is written")
    func unknownMerchantOrUnit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let before = try fixture.tableCounts()

        let merchant = Outcome.capture { _ = try fixture.admin.createLease(F.lease(99, ["S-001"], "2026-01-01", "2026-12-31")) }
        #expect(merchant.outcome == .notFound)
        #expect(merchant.message.contains("merchant_id") && merchant.message.contains("99"))

        let unit = Outcome.capture { _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001", "X-404"], "2026-01-01", "2026-12-31")) }
        #expect(unit.outcome == .notFound)
        #expect(unit.message.contains("units") && unit.message.contains("X-404"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a unit out of service cannot be leased")
    func outOfServiceUnit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.setUnitStatus(code: "S-002", outOfService: true, on: F.date("2026-01-01"))
        let before = try fixture.tableCounts()

        let refusal = Outcome.capture { _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001", "S-002"], "2026-02-01", "2026-12-31")) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("S-002") && refusal.message.contains("out of service"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("overlapping dates are refused naming the unit and the other lease", arguments: [
        ("2026-12-31", "2027-06-30"),
        ("2025-06-01", "2026-01-01"),
        ("2026-03-01", "2026-03-31"),
        ("2025-01-01", "2027-12-31"),
    ])
    func overlapRefused(start: String, end: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let held = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let before = try fixture.tableCounts()

        let refusal = Outcome.capture { _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-001"], start, end)) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("S-001"))
        #expect(refusal.message.contains("lease \(held.id)"))
        #expect(refusal.message.contains("李春华"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a lease that starts the day after another ends, or ends the day before it starts, is allowed")
    func adjacentAllowed() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let middle = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let after = try fixture.admin.createLease(F.lease(ids.wang, ["S-001"], "2027-01-01", "2027-12-31"))
        let before = try fixture.admin.createLease(F.lease(ids.wang, ["S-001"], "2025-01-01", "2025-12-31"))
        #expect(Set([middle.id, after.id, before.id]).count == 3)
        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2025-12-31")).currentLeaseID == before.id)
        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2026-12-31")).currentLeaseID == middle.id)
        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2027-01-01")).currentLeaseID == after.id)
        #expect(try fixture.admin.leases().count == 3)
    }

    @Test("a lease of two units where only the second overlaps is refused whole: nothing is written")
    func secondUnitOverlaps() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let held = try fixture.admin.createLease(F.lease(ids.li, ["S-002"], "2026-01-01", "2026-12-31"))
        let leasesBefore = try fixture.admin.leases().count
        let activityBefore = try fixture.activityCount()
        let before = try fixture.tableCounts()

        let refusal = Outcome.capture { _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-001", "S-002"], "2026-06-01", "2027-05-31")) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("S-002") && refusal.message.contains("lease \(held.id)"))
        #expect(try fixture.admin.leases().count == leasesBefore)
        #expect(try fixture.activityCount() == activityBefore)
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2026-07-01")).status == .available)
    }

    @Test("an operator may create a lease; the log names the operator")
    func operatorCreates() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.operatorCaller.createLease(F.lease(ids.li, ["T-001"], "2026-01-01", "2026-12-31"))
        #expect(try fixture.activity().last?.actor == "op:wang")
        #expect(try fixture.activity().last?.subject == "lease \(lease.id)")
    }
}
