import Foundation
import Testing

@Suite("the operator's desk")
struct DeskTests {
    @Test("under --json a refusal is a JSON error on stderr with its code, field and message, and the same exit code")
    func jsonErrors() throws {
        let sandbox = try BillingFixture.refusalSandbox()
        let cases: [([String], Int32, String, String?)] = [
            (["--json", "bill", "show", "999"], 1, "not_found", "ID"),
            (["--json", "pay", "--merchant", "1", "--amount", "0", "--method", "cash", "--key", "z"], 1, "invalid", "--amount"),
            (["--json", "pay", "--merchant", "1", "--amount", "3000", "--method", "cash", "--key", "k-1", "--on", "2026-02-01"], 1, "conflict", "--key"),
            (["--json", "bill", "frob"], 2, "usage", nil),
        ]
        for (arguments, status, code, field) in cases {
            let result = sandbox.lanzi(arguments)
            #expect(result.status == status, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty)
            let document = try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any]
            let error = document?["error"] as? [String: Any]
            #expect(error?["code"] as? String == code, "\(result.stderr)")
            #expect((error?["field"] as? String) == field, "\(result.stderr)")
            #expect((error?["message"] as? String)?.isEmpty == false)
        }
        // Without --json the same refusal is a line of text.
        #expect(sandbox.lanzi(["bill", "show", "999"]).stderr == "lanzi: ID: no bill 999\n")
    }

    @Test("an unknown word after a group of commands names the group's commands")
    func unknownWordInGroup() throws {
        let sandbox = try Sandbox()
        let result = sandbox.bare("bill", "frob")
        #expect(result.status == 2)
        #expect(result.stderr.contains("`lanzi bill` takes adjust, assess-late-fees, list, run, show, void, not \"frob\""), "\(result.stderr)")
    }

    @Test("pay: a reference already recorded by the same method is refused naming the earlier payment; --duplicate-reference-ok records it")
    func duplicateReference() throws {
        let sandbox = try BillingFixture.refusalSandbox()
        try sandbox.must("pay", "--merchant", "1", "--amount", "10", "--method", "wechat", "--key", "r-1", "--on", "2026-02-02",
                         "--reference", "4200009999")
        sandbox.expectRefusal(["pay", "--merchant", "2", "--amount", "10", "--method", "wechat", "--key", "r-2", "--on", "2026-02-03",
                               "--reference", "4200009999"], naming: "--reference", ["TST-P2026-000002", "--duplicate-reference-ok"])
        try sandbox.must("pay", "--merchant", "2", "--amount", "10", "--method", "wechat", "--key", "r-2", "--on", "2026-02-03",
                         "--reference", "4200009999", "--duplicate-reference-ok")
    }

    @Test("bill list's outstanding and the statement's balance agree on the same day, with next month billed in advance")
    func billListAgreesWithStatement() throws {
        let sandbox = try Sandbox()
        let today = ["LANZI_TODAY": "2026-12-01"]
        func run(_ arguments: [String]) throws -> RunResult {
            let result = sandbox.lanzi(arguments, environment: today)
            try #require(result.status == 0, "\(arguments): \(result)")
            return result
        }
        _ = try run(["seed", Lanzi.demoSeed])
        _ = try run(["bill", "run", "--period", "2026-12"])
        _ = try run(["bill", "run", "--period", "2027-01"])   // issued 2027-01-01: after today
        var compared = 0
        for merchant in 1...12 {
            let bills = try run(["bill", "list", "--merchant", "\(merchant)"]).stdout
            let statement = try #require(try JSONSerialization.jsonObject(with: Data(run(["--json", "statement", "--merchant", "\(merchant)"]).stdout.utf8)) as? [String: Any])
            let balance = try #require(statement.int("closing_balance_fen"))
            // A merchant in credit has had its credit set against every open bill.
            let expected = balance >= 0 ? balance : 0
            let figure = "outstanding \(Self.yuan(expected)) on the bills issued by 2026-12-01"
            #expect(bills.contains(figure), "merchant \(merchant): the statement says \(balance), the list: \(bills.split(separator: "\n").last ?? "")")
            if bills.contains("issued after it (billed in advance)") { compared += 1 }
        }
        #expect(compared > 0, "some merchant has a bill issued after today, so the two could disagree")
    }

    static func yuan(_ fen: Int) -> String {
        let digits = Array(String(fen / 100))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text + "." + String(format: "%02d", fen % 100)
    }

    @Test("merchant add checks a resident ID number's check digit (GB 11643) and a credit code's check character (GB 32100)")
    func identityCheckCharacters() throws {
        let sandbox = try Sandbox()
        try sandbox.must("init", "--code", "TST", "--name", "测试市场", "--operator", "测试公司", "--collective", "测试村小组")
        // GB 11643-1999's own example number, and the same with its last digit mistyped.
        sandbox.expectRefusal(["merchant", "add", "--name", "甲", "--phone", "13800000001", "--id-number", "110105194912310021"],
                              naming: "--id-number", ["check", "X"])
        try sandbox.must("merchant", "add", "--name", "甲", "--phone", "13800000001", "--id-number", "11010519491231002X")
        // A credit code (GB 32100) with its check character wrong, then right.
        sandbox.expectRefusal(["merchant", "add", "--name", "乙", "--phone", "13800000002", "--id-number", "91350100M000100Y4A"],
                              naming: "--id-number", ["GB 32100"])
        try sandbox.must("merchant", "add", "--name", "乙", "--phone", "13800000002", "--id-number", "91350100M000100Y43")
    }

    @Test("merchant add: a name and phone already registered is refused, naming the merchant; --again registers it")
    func merchantAgain() throws {
        let sandbox = try Sandbox()
        try sandbox.must("init", "--code", "TST", "--name", "测试市场", "--operator", "测试公司", "--collective", "测试村小组")
        try sandbox.must("merchant", "add", "--name", "李春华", "--phone", "13800000000")
        sandbox.expectRefusal(["merchant", "add", "--name", "李春华", "--phone", "13800000000"], naming: "--name", ["merchant 1 李春华", "--again"])
        try sandbox.must("merchant", "add", "--name", "李春华", "--phone", "13800000000", "--again")
    }
}
