import Foundation
import Testing

/// Issue 15's "done when": an operator runs the demo market for a month in Chinese, day by
/// day (`LANZI_TODAY`), typing what an office types, and every mistake is refused — in
/// Chinese, naming the field, nothing changed — or undone by a record.
@Suite("a month at the desk, in Chinese")
struct ChineseMonthTests {
    struct Desk {
        let sandbox: Sandbox
        var today = "2026-12-01"

        /// A command under `--lang zh` on `today`, which must succeed and speak Chinese.
        @discardableResult
        func must(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = sandbox.lanzi(["--lang", "zh"] + arguments, environment: ["LANZI_TODAY": today])
            try #require(result.status == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
            #expect(LanguageTests.hasChinese(result.stdout), "\(arguments): \(result.stdout)", sourceLocation: sourceLocation)
            #expect(LanguageTests.englishLeft(in: result.stdout).isEmpty, "\(arguments): English left: \(result.stdout)", sourceLocation: sourceLocation)
            return result.stdout
        }

        /// A command under `--lang zh` on `today` that must be refused, in Chinese, naming
        /// `field`, leaving the database exactly as it was.
        func refused(_ arguments: String..., naming field: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let before = sandbox.snapshot(sourceLocation: sourceLocation)
            let result = sandbox.lanzi(["--lang", "zh"] + arguments, environment: ["LANZI_TODAY": today])
            #expect(result.status == 1, "\(arguments): \(result)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(field), "\(arguments) should name \(field): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(LanguageTests.hasChinese(result.stderr), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(sandbox.snapshot(sourceLocation: sourceLocation) == before, "\(arguments) changed the database", sourceLocation: sourceLocation)
        }

        func json(_ arguments: String...) throws -> [String: Any] {
            try #require(try value(arguments) as? [String: Any])
        }

        func array(_ arguments: String...) throws -> [[String: Any]] {
            try #require(try value(arguments) as? [[String: Any]])
        }

        private func value(_ arguments: [String]) throws -> Any {
            let result = sandbox.lanzi(["--json"] + arguments, environment: ["LANZI_TODAY": today])
            try #require(result.status == 0, "\(arguments): \(result)")
            return try result.json()
        }
    }

    @Test("December on the demo market: billing, payments typed the office's way, corrections, and every mistake refused or undone")
    func december() throws {
        var desk = Desk(sandbox: try Sandbox())
        try desk.must("seed", Lanzi.demoSeed)
        #expect(try desk.must("bill", "run", "--period", "2026-12").contains("已出账"))
        desk.refused("bill", "run", "--period", "2027-02", naming: "--period")   // two cycles ahead

        // Payments in Chinese words and full-width digits.
        let paid = try desk.must("pay", "--merchant", "2", "--amount", "５００．５０", "--method", "微信", "--key", "d-1", "--reference", "4200001")
        #expect(paid.contains("部分支付") && paid.contains("尚欠"), "\(paid)")
        desk.refused("pay", "--merchant", "3", "--amount", "10", "--method", "微信支付", "--key", "d-2", "--reference", "4200001",
                     naming: "--reference")                                            // the same WeChat number again
        desk.refused("pay", "--merchant", "2", "--amount", "600", "--method", "微信", "--key", "d-1", "--reference", "4200001",
                     naming: "--key")                                                  // the key reused with another amount
        desk.refused("pay", "--merchant", "2", "--amount", "10", "--method", "现金", "--key", "d-3", "--on", "2026-12-02",
                     naming: "--on")                                                   // tomorrow
        try desk.must("pay", "--merchant", "3", "--amount", "2000", "--method", "银行转账", "--key", "d-4")

        // The register: a mistyped ID number, a merchant twice, a forgotten rent.
        desk.refused("merchant", "add", "--name", "赵小红", "--phone", "13700000001", "--id-number", "110105194912310021", naming: "--id-number")
        let added = try desk.json("merchant", "add", "--name", "赵小红", "--phone", "13700000001", "--id-number", "11010519491231002X")
        let merchant = try #require(added["id"] as? Int)
        desk.refused("merchant", "add", "--name", "赵小红", "--phone", "13700000001", naming: "--again")
        desk.refused("lease", "create", "--merchant", "\(merchant)", "--units", "S-003", "--start", "2027-01-01", "--end", "2027-12-31",
                     "--rent", "0", naming: "--rent")

        // A lease entered on the wrong unit is withdrawn, and the right one made.
        desk.today = "2026-12-05"
        let wrong = try desk.json("lease", "create", "--merchant", "\(merchant)", "--units", "S-003", "--start", "2027-01-01",
                                  "--end", "2027-12-31", "--rent", "450")
        let wrongID = try #require(wrong["id"] as? Int)
        #expect(try desk.must("lease", "cancel", "\(wrongID)", "--reason", "录错铺位").contains("已撤销"))
        try desk.must("lease", "create", "--merchant", "\(merchant)", "--units", "S-003", "--start", "2027-01-01", "--end", "2027-12-31",
                      "--rent", "450")
        desk.refused("lease", "cancel", "2", "--reason", "录错", naming: "lease terminate")   // billed: ended by termination instead

        // Cold store in and out, by the Chinese kind word on the list.
        #expect(try desk.must("unit", "list", "--kind", "冷库").contains("冷库"))
        let usage = try desk.json("usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "５００", "--on", "2026-12-05")
        desk.refused("usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "500", "--on", "2026-12-06", naming: "--on")
        desk.today = "2026-12-08"
        try desk.must("usage", "out", "\(try #require(usage["id"] as? Int))", "--on", "2026-12-08")

        // A mistaken payment reversed; an overpayment refunded instead of reversed.
        desk.today = "2026-12-10"
        try desk.must("payment", "reverse", "1227", "--reason", "收错商户")
        let over = try desk.json("pay", "--merchant", "5", "--amount", "5000", "--method", "现金", "--key", "d-5")
        let credit = try #require(over["credit_fen"] as? Int)
        #expect(credit > 0)
        let refund = try desk.must("refund", "--merchant", "5", "--amount", "100", "--method", "现金", "--key", "d-6")
        #expect(refund.contains("退还预收款"), "\(refund)")
        desk.refused("refund", "--merchant", "5", "--amount", "１０００００", "--method", "现金", "--key", "d-7", naming: "--amount")

        // A bill raised in error is voided with its reason, which the bill then shows.
        let open = try #require(try desk.array("bill", "list", "--period", "2026-12", "--status", "open").first)
        let billID = try #require(open.int("id"))
        desk.refused("bill", "void", "\(billID)", "--reason", "重复出账", "--on", "2027-01-01", naming: "--on")
        try desk.must("bill", "void", "\(billID)", "--reason", "重复出账")
        let shown = try desk.must("bill", "show", "\(billID)")
        #expect(shown.contains("作废于 2026-12-10: 重复出账"), "\(shown)")

        // Every kind of line reads in Chinese: rent and fee, an adjustment, a late fee and the
        // cold store's usage (billed by the month's run again at its end).
        let regular = try #require(try desk.array("bill", "list", "--period", "2026-12", "--status", "open").first { $0["kind"] as? String == "regular" })
        let regularID = try #require(regular.int("id"))
        #expect(try desk.must("bill", "show", "\(regularID)").contains("租金 2026-12 "))
        let adjustment = try desk.json("bill", "adjust", "\(regularID)", "--amount", "-50", "--reason", "漏水减免")
        #expect(try desk.must("bill", "show", "\(try #require(adjustment.int("id")))").contains("的调整：漏水减免"))
        desk.today = "2026-12-31"
        try desk.must("bill", "assess-late-fees", "--as-of", "2026-12-31")
        let lateFee = try #require(try desk.array("bill", "list", "--period", "2026-12").first { $0["kind"] as? String == "late_fee" })
        #expect(try desk.must("bill", "show", "\(try #require(lateFee.int("id")))").contains("截至 2026-12-31 的滞纳金"))
        try desk.must("bill", "run", "--period", "2026-12")
        let usageBill = try #require(try desk.array("bill", "list", "--period", "2026-12").first { $0["kind"] as? String == "usage" })
        #expect(try desk.must("bill", "show", "\(try #require(usageBill.int("id")))").contains("冷库 C1-01 使用记录"))

        // The month's end: the statement and the books in Chinese.
        #expect(try desk.must("statement", "--merchant", "5").contains("预收款"))
        #expect(try desk.must("books", "trial-balance").contains("合计"))
    }
}
