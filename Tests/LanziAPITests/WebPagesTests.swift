import Foundation
import Testing
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// The pages as a browser meets them: signing in, the forms' tokens, who reaches what, and
/// a merchant's own pages showing its records and no one else's.
struct WebPagesTests {
    @Test("signing in: the form sets its token's cookie; the posted form must repeat it; a phone number signs a merchant in")
    func signingIn() throws {
        let fixture = try PageFixture()
        let form = fixture.request("GET", "/signin", as: nil)
        #expect(form.status == 200)
        let cookie = try #require(form.cookies.first { $0.hasPrefix("lanzi_form=") })
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let token = String(cookie.dropFirst("lanzi_form=".count).prefix { $0 != ";" })
        #expect(form.text.contains("value=\"\(token)\""))

        let phone = try fixture.service.merchant(id: 7).0.phone
        let signedIn = fixture.request("POST", "/signin", as: nil, form: [("csrf", token), ("login", phone), ("password", PageFixture.passwords["shop7"]!), ("next", "")],
                                       cookies: ["lanzi_form=\(token)"])
        #expect(signedIn.status == 303)
        #expect(signedIn.location == "/me")
        let session = try #require(signedIn.cookies.first { $0.hasPrefix("lanzi_session=") })
        #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))

        // `next` brings the user back, but only to a path of this site.
        let back = fixture.request("POST", "/signin", as: nil, form: [("csrf", token), ("login", "desk"), ("password", PageFixture.passwords["desk"]!), ("next", "/desk/arrears")],
                                   cookies: ["lanzi_form=\(token)"])
        #expect(back.location == "/desk/arrears")
        let away = fixture.request("POST", "/signin", as: nil, form: [("csrf", token), ("login", "desk"), ("password", PageFixture.passwords["desk"]!), ("next", "//evil.example/")],
                                   cookies: ["lanzi_form=\(token)"])
        #expect(away.location == "/desk")
    }

    @Test("a sign-in without the form's token, or with a wrong password, starts no session")
    func signInRefusals() throws {
        let fixture = try PageFixture()
        let noToken = fixture.request("POST", "/signin", as: nil, form: [("login", "desk"), ("password", PageFixture.passwords["desk"]!)])
        #expect(noToken.status == 403)
        #expect(noToken.text.contains("此表单已过期或并非来自本站"))
        let otherToken = fixture.request("POST", "/signin", as: nil, form: [("csrf", String(repeating: "a", count: 32)), ("login", "desk"), ("password", PageFixture.passwords["desk"]!)],
                                         cookies: ["lanzi_form=" + String(repeating: "b", count: 32)])
        #expect(otherToken.status == 403)
        let token = String(repeating: "c", count: 32)
        let wrong = fixture.request("POST", "/signin", as: nil, form: [("csrf", token), ("login", "desk"), ("password", "not the password")], cookies: ["lanzi_form=\(token)"])
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("role=\"alert\""))
        for answer in [noToken, otherToken, wrong] { #expect(!answer.cookies.contains { $0.hasPrefix("lanzi_session=") }) }
    }

    @Test("a page without a session sends the browser to sign in, and back after")
    func signInFirst() throws {
        let fixture = try PageFixture()
        let answer = fixture.request("GET", "/me/receipts", as: nil)
        #expect(answer.status == 303)
        #expect(answer.location == "/signin?next=/me/receipts")
        let expired = fixture.request("GET", "/desk", as: nil, cookies: ["lanzi_session=not-a-session"])
        #expect(expired.status == 303)
    }

    @Test("every form that changes something is refused without the session's token, and changes nothing")
    func formsNeedTheToken() throws {
        let fixture = try PageFixture()
        let before = try fixture.base.stored()
        for (path, form) in [("/desk/merchants", [("name", "新商户"), ("phone", "13900000000")]), ("/desk/billing", [("period", "2030-07")]),
                             ("/signout", []), ("/me/password", [("current_password", "x"), ("new_password", "y"), ("repeat_password", "y")])] {
            let missing = fixture.request("POST", path, as: "desk", form: form)
            #expect(missing.status == 403, "\(path)")
            let other = fixture.request("POST", path, as: "desk", form: [("csrf", LanziService.formToken(forSession: fixture.sessions["audit"]!))] + form)
            #expect(other.status == 403, "\(path) with another session's token")
        }
        #expect(try fixture.base.stored() == before)
        #expect(fixture.request("GET", "/desk", as: "desk").status == 200, "the session was not signed out")
    }

    @Test("a merchant's pages show its own bills, payments, receipts and statement, and nothing of another merchant's")
    func merchantPages() throws {
        let fixture = try PageFixture()
        let own = try fixture.service.bills(merchantID: 7, period: nil, status: nil)
        let other = try fixture.service.merchant(id: 8).0
        let otherBills = try fixture.service.bills(merchantID: 8, period: nil, status: nil).map(\.number)
        let otherReceipts = try fixture.service.receipts(merchantID: 8, year: nil).map(\.record.number)
        #expect(!own.isEmpty && !otherBills.isEmpty && !otherReceipts.isEmpty)
        let bills = fixture.request("GET", "/me", as: "shop7")
        #expect(bills.status == 200)
        #expect(bills.text.contains("我的账单"))
        for bill in own where bill.status == .open || bill.status == .partlyPaid { #expect(bills.text.contains(bill.number)) }
        for path in ["/me", "/me/payments", "/me/receipts", "/me/statement", "/me/password"] {
            let page = fixture.request("GET", path, as: "shop7")
            #expect(page.status == 200, "\(path)")
            #expect(!page.text.contains(other.name), "\(path) names merchant 8")
            for number in otherBills + otherReceipts { #expect(!page.text.contains(number + "<") && !page.text.contains(number + " "), "\(path) shows \(number)") }
        }
        #expect(fixture.request("GET", "/me/receipts", as: "shop7").text.contains(try fixture.service.receipts(merchantID: 7, year: nil).first!.record.number))
    }

    @Test("a merchant reaches no desk, committee or party page, and no other merchant's receipt or record, whatever it asks for")
    func merchantIsKeptOut() throws {
        let fixture = try PageFixture()
        let otherReceipt = try fixture.service.receipts(merchantID: 8, year: nil).first!.record.number
        // Arrears are bills read: a merchant sees its own line there and no one else's.
        let arrears = fixture.request("GET", "/desk/arrears", as: "shop7").text
        let owing = try fixture.service.arrears(asOf: fixture.base.today).map(\.merchantName)
        #expect(owing.count > 1)
        for name in owing where name != (try fixture.service.merchant(id: 7).0.name) { #expect(!arrears.contains(name)) }
        for path in ["/desk", "/desk/merchants", "/desk/merchants/8", "/desk/pay?merchant=8", "/desk/statement?merchant=8",
                     "/income", "/income/csv", "/audit", "/party", "/receipts/export?year=2030"] {
            let page = fixture.request("GET", path, as: "shop7")
            #expect([403, 404].contains(page.status), "\(path): \(page.status)")
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        }
        for path in ["/receipts/\(otherReceipt)", "/receipts/\(otherReceipt)/record.json", "/receipts/\(otherReceipt)/record.json.sig"] {
            let page = fixture.request("GET", path, as: "shop7")
            #expect(page.status == 404, "\(path)")
            #expect(!page.text.contains(try fixture.service.merchant(id: 8).0.name))
        }
        let before = try fixture.base.stored()
        let paid = fixture.post("/desk/pay", as: "shop7", [("merchant", "7"), ("key", String(repeating: "d", count: 32)), ("amount", "10.00"),
                                                           ("method", "cash"), ("paid_on", fixture.base.today.description)])
        #expect(paid.status == 403)
        #expect(paid.text.contains("商户无权更改市场的记录"))
        #expect(try fixture.base.stored() == before)
    }

    @Test("pages are Chinese unless the switch asks for English; the switch goes back only to this site")
    func languageSwitch() throws {
        let fixture = try PageFixture()
        #expect(fixture.request("GET", "/me", as: "shop7").text.contains("<title>我的账单 · 篮子</title>"))
        #expect(fixture.request("GET", "/me", as: "shop7", cookies: ["lanzi_lang=en"]).text.contains("<title>My bills · Lanzi</title>"))
        let switched = fixture.request("GET", "/lang/en?back=/me/receipts", as: "shop7")
        #expect(switched.status == 303)
        #expect(switched.location == "/me/receipts")
        #expect(switched.cookies.contains { $0.hasPrefix("lanzi_lang=en;") })
        #expect(fixture.request("GET", "/lang/en?back=//evil.example/x", as: nil).location == "/")
        #expect(fixture.request("GET", "/lang/en?back=https://evil.example/", as: nil).location == "/")
        #expect(fixture.request("GET", "/lang/fr", as: nil).status == 404)
    }

    @Test("an unknown address, a wrong method and a failure are pages a person reads, with no internals")
    func errorPages() throws {
        let fixture = try PageFixture()
        let missing = fixture.request("GET", "/nothing/here", as: "shop7")
        #expect(missing.status == 404)
        #expect(missing.text.contains("找不到页面"))
        #expect(missing.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(missing.headers["cache-control"] == "no-store")
        let method = fixture.request("DELETE", "/me", as: "shop7")
        #expect(method.status == 405)
        let badDate = fixture.request("GET", "/me/statement?to=2030-02-30", as: "shop7")
        #expect(badDate.status == 422)
        #expect(badDate.text.contains("to："))
        #expect(!badDate.text.contains("SQLite") && !badDate.text.contains(".swift"))
    }
}
