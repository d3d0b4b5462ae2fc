import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// The status filter is decided in SQL; it must choose exactly the bills `Bill.status` gives.
@Suite("bills by status")
struct BillStatusFilterTests {
    typealias F = ServiceFixture

    @Test("each status chooses exactly the bills whose status it is, with all their lines, for a merchant and for everyone")
    func statusInSQLMatchesTheRule() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2027-12-31"))
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2026-01-01", "2027-12-31", rent: "800.00"))
        for month in 1...4 { _ = try fixture.admin.runBilling(period: Period(year: 2026, month: month)!) }
        // Li: January paid in full and February in part; Wang: January in part; one bill voided.
        let liJanuary = try fixture.admin.bills(merchantID: ids.li, period: Period(year: 2026, month: 1)!, status: nil)
        let pay = liJanuary.reduce(Money.zero) { $0 + $1.total } + Money(fen: 100)
        _ = try fixture.admin.pay(PaymentDraft(merchantID: ids.li, amount: pay, method: .cash, paidOn: F.date("2026-02-10"), idempotencyKey: "a"))
        _ = try fixture.admin.pay(PaymentDraft(merchantID: ids.wang, amount: F.yuan("1.00"), method: .cash, paidOn: F.date("2026-02-10"), idempotencyKey: "b"))
        let wangApril = try #require(fixture.admin.bills(merchantID: ids.wang, period: Period(year: 2026, month: 4)!, status: nil).first)
        _ = try fixture.admin.voidBill(id: wangApril.id, reason: "entered twice", on: F.date("2026-04-02"))
        for merchant in [nil, ids.li, ids.wang] as [Int64?] {
            let all = try fixture.admin.bills(merchantID: merchant, period: nil, status: nil)
            for status in BillStatus.allCases {
                let chosen = try fixture.admin.bills(merchantID: merchant, period: nil, status: status)
                #expect(chosen == all.filter { $0.status == status }, "\(status) for \(String(describing: merchant))")
            }
            #expect(Set(all.map(\.status)).count >= (merchant == nil ? 4 : 2), "the fixture has bills of every status")
        }
    }
}
