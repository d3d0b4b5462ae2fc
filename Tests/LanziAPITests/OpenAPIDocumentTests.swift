import Foundation
import Testing
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// `schema/openapi.json` held to the router and to the answers: the same routes, every path
/// parameter declared, every `$ref` resolving, and the demo market's answers of the members,
/// types and statuses the document gives them.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document, parsed by the same parser the server serves it with.
    static func document() throws -> JSONValue {
        let url = APIFixture.repository.appendingPathComponent("schema/openapi.json")
        return try JSONValue.parse(bytes: Array(try Data(contentsOf: url)), source: "openapi.json")
    }

    /// Every operation of the document: its method (upper case), path, the operation and its path item.
    static func operations(_ document: JSONValue) -> [(method: String, path: String, operation: JSONValue, item: JSONValue)] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.flatMap { path, item in
            methods.compactMap { method in item[method].map { (method.uppercased(), path, $0, item) } }
        }
    }

    @Test("the document is JSON and says OpenAPI 3.1.x, with info, a server and bearer authentication")
    func version() throws {
        let document = try Self.document()
        #expect(document["openapi"]?.text?.hasPrefix("3.1.") == true)
        #expect(document[path: "info.title"]?.text == "Lanzi")
        #expect(document[path: "info.version"]?.text == "1")
        #expect(document["servers"] == .array([.object([("url", .string("/"))])]))
        #expect(document[path: "components.securitySchemes.bearerAuth.scheme"]?.text == "bearer")
        #expect(document["security"]?.values?.contains { $0["bearerAuth"] != nil } == true)
    }

    @Test("the document's paths and methods are exactly the router's, HEAD left to GET")
    func sameRoutes() throws {
        let fixture = try APIFixture()
        let document = try Self.document()
        let routed = fixture.api.routes.map { "\($0.method) \($0.pattern)" }
        #expect(Set(routed).count == routed.count, "a route twice")
        let documented = Self.operations(document).map { "\($0.method) \($0.path)" }
        for route in Set(routed).subtracting(documented).sorted() { Issue.record("\(route) is routed but not in schema/openapi.json") }
        for route in Set(documented).subtracting(routed).sorted() { Issue.record("\(route) is in schema/openapi.json but not routed") }
        #expect(Set(routed) == Set(documented))
        // A misspelt method would not be an operation at all, and so not be compared above.
        let itemKeys = Set(Self.methods + ["summary", "description", "servers", "parameters", "$ref"])
        guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
        for (path, item) in paths {
            guard case .object(let members) = item else { Issue.record("\(path) is not an object"); continue }
            for (key, _) in members where !itemKeys.contains(key) { Issue.record("\(path) has \(key), which is no method") }
        }
    }

    @Test("each operation: a unique operationId, a summary, a 2xx answer, 401 unless public (security []), 404 for a path parameter")
    func operationsComplete() throws {
        let document = try Self.document()
        let checker = SchemaChecker(document: document)
        // Public as the route table says: health, the document, signing in.
        let publicRoutes = Set(HTTPAPI.entries.filter(\.isPublic).map { "\($0.method) \($0.pattern)" })
        #expect(publicRoutes.count == 3)
        var identifiers: [String] = []
        for (method, path, operation, _) in Self.operations(document) {
            let name = "\(method) \(path)"
            let identifier = try #require(operation["operationId"]?.text, "\(name) has no operationId")
            identifiers.append(identifier)
            #expect(operation["summary"]?.text?.isEmpty == false, "\(name)")
            guard case .object(let responses)? = operation["responses"] else { Issue.record("\(name) has no responses"); continue }
            let codes = Set(responses.map(\.0))
            #expect(codes.contains { $0.hasPrefix("2") }, "\(name) has no success")
            for (code, response) in responses {
                let resolved = checker.dereferenced(response)
                #expect(resolved?[path: "content"]?["application/json"]?["schema"] != nil, "\(name) \(code) has no JSON schema")
            }
            if publicRoutes.contains(name) {
                #expect(operation["security"] == .array([]), "\(name) is public")
            } else {
                #expect(operation["security"] == nil, "\(name) takes the global security")
                #expect(codes.contains("401"), "\(name) can answer 401")
            }
            if path.contains("{") { #expect(codes.contains("404"), "\(name) names a record in its path") }
        }
        #expect(Set(identifiers).count == identifiers.count, "an operationId twice: \(identifiers.sorted())")
        #expect(identifiers.count == HTTPAPI.entries.count)
    }

    @Test("every {parameter} of a path is declared as a required path parameter, and no other is")
    func pathParameters() throws {
        let document = try Self.document()
        let checker = SchemaChecker(document: document)
        for (method, path, operation, item) in Self.operations(document) {
            let named = path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
            var declared: [String] = []
            for parameter in (item["parameters"]?.values ?? []) + (operation["parameters"]?.values ?? []) {
                let parameter = try #require(checker.dereferenced(parameter), "\(method) \(path): a parameter does not resolve")
                guard parameter["in"]?.text == "path" else { continue }
                let name = try #require(parameter["name"]?.text)
                declared.append(name)
                #expect(parameter["required"] == .bool(true), "\(method) \(path): {\(name)} must be required")
                #expect(parameter["schema"] != nil, "\(method) \(path): {\(name)} has no schema")
            }
            #expect(declared.sorted() == named.sorted(), "\(method) \(path): declares \(declared) for \(named)")
        }
    }

    @Test("a query parameter the document does not list for a route is refused 422 naming it, one with no name too; each it lists is taken")
    func unknownQueryParameters() throws {
        let fixture = try APIFixture()
        let table = try #require(OpenAPIDocument.queryParameters)
        for entry in HTTPAPI.entries where entry.method == "GET" {
            let takes = try #require(table["GET \(entry.pattern)"], "\(entry.pattern) has its query parameters listed")
            let path = entry.pattern.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{code}", with: "S-001")
                .replacingOccurrences(of: "{number}", with: "BWG-2026-000001")
            // An unknown one after one the route takes, where it takes any.
            let after = takes.min().map { "\($0)=1&zz=1" } ?? "zz=1"
            for (query, field) in [("stauts=open", "stauts"), ("=null", "query"), (after, "zz")] {
                let answer = fixture.request(path + "?" + query)
                #expect(answer.status == 422 && answer.json[path: "error.field"]?.text == field, "\(entry.pattern)?\(query): \(answer.status) \(answer.json)")
            }
            for name in takes {
                let answer = fixture.request(path + "?\(name)=1")
                #expect(answer.json[path: "error.message"]?.text?.contains("is not a query parameter") != true, "\(entry.pattern) takes \(name): \(answer.json)")
            }
        }
        #expect(table["GET /api/v1/me/bills"] == ["period", "status", "page", "per_page"])
    }

    @Test("every $ref resolves within the document, and every shared schema, parameter and response is used")
    func references() throws {
        let document = try Self.document()
        let checker = SchemaChecker(document: document)
        var references: [String] = []
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let members):
                for (key, member) in members {
                    if key == "$ref" {
                        guard let text = member.text else { Issue.record("\(path): $ref is not a string"); continue }
                        references.append(text)
                        #expect(checker.resolve(text) != nil, "\(path): \(text) does not resolve")
                    } else {
                        walk(member, "\(path)/\(key)")
                    }
                }
            case .array(let values):
                for (index, element) in values.enumerated() { walk(element, "\(path)/\(index)") }
            default:
                break
            }
        }
        walk(document, "#")
        #expect(references.count > 50)
        for section in ["schemas", "parameters", "responses"] {
            guard case .object(let members)? = document[path: "components.\(section)"] else { Issue.record("no components.\(section)"); continue }
            for (name, _) in members {
                #expect(references.contains("#/components/\(section)/\(name)"), "components/\(section)/\(name) is never referred to")
            }
        }
        #expect(checker.resolve("#/components/schemas/NoSuchThing") == nil)
    }

    /// Answers beyond one plain GET of each route: with queries, for other callers, and
    /// refusals of each status; each with the route it is of.
    static let samples: [(pattern: String, target: String, token: String?)] = [
        ("/healthz", "/healthz", nil),
        ("/api/v1/openapi.json", "/api/v1/openapi.json", nil),
        ("/api/v1/leases/{id}", "/api/v1/leases/1", "admin"),
        ("/api/v1/bills", "/api/v1/bills?per_page=500", "admin"),
        ("/api/v1/bills", "/api/v1/bills?status=paid&period=2026-03", "admin"),
        ("/api/v1/payments", "/api/v1/payments?per_page=500", "admin"),
        ("/api/v1/receipts", "/api/v1/receipts?per_page=500", "admin"),
        ("/api/v1/units", "/api/v1/units?kind=cold_room&per_page=500", "admin"),
        ("/api/v1/merchants", "/api/v1/merchants?reveal_id=1&per_page=500", "admin"),
        ("/api/v1/merchants/{id}", "/api/v1/merchants/1?reveal_id=true", "admin"),
        ("/api/v1/merchants/{id}/statement", "/api/v1/merchants/1/statement?from=2026-01-01&to=2030-06-30", "admin"),
        ("/api/v1/households", "/api/v1/households?uncovered&per_page=500", "admin"),
        ("/api/v1/party-members", "/api/v1/party-members?per_page=500", "admin"),
        ("/api/v1/visits", "/api/v1/visits?open=true&per_page=500", "admin"),
        ("/api/v1/me/receipts", "/api/v1/me/receipts?year=2026", "merchant-1"),
        ("/api/v1/bills/{id}", "/api/v1/bills/1", "merchant-1"),
        // Refusals, each in the error document of its status.
        ("/api/v1/bills", "/api/v1/bills", nil),
        ("/api/v1/bills", "/api/v1/bills?page=0", "admin"),
        ("/api/v1/bills", "/api/v1/bills?merchant_id=999999", "admin"),
        ("/api/v1/bills", "/api/v1/bills?period=%FF", "admin"),
        ("/api/v1/bills/{id}", "/api/v1/bills/999999", "admin"),
        ("/api/v1/me", "/api/v1/me", "admin"),
        ("/api/v1/party-members", "/api/v1/party-members", "merchant-1"),
        ("/api/v1/merchants/{id}", "/api/v1/merchants/1?reveal_id=1", "auditor"),
        ("/api/v1/merchants/{id}/statement", "/api/v1/merchants/1/statement?from=2030-06-30&to=2030-01-01", "admin"),
    ]

    /// A concrete address for each pattern, of a record the demo market has.
    static func target(for pattern: String) -> String {
        pattern.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{code}", with: "S-001")
            .replacingOccurrences(of: "{number}", with: "BWG-2026-000001")
    }

    /// Records what the demo market has none of, so that those shapes are checked too: a
    /// payment with credit and a refund of some of it, a reversed payment (a void record), an
    /// invoice note, cold-store usage, a voided bill, an adjustment, a cancelled lease.
    static func addMissingKinds(_ service: LanziService) throws {
        let day = try #require(CalendarDate(year: 2030, month: 6, day: 29))
        _ = try service.pay(PaymentDraft(merchantID: 1, amount: Money(fen: 50_000_000), method: .bank, paidOn: day, reference: "doc-credit",
                                         idempotencyKey: "doc-credit"))
        _ = try service.refund(RefundDraft(merchantID: 1, amount: Money(fen: 10_000), method: .cash, refundedOn: day, idempotencyKey: "doc-refund"))
        let reversed = try service.pay(PaymentDraft(merchantID: 1, amount: Money(fen: 2_000), method: .cash, paidOn: day, idempotencyKey: "doc-reversed"))
        _ = try service.reversePayment(id: reversed.payment.id, reason: "entered twice", on: day)
        let receipt = try #require(try service.receipts(merchantID: 1, year: 2030).first { $0.record.kind == .receipt && $0.voidedBy == nil })
        _ = try service.noteInvoice(receiptNumber: receipt.record.number, invoice: "FP-0001")
        let coldRoom = try #require(try service.units(kind: .coldRoom, on: day).first)
        _ = try service.usageIn(merchantID: 1, roomCode: coldRoom.code, kilograms: 10, on: day)
        let open = try #require(try service.bills(merchantID: nil, period: nil, status: .open).first)
        _ = try service.voidBill(id: open.id, reason: "raised in error", on: day)
        let paid = try #require(try service.bills(merchantID: 1, period: nil, status: .paid).first)
        _ = try service.adjustBill(id: paid.id, amount: Money(fen: -100), reason: "goodwill", on: day)
        let shop = try #require(try service.units(kind: .shop, status: .available, on: day).first)
        let lease = try service.createLease(LeaseDraft(merchantID: 1, unitCodes: [shop.code], startsOn: try #require(CalendarDate(year: 2030, month: 7, day: 1)),
                                                       endsOn: try #require(CalendarDate(year: 2031, month: 6, day: 30)), terms: LeaseTerms(rent: Money(fen: 100_000))))
        _ = try service.cancelLease(id: lease.id, reason: "entered by mistake")
    }

    @Test("every GET route's answer to the demo market, and a sample of refusals, has a status the document lists, with its members and types")
    func answersMatch() throws {
        let fixture = try APIFixture()
        try Self.addMissingKinds(fixture.service)
        let document = try Self.document()
        let checker = SchemaChecker(document: document)
        var statuses: Set<Int> = []
        /// Checks one answer against the document; returns its status.
        func check(_ pattern: String, _ target: String, _ token: String?) throws -> Int {
            let answer = fixture.request(target, token: token)
            statuses.insert(answer.status)
            let operation = try #require(document["paths"]?[pattern]?["get"], "\(pattern) is not in the document")
            guard let response = operation["responses"]?[String(answer.status)] else {
                Issue.record("\(target) answered \(answer.status), which the document does not list for GET \(pattern): \(answer.json)")
                return answer.status
            }
            let schema = try #require(checker.dereferenced(response)?[path: "content"]?["application/json"]?["schema"])
            let problems = checker.problems(of: answer.json, against: schema, at: "answer")
            #expect(problems.isEmpty, "\(target) (\(answer.status)):\n\(problems.prefix(20).joined(separator: "\n"))")
            return answer.status
        }
        for route in Self.operations(document) where route.method == "GET" {
            let token: String? = route.path == "/api/v1/me" || route.path.hasPrefix("/api/v1/me/") ? "merchant-1" : "admin"
            let status = try check(route.path, Self.target(for: route.path), token)
            #expect((200..<300).contains(status), "\(route.path): the demo market has it")
        }
        for sample in Self.samples { _ = try check(sample.pattern, sample.target, sample.token) }
        // The records addMissingKinds made, each kind in the answers checked.
        let receipts = fixture.request("/api/v1/receipts?year=2030&per_page=500").json.items
        #expect(Set(receipts.compactMap { $0["kind"]?.text }) == ["receipt", "void", "invoice_note"])
        #expect(fixture.request("/api/v1/usage?per_page=500").json.items.count > 0)
        #expect(fixture.request("/api/v1/refunds?per_page=500").json.items.count > 0)
        let bills = fixture.request("/api/v1/bills?per_page=500&period=2030-06").json.items + fixture.request("/api/v1/bills?status=void").json.items
        #expect(bills.contains { $0["kind"]?.text == "adjustment" } && bills.contains { $0["status"]?.text == "void" })
        #expect(fixture.request("/api/v1/leases?merchant_id=1&per_page=500").json.items.contains { $0["cancellation"] != .null })
        for (pattern, target, token) in [
            ("/api/v1/receipts", "/api/v1/receipts?year=2030&per_page=500", "admin"), ("/api/v1/usage", "/api/v1/usage?per_page=500", "admin"),
            ("/api/v1/refunds", "/api/v1/refunds?per_page=500", "admin"), ("/api/v1/bills", "/api/v1/bills?per_page=500&period=2030-06", "admin"),
            ("/api/v1/bills", "/api/v1/bills?status=void", "admin"), ("/api/v1/leases", "/api/v1/leases?merchant_id=1&per_page=500", "admin"),
            ("/api/v1/payments", "/api/v1/payments?merchant_id=1&per_page=500", "admin"), ("/api/v1/me", "/api/v1/me", "merchant-1"),
            ("/api/v1/me/statement", "/api/v1/me/statement", "merchant-1"), ("/api/v1/me/receipts", "/api/v1/me/receipts?year=2030&per_page=500", "merchant-1"),
        ] as [(String, String, String?)] {
            #expect(try check(pattern, target, token) == 200, "\(target)")
        }
        #expect(statuses.isSuperset(of: [200, 400, 401, 403, 404, 422]), "the sample has each kind of answer: \(statuses.sorted())")
    }

    @Test("POST /api/v1/payments answers 201, then 200 for the repeat, 409 for the key with other details, 422 and 415 for bad ones, as the document says")
    func paymentAnswersMatch() throws {
        let fixture = try APIFixture()
        let document = try Self.document()
        let checker = SchemaChecker(document: document)
        let operation = try #require(document[path: "paths"]?["/api/v1/payments"]?["post"])
        let body = #"{"merchant_id":1,"amount_fen":1000,"method":"cash","paid_on":"2030-06-29","bill_ids":null}"#
        let cases: [(key: String?, headers: [(String, String)], body: String, status: Int)] = [
            ("doc-1", [], body, 201),
            ("doc-1", [], body, 200),
            ("doc-1", [], #"{"merchant_id":1,"amount_fen":2000,"method":"cash","paid_on":"2030-06-29"}"#, 409),
            (nil, [], body, 422),
            ("doc-2", [], #"{"merchant_id":1,"amount_fen":1,"method":"cash","tip":1}"#, 422),
            ("doc-3", [], #"{"merchant_id":999999,"amount_fen":1,"method":"cash"}"#, 404),
            ("doc-4", [], "[1]", 400),
            ("doc-5", [("Content-Type", "text/plain")], body, 415),
        ]
        for item in cases {
            let headers = (item.key.map { [("Idempotency-Key", $0)] } ?? []) + item.headers
            let answer = fixture.request("POST", "/api/v1/payments", headers: headers, body: item.body)
            #expect(answer.status == item.status, "\(item.body): \(answer.json)")
            let response = try #require(operation["responses"]?[String(answer.status)], "\(answer.status) is not listed for POST /api/v1/payments")
            let schema = try #require(checker.dereferenced(response)?[path: "content"]?["application/json"]?["schema"])
            let problems = checker.problems(of: answer.json, against: schema, at: "answer")
            #expect(problems.isEmpty, "\(item.body) (\(answer.status)):\n\(problems.joined(separator: "\n"))")
        }
        // The request's own schema: what the route requires, and nothing else allowed.
        let requestSchema = try #require(operation[path: "requestBody.content"]?["application/json"]?["schema"])
        let request = try #require(checker.dereferenced(requestSchema))
        #expect(request["required"] == .array(["merchant_id", "amount_fen", "method"].map(JSONValue.string)))
        #expect(request["additionalProperties"] == .bool(false))
        #expect(checker.problems(of: try JSONValue.parse(body, source: "body"), against: request, at: "body").isEmpty)
        let key = operation["parameters"]?.values?.compactMap { checker.dereferenced($0) }.first { $0["in"]?.text == "header" }
        #expect(key?["name"]?.text == "Idempotency-Key")
        #expect(key?["required"] == .bool(true))
    }

    /// Where an answer of `method pattern` departs from the document: its status not listed,
    /// or its body not of the schema listed for that status.
    static func problems(_ checker: SchemaChecker, _ method: String, _ pattern: String, _ status: Int, _ json: JSONValue) -> [String] {
        guard let operation = checker.document["paths"]?[pattern]?[method.lowercased()] else { return ["\(method) \(pattern) is not in the document"] }
        guard let response = operation["responses"]?[String(status)] else { return ["\(method) \(pattern) answered \(status), which the document does not list"] }
        guard let schema = checker.dereferenced(response)?[path: "content"]?["application/json"]?["schema"] else { return ["\(status) has no schema"] }
        return checker.problems(of: json, against: schema, at: "\(method) \(pattern) \(status)")
    }

    @Test("every write route's answers as an administrator runs them all, and its refusals of each kind, are as the document says")
    func writeAnswersMatch() throws {
        let fixture = try APIFixture()
        let checker = SchemaChecker(document: try Self.document())
        var scenario = try WriteScenario(fixture, token: "admin")
        try scenario.run()
        for call in scenario.calls {
            let problems = Self.problems(checker, call.method, call.pattern, call.status, call.json)
            #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        }
        var statuses: Set<Int> = []
        for (route, request) in WriteBodies.valid {
            let (method, pattern) = BadBodyTests.split(route)
            let members = try WriteBodies.members(request)
            var refusals: [(status: Int, json: JSONValue)] = []
            func send(_ target: String, _ body: String, token: String? = "admin", contentType: String = "application/json") {
                let answer = fixture.request(method, target, token: token, headers: [("Idempotency-Key", "doc-refusal"), ("Content-Type", contentType)], body: body)
                refusals.append((answer.status, answer.json))
            }
            send(request.target, JSONValue.object(members + [("colour", .string("red"))]).serialized(pretty: false))
            send(request.target, "[1]")
            send(request.target, request.body, contentType: "text/plain")
            send(request.target, request.body, token: "merchant-1")
            send(request.target, request.body, token: nil)
            if pattern.contains("{") { send(WriteBodies.missing(pattern), request.body) }
            for refusal in refusals {
                statuses.insert(refusal.status)
                #expect(refusal.status >= 400, "\(route): \(refusal.json)")
                let problems = Self.problems(checker, method, pattern, refusal.status, refusal.json)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
        }
        // A conflict, in the same document: a unit code already in the register.
        let taken = fixture.request("POST", "/api/v1/units", body: #"{"code":"S-001","kind":"shop","area_m2":"10"}"#)
        #expect(taken.status == 409 && Self.problems(checker, "POST", "/api/v1/units", 409, taken.json).isEmpty, "\(taken.json)")
        #expect(statuses == [400, 401, 403, 404, 415, 422])
    }

    @Test("each write route's request schema takes its well-formed request and no member beyond it")
    func writeRequestsMatch() throws {
        let checker = SchemaChecker(document: try Self.document())
        for (route, request) in WriteBodies.valid {
            let (method, pattern) = BadBodyTests.split(route)
            let operation = try #require(checker.document["paths"]?[pattern]?[method.lowercased()], "\(route)")
            let reference = try #require(operation[path: "requestBody.content"]?["application/json"]?["schema"], "\(route) takes no body")
            let schema = try #require(checker.dereferenced(reference))
            #expect(schema["additionalProperties"] == .bool(false), "\(route)")
            let members = try WriteBodies.members(request)
            #expect(checker.problems(of: .object(members), against: schema, at: route).isEmpty, "\(checker.problems(of: .object(members), against: schema, at: route))")
            #expect(!checker.problems(of: .object(members + [("colour", .string("red"))]), against: schema, at: route).isEmpty, "\(route)")
            // Declared members are exactly the ones the well-formed request sends.
            #expect(checker.declaredMembers(schema) == Set(members.map(\.0)), "\(route)")
        }
    }

    @Test("the checker finds a missing member, an undocumented one, a wrong type, a null where none is allowed, a value outside an enum")
    func checkerFindsMismatches() throws {
        let checker = SchemaChecker(document: try Self.document())
        let fixture = try APIFixture()
        let bill = try fixture.service.bill(id: 1).json
        let schema = JSONValue.object([("$ref", .string("#/components/schemas/Bill"))])
        #expect(checker.problems(of: bill, against: schema, at: "bill").isEmpty)
        guard case .object(let members) = bill else { Issue.record("a bill is an object"); return }
        func changed(_ name: String, to value: JSONValue?) -> JSONValue {
            .object(members.compactMap { $0.0 == name ? value.map { (name, $0) } : $0 })
        }
        let broken: [(String, JSONValue)] = [
            ("missing", changed("total_fen", to: nil)),
            ("undocumented", .object(members + [("colour", .string("red"))])),
            ("wrong type", changed("total_fen", to: .string("12.00"))),
            ("null not allowed", changed("number", to: .null)),
            ("outside the enum", changed("status", to: .string("lost"))),
            ("not a date", changed("due_on", to: .string("2030-02-30"))),
            ("a line's member", changed("lines", to: .array([.object([("kind", .string("rent"))])]))),
        ]
        for (what, value) in broken {
            #expect(!checker.problems(of: value, against: schema, at: "bill").isEmpty, "\(what)")
        }
        #expect(checker.problems(of: changed("reason", to: .string("a reason")), against: schema, at: "bill").isEmpty, "a nullable member may be a string")
    }
}

/// Reads the JSON Schema keywords the document uses (`$ref`, `allOf`, `oneOf`, `type` with
/// `null` for a nullable member, `enum`, `format: date`, `pattern`, bounds, `properties`,
/// `required`, `items`, `additionalProperties`) and says where a JSON value departs from a
/// schema. Stricter than JSON Schema in one way, on purpose: a member an answer has that the
/// schema does not declare is a problem, so that the document lists everything we send.
struct SchemaChecker {
    let document: JSONValue

    /// The value a local reference (`#/components/schemas/Bill`) points to.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = document
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object:
                guard let next = current[name] else { return nil }
                current = next
            case .array(let values):
                guard let index = Int(name), values.indices.contains(index) else { return nil }
                current = values[index]
            default:
                return nil
            }
        }
        return current
    }

    /// `value` with its `$ref`s followed; nil when one does not resolve.
    func dereferenced(_ value: JSONValue) -> JSONValue? {
        var current = value
        for _ in 0..<16 {
            guard let reference = current["$ref"]?.text else { return current }
            guard let next = resolve(reference) else { return nil }
            current = next
        }
        return nil
    }

    /// The members a schema declares, its `allOf` parts' included.
    func declaredMembers(_ schema: JSONValue) -> Set<String> {
        guard let schema = dereferenced(schema) else { return [] }
        var names: Set<String> = []
        if case .object(let properties)? = schema["properties"] { names.formUnion(properties.map(\.0)) }
        for part in schema["allOf"]?.values ?? [] { names.formUnion(declaredMembers(part)) }
        return names
    }

    /// Where `value` departs from `schema`, one line each, naming the member by its path.
    /// - Parameter exhaustive: whether a member `schema` does not declare is a problem; off
    ///   for one part of an `allOf`, which declares only some of the members.
    func problems(of value: JSONValue, against schema: JSONValue, at path: String, exhaustive: Bool = true) -> [String] {
        guard let schema = dereferenced(schema) else { return ["\(path): its schema's $ref does not resolve"] }
        var problems: [String] = []
        for part in schema["allOf"]?.values ?? [] {
            problems += self.problems(of: value, against: part, at: path, exhaustive: false)
        }
        if let branches = schema["oneOf"]?.values {
            let matching = branches.filter { self.problems(of: value, against: $0, at: path).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of the \(branches.count) schemas of its oneOf") }
        }
        let types: [String]? = switch schema["type"] {
        case .string(let name)?: [name]
        case .array(let names)?: names.compactMap(\.text)
        default: nil
        }
        let actual = Self.typeName(value)
        if let types, !types.contains(actual), !(actual == "integer" && types.contains("number")) {
            return problems + ["\(path): is \(actual) (\(value.serialized(pretty: false).prefix(60))), the document says \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"]?.values, !allowed.contains(value) {
            problems.append("\(path): \(value.serialized(pretty: false)) is not one of \(allowed.map { $0.serialized(pretty: false) })")
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): is not \(constant.serialized(pretty: false))") }
        switch value {
        case .string(let text):
            if schema["format"]?.text == "date",
               text.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", options: .regularExpression) == nil || (try? CalendarDate.parse(text, field: path)) == nil {
                problems.append("\(path): \"\(text)\" is not a date")
            }
            if let pattern = schema["pattern"]?.text, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \"\(text)\" does not match \(pattern)")
            }
            if let least = schema["minLength"]?.integer, text.count < least { problems.append("\(path): shorter than \(least)") }
            if let most = schema["maxLength"]?.integer, text.count > most { problems.append("\(path): longer than \(most)") }
        case .integer(let number):
            if let least = schema["minimum"]?.integer, number < least { problems.append("\(path): \(number) is under \(least)") }
            if let most = schema["maximum"]?.integer, number > most { problems.append("\(path): \(number) is over \(most)") }
        case .array(let elements):
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() { problems += self.problems(of: element, against: items, at: "\(path)[\(index)]") }
            }
        case .object(let members):
            for name in schema["required"]?.values?.compactMap(\.text) ?? [] where !members.contains(where: { $0.0 == name }) {
                problems.append("\(path).\(name): is required, and missing")
            }
            let declared = declaredMembers(schema)
            for (name, member) in members {
                if let property = schema["properties"]?[name] {
                    problems += self.problems(of: member, against: property, at: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"] {
                    // `true` lets any member be; a schema is what every other member must keep.
                    if extra == .bool(false) { problems.append("\(path).\(name): is not allowed here") }
                    if case .object = extra { problems += self.problems(of: member, against: extra, at: "\(path).\(name)") }
                } else if exhaustive && !declared.isEmpty && !declared.contains(name) {
                    problems.append("\(path).\(name): is in the answer but not in the document")
                }
            }
        case .null, .bool:
            break
        }
        return problems
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue {
    /// An array's elements; nil for anything else.
    var values: [JSONValue]? { if case .array(let elements) = self { elements } else { nil } }
}
