import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// Bills listed by status are chosen in SQL, by the same rule as `BillStatus`: every status
/// of every kind of bill (a credit, one paid back to nothing by a reversal, a void) gives
/// exactly the bills that the whole list holds with that status, in the same order.
struct BillStatusFilterTests {
    typealias F = ServiceFixture
    typealias B = BillingServiceTests

    @Test("each status lists exactly the bills of that status, for the market and for each merchant")
    func statusInSQL() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(B.liMonthly(ids.li))
        _ = try fixture.admin.createLease(B.wangQuarterly(ids.wang))
        for month in ["2026-01", "2026-02", "2026-03"] { _ = try fixture.admin.runBilling(period: B.period(month)) }
        // The deposit paid whole, January in part.
        _ = try fixture.admin.pay(B.payment(ids.li, "7000.00", on: "2026-01-25", key: "li-1"))
        // February paid whole, then the payment reversed: paid on, and back to nothing.
        let february = try B.bill(fixture, ids.li, "2026-02")
        let paid = try fixture.admin.pay(B.payment(ids.li, "3345.00", on: "2026-02-06", key: "li-2", bills: [february.id]))
        _ = try fixture.admin.reversePayment(id: paid.payment.id, reason: "typed twice", on: F.date("2026-02-07"))
        // March lowered by a credit of its own, a bill of a negative total.
        let march = try B.bill(fixture, ids.li, "2026-03")
        _ = try fixture.admin.adjustBill(id: march.id, amount: Money(fen: -10_000), reason: "a leak in the roof", on: F.date("2026-03-10"))
        // Wang's first quarter voided unpaid.
        let wang = try fixture.admin.bills(merchantID: ids.wang, period: nil, status: nil)
        _ = try fixture.admin.voidBill(id: try #require(wang.first).id, reason: "raised in error", on: F.date("2026-03-01"))

        let all = try fixture.admin.bills(merchantID: nil, period: nil, status: nil)
        #expect(Set(all.map(\.status)) == Set(BillStatus.allCases), "every status is there to be chosen: \(all.map { "\($0.number) \($0.status)" })")
        #expect(all.contains { $0.total.fen < 0 } && all.contains { $0.id == february.id && $0.status == .open })
        for status in BillStatus.allCases {
            #expect(try fixture.admin.bills(merchantID: nil, period: nil, status: status).map(\.id) == all.filter { $0.status == status }.map(\.id), "\(status)")
            for merchant in [ids.li, ids.wang] {
                let own = all.filter { $0.merchantID == merchant && $0.status == status }
                let chosen = try fixture.admin.bills(merchantID: merchant, period: nil, status: status)
                #expect(chosen.map(\.id) == own.map(\.id), "\(status) of merchant \(merchant)")
                #expect(chosen.map(\.lines) == own.map(\.lines) && chosen.map(\.paid) == own.map(\.paid))
            }
        }
        #expect(try fixture.admin.bills(merchantID: ids.li, period: B.period("2026-02"), status: .open).map(\.id) == [february.id])
    }

    @Test("an allocation to another merchant's bill is refused by the database, which a merchant's paid sums rely on")
    func allocationOfAnotherMerchant() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(B.liMonthly(ids.li))
        _ = try fixture.admin.runBilling(period: B.period("2026-01"))
        let bill = try B.bill(fixture, ids.li, "2026-01")
        let error = #expect(throws: SQLiteError.self) {
            try fixture.queue.write { _ = try $0.insertAllocation(billID: bill.id, merchantID: ids.wang, source: "credit", amount: Money(fen: 100),
                                                                  on: F.date("2026-01-25"), createdAt: "2026-01-25T00:00:00.000Z") }
        }
        #expect(error?.message.hasPrefix("allocation_merchant:") == true)
        #expect(try fixture.queue.read { try $0.paidOnBills(merchantID: ids.wang) }.isEmpty)
        #expect(try fixture.admin.bill(id: bill.id).paid == .zero)
        // Its own merchant's is taken, and counted.
        try fixture.queue.write { _ = try $0.insertAllocation(billID: bill.id, merchantID: ids.li, source: "credit", amount: Money(fen: 100),
                                                              on: F.date("2026-01-25"), createdAt: "2026-01-25T00:00:00.000Z") }
        #expect(try fixture.queue.read { try $0.paidOnBills(merchantID: ids.li) } == [bill.id: 100])
    }
}
