import Foundation
import Testing
import LanziTestSupport

/// `lanzi income` end to end on the billing fixture's market: January billed, merchant 1
/// paying 3000.00 on 2026-02-01 (the deposit 240000 in full, then 60000 of January's 68493,
/// rent first).
@Suite("income command")
struct IncomeCommandTests {
    static func sandbox() throws -> Sandbox {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")
        try sandbox.must("other-income", "add", "--category", "补助收入", "--amount", "500", "--payer", "镇财政所", "--method", "银行", "--date", "2026-02-03")
        return sandbox
    }

    @Test("--json: accrual in January, cash in February, the deposit never income, and the books agreeing")
    func json() throws {
        let sandbox = try Self.sandbox()
        let january = try sandbox.object("income", "--year", "2026", "--month", "2026-01", "--json")
        let market = try #require(january.object("market_income"))
        // Billed in January: merchant 1's 68493 and merchant 2's quarter, 3 × (30000 + 2000) = 96000.
        #expect(market.object("accrual_total")?.int("period_fen") == 68493 + 96000)
        #expect(market.object("cash_total")?.int("period_fen") == 0)
        #expect(january.object("deposits")?.int("billed_fen") == 240000)
        let february = try sandbox.object("income", "--year", "2026", "--month", "2026-02", "--json")
        let cash = try #require(february.object("market_income")?.objects("cash"))
        #expect(cash.first { $0.string("key") == "shop_rent" }?.int("period_fen") == 60000)
        #expect(february.object("market_income")?.object("cash_total")?.int("period_fen") == 60000)
        #expect(february.object("deposits")?.int("collected_fen") == 240000)
        let statement = try #require(february.objects("statement"))
        // February's statement: nothing billed (operating income 0), the subsidy 50000.
        #expect(statement.first { $0.string("key") == "operating_income" }?.int("period_fen") == 0)
        let total = try #require(statement.first { $0.string("key") == "total_surplus" })
        #expect(total.int("period_fen") == 50000)
        #expect(total.int("year_to_date_fen") == 68493 + 96000 + 50000)
        #expect(february.object("receivable")?.int("change_fen") == -60000)
        #expect(february.bool("agrees_with_books") == true && january.bool("agrees_with_books") == true)
    }

    @Test("--csv is UTF-8 with a BOM and CRLF, and Python's csv module reads the Chinese back")
    func csv() throws {
        let python = try ExternalTool(name: "python3").require()
        let sandbox = try Self.sandbox()
        // Read as bytes: the harness decodes stdout with Foundation, which drops a BOM.
        let bytes = Array(try BooksFixture.rawOutput(sandbox, ["--lang", "zh", "income", "--year", "2026", "--quarter", "1", "--csv"], to: "income.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "no UTF-8 byte order mark: \(bytes.prefix(8))")
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.count > 20 && lines.last == "" && !lines.dropLast().contains { $0.contains("\n") }, "\(lines.prefix(3))")
        let file = sandbox.path("income.csv")
        let reader = Process()
        reader.executableURL = python
        reader.arguments = ["-c", """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
            print(json.dumps({"header": rows[0], "total": [r for r in rows if r[1] == "total_surplus"][0]}, ensure_ascii=False))
            """, file]
        let output = Pipe()
        reader.standardOutput = output
        try reader.run()
        reader.waitUntilExit()
        let read = try #require(try JSONSerialization.jsonObject(with: output.fileHandleForReading.readDataToEndOfFile()) as? [String: Any])
        #expect(read["header"] as? [String] == ["部分", "代码", "项目", "本期", "本年累计", "上年同期", "增减"])
        #expect(read["total"] as? [String] == ["收益表", "total_surplus", "收益总额", "2144.93", "2144.93", "0.00", "2144.93"])
    }

    @Test("the text in Chinese, and every bad period refused with its field or its usage")
    func textAndRefusals() throws {
        let sandbox = try Self.sandbox()
        let text = sandbox.lanzi(["income", "--year", "2026"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("收益总额") && text.stdout.contains("商铺租金") && text.stdout.contains("每个数字都与账簿相符"), "\(text.stdout)")
        sandbox.expectRefusal(["income", "--year", "2026", "--month", "2025-12"], naming: "--month", ["2026"])
        sandbox.expectRefusal(["income", "--year", "2026", "--quarter", "5"], naming: "--quarter")
        sandbox.expectRefusal(["income", "--year", "2026", "--from", "2026-03-01", "--to", "2026-02-01"], naming: "--from")
        sandbox.expectRefusal(["income", "--year", "2031"], naming: "--year", ["has not begun"])
        sandbox.expectRefusal(["income", "--year", "twenty"], naming: "--year")
        sandbox.expectUsageError(["income", "--year", "2026", "--month", "2026-01", "--quarter", "1"], ["--month, --quarter"])
        sandbox.expectUsageError(["income", "--year", "2026", "--from", "2026-01-01"], ["--from and --to"])
        sandbox.expectUsageError(["income", "--year", "2026", "--csv", "--json"], ["--csv or --json"])
        sandbox.expectUsageError(["income"], ["--year"])
    }
}
