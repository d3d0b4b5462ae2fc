import Foundation
import Testing
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// The JSON API over the demo market: routes, paging, access by caller, every refusal in
/// the shared error document with its status.
@Suite("JSON API")
struct HTTPAPITests {
    @Test("health and the API's document need no token; everything else answers 401 without one, or with a bad one")
    func signInNeeded() throws {
        let fixture = try APIFixture()
        #expect(fixture.request("/healthz", token: nil).status == 200)
        #expect(fixture.request("/healthz", token: nil).json[path: "status"]?.text == "ok")
        let document = fixture.request("/api/v1/openapi.json", token: nil)
        #expect(document.status == 200)
        #expect(document.json[path: "openapi"]?.text?.hasPrefix("3.1") == true)
        for token in [nil, "nobody"] as [String?] {
            let refused = fixture.request("/api/v1/bills", token: token)
            #expect(refused.status == 401)
            #expect(refused.json[path: "error.code"]?.text == "unauthenticated")
        }
        #expect(fixture.request("/api/v1/bills", token: nil, headers: [("Authorization", "Basic YWRtaW4=")]).status == 401, "only a bearer token")
    }

    @Test("lists are paged: items, page, per_page, total; a page past the end is empty; bad paging is 422 naming the field")
    func paging() throws {
        let fixture = try APIFixture()
        let all = fixture.request("/api/v1/bills?per_page=500")
        let total = try #require(all.json[path: "total"]?.integer)
        // Written as bytes with no tree, each bill is the shape the command line prints.
        #expect(all.json.items == Array(try fixture.service.bills(merchantID: nil, period: nil, status: nil).prefix(500).map(\.json)))
        #expect(total > 10)
        #expect(Int64(all.json.items.count) == min(total, 500))
        let second = fixture.request("/api/v1/bills?page=2&per_page=5")
        #expect(second.json.items.count == 5)
        #expect(second.json.items.first == all.json.items[5])
        #expect(fixture.request("/api/v1/bills?page=100000&per_page=5").json.items.isEmpty)
        for bad in ["page=0", "per_page=501", "per_page=x", "page=1&page=2"] {
            let refused = fixture.request("/api/v1/bills?\(bad)")
            #expect(refused.status == 422, "\(bad)")
            #expect(refused.json[path: "error.field"]?.text == bad.split(separator: "=")[0].description, "\(bad)")
        }
    }

    @Test("each route answers with the command line's shape; a bad filter is 422 naming it")
    func routes() throws {
        let fixture = try APIFixture()
        #expect(fixture.request("/api/v1/market").json[path: "code"]?.text == "BWG")
        let bill = fixture.request("/api/v1/bills/1")
        #expect(bill.status == 200)
        #expect(bill.json == (try fixture.service.bill(id: 1)).json)
        #expect(fixture.request("/api/v1/units/S-001").json[path: "code"]?.text == "S-001")
        #expect(fixture.request("/api/v1/merchants/1").json[path: "id"]?.integer == 1)
        #expect(fixture.request("/api/v1/leases/1").json[path: "schedule"] != nil)
        for target in ["/api/v1/summary", "/api/v1/units", "/api/v1/merchants", "/api/v1/leases", "/api/v1/payments", "/api/v1/payments/1",
                       "/api/v1/merchants/1/statement", "/api/v1/usage", "/api/v1/refunds", "/api/v1/receipts", "/api/v1/receipts/BWG-2026-000001",
                       "/api/v1/party-members", "/api/v1/party-members/1", "/api/v1/households", "/api/v1/households/1", "/api/v1/assignments",
                       "/api/v1/visits"] {
            #expect(fixture.request(target).status == 200, "\(target): \(fixture.request(target).json)")
        }
        let badStatus = fixture.request("/api/v1/bills?status=bogus")
        #expect(badStatus.status == 422)
        #expect(badStatus.json[path: "error.field"]?.text == "status")
        #expect(fixture.request("/api/v1/bills?period=2026-13").json[path: "error.field"]?.text == "period")
        #expect(fixture.request("/api/v1/units?on=yesterday").status == 422)
        // A boolean is true or 1, false or 0: nothing else, not even an empty value.
        #expect(fixture.request("/api/v1/households?uncovered=1").status == 200)
        for bad in ["maybe", "", "TRUE"] {
            let refused = fixture.request("/api/v1/households?uncovered=\(bad)")
            #expect(refused.status == 422 && refused.json[path: "error.field"]?.text == "uncovered", "uncovered=\(bad)")
        }
    }

    @Test("an unknown address is 404, a known one with another method 405 with Allow; a missing record 404; a non-numeric id 404")
    func notFound() throws {
        let fixture = try APIFixture()
        #expect(fixture.request("/api/v2/bills").status == 404)
        #expect(fixture.request("/api/v1/bills/999999").status == 404)
        #expect(fixture.request("/api/v1/bills/abc").status == 404)
        let wrongMethod = fixture.request("DELETE", "/api/v1/bills")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET, HEAD")
        #expect(wrongMethod.json[path: "error.code"]?.text == "method_not_allowed")
    }

    @Test("a merchant reaches only its own records: another's bill, payment, receipt, lease or statement is 404, and its lists are its own")
    func merchantsOwn() throws {
        let fixture = try APIFixture()
        let own = try fixture.service.bills(merchantID: 1, period: nil, status: nil)
        let others = try fixture.service.bills(merchantID: 2, period: nil, status: nil)
        let other = try #require(others.first)
        #expect(fixture.request("/api/v1/bills/\(own[0].id)", token: "merchant-1").status == 200)
        #expect(fixture.request("/api/v1/bills/\(other.id)", token: "merchant-1").status == 404)
        #expect(fixture.request("/api/v1/merchants/2", token: "merchant-1").status == 404)
        #expect(fixture.request("/api/v1/merchants/2/statement", token: "merchant-1").status == 404)
        let listed = fixture.request("/api/v1/bills?merchant_id=2&per_page=500", token: "merchant-1").json.items
        #expect(!listed.isEmpty)
        #expect(listed.allSatisfy { $0[path: "merchant_id"]?.integer == 1 })
        let mine = fixture.request("/api/v1/me/bills?per_page=500", token: "merchant-1").json.items
        #expect(mine.count == own.count)
        #expect(fixture.request("/api/v1/me", token: "merchant-1").json[path: "id"]?.integer == 1)
        #expect(fixture.request("/api/v1/me/bills", token: "admin").status == 404, "staff have no own records")
        #expect(fixture.request("/api/v1/party-members", token: "merchant-1").status == 403)
    }

    @Test("a payment needs an Idempotency-Key; a retry with it returns the same payment; the same key with another body is 409")
    func payments() throws {
        let fixture = try APIFixture()
        let body = #"{"merchant_id":1,"amount_fen":1000,"method":"cash","paid_on":"2030-06-29"}"#
        let noKey = fixture.request("POST", "/api/v1/payments", body: body)
        #expect(noKey.status == 422)
        #expect(noKey.json[path: "error.field"]?.text == "Idempotency-Key")
        let first = fixture.request("POST", "/api/v1/payments", headers: [("Idempotency-Key", "api-test-1")], body: body)
        #expect(first.status == 201, "\(first.json)")
        let again = fixture.request("POST", "/api/v1/payments", headers: [("Idempotency-Key", "api-test-1")], body: body)
        #expect(again.status == 200)
        #expect(again.json[path: "id"] == first.json[path: "id"])
        #expect(again.json[path: "repeat"] == .bool(true))
        let changed = fixture.request("POST", "/api/v1/payments", headers: [("Idempotency-Key", "api-test-1")],
                                      body: #"{"merchant_id":1,"amount_fen":2000,"method":"cash","paid_on":"2030-06-29"}"#)
        #expect(changed.status == 409, "\(changed.json)")
        let cases: [(String, [(String, String)], Int, String?)] = [
            ("not json", [], 400, nil),
            (#"[1]"#, [], 400, nil),
            (#"{"merchant_id":"one","amount_fen":1,"method":"cash"}"#, [], 422, "merchant_id"),
            (#"{"merchant_id":1,"method":"cash"}"#, [], 422, "amount_fen"),
            (#"{"merchant_id":1,"amount_fen":1,"method":"gold"}"#, [], 422, "method"),
            (#"{"merchant_id":1,"amount_fen":1,"method":"cash","tip":1}"#, [], 422, "tip"),
            (#"{"merchant_id":1,"amount_fen":1,"method":"cash","paid_on":"2099-01-01"}"#, [], 422, nil),
            (body, [("Content-Type", "text/plain")], 415, nil),
        ]
        for (index, (text, headers, status, field)) in cases.enumerated() {
            let refused = fixture.request("POST", "/api/v1/payments", headers: headers + [("Idempotency-Key", "bad-\(index)")], body: text)
            #expect(refused.status == status, "\(text): \(refused.json)")
            if let field { #expect(refused.json[path: "error.field"]?.text == field, "\(text): \(refused.json)") }
            #expect(refused.json[path: "error.message"]?.text?.isEmpty == false)
        }
        let byMerchant = fixture.request("POST", "/api/v1/payments", token: "merchant-1", headers: [("Idempotency-Key", "m-1")], body: body)
        #expect(byMerchant.status == 403)
    }

    @Test("a refusal speaks the Accept-Language: Chinese for zh, English otherwise; codes stay English")
    func language() throws {
        let fixture = try APIFixture()
        let chinese = fixture.request("/api/v1/nothing", headers: [("Accept-Language", "zh-CN,zh;q=0.9")])
        #expect(chinese.json[path: "error.message"]?.text == "此地址下没有内容")
        #expect(chinese.json[path: "error.code"]?.text == "not_found")
        #expect(fixture.request("/api/v1/nothing").json[path: "error.message"]?.text == "there is nothing at this address")
        // A write route's refusal too, naming the body's member.
        let kind = fixture.request("POST", "/api/v1/leases", headers: [("Accept-Language", "zh")], body: #"""
            {"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1,"management_fee_kind":"monthly"}
            """#)
        #expect(kind.json[path: "error.field"]?.text == "management_fee_kind")
        #expect(kind.json[path: "error.message"]?.text == "须为 none（无）、per_m2（按面积）、fixed（固定）之一，收到的是“monthly”", "\(kind.json)")
    }
}
