import Foundation
import Testing

/// Chinese first: the text of every command in either language (`--lang`, else the
/// locale), JSON keys and codes English in both, and the words a Chinese office types.
struct LanguageTests {
    /// Whether `text` holds a CJK ideograph.
    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// English table headings and words that must not be left in Chinese text (whole words).
    static let englishWords = ["code", "kind", "status", "merchant", "period", "total", "amount", "balance", "debit", "credit",
                               "phone", "households", "usage:", "options:", "commands:", "bill(s)", "unit(s)", "lease(s)", "no bills",
                               "outstanding", "opening balance", "trial balance", "recorded", "added", "must be", "already",
                               // bill lines, as the billing rules and the service word them
                               "rent", "management fee", "deposit", "late fee", "adjustment of", "kg·days", "days free", "days"]

    static func englishLeft(in text: String) -> [String] {
        englishWords.filter { word in
            text.range(of: "(?<![A-Za-z_-])\(NSRegularExpression.escapedPattern(for: word))(?![A-Za-z_-])", options: .regularExpression) != nil
        }
    }

    @Test func unitListUnderLangAndLocale() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let english = try sandbox.must("unit", "list", "--kind", "shop")
        #expect(english.stdout.hasPrefix("code"))
        #expect(english.stdout.contains(" shop "))
        let chinese = try sandbox.must("--lang", "zh", "unit", "list", "--kind", "商铺")
        #expect(chinese.stdout.hasPrefix("编号"), "\(chinese)")
        #expect(chinese.stdout.contains("商铺") && chinese.stdout.contains("共 ") && !chinese.stdout.contains(" shop "), "\(chinese)")
        let locale = sandbox.lanzi(["unit", "list", "--kind", "shop"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(locale.stdout == chinese.stdout, "\(locale)")
        // --lang wins over the locale.
        let forced = sandbox.lanzi(["--lang", "en", "unit", "list", "--kind", "shop"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(forced.stdout == english.stdout)
        // JSON stays English: keys and raw values.
        let json = try #require(try sandbox.array("--lang", "zh", "unit", "list", "--kind", "商铺", "--json").first)
        #expect(json.string("kind") == "shop")
    }

    @Test func refusalsInChineseNameTheField() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let kind = sandbox.lanzi(["unit", "add", "--code", "Z-1", "--kind", "铺子", "--area", "6"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(kind.status == 1)
        #expect(kind.stderr.contains("--kind") && kind.stderr.contains("须为 商铺（shop）、摊位（stall）、冷库（cold_room）之一") && kind.stderr.contains("铺子"), "\(kind)")
        let missing = sandbox.lanzi(["--json", "--lang", "zh", "bill", "show", "999999"])
        #expect(missing.status == 1)
        let error = try #require((try JSONSerialization.jsonObject(with: Data(missing.stderr.utf8)) as? [String: Any])?["error"] as? [String: Any])
        #expect(error["code"] as? String == "not_found")
        #expect(error["message"] as? String == "没有账单 999999", "\(missing)")
        let usage = sandbox.lanzi(["--lang", "zh", "bill", "show"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("缺少 ID") && usage.stderr.contains("用法：lanzi bill show ID"), "\(usage)")
    }

    @Test func aBadLangIsAUsageErrorNamingIt() throws {
        let sandbox = try Sandbox()
        for arguments in [["--lang", "fr", "market", "show"], ["--lang=", "market", "show"], ["market", "show", "--lang"]] {
            let result = sandbox.lanzi(arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.contains("--lang"), "\(arguments): \(result)")
        }
    }

    @Test func chineseWordsAndFullWidthDigitsAreTaken() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let unit = try sandbox.object("unit", "add", "--code", "T-900", "--kind", "摊位", "--area", "６．５０", "--json")
        #expect(unit.string("kind") == "stall" && unit.string("area_m2") == "6.50")
        let merchant = try #require(try sandbox.array("merchant", "list", "--json").first?.int("id"))
        let payment = try sandbox.object("pay", "--merchant", "\(merchant)", "--amount", "１００．５０", "--method", "微信支付", "--key", "k-zh-1",
                                         "--on", "２０３０－０６－０１", "--json")
        #expect(payment.string("method") == "wechat" && payment.int("amount_fen") == 10050 && payment.string("paid_on") == "2030-06-01", "\(payment)")
    }

    /// One invocation of every command `lanzi --help` lists, run in order on a seeded demo
    /// market under each language: each prints something, refuses with a message, or both;
    /// in Chinese the text holds Chinese and none of the English headings.
    @Test(arguments: ["en", "zh"])
    func everyCommandSpeaksTheLanguage(language: String) throws {
        let sandbox = try Sandbox()
        let help = try sandbox.must("--help")
        let listed = help.stdout.components(separatedBy: "\n").drop { $0 != "commands:" }.dropFirst()
            .compactMap { line in line.hasPrefix("  ") ? line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first : nil }
        let csv = try sandbox.write("members.csv", "姓名,支部,电话\n张三,第一支部,13800000001\n")
        let households = try sandbox.write("hh.csv", "户主,村民小组,人口\n赵六,一组,3\n")
        let expenses = try sandbox.write("expenses-\(language).csv", "日期,类别,金额,收款人,方式\n2030-06-02,绿化,50,绿化队,现金\n")
        let income = try sandbox.write("income-\(language).csv", "日期,类别,金额,付款人,方式\n2030-06-02,补助收入,500,镇财政所,银行\n")
        let invocations: [String: [String]] = [
            "init": ["init"], "seed": ["seed", Lanzi.demoSeed],
            "market show": ["market", "show"], "market set": ["market", "set", "--household-max", "5"],
            "market summary": ["market", "summary"],
            "unit list": ["unit", "list", "--kind", "cold_room"], "unit show": ["unit", "show", "S-001"],
            "unit add": ["unit", "add", "--code", "T-990", "--kind", "stall", "--area", "6"],
            "unit set-status": ["unit", "set-status", "T-990", "out_of_service"],
            "merchant add": ["merchant", "add", "--name", "测试商户", "--phone", "13900000000"],
            "merchant list": ["merchant", "list"], "merchant show": ["merchant", "show", "1"],
            "lease create": ["lease", "create", "--merchant", "1", "--units", "T-990", "--start", "2030-07-01", "--end", "2031-06-30", "--rent", "100"],
            "lease list": ["lease", "list", "--merchant", "1"], "lease show": ["lease", "show", "1"],
            "lease renew": ["lease", "renew", "1", "--end", "2040-12-31"], "lease terminate": ["lease", "terminate", "2", "--on", "2030-06-15"],
            "party member add": ["party", "member", "add", "--name", "钱七", "--branch", "第一支部"],
            "party member list": ["party", "member", "list"], "party member show": ["party", "member", "show", "1"],
            "party member deactivate": ["party", "member", "deactivate", "2"], "party import": ["party", "import", csv],
            "household add": ["household", "add", "--head", "孙八", "--group", "二组"], "household list": ["household", "list"],
            "household show": ["household", "show", "1"], "household import": ["household", "import", households],
            "assign set": ["assign", "set", "--household", "1", "--member", "1"], "assign end": ["assign", "end", "--household", "1"],
            "assign auto": ["assign", "auto", "--dry-run"], "assign list": ["assign", "list", "--member", "1"],
            "assign coverage": ["assign", "coverage"],
            "visit log": ["visit", "log", "--member", "1", "--household", "3", "--on", "2030-06-01", "--raised", "路灯坏了"],
            "visit list": ["visit", "list"], "visit close": ["visit", "close", "1"],
            "bill run": ["bill", "run", "--period", "2030-06"], "bill list": ["bill", "list", "--period", "2030-06"],
            "bill show": ["bill", "show", "1"], "bill void": ["bill", "void", "1", "--reason", "测试"],
            "bill adjust": ["bill", "adjust", "2", "--amount", "-1", "--reason", "测试"],
            "bill assess-late-fees": ["bill", "assess-late-fees", "--as-of", "2030-06-30"],
            "usage in": ["usage", "in", "--merchant", "1", "--room", "C1-01", "--kg", "10", "--on", "2030-06-01"],
            "usage out": ["usage", "out", "1", "--on", "2030-06-02"], "usage list": ["usage", "list"],
            "pay": ["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "every-command"],
            "payment list": ["payment", "list", "--merchant", "1"], "payment show": ["payment", "show", "1"],
            "payment reverse": ["payment", "reverse", "1", "--reason", "测试"],
            "lease cancel": ["lease", "cancel", "1", "--reason", "录错"],
            "refund": ["refund", "--merchant", "1", "--amount", "1", "--method", "现金", "--key", "every-refund"],
            "refund list": ["refund", "list"],
            "statement": ["statement", "--merchant", "1"], "books trial-balance": ["books", "trial-balance"],
            "books journal": ["books", "journal", "--from", "2030-06-01"], "books export": ["books", "export", "--hledger", sandbox.path("books.journal")],
            "key init": ["key", "init"], "key show": ["key", "show"], "key rotate": ["key", "rotate"], "key use": ["key", "use", sandbox.database + ".signing-key.pem"],
            "receipt show": ["receipt", "show", "BWG-2026-000001"], "receipt list": ["receipt", "list", "--merchant", "1"],
            "receipt note-invoice": ["receipt", "note-invoice", "BWG-2026-000002", "--invoice", "No.\(language)-1"],
            "receipts export": ["receipts", "export", "--year", "2026", "--out", sandbox.path("bundle-\(language)")],
            "receipts verify": ["receipts", "verify", sandbox.path("bundle-\(language)")], "receipts verify-db": ["receipts", "verify-db"],
            "serve": ["serve", "--port", "70000"],
            "backup": ["backup", "--out", "backup-\(language)-\(UUID().uuidString).db"], "restore": ["restore", "no-such-backup.db"],
            "user add": ["user", "add", "xiaoli", "--role", "merchant", "--merchant", "1"], "user list": ["user", "list"],
            "expense add": ["expense", "add", "--category", "保洁", "--amount", "100", "--payee", "保洁队", "--method", "现金"],
            "expense list": ["expense", "list"], "expense show": ["expense", "show", "BWG-E2030-000001"],
            "expense reverse": ["expense", "reverse", "BWG-E2030-000001", "--reason", "测试"], "expense import": ["expense", "import", expenses],
            "other-income add": ["other-income", "add", "--category", "土地发包", "--amount", "100", "--payer", "张三", "--method", "银行"],
            "other-income list": ["other-income", "list"], "other-income show": ["other-income", "show", "BWG-I2030-000001"],
            "other-income reverse": ["other-income", "reverse", "BWG-I2030-000001", "--reason", "测试"], "other-income import": ["other-income", "import", income],
            "income": ["income", "--year", "2030", "--quarter", "2"], "audit verify": ["audit", "verify"],
            "income publish": ["income", "publish", "--period", "2030Q2", "--out", sandbox.path("board-\(language)")],
            "income verify": ["income", "verify", sandbox.path("board-\(language)")],
            "user disable": ["user", "disable", "xiaoli"], "user reset-password": ["user", "reset-password", "xiaoli"],
        ]
        #expect(listed.count >= 40, "\(help.stdout)")
        let unknown = listed.filter { invocations[$0] == nil }
        #expect(unknown.isEmpty, "commands without an invocation in this test: \(unknown)")
        for command in listed {
            guard let arguments = invocations[command] else { continue }
            let result = sandbox.lanzi(["--lang", language] + arguments)
            let text = result.stdout + result.stderr
            #expect(result.status == 0 || result.status == 1, "\(command): \(result)")
            #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(command) printed nothing")
            if language == "zh" {
                #expect(Self.hasChinese(text), "\(command): \(result)")
                let left = Self.englishLeft(in: text)
                #expect(left.isEmpty, "\(command): English left in the Chinese text: \(left)\n\(result)")
            } else {
                #expect(!Self.hasChinese(result.stderr) || result.stderr.contains("铺子"), "\(command): \(result)")
            }
            let help = sandbox.lanzi(["--lang", language, "help"] + command.split(separator: " ").map(String.init))
            let summary = help.stdout.components(separatedBy: "\n").dropFirst(2).first ?? ""
            #expect(help.status == 0 && !summary.isEmpty, "\(command) help: \(help)")
            // A summary may quote what is typed (CSV columns, an hledger command line), so only its Chinese is asked for.
            if language == "zh" { #expect(Self.hasChinese(summary), "\(command) help: \(help)") }
        }
    }
}
