import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// No money event is dated after today (China Standard Time, by the service's clock), and a
/// billing run raises at most one month ahead and nothing before the first lease.
struct FutureDateTests {
    typealias F = ServiceFixture

    /// Today for these tests: 2026-03-15. Lease 1 (merchant 1, S-001) runs through 2026,
    /// January and February are billed, and merchant 1 has paid 100.00 on 2026-02-01.
    static func makeFixture() throws -> (fixture: ServiceFixture, service: LanziService) {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        let service = LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"),
                                   clock: .fixed(on: F.date("2026-03-15")))
        _ = try service.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31") { $0.lateFeeBasisPoints = 5 })
        _ = try service.runBilling(period: Period(year: 2026, month: 1)!)
        _ = try service.runBilling(period: Period(year: 2026, month: 2)!)
        _ = try service.pay(PaymentDraft(merchantID: ids.li, amount: F.yuan("100.00"), method: .cash, paidOn: F.date("2026-02-01"), idempotencyKey: "p1"))
        return (fixture, service)
    }

    static let tomorrow = F.date("2026-03-16")

    @Test("a payment, reversal, void, adjustment, usage in or out, termination or late-fee assessment dated after today is refused, naming the field and today; nothing changes")
    func futureMoneyEventsRefused() throws {
        let (fixture, service) = try Self.makeFixture()
        defer { fixture.close() }
        _ = try service.usageIn(merchantID: 1, roomCode: "C1-01", kilograms: 500, on: F.date("2026-03-01"))
        let attempts: [(String, String, () throws -> Void)] = [
            ("pay", "paid_on", { _ = try service.pay(PaymentDraft(merchantID: 1, amount: F.yuan("5.00"), method: .cash, paidOn: Self.tomorrow, idempotencyKey: "p2")) }),
            ("reverse", "on", { _ = try service.reversePayment(id: 1, reason: "录错", on: Self.tomorrow) }),
            ("void", "on", { _ = try service.voidBill(id: 2, reason: "录错", on: Self.tomorrow) }),
            ("adjust", "on", { _ = try service.adjustBill(id: 1, amount: Money(fen: -100), reason: "少收", on: Self.tomorrow) }),
            ("usage in", "on", { _ = try service.usageIn(merchantID: 1, roomCode: "C1-01", kilograms: 10, on: Self.tomorrow) }),
            ("usage out", "on", { _ = try service.usageOut(id: 1, on: Self.tomorrow) }),
            ("terminate", "on", { _ = try service.terminateLease(id: 1, endsOn: F.date("2026-06-30"), reason: "") }),
            ("late fees", "as_of", { _ = try service.assessLateFees(asOf: F.date("2026-04-01")) }),
        ]
        let before = try AccessTableTests.snapshot(fixture)
        for (name, field, attempt) in attempts {
            let result = Outcome.capture(attempt)
            #expect(result.outcome == .domain(field: field), "\(name): \(result.outcome)")
            #expect(result.message.contains("2026-03-15"), "\(name): \(result.message)")
        }
        #expect(try AccessTableTests.snapshot(fixture) == before)
    }

    @Test("the same events dated today are recorded")
    func todayIsAllowed() throws {
        let (fixture, service) = try Self.makeFixture()
        defer { fixture.close() }
        let today = F.date("2026-03-15")
        #expect(try service.pay(PaymentDraft(merchantID: 1, amount: F.yuan("5.00"), method: .cash, paidOn: today, idempotencyKey: "p2")).payment.paidOn == today)
        #expect(try service.usageIn(merchantID: 1, roomCode: "C1-01", kilograms: 10, on: today).inOn == today)
        #expect(try service.reversePayment(id: 1, reason: "录错", on: today).reversedOn == today)
        #expect(try service.assessLateFees(asOf: today).asOf == today)
        #expect(try service.terminateLease(id: 1, endsOn: today, reason: "").lease.lastDay == today)
    }

    @Test("billing runs at most one month ahead of today and not before the market's first lease")
    func billingWindow() throws {
        let (fixture, service) = try Self.makeFixture()
        defer { fixture.close() }
        #expect(try service.runBilling(period: Period(year: 2026, month: 4)!).regularBills == 1)
        let before = try AccessTableTests.snapshot(fixture)
        let ahead = Outcome.capture { _ = try service.runBilling(period: Period(year: 2026, month: 5)!) }
        #expect(ahead.outcome == .domain(field: "period"))
        #expect(ahead.message.contains("2026-04"), "\(ahead.message)")
        #expect(Outcome { _ = try service.runBilling(period: Period(year: 2036, month: 1)!) } == .domain(field: "period"))
        let early = Outcome.capture { _ = try service.runBilling(period: Period(year: 2025, month: 12)!) }
        #expect(early.outcome == .domain(field: "period"))
        #expect(early.message.contains("2026-01-01"), "\(early.message)")
        #expect(try AccessTableTests.snapshot(fixture) == before)
    }
}

/// A lease with no rent is rare and deliberate: it needs the operator's word.
struct RentFreeLeaseTests {
    typealias F = ServiceFixture

    @Test("a rent of 0 is refused on rent unless confirmed rent-free; rent-free with a rent is refused too")
    func zeroRentNeedsConfirming() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let free = F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31", rent: "0")
        let before = try fixture.count("leases")
        let refusal = Outcome.capture { _ = try fixture.admin.createLease(free) }
        #expect(refusal.outcome == .domain(field: "rent"))
        #expect(refusal.message.contains("rent-free"))
        #expect(Outcome { _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"), isRentFree: true) }
                == .domain(field: "rent"))
        #expect(try fixture.count("leases") == before)
        #expect(try fixture.admin.createLease(free, isRentFree: true).terms.rent == .zero)
    }
}
