import Foundation
import Testing
import LanziCore
import LanziService
@testable import LanziAPI

/// The reads that came with the write routes: the signing keys, the receipt chain's check,
/// the books, the assignment plan, coverage and the users, each answered in the command
/// line's `--json` shape, to staff and to no merchant; and the merchants' ID numbers in full
/// only to operators and administrators.
@Suite("read routes of the books, keys, party and users")
struct ReadRouteTests {
    @Test("each answers what the service gives, in the shape the command line prints; a bad query is 422 naming it")
    func shapes() throws {
        let fixture = try APIFixture()
        let service = fixture.service
        let today = fixture.today
        let keys = fixture.request("/api/v1/keys")
        #expect(keys.json.items == (try service.signingKeys()).map { $0.json(showingPath: false) })
        // Where the server keeps its private key is never shown over HTTP.
        let shown = String(decoding: keys.json.compactBytes(), as: UTF8.self)
        for key in try service.signingKeys() { #expect(!shown.contains(key.keyPath) && !shown.contains("key_path") && shown.contains(key.keyID)) }
        let chain = fixture.request("/api/v1/receipt-chain").json
        #expect(chain == (try service.verifyReceiptChain()).json && chain[path: "ok"] == .bool(true))
        let balance = fixture.request("/api/v1/books/trial-balance?as_of=2026-11-30").json
        #expect(balance == (try service.trialBalance(asOf: CalendarDate(year: 2026, month: 11, day: 30))).json)
        #expect(balance[path: "total_debit_fen"] == balance[path: "total_credit_fen"])
        #expect(fixture.request("/api/v1/books/trial-balance").json == (try service.trialBalance(asOf: today)).json, "to today by default")
        let journal = fixture.request("/api/v1/books/journal?from=2026-11-01&to=2026-11-30&per_page=500").json
        let entries = try service.journal(from: CalendarDate(year: 2026, month: 11, day: 1), to: CalendarDate(year: 2026, month: 11, day: 30)).entries
        #expect(!entries.isEmpty && journal.items == Array(entries.prefix(500).map(\.json)))
        #expect(journal[path: "total"]?.integer == Int64(entries.count))
        let before = try fixture.stored()
        let plan = fixture.request("/api/v1/assignments/plan?rebalance=true").json
        #expect(plan == (try service.autoAssign(on: today, dryRun: true, rebalance: true)).json && plan[path: "dry_run"] == .bool(true))
        #expect(try fixture.stored() == before, "a plan changes nothing")
        let coverage = fixture.request("/api/v1/coverage?on=2026-10-31").json
        let day = try #require(CalendarDate(year: 2026, month: 10, day: 31))
        #expect(coverage == (try service.coverage(on: day, period: day.period)).json, "the month of `on` by default")
        #expect(fixture.request("/api/v1/coverage?on=2026-10-31&period=2026-09").json[path: "period"]?.text == "2026-09")
        _ = try service.addUser(login: "desk", role: .operator, merchantID: nil, password: nil)
        #expect(fixture.request("/api/v1/users").json.items == (try service.users()).map(\.json))
        for (target, field) in [("/api/v1/books/journal?from=2026-12-01&to=2026-11-01", "from"), ("/api/v1/books/trial-balance?as_of=x", "as_of"),
                                ("/api/v1/coverage?period=2026-13", "period"), ("/api/v1/assignments/plan?rebalance=maybe", "rebalance")] {
            let refused = fixture.request(target)
            #expect(refused.status == 422 && refused.json[path: "error.field"]?.text == field, "\(target): \(refused.json)")
        }
    }

    @Test("staff read them all, a merchant none (403); a full ID number only for operators and administrators")
    func access() throws {
        let fixture = try APIFixture()
        let targets = ["/api/v1/keys", "/api/v1/receipt-chain", "/api/v1/books/trial-balance", "/api/v1/books/journal?per_page=1",
                       "/api/v1/assignments/plan", "/api/v1/coverage", "/api/v1/users"]
        for target in targets {
            for token in ["admin", "operator", "auditor"] {
                #expect(fixture.request(target, token: token).status == 200, "\(target) by \(token)")
            }
            let merchant = fixture.request(target, token: "merchant-1")
            #expect(merchant.status == 403 && merchant.json[path: "error.code"]?.text == "forbidden", "\(target): \(merchant.json)")
        }
        let full = try #require(try fixture.service.merchant(id: 1, revealIDNumber: true).merchant.idNumber)
        for token in ["admin", "operator"] {
            #expect(fixture.request("/api/v1/merchants/1?reveal_id=1", token: token).json[path: "id_number"]?.text == full)
            #expect(fixture.request("/api/v1/merchants?reveal_id=true&per_page=500", token: token).json.items.contains { $0[path: "id_number"]?.text == full })
        }
        #expect(fixture.request("/api/v1/merchants/1", token: "auditor").json[path: "id_number"]?.text != full, "masked unless asked")
        #expect(fixture.request("/api/v1/merchants/1?reveal_id=1", token: "auditor").status == 403)
        #expect(fixture.request("/api/v1/merchants?reveal_id=1", token: "auditor").status == 403)
    }
}
