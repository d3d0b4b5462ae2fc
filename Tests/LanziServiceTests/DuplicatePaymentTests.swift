import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// Probable double entries are caught: a method's transaction reference seen before, and an
/// idempotency key used again with other details, which the refusal lists.
struct DuplicatePaymentTests {
    typealias F = ServiceFixture

    static func makeFixture() throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Period(year: 2026, month: 1)!)
        _ = try fixture.admin.pay(PaymentDraft(merchantID: 1, amount: F.yuan("100.00"), method: .wechat, paidOn: F.date("2026-01-05"),
                                               reference: "4200001234202601050001", idempotencyKey: "first"))
        return fixture
    }

    @Test("a WeChat reference recorded before is refused naming the earlier payment, unless the operator says it is a second payment")
    func referenceSeenBefore() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        var again = PaymentDraft(merchantID: 2, amount: F.yuan("100.00"), method: .wechat, paidOn: F.date("2026-01-06"),
                                 reference: "4200001234202601050001", idempotencyKey: "second")
        let before = try AccessTableTests.snapshot(fixture)
        let refusal = Outcome.capture { _ = try fixture.admin.pay(again) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.hasPrefix("reference: "), "\(refusal.message)")
        #expect(refusal.message.contains("TST-P2026-000001"), "\(refusal.message)")
        #expect(try AccessTableTests.snapshot(fixture) == before)
        // The same reference by another method is another bank's number, not a repeat.
        var byBank = again
        byBank.method = .bank
        #expect(try fixture.admin.pay(byBank).isRepeat == false)
        again.idempotencyKey = "third"
        again.isDuplicateReferenceIntended = true
        #expect(try fixture.admin.pay(again).payment.number == "TST-P2026-000003")
        // No reference is never a duplicate.
        for key in ["cash-1", "cash-2"] {
            _ = try fixture.admin.pay(PaymentDraft(merchantID: 1, amount: F.yuan("1.00"), method: .cash, paidOn: F.date("2026-01-07"), idempotencyKey: key))
        }
    }

    @Test("a key used again with other details is refused, naming each field that differs")
    func keyWithOtherDetails() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let changed = PaymentDraft(merchantID: 1, amount: F.yuan("120.00"), method: .cash, paidOn: F.date("2026-01-05"),
                                   reference: "4200001234202601050001", idempotencyKey: "first")
        let refusal = Outcome.capture { _ = try fixture.admin.pay(changed) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("amount (100.00, now 120.00)"), "\(refusal.message)")
        #expect(refusal.message.contains("method (wechat, now cash)"), "\(refusal.message)")
        #expect(!refusal.message.contains("paid_on"), "\(refusal.message)")
        #expect(!refusal.message.contains("merchant_id"), "\(refusal.message)")
        // The very same details again is a repeat: one payment.
        let same = PaymentDraft(merchantID: 1, amount: F.yuan("100.00"), method: .wechat, paidOn: F.date("2026-01-05"),
                                reference: "4200001234202601050001", idempotencyKey: "first")
        #expect(try fixture.admin.pay(same).isRepeat)
        #expect(try fixture.count("payments") == 1)
    }

    @Test("a merchant whose name and phone are registered already is refused as a probable double entry unless registered again on purpose")
    func merchantAgain() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let first = try fixture.admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000000"))
        let before = try fixture.count("merchants")
        let refusal = Outcome.capture { _ = try fixture.admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000000")) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("merchant \(first.id) 李春华"), "\(refusal.message)")
        #expect(try fixture.count("merchants") == before)
        #expect(try fixture.admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000001")).id != first.id)
        #expect(try fixture.admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000000"), again: true).id != first.id)
    }
}
