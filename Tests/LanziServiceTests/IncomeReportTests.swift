import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// The income report against a small market whose every figure is counted by hand below:
/// each category on each basis, the statutory statement, the year before, occupancy by
/// area, collection and arrears, and the report's own check against the books.
struct IncomeReportTests {
    typealias F = ServiceFixture

    /// The market of the hand count (all of 2026 unless a year is given):
    /// - Li leases shop S-001 (24.50 m²) for the year: rent 1000.00, a fixed fee of 100.00,
    ///   deposit 500.00, due on the 5th. Wang leases stall T-001 for the year at 300.00, and
    ///   cold room C1-01 from February 1 at 2000.00 with a late fee of 10 bp a day.
    /// - January is billed (Li 110000 + deposit 50000, Wang 30000) and February (Li 110000,
    ///   Wang's stall 30000, cold room 200000).
    /// - Li pays 1050.00 on 01-10 for January (rent 100000 settled first, then 5000 of the
    ///   fee) and 500.00 for the deposit. Wang pays 300.00 on 01-06, reversed on 01-20.
    /// - Wang's February stall bill is voided on 02-03; Wang pays 300.00 on 02-07 (oldest
    ///   first: January's stall bill) and 1000.00 on 02-25 for the cold room's February.
    /// - Li's February bill is credited 200.00 on 02-10 (on its rent, applied to it at once).
    /// - Late fees as of 02-15: the cold room's February (200000 due 02-05) is 10 days late
    ///   × 200000 × 10 bp = 2000. Goods in C1-01: 2000 kg from 02-01 to 02-10, 20 tonne-days
    ///   × 300 = 6000, billed with February on 02-28, due 03-10.
    /// - Expenses: refuse 200.00 on 01-31, cleaning 800.00 on 02-15, wages 1000.00 on 02-20
    ///   reversed on 02-21. Other income: land contracting 50000.00 on 2025-06-01, a subsidy
    ///   of 10000.00 on 02-01.
    static func market() throws -> (fixture: ServiceFixture, li: Int64, wang: Int64) {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        let admin = fixture.admin
        _ = try admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31", rent: "1000.00") {
            $0.managementFee = .fixed(F.yuan("100.00"))
            $0.deposit = F.yuan("500.00")
        })
        _ = try admin.createLease(F.lease(ids.wang, ["T-001"], "2026-01-01", "2026-12-31", rent: "300.00"))
        _ = try admin.createLease(F.lease(ids.wang, ["C1-01"], "2026-02-01", "2026-12-31", rent: "2000.00") { $0.lateFeeBasisPoints = 10 })
        _ = try admin.record(OtherIncomeDraft(date: F.date("2025-06-01"), category: .landContracting, amount: F.yuan("50000.00"),
                                              counterparty: "承包户", method: .bank))
        _ = try admin.runBilling(period: Period(year: 2026, month: 1)!)
        func bill(_ merchant: Int64, _ period: String, _ kind: BillKind, unit: String? = nil) throws -> Bill {
            let found = try admin.bills(merchantID: merchant, period: try Period.parse(period, field: "test"), status: nil)
                .filter { $0.kind == kind && (unit == nil || $0.lines.contains { $0.phrase.english.contains(unit!) }) }
            try #require(found.count == 1, "one \(kind) bill of \(merchant) for \(period)")
            return found[0]
        }
        func pay(_ merchant: Int64, _ amount: String, _ day: String, _ key: String, bills: [Int64] = []) throws -> Payment {
            try admin.pay(PaymentDraft(merchantID: merchant, amount: F.yuan(amount), method: .cash, paidOn: F.date(day), idempotencyKey: key, billIDs: bills)).payment
        }
        _ = try pay(ids.li, "1050.00", "2026-01-10", "li-jan", bills: [try bill(ids.li, "2026-01", .regular).id])
        _ = try pay(ids.li, "500.00", "2026-01-10", "li-deposit", bills: [try bill(ids.li, "2026-01", .deposit).id])
        let first = try pay(ids.wang, "300.00", "2026-01-06", "wang-jan")
        _ = try admin.reversePayment(id: first.id, reason: "the transfer bounced", on: F.date("2026-01-20"))
        _ = try admin.record(ExpenseDraft(date: F.date("2026-01-31"), category: .refuse, amount: F.yuan("200.00"), counterparty: "清运队", method: .cash))
        _ = try admin.runBilling(period: Period(year: 2026, month: 2)!)
        _ = try admin.record(OtherIncomeDraft(date: F.date("2026-02-01"), category: .subsidy, amount: F.yuan("10000.00"), counterparty: "镇财政所", method: .bank))
        let usage = try admin.usageIn(merchantID: ids.wang, roomCode: "C1-01", kilograms: 2000, on: F.date("2026-02-01"))
        _ = try admin.usageOut(id: usage.id, on: F.date("2026-02-10"))
        // February's usage is billed when February is run again at its end (the rest is billed already).
        _ = try admin.runBilling(period: Period(year: 2026, month: 2)!)
        let stallFebruary = try admin.bills(merchantID: ids.wang, period: Period(year: 2026, month: 2)!, status: nil)
            .first { $0.kind == .regular && $0.total == F.yuan("300.00") }!
        _ = try admin.voidBill(id: stallFebruary.id, reason: "billed by mistake", on: F.date("2026-02-03"))
        _ = try pay(ids.wang, "300.00", "2026-02-07", "wang-stall")
        _ = try admin.adjustBill(id: try bill(ids.li, "2026-02", .regular).id, amount: Money.zero - F.yuan("200.00"), reason: "roof leak", on: F.date("2026-02-10"))
        _ = try admin.assessLateFees(asOf: F.date("2026-02-15"))
        _ = try admin.record(ExpenseDraft(date: F.date("2026-02-15"), category: .cleaning, amount: F.yuan("800.00"), counterparty: "保洁队", method: .cash))
        let wages = try admin.record(ExpenseDraft(date: F.date("2026-02-20"), category: .wages, amount: F.yuan("1000.00"), counterparty: "管理员", method: .bank))
        _ = try admin.reverse(ExpenseCategory.self, number: wages.number, reason: "paid twice", on: F.date("2026-02-21"))
        let coldFebruary = try admin.bills(merchantID: ids.wang, period: Period(year: 2026, month: 2)!, status: nil)
            .first { $0.kind == .regular && $0.total == F.yuan("2000.00") }!
        _ = try pay(ids.wang, "1000.00", "2026-02-25", "wang-cold", bills: [coldFebruary.id])
        _ = try admin.runBilling(period: Period(year: 2026, month: 3)!)
        return (fixture, ids.li, ids.wang)
    }

    static func february(_ service: LanziService) throws -> IncomeReport {
        try service.incomeReport(try ReportPeriod(year: 2026, month: Period(year: 2026, month: 2)!))
    }

    static func fen<Key: Hashable>(_ lines: [(Key, IncomeFigures)], _ pick: (IncomeFigures) -> Money = \.period) -> [Key: Int64] {
        Dictionary(uniqueKeysWithValues: lines.map { ($0.0, pick($0.1).fen) })
    }

    @Test("each market category on each basis, for February and the year to date, as counted by hand")
    func categoriesOnBothBases() throws {
        let (fixture, _, _) = try Self.market()
        defer { fixture.close() }
        let report = try Self.february(fixture.auditor)
        #expect(report.asOf == F.date("2026-02-28"))
        // Billed in February: Li's rent 100000 less the 20000 credit, its fee 10000; the
        // stall's 30000 voided; the cold room's 200000; its late fee 2000; the usage 6000.
        #expect(Self.fen(report.accrual) == [.shopRent: 80000, .stallRent: 0, .coldRoomRent: 200000, .coldStoreUsage: 6000,
                                             .managementFee: 10000, .lateFee: 2000, .other: 0])
        // Collected in February: the stall's January 30000, the cold room's 100000; the credit
        // of 20000 is no money (−20000 when raised, +20000 when set against the bill).
        #expect(Self.fen(report.cash) == [.shopRent: 0, .stallRent: 30000, .coldRoomRent: 100000, .coldStoreUsage: 0,
                                          .managementFee: 0, .lateFee: 0, .other: 0])
        // January adds billed rent 100000, fee 10000, stall 30000; collected rent 100000 and
        // 5000 of the fee (the stall's 30000 came and was reversed).
        #expect(Self.fen(report.accrual, \.yearToDate) == [.shopRent: 180000, .stallRent: 30000, .coldRoomRent: 200000, .coldStoreUsage: 6000,
                                                          .managementFee: 20000, .lateFee: 2000, .other: 0])
        #expect(Self.fen(report.cash, \.yearToDate) == [.shopRent: 100000, .stallRent: 30000, .coldRoomRent: 100000, .coldStoreUsage: 0,
                                                       .managementFee: 5000, .lateFee: 0, .other: 0])
        #expect(report.accrualTotal.period.fen == 298000 && report.cashTotal.period.fen == 130000)
        // The deposit (January) is never income, on either basis.
        #expect(report.depositsBilled == .zero && report.depositsCollected == .zero)
        let january = try fixture.auditor.incomeReport(try ReportPeriod(year: 2026, month: Period(year: 2026, month: 1)!))
        #expect(january.depositsBilled.fen == 50000 && january.depositsCollected.fen == 50000)
        #expect(january.accrualTotal.period.fen == 140000 && january.cashTotal.period.fen == 105000)
        #expect(report.discrepancies.isEmpty, "\(report.discrepancies)")
    }

    @Test("accrual minus cash is the change in what merchants owe on income bills, and the books' receivable agrees")
    func accrualMinusCashIsTheChangeInReceivables() throws {
        let (fixture, _, _) = try Self.market()
        defer { fixture.close() }
        let report = try Self.february(fixture.auditor)
        // Owed at January's end: Li's fee 5000 and the stall's January 30000. At February's
        // end: Li's fee 5000, Li's February 90000, the cold room's other 100000, the late fee 2000, the usage 6000.
        #expect(report.receivable.opening.fen == 35000 && report.receivable.closing.fen == 203000)
        #expect(report.receivable.change == report.accrualTotal.period - report.cashTotal.period)
        // The books' receivable (11201) holds the same, the deposit being paid in full.
        let books = try fixture.auditor.trialBalance(asOf: F.date("2026-02-28")).lines.first { $0.code == "11201" }!
        #expect(books.balance == report.receivable.closing)
        for month in 1...12 {
            let each = try fixture.auditor.incomeReport(try ReportPeriod(year: 2026, month: Period(year: 2026, month: month)!))
            #expect(each.receivable.change == each.accrualTotal.period - each.cashTotal.period, "2026-\(month)")
        }
    }

    @Test("the statutory statement from the books: each line, both subtotals, and the year before")
    func theStatutoryStatement() throws {
        let (fixture, _, _) = try Self.market()
        defer { fixture.close() }
        let report = try Self.february(fixture.auditor)
        // 经营收入 is the market's income but the late fee (其他收入, 504): 296000; 经营支出 the
        // cleaning 80000; 管理费用 the wages, reversed: 0; 补助收入 the subsidy 1000000.
        #expect(Self.fen(report.statement) == [
            .operatingIncome: 296000, .operatingExpenses: 80000, .taxesAndSurcharges: 0, .administrativeExpenses: 0,
            .investmentIncome: 0, .operatingSurplus: 216000, .subsidyIncome: 1000000, .otherIncome: 2000,
            .publicWelfareExpenses: 0, .otherExpenses: 0, .totalSurplus: 1218000,
        ])
        #expect(Self.fen(report.expenses) == [.cleaning: 80000, .refuse: 0, .greening: 0, .orderManagement: 0, .utilities: 0,
                                              .repairs: 0, .wages: 0, .other: 0])
        #expect(Self.fen(report.expenses, \.yearToDate)[.refuse] == 20000)
        #expect(Self.fen(report.otherIncome) == [.landContracting: 0, .subsidy: 1000000, .investment: 0, .other: 0])
        // The year: January's 140000 less the refuse 20000, February's 1218000, and March's
        // bills (Li 110000, Wang 30000 + 200000); the year before held only the land
        // contracting, 5000000, so the change is 1678000 − 5000000 = −3322000, −66.44%.
        let year = try fixture.auditor.incomeReport(try ReportPeriod(year: 2026))
        let total = year.figures(.totalSurplus)
        #expect(total.period.fen == 1678000 && total.yearToDate.fen == 1678000 && total.periodYearBefore.fen == 5000000)
        #expect(total.change.fen == -3322000 && total.changeBasisPoints == -6644)
        #expect(year.figures(.operatingIncome).periodYearBefore.fen == 5000000)
        #expect(Self.fen(year.otherIncome, \.periodYearBefore)[.landContracting] == 5000000)
        // Money in February: 130000 from merchants, the subsidy 1000000, less the cleaning 80000 (the wages came back).
        #expect(report.money.change.fen == 1050000)
    }

    @Test("occupancy by unit kind, count and area at the period's end; collection; arrears by age; the months")
    func occupancyCollectionArrearsAndMonths() throws {
        let (fixture, _, _) = try Self.market()
        defer { fixture.close() }
        let report = try Self.february(fixture.auditor)
        let shops = report.occupancy.first { $0.kind == .shop }!
        // One of three shops, 24.50 of 63.65 m²: 3333 bp by count, 2450 / 6365 = 3849.17 → 3849 by area.
        #expect(shops.total == 3 && shops.leased == 1 && shops.area.hundredths == 6365 && shops.leasedArea.hundredths == 2450)
        #expect(shops.occupancyByCountBasisPoints == 3333 && shops.occupancyByAreaBasisPoints == 3849)
        // All five units, 90.50 of 129.65 m² leased: 6980.33 → 6980 bp.
        #expect(report.occupancyAll.leased == 3 && report.occupancyAll.occupancyByAreaBasisPoints == 6980)
        // Falling due in February: Li's 110000 less its credit 20000, the cold room's 200000,
        // the late fee 2000 (the voided stall bill counts for nothing): 292000, of which the
        // cold room's 100000 was collected (the credit nets to nothing): 3424.66 → 3425 bp.
        #expect(report.collectionDue.fen == 292000 && report.collectionCollected.fen == 100000)
        #expect(report.collectionRateBasisPoints == 3425)
        // Overdue on 02-28: Li's January fee 5000 (54 days); Li's February 90000, the cold
        // room's 100000 and the late fee 2000 (13 to 23 days). The usage is due on 03-10.
        #expect(report.arrears.map(\.amount.fen) == [192000, 5000, 0, 0] && report.merchantsInArrears == 2)
        let year = try fixture.auditor.incomeReport(try ReportPeriod(year: 2026))
        #expect(year.monthly.count == 12)
        #expect(year.monthly[0] == MonthFigures(month: Period(year: 2026, month: 1)!, billed: Money(fen: 140000), collected: Money(fen: 105000),
                                                expenses: Money(fen: 20000), totalSurplus: Money(fen: 120000)))
        #expect(year.monthly[1] == MonthFigures(month: Period(year: 2026, month: 2)!, billed: Money(fen: 298000), collected: Money(fen: 130000),
                                                expenses: Money(fen: 80000), totalSurplus: Money(fen: 1218000)))
        #expect(year.monthly.map(\.totalSurplus).reduce(.zero, +) == year.figures(.totalSurplus).period)
    }

    @Test("a quarter and a run of days add up from the same documents; the period is read as given")
    func quartersAndDays() throws {
        let (fixture, _, _) = try Self.market()
        defer { fixture.close() }
        let quarter = try fixture.auditor.incomeReport(try ReportPeriod(year: 2026, quarter: 1))
        let days = try fixture.auditor.incomeReport(try ReportPeriod(year: 2026, from: F.date("2026-02-01"), to: F.date("2026-02-28")))
        let february = try Self.february(fixture.auditor)
        #expect(Self.fen(days.accrual) == Self.fen(february.accrual) && Self.fen(days.cash) == Self.fen(february.cash))
        // The first quarter holds January, February and March's bills (billed on 03-01: Li 110000, Wang 230000).
        #expect(quarter.accrualTotal.period.fen == 140000 + 298000 + 110000 + 230000)
        #expect(quarter.period.description == "2026Q1" && days.period.description == "2026-02-01..2026-02-28")
    }

    @Test("a journal line changed behind the software's back is named as a disagreement with the documents")
    func theReportSaysWhereTheBooksDisagree() throws {
        let (fixture, _, _) = try Self.market()
        defer { fixture.close() }
        try fixture.queue.write { database in
            try database.execute("DROP TRIGGER journal_lines_never_updated")
            try database.execute("""
                UPDATE journal_lines SET credit_fen = credit_fen + 1
                WHERE account_code = '50103' AND entry_id = (SELECT min(entry_id) FROM journal_lines WHERE account_code = '50103')
                """)
        }
        let report = try Self.february(fixture.auditor)
        #expect(report.discrepancies.contains { $0.english.hasPrefix("account 50103 经营收入—冷库租金, 2026-02-01 to 2026-02-28: the documents come to 2,000.00, the books to 2,000.01") },
                "\(report.discrepancies.map(\.english))")
        #expect(report.discrepancies.contains { $0.english.hasPrefix("the journal's debits and credits differ by") })
    }

    @Test("a period outside its year, a quarter past four, a run of days backwards or not yet begun, and a merchant, are refused")
    func refusals() throws {
        #expect(throws: DomainError(field: "month", rule: "must be a month of 2026, got 2025-02")) {
            try ReportPeriod(year: 2026, month: Period(year: 2025, month: 2)!)
        }
        #expect(throws: DomainError(field: "quarter", rule: "must be 1, 2, 3 or 4, got 5")) { try ReportPeriod(year: 2026, quarter: 5) }
        #expect(throws: DomainError(field: "from", rule: "must be on or before the last day, 2026-01-31")) {
            try ReportPeriod(year: 2026, from: F.date("2026-02-01"), to: F.date("2026-01-31"))
        }
        #expect(throws: DomainError(field: "to", rule: "must be a day of 2026, got 2027-01-01")) {
            try ReportPeriod(year: 2026, from: F.date("2026-02-01"), to: F.date("2027-01-01"))
        }
        #expect(throws: DomainError(field: "year", rule: "must be a year from 2 to 9999, got 0")) { try ReportPeriod(year: 0) }
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        #expect(throws: DomainError(field: "year", rule: "the period 2031 has not begun; today is 2030-06-30")) {
            try fixture.auditor.incomeReport(try ReportPeriod(year: 2031))
        }
        #expect(Outcome { _ = try fixture.merchantCaller.incomeReport(try ReportPeriod(year: 2030)) } == .forbidden)
        // The year that is running is counted to today.
        #expect(try fixture.auditor.incomeReport(try ReportPeriod(year: 2030)).asOf == F.date("2030-06-30"))
    }
}
