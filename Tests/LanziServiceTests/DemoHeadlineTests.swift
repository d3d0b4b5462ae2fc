import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// The article's headline, reproduced by the real code from the demo's documents: the
/// collective's income rose from 50,000 CNY (2024, before the market) to over 150,000 (2025,
/// the market's first full year). Nothing here is typed in but the documents themselves.
struct DemoHeadlineTests {
    typealias F = ServiceFixture

    @Test("the demo's 2025 收益总额 is above 150,000.00 against 50,000.00 in 2024, every figure agreeing with the books")
    func headline() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let report = try fixture.admin.seed(try SeedTests.demoDocument(), keyPath: fixture.keyPath)
        // Six income records (2024 to 2026), two one-off expenses and 7 a month for 23 months, one reversed.
        #expect(report.added["other_income"] == 6 && report.added["expenses"] == 2 + 7 * 23 && report.added["expenses_reversals"] == 1)
        let year = try fixture.auditor.incomeReport(try ReportPeriod(year: 2025))
        let total = year.figures(.totalSurplus)
        #expect(total.period > F.yuan("150000.00"), "\(total.period)")
        #expect(total.periodYearBefore == F.yuan("50000.00"))
        #expect(year.discrepancies.isEmpty, "\(year.discrepancies)")
        // What makes it: the market's income, less the town services and running costs, plus the collective's own.
        #expect(year.accrualTotal.period > F.yuan("500000.00"))
        #expect(year.figures(.operatingExpenses).period + year.figures(.administrativeExpenses).period == year.expensesTotal.period)
        #expect(year.arrears.map(\.amount).reduce(.zero, +) > .zero)
        #expect(year.accrual.first { $0.category == .lateFee }!.figures.period > .zero)
        let before = try fixture.auditor.incomeReport(try ReportPeriod(year: 2024))
        #expect(before.accrualTotal.period == .zero && before.expensesTotal.period == .zero)
        #expect(before.figures(.totalSurplus).period == F.yuan("50000.00"))
        // Loading it again records none of the collective's money twice.
        let again = try fixture.admin.seed(try SeedTests.demoDocument(), keyPath: fixture.keyPath)
        #expect(again.added.values.reduce(0, +) == 0)
        #expect(try fixture.auditor.incomeReport(try ReportPeriod(year: 2025)).figures(.totalSurplus) == total)
    }

    @Test("a seed's collective record with a bad category, a date after the history, or a bad reversal is refused at its path")
    func faults() throws {
        let base = try String(contentsOf: F.demoSeed, encoding: .utf8)
        func refusal(_ from: String, _ to: String) throws -> String {
            let fixture = try ServiceFixture(market: false)
            defer { fixture.close() }
            #expect(base.contains(from))
            do {
                _ = try fixture.admin.seed(try SeedTests.document(base.replacingOccurrences(of: from, with: to)), keyPath: fixture.keyPath)
                return "loaded"
            } catch let error as DomainError {
                #expect(try fixture.count("expenses") == 0, "nothing is written")
                return error.field
            }
        }
        #expect(try refusal(#""category": "cleaning", "amount": "10400.00""#, #""category": "food", "amount": "10400.00""#) == "$.history.monthly_expenses[0].category")
        #expect(try refusal(#""date": "2026-11-13""#, #""date": "2026-12-13""#) == "$.history.other_income[5].date")
        #expect(try refusal(#""reversed": {"on": "2025-04-09""#, #""reversed": {"on": "2025-04-07""#) == "$.history.expenses[0].reversed.on")
        #expect(try refusal(#""day": 25"#, #""day": 32"#) == "$.history.monthly_expenses[0].day")
        // A record without its voucher cannot be found again, so loading the file twice would add it twice.
        #expect(try refusal(#", "voucher": "TD-2024""#, "") == "$.history.other_income[0].voucher")
        #expect(try refusal(#", "voucher": "TD-2025""#, #", "voucher": "  ""#) == "$.history.other_income[2].voucher")
    }
}
