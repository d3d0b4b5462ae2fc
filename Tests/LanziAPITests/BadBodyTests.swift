import Foundation
import Testing
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// Bad requests to the write routes, by an administrator: a member left out, of the wrong
/// type, unknown, or breaking a rule is refused 422 naming that member; a body that is not a
/// JSON object 400, one not sent as JSON 415; a record named that is not there 404. None of
/// them writes anything.
@Suite("bad requests to the write routes")
struct BadBodyTests {
    /// One request, with a fresh `Idempotency-Key` unless it names its own.
    static func send(_ fixture: APIFixture, _ method: String, _ target: String, _ body: String, key: String? = nil,
                     contentType: String = "application/json") -> (status: Int, headers: HTTPHeaders, json: JSONValue) {
        fixture.request(method, target, headers: [("Idempotency-Key", key ?? UUID().uuidString), ("Content-Type", contentType)], body: body)
    }

    static func split(_ route: String) -> (method: String, pattern: String) {
        let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
        return (parts[0], parts[1])
    }

    /// A value of another JSON type than `value`'s; nil for null, which means "not given".
    static func wrongType(for value: JSONValue) -> JSONValue? {
        switch value {
        case .null: nil
        case .string: .integer(7)
        case .integer: .string("7")
        case .bool: .string("true")
        case .array, .object: .string("x")
        }
    }

    @Test("every write route has a well-formed request here")
    func everyRouteHasABody() {
        #expect(Set(WriteBodies.valid.keys) == WriteRouteTests.writeRoutes)
    }

    @Test("each member of the wrong type, each required member left out, an unknown member: 422 naming it; not an object 400; not JSON 415")
    func malformed() throws {
        let fixture = try APIFixture()
        let document = try OpenAPIDocumentTests.document()
        let checker = SchemaChecker(document: document)
        let before = try fixture.stored()
        func expectRefusal(_ route: String, _ body: String, _ status: Int, naming field: String?, sourceLocation: SourceLocation = #_sourceLocation) {
            let answer = Self.send(fixture, Self.split(route).method, WriteBodies.valid[route]!.target, body)
            #expect(answer.status == status, "\(route) \(body): \(answer.json)", sourceLocation: sourceLocation)
            if let field { #expect(answer.json[path: "error.field"]?.text == field, "\(route) \(body): \(answer.json)", sourceLocation: sourceLocation) }
        }
        for (route, request) in WriteBodies.valid.sorted(by: { $0.key < $1.key }) {
            let members = try WriteBodies.members(request)
            for (index, (name, value)) in members.enumerated() {
                guard let wrong = Self.wrongType(for: value) else { continue }
                var changed = members
                changed[index] = (name, wrong)
                expectRefusal(route, JSONValue.object(changed).serialized(pretty: false), 422, naming: name)
            }
            // What the document says is required is what the route refuses when it is left out.
            let (method, pattern) = Self.split(route)
            let operation = try #require(document["paths"]?[pattern]?[method.lowercased()], "\(route) is not in the document")
            let reference = try #require(operation[path: "requestBody.content"]?["application/json"]?["schema"], "\(route) takes no body")
            let schema = try #require(checker.dereferenced(reference))
            for name in schema["required"]?.values?.compactMap(\.text) ?? [] {
                #expect(members.contains { $0.0 == name }, "\(route): the well-formed request lacks \(name)")
                expectRefusal(route, JSONValue.object(members.filter { $0.0 != name }).serialized(pretty: false), 422, naming: name)
            }
            expectRefusal(route, JSONValue.object(members + [("colour", .string("red"))]).serialized(pretty: false), 422, naming: "colour")
            expectRefusal(route, "not json", 400, naming: nil)
            expectRefusal(route, "[1]", 400, naming: nil)
            let plain = Self.send(fixture, method, request.target, request.body, contentType: "text/plain")
            #expect(plain.status == 415, "\(route): \(plain.json)")
        }
        #expect(try fixture.stored() == before)
    }

    @Test("a caller who may not run a write route hears 403 and nothing else, whatever body it sends: the right is asked before the body is read")
    func refusedBeforeTheBody() throws {
        let fixture = try APIFixture()
        let before = try fixture.stored()
        let bodies = ["not json", "[1]", #"{"colour":"red"}"#, "{}"]
        for (route, request) in WriteBodies.valid.sorted(by: { $0.key < $1.key }) {
            let method = Self.split(route).method
            for token in ["auditor", "merchant-1"] {
                for body in bodies + [request.body] {
                    let answer = fixture.request(method, request.target, token: token,
                                                 headers: [("Idempotency-Key", UUID().uuidString), ("Content-Type", "application/json")], body: body)
                    #expect(answer.status == 403 && answer.json[path: "error.code"]?.text == "forbidden", "\(token) \(route) \(body): \(answer.json)")
                }
                let plain = fixture.request(method, request.target, token: token, headers: [("Content-Type", "text/plain")], body: "x")
                #expect(plain.status == 403, "\(token) \(route) as text: \(plain.json)")
            }
        }
        // An operator on the administrators' routes, likewise.
        for route in ["PATCH /api/v1/market", "POST /api/v1/users"] {
            let answer = fixture.request(Self.split(route).method, WriteBodies.valid[route]!.target, token: "operator",
                                         headers: [("Content-Type", "application/json")], body: "not json")
            #expect(answer.status == 403, "operator \(route): \(answer.json)")
        }
        #expect(try fixture.stored() == before)
    }

    /// Requests well formed but breaking a rule, each with the member the refusal must name.
    static let ruleBreakers: [(route: String, body: String, field: String, key: String?)] = [
        ("PATCH /api/v1/market", #"{"household_max":51}"#, "household_max", nil),
        ("POST /api/v1/units", #"{"code":"s-1","kind":"shop","area_m2":"1"}"#, "code", nil),
        ("POST /api/v1/units", #"{"code":"S-950","kind":"shop","area_m2":"1.234"}"#, "area_m2", nil),
        ("POST /api/v1/units", #"{"code":"S-950","kind":"铺子","area_m2":"10"}"#, "kind", nil),
        ("POST /api/v1/units", #"{"code":"S-950","kind":"cold_room","area_m2":"10"}"#, "building", nil),
        ("POST /api/v1/units", #"{"code":"S-950","kind":"shop","area_m2":"10","phase":100}"#, "phase", nil),
        ("POST /api/v1/units/{code}/status", #"{"status":"leased"}"#, "status", nil),
        ("POST /api/v1/merchants", #"{"name":"赵小红","phone":"12"}"#, "phone", nil),
        ("POST /api/v1/merchants", #"{"name":"赵小红","phone":"13700000000","id_number":"110105194912310021"}"#, "id_number", nil),
        // The service's names for money are the body's with _fen: rent, fee_fixed, deposit, amount.
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":0}"#, "rent_fen", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1,"management_fee_kind":"fixed"}"#,
         "management_fee_fen", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1,"management_fee_fen":5}"#,
         "management_fee_fen", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1,"management_fee_kind":"monthly"}"#,
         "management_fee_kind", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1,"deposit_fen":-1}"#, "deposit_fen", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1,"due_day":29}"#, "due_day", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001","S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1}"#, "units", nil),
        ("POST /api/v1/leases", #"{"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2030-06-30","rent_fen":1}"#, "end_on", nil),
        ("POST /api/v1/leases/{id}/renew", #"{"end_on":"2051-01-01"}"#, "end_on", nil),
        ("POST /api/v1/leases/{id}/terminate", #"{"on":"2030-07-15"}"#, "on", nil),
        ("POST /api/v1/leases/{id}/cancel", #"{"reason":"  "}"#, "reason", nil),
        ("POST /api/v1/billing-runs", #"{"period":"2030-13"}"#, "period", nil),
        ("POST /api/v1/billing-runs", #"{"period":"2030-09"}"#, "period", nil),
        ("POST /api/v1/bills/{id}/void", #"{"reason":""}"#, "reason", nil),
        ("POST /api/v1/bills/{id}/adjust", #"{"amount_fen":0,"reason":"x"}"#, "amount_fen", nil),
        ("POST /api/v1/bills/{id}/adjust", #"{"amount_fen":-9223372036854775808,"reason":"x"}"#, "amount_fen", nil),
        ("POST /api/v1/late-fee-assessments", #"{"as_of":"2030-07-01"}"#, "as_of", nil),
        ("POST /api/v1/payments", #"{"merchant_id":1,"amount_fen":0,"method":"cash"}"#, "amount_fen", nil),
        ("POST /api/v1/payments/{id}/reverse", #"{"reason":"x","on":"2030-07-01"}"#, "on", nil),
        ("POST /api/v1/usage", #"{"merchant_id":1,"room":"C1-03","kg":0,"on":"2030-06-01"}"#, "kg", nil),
        ("POST /api/v1/usage/{id}/out", #"{"on":"2030-07-01"}"#, "on", nil),
        ("POST /api/v1/refunds", #"{"merchant_id":1,"amount_fen":0,"method":"cash"}"#, "amount_fen", nil),
        ("POST /api/v1/refunds", #"{"merchant_id":1,"amount_fen":1,"method":"gold"}"#, "method", nil),
        ("POST /api/v1/refunds", #"{"merchant_id":1,"amount_fen":1,"method":"cash"}"#, "Idempotency-Key", String(repeating: "k", count: 101)),
        ("POST /api/v1/receipts/{number}/invoice-notes", #"{"invoice":""}"#, "invoice", nil),
        ("POST /api/v1/party-members", #"{"name":"","branch":"第一支部"}"#, "name", nil),
        ("POST /api/v1/party-members/{id}/deactivate", #"{"on":"30/06/2030"}"#, "on", nil),
        ("POST /api/v1/households", #"{"head":"孙八","group":"二组","people":0}"#, "people", nil),
        ("POST /api/v1/households/{id}/end-assignment", #"{"on":"2030-02-30"}"#, "on", nil),
        ("POST /api/v1/assignments", #"{"household_id":1,"member_id":1,"on":"yesterday"}"#, "on", nil),
        ("POST /api/v1/assignments/auto", #"{"on":"2030-6-30"}"#, "on", nil),
        ("POST /api/v1/visits", #"{"member_id":1,"household_id":1,"on":"2030-06-01","raised":" "}"#, "raised", nil),
        ("POST /api/v1/visits", #"{"member_id":1,"household_id":1,"on":"2030-06-01","raised":"x","follow_up_on":"2030-05-01"}"#, "follow_up_on", nil),
        ("POST /api/v1/visits/{id}/close", #"{"on":"x"}"#, "on", nil),
        ("POST /api/v1/users", #"{"login":"Desk","role":"operator"}"#, "login", nil),
        ("POST /api/v1/users", #"{"login":"desk","role":"boss"}"#, "role", nil),
        ("POST /api/v1/users", #"{"login":"desk","role":"operator","merchant_id":1}"#, "merchant_id", nil),
        ("POST /api/v1/users", #"{"login":"desk","role":"operator","password":"short"}"#, "password", nil),
        ("POST /api/v1/users/{login}/reset-password", #"{"password":"short"}"#, "password", nil),
    ]

    @Test("a request breaking a rule of the market is 422 naming the member, in the document's Error shape, and writes nothing")
    func rulesBroken() throws {
        let fixture = try APIFixture()
        let before = try fixture.stored()
        for (route, body, field, key) in Self.ruleBreakers {
            let target = try #require(WriteBodies.valid[route]?.target, "\(route)")
            let answer = Self.send(fixture, Self.split(route).method, target, body, key: key)
            #expect(answer.status == 422 && answer.json[path: "error.field"]?.text == field, "\(route) \(body): \(answer.json)")
            #expect(answer.json[path: "error.code"]?.text == "invalid" && answer.json[path: "error.message"]?.text?.isEmpty == false)
        }
        #expect(try fixture.stored() == before)
    }

    @Test("a path naming a record that is not there, or a body naming a merchant, member or household that is not, is 404 and writes nothing")
    func missingRecords() throws {
        let fixture = try APIFixture()
        let before = try fixture.stored()
        let withPaths = WriteBodies.valid.filter { $0.key.contains("{") }
        #expect(withPaths.count == 14)
        for (route, request) in withPaths {
            let (method, pattern) = Self.split(route)
            let answer = Self.send(fixture, method, WriteBodies.missing(pattern), request.body)
            #expect(answer.status == 404 && answer.json[path: "error.code"]?.text == "not_found", "\(route): \(answer.json)")
        }
        let namedInBody: [(String, String)] = [
            ("POST /api/v1/leases", #"{"merchant_id":999999,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1}"#),
            ("POST /api/v1/leases", #"{"merchant_id":1,"units":["Z-404"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":1}"#),
            ("POST /api/v1/usage", #"{"merchant_id":999999,"room":"C1-03","kg":1,"on":"2030-06-01"}"#),
            ("POST /api/v1/usage", #"{"merchant_id":1,"room":"C9-99","kg":1,"on":"2030-06-01"}"#),
            ("POST /api/v1/refunds", #"{"merchant_id":999999,"amount_fen":1,"method":"cash"}"#),
            ("POST /api/v1/households", #"{"head":"孙八","group":"二组","merchant_id":999999}"#),
            ("POST /api/v1/assignments", #"{"household_id":999999,"member_id":1}"#),
            ("POST /api/v1/assignments", #"{"household_id":1,"member_id":999999}"#),
            ("POST /api/v1/visits", #"{"member_id":999999,"household_id":1,"on":"2030-06-01","raised":"x"}"#),
            ("POST /api/v1/users", #"{"login":"li-shop","role":"merchant","merchant_id":999999}"#),
        ]
        for (route, body) in namedInBody {
            let answer = Self.send(fixture, Self.split(route).method, WriteBodies.valid[route]!.target, body)
            #expect(answer.status == 404 && answer.json[path: "error.field"]?.text != nil, "\(route) \(body): \(answer.json)")
        }
        #expect(try fixture.stored() == before)
    }
}
