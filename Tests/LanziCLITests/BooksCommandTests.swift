import Foundation
import Testing
import LanziTestSupport

/// The books after a small history, every posting worked out by hand (BillingFixture's seed),
/// in the order the commands run:
///
/// | entry | date | debit | credit |
/// | --- | --- | --- | --- |
/// | bill 1, deposit | 2026-01-01 | 11201 240000 | 21101 240000 |
/// | bill 2, January | 2026-01-01 | 11201 68493 | 50101 65806, 50104 2687 |
/// | bill 3, Q1 (a stall) | 2026-01-01 | 11201 96000 | 50102 3 × 30000, 50104 3 × 2000 |
/// | bill 4, February | 2026-02-01 | 11201 124900 | 50101 120000, 50104 4900 |
/// | payment 1, cash, merchant 2 | 2026-01-08 | 101 96000 | 11201 96000 |
/// | bill 5, late fee on bill 1 to 2026-01-31 | 2026-01-31 | 11201 1320 | 50401 1320 |
/// | bill 6, late fee on bill 2 to 2026-01-31 | 2026-01-31 | 11201 377 | 50401 377 |
/// | payment 2, WeChat, merchant 1 | 2026-02-01 | 10201 300000 | 11201 300000 (bill 1 240000, bill 2 60000) |
/// | bill 7, credit of 100.00 on bill 2 | 2026-02-10 | 50101 10000 | 21102 10000 |
/// | the credit applied: bill 2 8493, then the oldest open, bill 5 1320 and bill 6 187 | 2026-02-10 | 21102 8493, 1320, 187 | 11201 8493, 1320, 187 |
///
/// Late fees to 2026-01-31 (5 bp a day from due date 2026-01-15 + 5 grace days + 1 = 01-21,
/// 11 days): bill 1 240000 × 11 × 5 ÷ 10000 = 1320; bill 2 68493 × 11 × 5 ÷ 10000 = 376.7115
/// → 377; bill 3's lease has no late fee; bill 4 is not yet due.
///
/// Trial balance:
/// - 101 库存现金: debit 96000 → 96000
/// - 10201 微信: debit 300000 → 300000
/// - 11201 应收款: debit 240000 + 68493 + 96000 + 124900 + 1320 + 377 = 531090, credit 96000
///   + 300000 + 8493 + 1320 + 187 = 406000 → 125090 (= bill 4's 124900 + bill 6's 377 − 187)
/// - 21101 押金: credit 240000 → −240000
/// - 21102 预收款: debit 10000, credit 10000 → 0
/// - 50101 商铺租金: debit 10000, credit 65806 + 120000 = 185806 → −175806
/// - 50102 摊位租金: credit 90000 → −90000
/// - 50104 管理费: credit 2687 + 6000 + 4900 = 13587 → −13587
/// - 50401 滞纳金: credit 1320 + 377 = 1697 → −1697
/// Totals: debit 96000 + 300000 + 531090 + 10000 + 10000 = 947090; credit 406000 + 240000 +
/// 10000 + 185806 + 90000 + 13587 + 1697 = 947090.
enum BooksFixture {
    static let expected: [String: (debit: Int, credit: Int, balance: Int)] = [
        "101": (96000, 0, 96000),
        "10201": (300000, 0, 300000),
        "11201": (531090, 406000, 125090),
        "21101": (0, 240000, -240000),
        "21102": (10000, 10000, 0),
        "50101": (10000, 185806, -175806),
        "50102": (0, 90000, -90000),
        "50104": (0, 13587, -13587),
        "50401": (0, 1697, -1697),
    ]

    static func sandbox(sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01", "2026-02"], sourceLocation: sourceLocation)
        try sandbox.must("pay", "--merchant", "2", "--amount", "960", "--method", "cash", "--key", "q1", "--on", "2026-01-08",
                         sourceLocation: sourceLocation)
        try sandbox.must("bill", "assess-late-fees", "--as-of", "2026-01-31", sourceLocation: sourceLocation)
        try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01",
                         sourceLocation: sourceLocation)
        try sandbox.must("bill", "adjust", "2", "--amount", "-100", "--reason", "漏水减免", "--on", "2026-02-10", sourceLocation: sourceLocation)
        return sandbox
    }

    /// `books trial-balance` as code → account object.
    static func accounts(_ balance: [String: Any]) -> [String: [String: Any]] {
        Dictionary((balance.objects("accounts") ?? []).map { ($0.string("code") ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The bytes `lanzi --db … arguments` writes on stdout, captured through a file by the shell.
    static func rawOutput(_ sandbox: Sandbox, _ arguments: [String], to name: String,
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
        let result = Lanzi.run(URL(fileURLWithPath: "/bin/sh"),
                               ["-c", "db=\"$1\"; shift; exec \"$0\" --db \"$db\" \"$@\" > \(name)", Lanzi.executable.path, sandbox.database] + arguments,
                               in: sandbox.directory)
        try #require(result.status == 0, "lanzi \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return try Data(contentsOf: URL(fileURLWithPath: sandbox.path(name)))
    }

    /// Fen from a decimal amount such as "-1333.93 CNY", "960.00" or "0".
    static func fen(_ text: String) -> Int? {
        var number = text.replacingOccurrences(of: "CNY", with: "").replacingOccurrences(of: ",", with: "")
            .trimmingCharacters(in: .whitespaces)
        let negative = number.hasPrefix("-")
        if negative { number.removeFirst() }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = String(parts[1])
            guard (1...2).contains(digits.count), let value = Int(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        return (negative ? -1 : 1) * (whole * 100 + fraction)
    }
}

@Suite("books trial-balance / journal / export")
struct BooksCommandTests {
    @Test("books trial-balance: every account's debits, credits and balance as worked out by hand; the totals are equal")
    func trialBalance() throws {
        let sandbox = try BooksFixture.sandbox()
        let balance = try sandbox.object("books", "trial-balance")
        // Without --as-of, as of today: entries dated later would not count (none can be made).
        #expect(balance.string("as_of") == Lanzi.today)
        #expect(balance.int("total_debit_fen") == 947090)
        #expect(balance.int("total_credit_fen") == 947090)
        let accounts = BooksFixture.accounts(balance)
        #expect(Set(accounts.keys) == Set(BooksFixture.expected.keys))
        for (code, expected) in BooksFixture.expected {
            let account = accounts[code]
            #expect(account?.int("debit_fen") == expected.debit, "\(code) debit: \(String(describing: account))")
            #expect(account?.int("credit_fen") == expected.credit, "\(code) credit: \(String(describing: account))")
            #expect(account?.int("balance_fen") == expected.balance, "\(code) balance: \(String(describing: account))")
        }
        #expect(accounts["11201"]?.string("name") == "应收款—商户租费")
        #expect(accounts["11201"]?.string("type") == "asset")
        #expect(accounts["50401"]?.string("type") == "income")

        // As of 2026-01-31: the three January bills, merchant 2's cash and the two late fees.
        // 11201: debit 240000 + 68493 + 96000 + 1320 + 377 = 406190, credit 96000 → 310190; 101: 96000;
        // 21101: −240000; 50101: −65806; 50102: −90000; 50104: −(2687 + 6000) = −8687; 50401: −1697.
        // Totals 406190 + 96000 = 502190.
        let january = try sandbox.object("books", "trial-balance", "--as-of", "2026-01-31")
        #expect(january.string("as_of") == "2026-01-31")
        #expect(january.int("total_debit_fen") == 502190)
        #expect(january.int("total_credit_fen") == 502190)
        let januaryAccounts = BooksFixture.accounts(january)
        #expect(januaryAccounts.mapValues { $0.int("balance_fen") ?? 0 } == [
            "101": 96000, "11201": 310190, "21101": -240000, "50101": -65806, "50102": -90000, "50104": -8687, "50401": -1697,
        ])

        let text = try sandbox.must("books", "trial-balance")
        #expect(text.stdout.hasPrefix("trial balance as of \(Lanzi.today)\n"), "\(text)")
        #expect(text.stdout.contains("应收款—商户租费"), "\(text)")
        let totalLine = text.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(totalLine.contains("total") && totalLine.contains("9,470.90") && totalLine.hasSuffix("0.00"), "\(totalLine)")
        sandbox.expectRefusal(["books", "trial-balance", "--as-of", "2026-13-01"], naming: "--as-of")
    }

    @Test("books journal: every entry with its document; --csv is UTF-8 with a BOM, CRLF line ends and a header row; --csv with --json is a usage error")
    func journal() throws {
        let sandbox = try BooksFixture.sandbox()
        let entries = try sandbox.array("books", "journal")
        // Bills 1–4, the cash payment, two late-fee bills, the WeChat payment, the credit
        // adjustment and three credit applications: 12 entries.
        #expect(entries.count == 12)
        var debit = 0, credit = 0, lineCount = 0
        for entry in entries {
            let lines = entry.objects("lines") ?? []
            let entryDebit = lines.reduce(0) { $0 + ($1.int("debit_fen") ?? 0) }
            let entryCredit = lines.reduce(0) { $0 + ($1.int("credit_fen") ?? 0) }
            #expect(entryDebit == entryCredit, "an entry does not balance: \(entry)")
            debit += entryDebit
            credit += entryCredit
            lineCount += lines.count
        }
        #expect(debit == 947090)
        #expect(credit == 947090)
        let payment = try #require(entries.first { $0.string("document_number") == "TST-P2026-000001" })
        #expect(payment.string("document_kind") == "payment")
        #expect(payment.string("date") == "2026-01-08")
        #expect((payment.objects("lines") ?? []).map { [$0.string("account") ?? "", "\($0.int("debit_fen") ?? -1)", "\($0.int("credit_fen") ?? -1)"] }
                == [["101", "96000", "0"], ["11201", "0", "96000"]])
        #expect(payment.objects("lines")?.last?.int("merchant_id") == 2)
        #expect(payment.objects("lines")?.first?.isNull("merchant_id") == true)

        // --from/--to: February 1st holds bill 4 and payment TST-P2026-000002.
        let firstOfFebruary = try sandbox.array("books", "journal", "--from", "2026-02-01", "--to", "2026-02-01")
        #expect(Set(firstOfFebruary.compactMap { $0.string("document_number") }) == ["TST-B2026-000004", "TST-P2026-000002"])
        #expect(try sandbox.array("books", "journal", "--to", "2026-01-01").count == 3)
        sandbox.expectRefusal(["books", "journal", "--from", "2026-03-01", "--to", "2026-02-01"], naming: "--from")

        // CSV: the BOM, a header row, one row per journal line, CRLF line ends. Read as bytes
        // (the harness decodes stdout with Foundation, which drops a BOM).
        let csv = try BooksFixture.rawOutput(sandbox, ["books", "journal", "--csv"], to: "journal.csv")
        let bytes = Array(csv)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "no UTF-8 byte order mark: \(bytes.prefix(8))")
        #expect(bytes.suffix(2) == [0x0D, 0x0A], "the last row ends in CRLF")
        let utf8 = Array(bytes.dropFirst(3))
        let body = String(decoding: utf8, as: UTF8.self)
        let bareLF = utf8.indices.filter { utf8[$0] == 0x0A && ($0 == 0 || utf8[$0 - 1] != 0x0D) }
        #expect(bareLF.isEmpty, "a line ends in LF without CR")
        let rows = body.components(separatedBy: "\r\n").dropLast()
        #expect(rows.first == "date,entry,document_kind,document_number,description,account_code,account_name,merchant_id,debit,credit")
        #expect(rows.count == 1 + lineCount, "one row per journal line")
        // The two last columns are the debit and credit in yuan: they sum to 9470.90 each.
        var csvDebit = 0, csvCredit = 0
        for row in rows.dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count >= 10, "\(row)")
            csvDebit += BooksFixture.fen(fields[fields.count - 2]) ?? -999_999_999
            csvCredit += BooksFixture.fen(fields[fields.count - 1]) ?? -999_999_999
        }
        #expect(csvDebit == 947090)
        #expect(csvCredit == 947090)
        #expect(rows.contains { $0.contains("TST-P2026-000001") && $0.contains("库存现金") && $0.contains("960.00") }, "\(rows)")

        sandbox.expectUsageError(["--db", sandbox.database, "books", "journal", "--csv", "--json"], ["--csv", "--json"])
        sandbox.expectUsageError(["--db", sandbox.database, "--json", "books", "journal", "--csv"], ["--csv"])
    }

    @Test("books export --hledger writes the file and says so; an unwritable path is refused naming --hledger")
    func export() throws {
        let sandbox = try BooksFixture.sandbox()
        let written = try sandbox.object("books", "export", "--hledger", "books.journal")
        #expect(written.string("file") == "books.journal")
        let file = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("books.journal")))
        #expect(written.int("bytes") == file.count)
        let journal = String(decoding: file, as: UTF8.self)
        // 12 entries, each a dated transaction named by its document.
        #expect(journal.components(separatedBy: "\n").filter { $0.hasPrefix("2026-") }.count == 12)
        #expect(journal.contains("2026-01-08 (TST-P2026-000001) payment TST-P2026-000001 by cash\n    101 库存现金  960.00 CNY\n"), "\(journal)")
        let text = try sandbox.must("books", "export", "--hledger", sandbox.path("again.journal"))
        #expect(text.stdout == "wrote the books to \(sandbox.path("again.journal"))\n", "\(text)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.path("again.journal"))) == file)

        // An unwritable path: refused naming --hledger, nothing written.
        sandbox.expectRefusal(["books", "export", "--hledger", "no-such-folder/books.journal"], naming: "--hledger")
        #expect(!sandbox.exists("no-such-folder"))
        sandbox.expectRefusal(["books", "export", "--hledger", "bad.journal", "--to", "2026-02-30"], naming: "--to")
        #expect(!sandbox.exists("bad.journal"))
    }

    /// Skipped without the stock hledger, or failed under CI (`ExternalTool`'s rule).
    @Test("books export --hledger: the stock hledger checks the file and its balances equal the trial balance")
    func hledgerAgrees() throws {
        let hledger = try ExternalTool.hledger.require()
        let sandbox = try BooksFixture.sandbox()
        try sandbox.must("books", "export", "--hledger", "books.journal")
        try sandbox.must("books", "export", "--hledger", "january.journal", "--to", "2026-01-31")
        let environment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        for (name, trialArguments) in [("books.journal", ["books", "trial-balance"]),
                                       ("january.journal", ["books", "trial-balance", "--as-of", "2026-01-31"])] {
            let check = Lanzi.run(hledger, ["-f", sandbox.path(name), "check"], environment: environment, in: sandbox.directory)
            #expect(check.status == 0, "hledger check \(name): \(check)")

            let balance = Lanzi.run(hledger, ["-f", sandbox.path(name), "balance", "--flat", "-N", "--output-format", "csv"],
                                    environment: environment, in: sandbox.directory)
            try #require(balance.status == 0, "hledger balance \(name): \(balance)")
            // Each row is "account","amount"; an account is "112 应收款:11201 应收款—商户租费:M1 李春华",
            // so its code is the last segment that starts with digits (the merchant part is "M1 …").
            var hledgerFen: [String: Int] = [:]
            for line in balance.stdout.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).components(separatedBy: "\",\"")
                try #require(fields.count == 2, "\(line)")
                let code = fields[0].split(separator: ":").compactMap { segment -> String? in
                    let first = segment.split(separator: " ").first.map(String.init) ?? ""
                    return Int(first) != nil ? first : nil
                }.last
                let account = try #require(code, "no account code in \(fields[0])")
                let amount = try #require(BooksFixture.fen(fields[1]), "not an amount: \(fields[1])")
                hledgerFen[account, default: 0] += amount
            }
            let trial = BooksFixture.accounts(try sandbox.object(trialArguments)).mapValues { $0.int("balance_fen") ?? 0 }
            // hledger leaves out accounts whose balance is zero.
            #expect(hledgerFen.filter { $0.value != 0 } == trial.filter { $0.value != 0 }, "\(name): hledger \(hledgerFen) vs lanzi \(trial)")
            #expect(!hledgerFen.isEmpty)
        }
    }
}
