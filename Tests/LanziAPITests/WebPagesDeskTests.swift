import Foundation
import Testing
import LanziCore
import LanziHTTP
import LanziService
import LanziTestSupport
@testable import LanziAPI

/// The operator's desk and the committee's pages: what each role may do there, what the
/// forms record, and the receipt a payment prints.
struct WebPagesDeskTests {
    @Test("each desk page opens for the operator and the admin", arguments: ["desk", "admin"])
    func deskPagesOpen(user: String) throws {
        let fixture = try PageFixture()
        let unit = try fixture.service.units(on: fixture.base.today).first!.code
        for path in ["/desk", "/desk/merchants", "/desk/merchants/7", "/desk/statement?merchant=7", "/desk/leases", "/desk/leases/1", "/desk/leases/new",
                     "/desk/billing", "/desk/pay", "/desk/pay?merchant=7", "/desk/usage", "/desk/expenses", "/desk/arrears", "/income", "/audit", "/party",
                     "/party/households", "/party/visits", "/me/password"] {
            let page = fixture.request("GET", path, as: user)
            #expect(page.status == 200, "\(path): \(page.status) \(page.text.suffix(300))")
        }
        #expect(fixture.request("GET", "/desk", as: user).text.contains(">\(unit)</summary>"))
    }

    @Test("a payment taken at the desk is recorded once however often the form is sent, and answers with its receipt")
    func takingAPayment() throws {
        let fixture = try PageFixture()
        let form = fixture.request("GET", "/desk/pay?merchant=7", as: "desk").text
        let key = try #require(form.firstMatch(of: /name="key" value="([0-9a-f]{32})"/)?.1)
        let before = try fixture.service.payments(merchantID: 7).count
        let fields = [("merchant", "7"), ("key", String(key)), ("amount", "123.45"), ("method", "wechat"), ("reference", "WX-PAGE-1"),
                      ("paid_on", fixture.base.today.description)]
        let first = fixture.post("/desk/pay", as: "desk", fields)
        #expect(first.status == 303)
        let location = try #require(first.location)
        #expect(location.hasPrefix("/receipts/"))
        let again = fixture.post("/desk/pay", as: "desk", fields)
        #expect(again.location == location)
        #expect(try fixture.service.payments(merchantID: 7).count == before + 1)
        let receipt = fixture.request("GET", location, as: "desk").text
        #expect(receipt.contains("¥123.45") && receipt.contains("壹佰贰拾叁元肆角伍分") && receipt.contains("不作发票使用") && receipt.contains("WX-PAGE-1"))
        #expect(receipt.contains("<svg") && receipt.contains("/r/"))
        // The merchant sees the same receipt as its own.
        #expect(fixture.request("GET", location, as: "shop7").status == 200)
        #expect(fixture.request("GET", location, as: "shop8").status == 404)
    }

    @Test("a payment form's bad input is refused with the field it names, and nothing is recorded")
    func paymentRefusals() throws {
        let fixture = try PageFixture()
        let before = try fixture.base.stored()
        let key = String(repeating: "e", count: 32)
        let today = fixture.base.today
        let cases: [([(String, String)], String)] = [
            ([("merchant", "7"), ("key", key), ("amount", "abc"), ("method", "cash"), ("paid_on", today.description)], "金额（元）："),
            ([("merchant", "7"), ("key", key), ("amount", "10.00"), ("method", "cash"), ("paid_on", today.adding(days: 1).description)], "日期："),
            ([("merchant", "7"), ("key", key), ("amount", "10.00"), ("method", "cheque"), ("paid_on", today.description)], "方式："),
            ([("merchant", "7"), ("key", "short"), ("amount", "10.00"), ("method", "cash"), ("paid_on", today.description)], "key："),
        ]
        for (form, field) in cases {
            let answer = fixture.post("/desk/pay", as: "desk", form)
            #expect(answer.status == 422, "\(form)")
            #expect(answer.text.contains(field), "\(field) not named in \(answer.text.suffix(400))")
        }
        #expect(try fixture.base.stored() == before)
    }

    @Test("the billing preview raises nothing, and the run then raises exactly what it said")
    func billingPreview() throws {
        let fixture = try PageFixture()
        let next = fixture.base.today.period.adding(months: 1)
        let count = { try fixture.service.bills(merchantID: nil, period: next, status: nil).count }
        let before = try count()
        let preview = fixture.post("/desk/billing/preview", as: "desk", [("period", next.description)])
        #expect(preview.status == 200)
        let said = try #require(preview.text.firstMatch(of: /出账将生成 (\d+) 张账单/)?.1)
        #expect(try count() == before)
        let run = fixture.post("/desk/billing", as: "desk", [("period", next.description)])
        #expect(run.text.contains("已生成 \(said) 张账单"))
        #expect(try count() == before + Int(said)!)
        #expect(fixture.post("/desk/billing/preview", as: "audit", [("period", next.description)]).status == 403)
    }

    @Test("what a merchant typed is shown as text, never as markup")
    func escaping() throws {
        let fixture = try PageFixture()
        let added = fixture.post("/desk/merchants", as: "desk", [("name", "<script>alert(1)</script>"), ("phone", "13912345678")])
        #expect(added.status == 303)
        for path in ["/desk/merchants", added.location!] {
            let page = fixture.request("GET", path, as: "desk").text
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
            #expect(!page.contains("<script>"), "\(path)")
        }
    }

    @Test("the auditor reads the income report, its sheet and CSV, and runs the audit, but changes nothing")
    func committeePages() throws {
        let fixture = try PageFixture()
        let year = fixture.base.today.year
        let income = fixture.request("GET", "/income?period=\(year)", as: "audit")
        #expect(income.status == 200)
        #expect(income.text.contains("收益及收益分配表") && income.text.contains("<svg") && income.text.contains("每个数字都与账目一致"))
        let sheet = fixture.request("GET", "/income/sheet?period=\(year)", as: "audit")
        #expect(sheet.text.contains("财务公开榜"))
        let csv = fixture.request("GET", "/income/csv?period=\(year)Q1", as: "audit")
        #expect(csv.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(fixture.request("GET", "/income?period=2030Q5", as: "audit").status == 422)
        let audit = fixture.post("/audit", as: "audit", [])
        #expect(audit.status == 200)
        #expect(audit.text.contains("无问题：账目平衡"))
        let before = try fixture.base.stored()
        #expect(fixture.post("/desk/merchants", as: "audit", [("name", "审计加的"), ("phone", "13900001111")]).status == 403)
        // The forms that change something are not even shown to an auditor.
        for path in ["/desk/pay?merchant=7", "/desk/leases/new", "/desk/billing"] {
            let page = fixture.request("GET", path, as: "audit")
            #expect(page.status == 403, "\(path)")
            #expect(page.text.contains("无权访问"), "\(path)")
        }
        for path in ["/desk/merchants", "/desk/usage", "/desk/expenses", "/desk/leases/1"] {
            let page = fixture.request("GET", path, as: "audit")
            #expect(page.status == 200 && !page.text.contains("method=\"post\" action=\"/desk"), "\(path) shows a form")
        }
        #expect(fixture.post("/desk/expenses", as: "audit", [("date", fixture.base.today.description), ("category", "cleaning"), ("amount", "1.00"),
                                                              ("payee", "x"), ("method", "cash"), ("voucher", "V-1")]).status == 403)
        #expect(try fixture.base.stored() == before)
    }

    @Test("the public check of a receipt shows who paid only masked, and needs the hash its QR code carries")
    func publicCheck() throws {
        let fixture = try PageFixture()
        let entry = try fixture.service.receipts(merchantID: 7, year: nil).first { $0.record.kind == .receipt }!
        let name = try fixture.service.merchant(id: 7).0.name
        let path = LanziService.publicReceiptPath(entry.record)
        let page = fixture.request("GET", path, as: nil)
        #expect(page.status == 200)
        #expect(page.text.contains("此收据真实有效") && page.text.contains(Merchant.maskName(name)) && page.text.contains(entry.record.number))
        #expect(!page.text.contains(name))
        let wrong = path.dropLast(1) + (path.hasSuffix("0") ? "1" : "0")
        for target in [String(wrong), "/r/\(entry.record.number)", "/r/\(entry.record.number)?h=", "/r/NO-SUCH?h=0123456789abcdef"] {
            #expect(fixture.request("GET", target, as: nil).status == 404, "\(target)")
        }
        // The receipt page's QR code carries exactly this address.
        let receipt = fixture.request("GET", "/receipts/\(entry.record.number)", as: "shop7").text
        #expect(receipt.contains("http://market.test" + path.replacingOccurrences(of: "?", with: "?")))
    }

    @Test("a receipt's signed record downloads as the exact bytes signed, and stock openssl verifies them")
    func signedRecordDownload() throws {
        let fixture = try PageFixture()
        let openssl = try ExternalTool.openssl.require()
        let entry = try fixture.service.receipts(merchantID: 7, year: nil).first!
        let record = fixture.request("GET", "/receipts/\(entry.record.number)/record.json", as: "shop7")
        let signature = fixture.request("GET", "/receipts/\(entry.record.number)/record.json.sig", as: "shop7")
        #expect(record.body == entry.record.canonical)
        #expect(record.headers["content-disposition"] == "attachment; filename=\"\(entry.record.number).json\"")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-page-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(record.body).write(to: folder.appendingPathComponent("r.json"))
        try Data(signature.body).write(to: folder.appendingPathComponent("r.json.sig"))
        let key = try fixture.service.signingKeys().first { $0.keyID == entry.record.keyID }!
        try key.publicKeyPEM.write(to: folder.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        let status = try Self.run(openssl, ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "key.pem", "-in", "r.json", "-sigfile", "r.json.sig"], in: folder)
        #expect(status == 0)
    }

    @Test("the signed receipts export downloads as one tar that stock tar unpacks and tools/verify-receipts checks")
    func receiptsExportDownload() throws {
        let fixture = try PageFixture()
        let tar = try ExternalTool(name: "tar").require()
        _ = try ExternalTool.openssl.require()
        let year = try fixture.service.receipts(merchantID: nil, year: nil).first!.record.date.year
        let answer = fixture.request("GET", "/receipts/export?year=\(year)", as: "audit")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "application/x-tar")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-page-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(answer.body).write(to: folder.appendingPathComponent("export.tar"))
        #expect(try Self.run(tar, ["-xf", "export.tar"], in: folder) == 0)
        let script = APIFixture.repository.appendingPathComponent("tools/verify-receipts")
        #expect(try Self.run(URL(fileURLWithPath: "/bin/bash"), [script.path, "receipts-\(year)"], in: folder) == 0)
    }

    @Test("changing one's own password needs the current one, ends every session, and the new one signs in")
    func changingThePassword() throws {
        let fixture = try PageFixture()
        let wrong = fixture.post("/me/password", as: "shop7", [("current_password", "not it at all"), ("new_password", "a brand new one"), ("repeat_password", "a brand new one")])
        #expect(wrong.status == 401)
        let differ = fixture.post("/me/password", as: "shop7", [("current_password", PageFixture.passwords["shop7"]!), ("new_password", "a brand new one"), ("repeat_password", "another one")])
        #expect(differ.status == 422)
        let short = fixture.post("/me/password", as: "shop7", [("current_password", PageFixture.passwords["shop7"]!), ("new_password", "short"), ("repeat_password", "short")])
        #expect(short.status == 422)
        #expect(short.text.contains("新密码："))
        let changed = fixture.post("/me/password", as: "shop7", [("current_password", PageFixture.passwords["shop7"]!), ("new_password", "a brand new one"), ("repeat_password", "a brand new one")])
        #expect(changed.status == 303)
        #expect(fixture.request("GET", "/me", as: "shop7").status == 303, "the old session still works")
        #expect(throws: ServiceError.self) { try fixture.service.signIn(login: "shop7", password: PageFixture.passwords["shop7"]!, address: "192.0.2.1", kind: .cookie) }
        #expect(try fixture.service.signIn(login: "shop7", password: "a brand new one", address: "192.0.2.1", kind: .cookie).caller.merchantID == 7)
    }

    static func run(_ executable: URL, _ arguments: [String], in folder: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
