import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// The collective's own money beside the market's: expenses and other income, each posted at
/// once to its own account of the 2023 village accounting system's chart, undone only by a
/// reversal, and refused when it looks like the same voucher entered twice.
struct CollectiveItemTests {
    typealias F = ServiceFixture

    /// The accounts each category must reach, written out from the chart of the 2023 system
    /// (村集体经济组织会计制度, 财会〔2023〕14号), not read from our own table.
    static let expenseAccounts: [ExpenseCategory: String] = [
        .cleaning: "51101", .refuse: "51102", .greening: "51103", .orderManagement: "51104",
        .utilities: "51105", .repairs: "51106", .wages: "51302", .other: "51501",
    ]
    static let incomeAccounts: [OtherIncomeCategory: String] = [
        .landContracting: "50106", .investment: "502", .subsidy: "503", .other: "50402",
    ]

    static func balances(_ service: LanziService) throws -> [String: Money] {
        Dictionary(uniqueKeysWithValues: try service.trialBalance(asOf: nil).lines.map { ($0.code, $0.balance) })
    }

    static func expense(_ category: ExpenseCategory = .cleaning, _ amount: String = "120.00", on date: String = "2026-03-05",
                        to payee: String = "保洁队", by method: PaymentMethod = .cash, voucher: String = "") -> ExpenseDraft {
        ExpenseDraft(date: F.date(date), category: category, amount: F.yuan(amount), counterparty: payee, method: method, voucher: voucher)
    }

    @Test("every expense category debits its own account and credits the till or the bank it was paid from")
    func expensesPostToTheirAccounts() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        var fen: Int64 = 100
        for category in ExpenseCategory.allCases {
            fen += 1
            _ = try fixture.admin.record(Self.expense(category, Money(fen: fen).plainDecimal, by: category == .wages ? .bank : .cash))
        }
        let balances = try Self.balances(fixture.admin)
        fen = 100
        for category in ExpenseCategory.allCases {
            fen += 1
            #expect(balances[Self.expenseAccounts[category]!] == Money(fen: fen), "\(category)")
        }
        let wages = Money(fen: 100 + Int64(ExpenseCategory.allCases.firstIndex(of: .wages)!) + 1)
        #expect(balances["10203"] == Money.zero - wages)
        #expect(balances["101"] == Money.zero - (Money(fen: (101...108).reduce(0, +)) - wages))
        let trial = try fixture.admin.trialBalance(asOf: nil)
        #expect(trial.totalDebit == trial.totalCredit)
    }

    @Test("every income category credits its own account and debits where the money came in")
    func incomePostsToItsAccounts() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let amounts: [OtherIncomeCategory: String] = [.landContracting: "30000.00", .investment: "1200.50", .subsidy: "50000.00", .other: "0.01"]
        for category in OtherIncomeCategory.allCases {
            _ = try fixture.admin.record(OtherIncomeDraft(date: F.date("2026-04-01"), category: category, amount: F.yuan(amounts[category]!),
                                                          counterparty: "镇财政所", method: .bank))
        }
        let balances = try Self.balances(fixture.admin)
        for category in OtherIncomeCategory.allCases {
            #expect(balances[Self.incomeAccounts[category]!] == Money.zero - F.yuan(amounts[category]!), "\(category)")
        }
        #expect(balances["10203"] == F.yuan("81200.51"))
    }

    @Test("numbers run without gaps per kind and per year of the record's date")
    func numbersPerKindAndYear() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let first = try fixture.admin.record(Self.expense(on: "2026-12-31"))
        let second = try fixture.admin.record(Self.expense(on: "2027-01-01"))
        let third = try fixture.admin.record(Self.expense(on: "2026-05-01", to: "另一个"))
        let income = try fixture.admin.record(OtherIncomeDraft(date: F.date("2026-01-01"), category: .subsidy, amount: F.yuan("1.00"), counterparty: "镇", method: .cash))
        #expect([first.number, second.number, third.number, income.number] == ["TST-E2026-000001", "TST-E2027-000001", "TST-E2026-000002", "TST-I2026-000001"])
        #expect(try fixture.admin.collectiveItem(ExpenseCategory.self, number: "TST-E2026-000002") == third)
    }

    @Test("a reversal posts the opposite entry, marks the record, and is refused twice, before the record, after today or for no record")
    func reversal() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let item = try fixture.admin.record(Self.expense(.repairs, "800.00", voucher: "WX-1"))
        let reversed = try fixture.admin.reverse(ExpenseCategory.self, number: item.number, reason: "金额录错", on: F.date("2026-03-06"))
        #expect(reversed.reversal == CollectiveReversal(number: "TST-EV2026-000001", date: F.date("2026-03-06"), reason: "金额录错"))
        let balances = try Self.balances(fixture.admin)
        #expect(balances["51106"] == Money.zero)
        #expect(balances["101"] == Money.zero)
        #expect(try fixture.admin.journal(from: nil, to: nil).entries.count == 2)

        let again = Outcome.capture { _ = try fixture.admin.reverse(ExpenseCategory.self, number: item.number, reason: "再冲", on: F.date("2026-03-07")) }
        #expect(again.outcome == .conflict)
        #expect(again.message.contains("already reversed on 2026-03-06 (TST-EV2026-000001)"))

        let other = try fixture.admin.record(Self.expense(.repairs, "80.00", on: "2026-03-10"))
        let before = try AccessTableTests.snapshot(fixture)
        #expect(Outcome { _ = try fixture.admin.reverse(ExpenseCategory.self, number: other.number, reason: "早", on: F.date("2026-03-09")) } == .domain(field: "on"))
        #expect(Outcome { _ = try fixture.admin.reverse(ExpenseCategory.self, number: other.number, reason: "晚", on: F.date("2030-07-01")) } == .domain(field: "on"))
        #expect(Outcome { _ = try fixture.admin.reverse(ExpenseCategory.self, number: other.number, reason: " ", on: F.date("2026-03-10")) } == .domain(field: "reason"))
        let missing = Outcome.capture { _ = try fixture.admin.reverse(ExpenseCategory.self, number: "TST-E2026-000099", reason: "x", on: F.date("2026-03-10")) }
        #expect(missing.outcome == .notFound)
        #expect(missing.message.contains("no expense TST-E2026-000099"))
        // An expense's number is not an income record's.
        #expect(Outcome { _ = try fixture.admin.collectiveItem(OtherIncomeCategory.self, number: other.number) } == .notFound)
        #expect(try AccessTableTests.snapshot(fixture) == before)
    }

    @Test("a voucher already on a standing record is refused unless said to be meant; a reversed record's voucher is free again")
    func repeatedVoucher() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let first = try fixture.admin.record(Self.expense(.utilities, "350.00", to: "供电所", voucher: "DF-202603"))
        let before = try AccessTableTests.snapshot(fixture)
        let repeated = Outcome.capture { _ = try fixture.admin.record(Self.expense(.utilities, "350.00", to: "供电所", voucher: "DF-202603")) }
        #expect(repeated.outcome == .conflict)
        #expect(repeated.message.contains(first.number))
        #expect(try AccessTableTests.snapshot(fixture) == before)
        // The same voucher on income is another kind's and does not clash.
        _ = try fixture.admin.record(OtherIncomeDraft(date: F.date("2026-03-05"), category: .other, amount: F.yuan("1.00"), counterparty: "某人", method: .cash, voucher: "DF-202603"))
        let part = try fixture.admin.record(Self.expense(.utilities, "50.00", to: "供电所", voucher: "DF-202603"), repeatedVoucherIntended: true)
        _ = try fixture.admin.reverse(ExpenseCategory.self, number: first.number, reason: "录错", on: F.date("2026-03-05"))
        _ = try fixture.admin.reverse(ExpenseCategory.self, number: part.number, reason: "录错", on: F.date("2026-03-05"))
        #expect(try fixture.admin.record(Self.expense(.utilities, "400.00", to: "供电所", voucher: "DF-202603")).draft.amount == F.yuan("400.00"))
    }

    @Test("a bad draft names its field and rule, a future date names today, and nothing is written",
          arguments: [
            (ExpenseDraft(date: F.date("2026-03-01"), category: .other, amount: Money.zero, counterparty: "x", method: .cash), "amount", "must be more than 0"),
            (ExpenseDraft(date: F.date("2026-03-01"), category: .other, amount: F.yuan("1000000000.01"), counterparty: "x", method: .cash), "amount", "at most 1,000,000,000.00"),
            (ExpenseDraft(date: F.date("2026-03-01"), category: .other, amount: F.yuan("1"), counterparty: "", method: .cash), "payee", "1 to 80 characters"),
            (ExpenseDraft(date: F.date("2026-03-01"), category: .other, amount: F.yuan("1"), counterparty: "a\u{7}b", method: .cash), "payee", "control characters"),
            (ExpenseDraft(date: F.date("2026-03-01"), category: .other, amount: F.yuan("1"), counterparty: "x", method: .cash, voucher: String(repeating: "9", count: 41)), "voucher", "at most 40"),
            (ExpenseDraft(date: F.date("2026-03-01"), category: .other, amount: F.yuan("1"), counterparty: "x", method: .cash, note: String(repeating: "注", count: 201)), "note", "at most 200"),
            (ExpenseDraft(date: F.date("2030-07-01"), category: .other, amount: F.yuan("1"), counterparty: "x", method: .cash), "date", "2030-06-30"),
          ])
    func badDrafts(draft: ExpenseDraft, field: String, rule: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let result = Outcome.capture { _ = try fixture.admin.record(draft) }
        #expect(result.outcome == .domain(field: field))
        #expect(result.message.contains(rule), "\(result.message)")
        #expect(try fixture.count("expenses") == 0)
        #expect(try fixture.count("journal_entries") == 0)
    }

    @Test("an income record's counterparty is its payer")
    func incomeNamesThePayer() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        #expect(Outcome { _ = try fixture.admin.record(OtherIncomeDraft(date: F.date("2026-03-01"), category: .subsidy, amount: F.yuan("1"), counterparty: "", method: .cash)) }
                == .domain(field: "payer"))
    }

    @Test("the list is in date order, within dates and of one category; a range that ends before it starts is refused")
    func listing() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        _ = try fixture.admin.record(Self.expense(.repairs, on: "2026-03-20"))
        _ = try fixture.admin.record(Self.expense(.cleaning, on: "2026-02-01"))
        _ = try fixture.admin.record(Self.expense(.cleaning, on: "2026-04-01"))
        let all = try fixture.admin.collectiveItems(ExpenseCategory.self, from: nil, to: nil, category: nil)
        #expect(all.map(\.draft.date.description) == ["2026-02-01", "2026-03-20", "2026-04-01"])
        let march = try fixture.admin.collectiveItems(ExpenseCategory.self, from: F.date("2026-03-01"), to: F.date("2026-03-31"), category: nil)
        #expect(march.map(\.draft.category) == [.repairs])
        let cleaning = try fixture.admin.collectiveItems(ExpenseCategory.self, from: nil, to: nil, category: .cleaning)
        #expect(cleaning.count == 2)
        #expect(Outcome { _ = try fixture.admin.collectiveItems(ExpenseCategory.self, from: F.date("2026-03-02"), to: F.date("2026-03-01"), category: nil) }
                == .domain(field: "to"))
    }

    @Test("the database refuses to change or delete a record or a reversal, whatever writes to it")
    func neverEditedInPlace() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let item = try fixture.admin.record(Self.expense())
        _ = try fixture.admin.reverse(ExpenseCategory.self, number: item.number, reason: "录错", on: F.date("2026-03-05"))
        _ = try fixture.admin.record(OtherIncomeDraft(date: F.date("2026-03-01"), category: .subsidy, amount: F.yuan("1"), counterparty: "x", method: .cash))
        for sql in ["UPDATE expenses SET amount_fen = 1", "DELETE FROM expenses", "UPDATE expense_reversals SET reason = 'x'", "DELETE FROM expense_reversals",
                    "UPDATE other_income SET amount_fen = 1", "DELETE FROM other_income"] {
            #expect(throws: (any Error).self, "\(sql)") { try fixture.queue.write { try $0.execute(sql) } }
        }
        #expect(try fixture.admin.collectiveItem(ExpenseCategory.self, number: item.number).draft.amount == F.yuan("120.00"))
    }
}

/// Importing expenses or income from a spreadsheet: all rows or none, every fault of every row
/// named, and the same money never imported twice.
struct CollectiveImportTests {
    typealias F = ServiceFixture

    @Test("a file with Chinese headers and words imports whole, each row posted")
    func chineseFileImports() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let csv = "日期,类别,金额,收款人,方式,凭证号,备注\n2026-03-01,保洁,1200,保洁队,现金,BJ-03,三月\n２０２６-03-02,维修,８０.５０,王师傅,微信,,\n2026-03-02,维修,80.50,李师傅,银行转账,,\n"
        let items = try fixture.admin.importCollectiveItems(ExpenseCategory.self, csv: csv, source: "e.csv")
        #expect(items.map(\.draft.category) == [.cleaning, .repairs, .repairs])
        #expect(items.map(\.draft.amount) == [F.yuan("1200"), F.yuan("80.50"), F.yuan("80.50")])
        #expect(items[0].draft.note == "三月")
        let balances = try CollectiveItemTests.balances(fixture.admin)
        #expect(balances["51101"] == F.yuan("1200"))
        #expect(balances["51106"] == F.yuan("161.00"))
        #expect(balances["10201"] == Money.zero - F.yuan("80.50"))
    }

    @Test("every fault of every row is named by line and field, and nothing is imported")
    func everyFaultNamed() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        _ = try fixture.admin.record(CollectiveItemTests.expense(.utilities, "350.00", on: "2026-03-01", to: "供电所", voucher: "DF-1"))
        _ = try fixture.admin.record(CollectiveItemTests.expense(.cleaning, "100.00", on: "2026-03-01", to: "保洁队"))
        let csv = """
            date,category,amount,payee,method,voucher
            2026-02-30,cleaning,1,a,cash,
            2026-03-01,food,-1,a,cheque,
            2030-07-01,cleaning,1,,cash,
            2026-03-02,repairs,5,b,cash,V-7
            2026-03-03,repairs,6,c,cash,V-7
            2026-03-04,utilities,350,供电所,cash,DF-1
            2026-03-05,other,9,d,cash,
            2026-03-05,other,9,d,cash,
            2026-03-01,cleaning,100,保洁队,cash,

            """
        let before = try AccessTableTests.snapshot(fixture)
        #expect {
            _ = try fixture.admin.importCollectiveItems(ExpenseCategory.self, csv: csv, source: "e.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            let named = error.problems.map { "\($0.field): \($0.rule.english)" }
            let expected = [("line 2, date", "2026-02-30"), ("line 3, category", "food"), ("line 3, amount", "negative"), ("line 3, method", "cheque"),
                            ("line 4, date", "after today"), ("line 4, payee", "1 to 80"), ("line 6, voucher", "repeats the voucher of line 5"),
                            ("line 7, voucher", "TST-E2026-000001"), ("line 9, line", "repeats line 8"), ("line 10, line", "a record already made")]
            return named.count == expected.count && zip(named, expected).allSatisfy { $0.hasPrefix($1.0 + ":") && $0.contains($1.1) }
        }
        #expect(try AccessTableTests.snapshot(fixture) == before)
    }

    @Test("the same file imported twice is refused the second time")
    func sameFileTwice() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let csv = "date,category,amount,payer,method,voucher\n2026-01-05,land_contracting,30000,张三,bank,HT-2026-01\n2026-01-05,subsidy,5000,镇财政所,bank,\n"
        #expect(try fixture.admin.importCollectiveItems(OtherIncomeCategory.self, csv: csv, source: "i.csv").count == 2)
        #expect {
            _ = try fixture.admin.importCollectiveItems(OtherIncomeCategory.self, csv: csv, source: "i.csv")
        } throws: { error in
            (error as? ImportError)?.problems.map(\.field) == ["line 2, voucher", "line 3, line"]
        }
        #expect(try fixture.count("other_income") == 2)
    }

    @Test("a file without a required column, or empty, is refused whole")
    func missingColumns() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let noPayee = Outcome.capture { _ = try fixture.admin.importCollectiveItems(ExpenseCategory.self, csv: "date,category,amount,method\n2026-01-01,other,1,cash\n", source: "e.csv") }
        #expect(noPayee.message.contains("payee"), "\(noPayee)")
        // An expense file given as income lacks the payer.
        let wrongKind = Outcome.capture { _ = try fixture.admin.importCollectiveItems(OtherIncomeCategory.self, csv: "date,category,amount,payee,method\n2026-01-01,other,1,x,cash\n", source: "e.csv") }
        #expect(wrongKind.message.contains("payer"), "\(wrongKind)")
        #expect(try fixture.count("expenses") + fixture.count("other_income") == 0)
    }
}
