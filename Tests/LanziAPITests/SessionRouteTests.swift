import Foundation
import Testing
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// Signing in and out over the API, with the service's own sessions.
@Suite("sessions over HTTP")
struct SessionRouteTests {
    static func signIn(_ fixture: APIFixture, _ login: String, _ password: String, kind: String? = nil) -> (status: Int, headers: HTTPHeaders, json: JSONValue) {
        let kindMember = kind.map { #","kind":"\#($0)""# } ?? ""
        return fixture.request("POST", "/api/v1/sessions", token: nil, body: #"{"login":"\#(login)","password":"\#(password)"\#(kindMember)}"#, through: fixture.sessions)
    }

    @Test("a bearer token signs a merchant in to its own records, by login or phone number; signed out, it is refused")
    func bearer() throws {
        let fixture = try APIFixture()
        let (merchant, _) = try fixture.service.merchant(id: 1)
        _ = try fixture.service.addUser(login: "li", role: .merchant, merchantID: 1, password: "a long enough secret")
        let answer = Self.signIn(fixture, "li", "a long enough secret")
        #expect(answer.status == 201, "\(answer.json)")
        let token = try #require(answer.json[path: "token"]?.text)
        #expect(answer.json[path: "role"]?.text == "merchant")
        #expect(answer.json[path: "merchant_id"]?.integer == 1)
        #expect(answer.headers["set-cookie"] == nil)
        #expect(fixture.request("GET", "/api/v1/me", token: token, through: fixture.sessions).json[path: "id"]?.integer == 1)
        #expect(fixture.request("GET", "/api/v1/sessions/current", token: token, through: fixture.sessions).json[path: "role"]?.text == "merchant")
        #expect(fixture.request("GET", "/api/v1/merchants/2", token: token, through: fixture.sessions).status == 404)
        #expect(Self.signIn(fixture, merchant.phone, "a long enough secret").status == 201, "the phone number signs in too")
        #expect(fixture.request("DELETE", "/api/v1/sessions/current", token: token, through: fixture.sessions).status == 200)
        #expect(fixture.request("GET", "/api/v1/me", token: token, through: fixture.sessions).status == 401)
        #expect(fixture.request("DELETE", "/api/v1/sessions/current", token: nil, through: fixture.sessions).status == 401)
    }

    @Test("a cookie session is set HttpOnly and SameSite=Strict and its token is not in the body; the cookie signs in")
    func cookie() throws {
        let fixture = try APIFixture()
        _ = try fixture.service.addUser(login: "desk", role: .operator, merchantID: nil, password: "a long enough secret")
        let answer = Self.signIn(fixture, "desk", "a long enough secret", kind: "cookie")
        #expect(answer.status == 201)
        #expect(answer.json[path: "token"] == nil)
        let cookie = try #require(answer.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/") && cookie.contains("Max-Age=43200"))
        let pair = try #require(cookie.split(separator: ";").first.map(String.init))
        let me = fixture.request("GET", "/api/v1/sessions/current", token: nil, headers: [("Cookie", "other=1; " + pair)], through: fixture.sessions)
        #expect(me.json[path: "role"]?.text == "operator")
        let out = fixture.request("DELETE", "/api/v1/sessions/current", token: nil, headers: [("Cookie", pair)], through: fixture.sessions)
        #expect(out.headers["set-cookie"]?.contains("Max-Age=0") == true)
        #expect(fixture.request("GET", "/api/v1/sessions/current", token: nil, headers: [("Cookie", pair)], through: fixture.sessions).status == 401)
    }

    @Test("a wrong password and an unknown login get the same 401; repeated failures get 429 with Retry-After; bad bodies 400 or 422")
    func refusals() throws {
        let fixture = try APIFixture()
        _ = try fixture.service.addUser(login: "li", role: .merchant, merchantID: 1, password: "a long enough secret")
        let wrong = Self.signIn(fixture, "li", "not the secret")
        let unknown = Self.signIn(fixture, "nobody", "not the secret")
        #expect(wrong.status == 401 && unknown.status == 401)
        #expect(wrong.json[path: "error"] == unknown.json[path: "error"])
        for _ in 0..<6 { _ = Self.signIn(fixture, "li", "not the secret") }
        let throttled = Self.signIn(fixture, "li", "a long enough secret")
        #expect(throttled.status == 429, "\(throttled.json)")
        #expect(throttled.json[path: "error.code"]?.text == "throttled")
        // The first wait is a minute, counted on the service's clock.
        #expect((55...60).contains(Int(throttled.headers["retry-after"] ?? "") ?? 0), "\(throttled.headers)")
        #expect(fixture.request("POST", "/api/v1/sessions", token: nil, body: "{", through: fixture.sessions).status == 400)
        let missing = fixture.request("POST", "/api/v1/sessions", token: nil, body: #"{"login":"li"}"#, through: fixture.sessions)
        #expect(missing.status == 422 && missing.json[path: "error.field"]?.text == "password")
        let badKind = Self.signIn(fixture, "li", "x", kind: "forever")
        #expect(badKind.status == 422 && badKind.json[path: "error.field"]?.text == "kind")
    }
}
