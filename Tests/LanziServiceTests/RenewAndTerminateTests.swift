import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// `renewLease` and `terminateLease`: a renewal continues a lease without gap or overlap at
/// the rent in force at its end; a termination shortens it; neither edits it.
struct RenewAndTerminateTests {
    typealias F = ServiceFixture

    // MARK: Renewal

    /// (rent, escalation bp, start, end, the rent in force on the last day — worked by hand).
    @Test("a renewal starts the day after, with the rent in force at the old end and no free months", arguments: [
        // 1000.00 × 1.05 = 1050.00 on 2025-01-01, × 1.05 = 1102.50 on 2026-01-01; the third
        // anniversary, 2027-01-01, is after the end.
        ("1000.00", 500, "2024-01-01", "2026-12-31", "1102.50"),
        // 613.00 × 1.005 = 616.065 → 616.07: half a fen rounds up (to even would give 616.06).
        ("613.00", 50, "2025-03-01", "2027-02-28", "616.07"),
        // seeds/README.md's example: 610.00 at 300 bp is 628.30 after one anniversary.
        ("610.00", 300, "2025-09-01", "2026-08-31", "610.00"),
        ("610.00", 300, "2025-09-01", "2027-08-31", "628.30"),
        // An anniversary on the last day itself is in force on that day.
        ("1000.00", 500, "2025-01-01", "2026-01-01", "1050.00"),
        // 29 February's anniversary falls on 28 February in a common year.
        ("1000.00", 1000, "2024-02-29", "2025-02-28", "1100.00"),
        ("1000.00", 1000, "2024-02-29", "2025-02-27", "1000.00"),
        // 0.01 × 1.5 = 0.015 → 0.02, then 0.02 × 1.5 = 0.03: rounded each year, compounding.
        ("0.01", 5000, "2024-01-01", "2026-06-30", "0.03"),
    ])
    func renewalDefaults(rent: String, basisPoints: Int, start: String, end: String, expectedRent: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-002", "S-001"], start, end, rent: rent) {
            $0.escalationBasisPoints = basisPoints
            $0.freeMonths = 1
            $0.cycle = .quarterly
            $0.managementFee = .fixed(F.yuan("80"))
            $0.deposit = F.yuan("3000")
            $0.dueDay = 10
            $0.graceDays = 3
            $0.lateFeeBasisPoints = 5
            $0.lateFeeCapBasisPoints = 2000
        })
        let activityBefore = try fixture.activityCount()
        let newEnd = F.date(end).adding(years: 1)

        let renewal = try fixture.admin.renewLease(id: old.id, endsOn: newEnd, rent: nil)
        #expect(renewal.startsOn == F.date(end).adding(days: 1))
        #expect(renewal.endsOn == newEnd)
        #expect(renewal.terms.rent == F.yuan(expectedRent))
        #expect(renewal.terms.freeMonths == 0)
        var expectedTerms = old.terms
        expectedTerms.rent = F.yuan(expectedRent)
        expectedTerms.freeMonths = 0
        #expect(renewal.terms == expectedTerms)
        #expect(renewal.merchantID == old.merchantID)
        #expect(renewal.units == old.units)
        #expect(renewal.previousLeaseID == old.id)
        #expect(try fixture.admin.lease(id: old.id).renewedByLeaseID == renewal.id)
        #expect(try fixture.admin.lease(id: old.id).endsOn == F.date(end))   // the old lease is not edited
        #expect(renewal.schedule.allSatisfy { $0.freeDays == 0 })

        #expect(try fixture.activityCount() == activityBefore + 1)
        #expect(try fixture.activity().last?.action == "lease.renew")
        #expect(try fixture.activity().last?.subject == "lease \(renewal.id)")
    }

    @Test("a rent given for the renewal replaces the default")
    func renewalWithRent() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2025-01-01", "2026-12-31") { $0.escalationBasisPoints = 500 })
        let renewal = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2027-12-31"), rent: F.yuan("1200.00"))
        #expect(renewal.terms.rent == F.yuan("1200.00"))
        #expect(renewal.terms.escalationBasisPoints == 500)
    }

    @Test("a renewal can itself be renewed; the chain has neither gap nor overlap")
    func renewalChain() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let first = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2024-01-01", "2024-12-31") { $0.escalationBasisPoints = 1000 })
        let second = try fixture.admin.renewLease(id: first.id, endsOn: F.date("2026-12-31"), rent: nil)
        let third = try fixture.admin.renewLease(id: second.id, endsOn: F.date("2027-12-31"), rent: nil)
        #expect(second.terms.rent == F.yuan("1000.00"))    // no anniversary in the first lease
        #expect(third.terms.rent == F.yuan("1100.00"))     // one in the second, counted from its own start
        #expect(third.startsOn == F.date("2027-01-01"))
        #expect(third.previousLeaseID == second.id)
        for day in ["2024-12-31", "2025-01-01", "2026-12-31", "2027-01-01"] {
            #expect(try fixture.admin.unit(code: "S-001", on: F.date(day)).status == .leased)
        }
    }

    @Test("renewing twice is a conflict, and the second attempt writes nothing")
    func renewTwice() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let renewal = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2027-12-31"), rent: nil)
        let before = try fixture.tableCounts()
        let refusal = Outcome.capture { _ = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2028-12-31"), rent: nil) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("lease \(renewal.id)"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a terminated lease cannot be renewed")
    func renewTerminated() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.terminateLease(id: old.id, endsOn: F.date("2026-06-30"), reason: "商户转行")
        let before = try fixture.tableCounts()
        let refusal = Outcome.capture { _ = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2027-12-31"), rent: nil) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("terminated"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a renewal whose end is before its start is refused on --end", arguments: ["2026-12-31", "2026-06-30"])
    func renewalEndBeforeStart(end: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.renewLease(id: old.id, endsOn: F.date(end), rent: nil) } == .domain(field: "end_on"))
        #expect(try fixture.tableCounts() == before)
        // One day is the shortest renewal.
        let oneDay = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2027-01-01"), rent: nil)
        #expect(oneDay.startsOn == oneDay.endsOn)
    }

    @Test("a renewal with a bad rent is refused on --rent")
    func renewalBadRent() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2027-12-31"), rent: Money(fen: -5)) } == .domain(field: "rent"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("renewing an unknown lease is not found")
    func renewUnknown() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        try fixture.addSmallRegister()
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.renewLease(id: 77, endsOn: F.date("2027-12-31"), rent: nil) } == .notFound)
        #expect(try fixture.tableCounts() == before)
    }

    @Test("a renewal onto a unit leased meanwhile is a conflict, and nothing is written")
    func renewalOverlaps() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let old = try fixture.admin.createLease(F.lease(ids.li, ["S-001", "S-002"], "2026-01-01", "2026-12-31"))
        let other = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2027-03-01", "2027-12-31"))
        let before = try fixture.tableCounts()
        let refusal = Outcome.capture { _ = try fixture.admin.renewLease(id: old.id, endsOn: F.date("2027-12-31"), rent: nil) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("S-002") && refusal.message.contains("lease \(other.id)"))
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.lease(id: old.id).renewedByLeaseID == nil)
    }

    // MARK: Termination

    @Test("a termination day before the start, or on or after the signed end, is refused on --on", arguments: [
        "2025-12-31", "2026-12-31", "2027-02-01",
    ])
    func terminationOutsideLease(day: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date(day), reason: "") } == .domain(field: "on"))
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.lease(id: lease.id).termination == nil)
    }

    @Test("a termination records the new last day and the reason, and is logged once")
    func terminates() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let activityBefore = try fixture.activityCount()
        let terminated = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-06-30"), reason: "  商户转行  ").lease
        #expect(terminated.termination == LeaseTermination(endsOn: F.date("2026-06-30"), reason: "商户转行"))
        #expect(terminated.lastDay == F.date("2026-06-30"))
        #expect(terminated.endsOn == F.date("2026-12-31"))
        #expect(try fixture.admin.lease(id: lease.id) == terminated)
        #expect(try fixture.activityCount() == activityBefore + 1)
        #expect(try fixture.activity().last?.action == "lease.terminate")
        #expect(try fixture.activity().last?.subject == "lease \(lease.id)")
    }

    @Test("a termination without a reason is recorded as an early termination; on the first day is allowed")
    func terminationDefaults() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let terminated = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-01-01"), reason: "   ").lease
        #expect(terminated.termination?.reason == "early termination")
        #expect(terminated.lastDay == F.date("2026-01-01"))
    }

    @Test("a reason longer than 200 characters is refused on --reason")
    func longReason() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-06-30"), reason: String(repeating: "长", count: 201)) }
                == .domain(field: "reason"))
        #expect(try fixture.tableCounts() == before)
        _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-06-30"), reason: String(repeating: "长", count: 200))
    }

    @Test("terminating twice is a conflict; the first termination stands")
    func terminateTwice() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-06-30"), reason: "x")
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-03-31"), reason: "y") } == .conflict)
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.lease(id: lease.id).lastDay == F.date("2026-06-30"))
    }

    @Test("a renewed lease cannot be terminated; its renewal can")
    func terminateRenewed() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let renewal = try fixture.admin.renewLease(id: lease.id, endsOn: F.date("2027-12-31"), rent: nil)
        let before = try fixture.tableCounts()
        let refusal = Outcome.capture { _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-06-30"), reason: "") }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("lease \(renewal.id)"))
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.terminateLease(id: renewal.id, endsOn: F.date("2027-03-31"), reason: "").lease.lastDay == F.date("2027-03-31"))
    }

    @Test("terminating an unknown lease is not found")
    func terminateUnknown() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        try fixture.addSmallRegister()
        #expect(Outcome { _ = try fixture.admin.terminateLease(id: 5, endsOn: F.date("2026-06-30"), reason: "") } == .notFound)
        #expect(try fixture.count("lease_terminations") == 0)
    }

    @Test("after a termination the unit is free from the next day, and a new lease can start then but not on the last day")
    func unitFreeAfterTermination() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.terminateLease(id: lease.id, endsOn: F.date("2026-06-30"), reason: "")

        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2026-06-30")).currentLeaseID == lease.id)
        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2026-07-01")).status == .available)
        #expect(try fixture.admin.units(status: .available, on: F.date("2026-07-01")).map(\.code).contains("S-001"))
        #expect(try fixture.admin.leases(activeOn: F.date("2026-07-01")).isEmpty)

        #expect(Outcome { _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-001"], "2026-06-30", "2027-06-30")) } == .conflict)
        let next = try fixture.admin.createLease(F.lease(ids.wang, ["S-001"], "2026-07-01", "2027-06-30"))
        #expect(try fixture.admin.unit(code: "S-001", on: F.date("2026-07-01")).currentLeaseID == next.id)
    }
}
