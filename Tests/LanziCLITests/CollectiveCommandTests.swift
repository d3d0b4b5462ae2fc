import Foundation
import Testing
import LanziTestSupport

/// `lanzi expense …` and `lanzi other-income …` end to end, on the billing fixture's market.
@Suite("expense and other-income commands")
struct CollectiveCommandTests {
    @Test("add, a repeated voucher refused then allowed, list, show in Chinese, reverse once, and the books balanced")
    func expenseRoundTrip() throws {
        let sandbox = try BillingFixture.sandbox()
        let added = try sandbox.object("expense", "add", "--category", "保洁", "--amount", "1200.50", "--payee", "保洁队", "--method", "现金",
                                       "--date", "2026-03-05", "--voucher", "BJ-03")
        #expect(added.string("number") == "TST-E2026-000001")
        #expect(added.int("amount_fen") == 120050)
        #expect(added.string("category") == "cleaning")
        #expect(added.string("payee") == "保洁队")

        sandbox.expectRefusal(["expense", "add", "--category", "cleaning", "--amount", "1200.50", "--payee", "保洁队", "--method", "cash",
                               "--date", "2026-03-05", "--voucher", "BJ-03"], naming: "voucher", ["TST-E2026-000001", "probable double entry"])
        sandbox.expectRefusal(["expense", "add", "--category", "food", "--amount", "1", "--payee", "x", "--method", "cash"], naming: "--category", ["cleaning (保洁)"])
        sandbox.expectRefusal(["expense", "add", "--category", "other", "--amount", "0", "--payee", "x", "--method", "cash"], naming: "amount", ["more than 0"])
        sandbox.expectRefusal(["expense", "add", "--category", "other", "--amount", "1", "--payee", "x", "--method", "cash", "--date", "2030-07-01"],
                              naming: "date", ["2030-06-30"])
        sandbox.expectUsageError(["expense", "add", "--category", "other", "--amount", "1", "--method", "cash"], ["--payee"])
        try sandbox.must("expense", "add", "--category", "cleaning", "--amount", "300", "--payee", "保洁队", "--method", "cash",
                         "--date", "2026-03-06", "--voucher", "BJ-03", "--repeated-voucher-ok")

        let list = try sandbox.array("expense", "list", "--from", "2026-03-01", "--to", "2026-03-31", "--category", "cleaning")
        #expect(list.compactMap { $0.int("amount_fen") } == [120050, 30000])

        let chinese = sandbox.lanzi(["expense", "show", "TST-E2026-000001"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(chinese.status == 0)
        #expect(chinese.stdout.contains("保洁") && chinese.stdout.contains("凭证 BJ-03") && chinese.stdout.contains("壹仟贰佰元伍角"), "\(chinese)")

        let reversed = try sandbox.object("expense", "reverse", "TST-E2026-000002", "--reason", "重复录入", "--on", "2026-03-06")
        #expect(reversed.object("reversal")?.string("number") == "TST-EV2026-000001")
        sandbox.expectRefusal(["expense", "reverse", "TST-E2026-000002", "--reason", "again"], naming: "already reversed")
        sandbox.expectRefusal(["expense", "show", "TST-E2026-000009"], naming: "no expense TST-E2026-000009")

        let text = try sandbox.must("expense", "list").stdout
        #expect(text.contains("reversed by TST-EV2026-000001") && text.contains("2 record(s); 1 standing, total ¥1,200.50"), "\(text)")
        let balance = try sandbox.object("books", "trial-balance")
        #expect(balance.int("total_debit_fen") == balance.int("total_credit_fen"))
    }

    @Test("other income imports from a Chinese spreadsheet, all rows or none, and the same file twice is refused")
    func otherIncomeImport() throws {
        let sandbox = try BillingFixture.sandbox()
        let file = try sandbox.write("income.csv", "\u{FEFF}日期,类别,金额,付款人,方式,凭证号\r\n2025-06-30,土地发包,30000,张三,银行转账,HT-1\r\n2025-12-20,补助收入,20000,镇财政所,银行,\r\n")
        let imported = try sandbox.must("other-income", "import", file).stdout
        #expect(imported.contains("imported 2 record(s)") && imported.contains("¥50,000.00"), "\(imported)")
        let refused = sandbox.expectRefusal(["other-income", "import", file], naming: "line 2, voucher", ["line 3, line"])
        #expect(refused.stderr.contains("nothing imported"))
        #expect(try sandbox.array("other-income", "list").compactMap { $0.string("payer") } == ["张三", "镇财政所"])
    }

    @Test("the stock sqlite3 shell cannot change or delete an expense: the database's triggers refuse it")
    func shellCannotEdit() throws {
        let sandbox = try BillingFixture.sandbox()
        try sandbox.must("expense", "add", "--category", "repairs", "--amount", "80", "--payee", "王师傅", "--method", "cash", "--date", "2026-03-05")
        let sqlite3 = try ExternalTool.sqlite3.require()
        for sql in ["UPDATE expenses SET amount_fen = 1;", "DELETE FROM expenses;"] {
            let result = Lanzi.run(sqlite3, [sandbox.database, sql], in: sandbox.directory)
            #expect(result.status != 0 && result.stderr.contains("never"), "\(sql): \(result)")
        }
        #expect(try sandbox.object("expense", "show", "TST-E2026-000001").int("amount_fen") == 8000)
    }
}
