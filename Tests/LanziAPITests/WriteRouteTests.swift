import Foundation
import Testing
import LanziCore
import LanziService
@testable import LanziAPI

/// The write routes by each kind of caller (`WriteScenario`): what its role may do is done and
/// can be read back; what it may not is 403 and writes nothing.
@Suite("write routes")
struct WriteRouteTests {
    /// The routes that change the market: every route but the reads and the sessions.
    static var writeRoutes: Set<String> {
        Set(HTTPAPI.entries.filter { $0.method != "GET" && !$0.pattern.hasPrefix("/api/v1/sessions") }.map { "\($0.method) \($0.pattern)" })
    }

    @Test("every write route, run in order by each role: allowed, it answers 201 or 200 and the record is there; refused, 403 and nothing written",
          arguments: ["admin", "operator", "auditor", "merchant-1"])
    func byRole(token: String) throws {
        let fixture = try APIFixture()
        var scenario = try WriteScenario(fixture, token: token)
        try scenario.run()
        let called = Set(scenario.calls.map { "\($0.method) \($0.pattern)" })
        #expect(called == Self.writeRoutes, "not in the scenario: \(Self.writeRoutes.subtracting(called).sorted())")
        let refused = scenario.calls.filter { $0.status == 403 }.count
        switch token {
        case "admin": #expect(refused == 0)
        // Only administrators manage users and the market's settings.
        case "operator": #expect(Set(scenario.calls.filter { $0.status == 403 }.map(\.pattern)) == ["/api/v1/users", "/api/v1/users/{login}/reset-password",
                                                                                                   "/api/v1/users/{login}/disable", "/api/v1/market"])
        default: #expect(refused == scenario.calls.count)
        }
    }
}
