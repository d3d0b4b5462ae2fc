import Foundation
import Testing
import LanziCore
import LanziService
@testable import LanziAPI

/// A merchant's token on every route of the API: whatever ids it puts in the path or the
/// query, it reaches its own records only. Each GET route is asked with another merchant's
/// ids; the answer is a refusal (403 or 404), or holds nothing of another merchant's. Each
/// write route is refused (403), whoever's ids it names, and writes nothing.
@Suite("a merchant probing every route")
struct MerchantProbeTests {
    /// Every merchant the answer names anywhere: a `merchant_id`, or a `merchant` object's
    /// `id` (as a signed receipt names its merchant).
    static func merchantIDs(in value: JSONValue) -> [Int64] {
        switch value {
        case .object(let members):
            return members.flatMap { name, member -> [Int64] in
                if name == "merchant_id", case .integer(let id) = member { return [id] }
                if name == "merchant", case .object(let fields) = member, case .integer(let id)? = fields.first(where: { $0.0 == "id" })?.1 {
                    return [id] + merchantIDs(in: member)
                }
                return merchantIDs(in: member)
            }
        case .array(let values): return values.flatMap(merchantIDs)
        default: return []
        }
    }

    @Test("every GET route, with merchant 2's ids in its path and query, gives merchant 1 a refusal or only its own records")
    func everyRoute() throws {
        let fixture = try APIFixture()
        let service = fixture.service
        let bill = try #require(service.bills(merchantID: 2, period: nil, status: nil).first)
        let payment = try #require(service.payments(merchantID: 2).first)
        let receipt = try #require(service.receipts(merchantID: 2, year: nil).first)
        let lease = try #require(service.leases(merchantID: 2).first)
        let values: [String: String] = [
            "id": "2", "code": lease.units.first?.code ?? "S-001", "number": receipt.record.number,
        ]
        let ids: [String: String] = [
            "/api/v1/bills/{id}": String(bill.id), "/api/v1/payments/{id}": String(payment.id), "/api/v1/leases/{id}": String(lease.id),
            "/api/v1/merchants/{id}": "2", "/api/v1/merchants/{id}/statement": "2",
        ]
        var asked = 0
        for entry in HTTPAPI.entries where entry.method == "GET" && !entry.isPublic {
            var path = entry.pattern
            if let id = ids[entry.pattern] { path = path.replacingOccurrences(of: "{id}", with: id) }
            for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
            // Of merchant_id and per_page, those the route takes: any other is refused as unknown.
            let takes = try #require(OpenAPIDocument.queryParameters?["GET \(entry.pattern)"], "\(entry.pattern) is in the document")
            let query = [("merchant_id", "2"), ("per_page", "500")].filter { takes.contains($0.0) }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            let answer = fixture.request(path + (query.isEmpty ? "" : "?" + query), token: "merchant-1")
            asked += 1
            switch answer.status {
            case 403, 404:
                continue
            case 200:
                let others = Self.merchantIDs(in: answer.json).filter { $0 != 1 }
                #expect(others.isEmpty, "\(entry.pattern) showed merchant 1 records of merchants \(Set(others))")
                #expect(!(answer.json[path: "phone"] != nil && answer.json[path: "id"]?.integer == 2), "\(entry.pattern) showed merchant 2")
            default:
                Issue.record("\(entry.pattern) answered \(answer.status): \(answer.json)")
            }
        }
        #expect(asked >= 25)
        // And the refusals are the ones a merchant expects: another's records do not exist for it.
        for (pattern, id) in ids {
            let path = pattern.replacingOccurrences(of: "{id}", with: id)
            #expect(fixture.request(path, token: "merchant-1").status == 404, "\(path)")
        }
        #expect(fixture.request("/api/v1/receipts/\(receipt.record.number)", token: "merchant-1").status == 404)
    }

    @Test("every write route, with merchant 2's ids in its path and body, is refused to merchant 1 (403) and writes nothing")
    func everyWriteRoute() throws {
        let fixture = try APIFixture()
        let service = fixture.service
        let bill = try #require(service.bills(merchantID: 2, period: nil, status: nil).first)
        let payment = try #require(service.payments(merchantID: 2).first)
        let receipt = try #require(service.receipts(merchantID: 2, year: nil).first { $0.record.kind == .receipt })
        let lease = try #require(service.leases(merchantID: 2).first)
        // Merchant 2's records where a route's record is a merchant's; the others (party, users) have no merchant.
        let theirs: [(prefix: String, parameter: String, value: String)] = [
            ("/api/v1/bills/", "{id}", String(bill.id)), ("/api/v1/payments/", "{id}", String(payment.id)), ("/api/v1/leases/", "{id}", String(lease.id)),
            ("/api/v1/receipts/", "{number}", receipt.record.number), ("/api/v1/units/", "{code}", lease.units[0].code),
        ]
        let before = try fixture.stored()
        for (route, request) in WriteBodies.valid {
            let (method, pattern) = BadBodyTests.split(route)
            let target = theirs.first { pattern.hasPrefix($0.prefix) && pattern.contains($0.parameter) }
                .map { pattern.replacingOccurrences(of: $0.parameter, with: $0.value) } ?? request.target
            let body = request.body.replacingOccurrences(of: #""merchant_id":1"#, with: #""merchant_id":2"#)
            let answer = fixture.request(method, target, token: "merchant-1", headers: [("Idempotency-Key", "probe")], body: body)
            #expect(answer.status == 403 && answer.json[path: "error.code"]?.text == "forbidden", "\(route) \(target): \(answer.json)")
        }
        #expect(try fixture.stored() == before)
    }
}
