import Testing
@testable import LanziHTTP

@Suite("router")
struct RouterTests {
    static func router() -> Router<String> {
        var router = Router<String>()
        router.add("GET", "/healthz", "health")
        router.add("GET", "/api/v1/bills", "bills")
        router.add("POST", "/api/v1/bills", "bill run")
        router.add("GET", "/api/v1/bills/{id}", "bill")
        router.add("GET", "/api/v1/bills/{id}/lines", "lines")
        router.add("GET", "/api/v1/bills/open", "open bills")
        router.add("GET", "/api/v1/merchants/{id}/bills/{bill}", "merchant bill")
        return router
    }

    static func found(_ match: Router<String>.Match) -> (String, [String])? {
        if case .found(let handler, let parameters) = match { (handler, parameters.values.map { "\($0.name)=\($0.value)" }) } else { nil }
    }

    @Test("literal segments win over parameters; parameters are decoded; a trailing slash is the same path")
    func matching() {
        let router = Self.router()
        #expect(Self.found(router.match(method: "GET", path: "/healthz"))?.0 == "health")
        #expect(Self.found(router.match(method: "GET", path: "/api/v1/bills/open"))?.0 == "open bills")
        #expect(Self.found(router.match(method: "GET", path: "/api/v1/bills/42"))?.1 == ["id=42"])
        #expect(Self.found(router.match(method: "GET", path: "/api/v1/bills/42/lines/"))?.0 == "lines")
        #expect(Self.found(router.match(method: "GET", path: "/api/v1/merchants/7/bills/B%20X"))?.1 == ["id=7", "bill=B X"])
        #expect(Self.found(router.match(method: "HEAD", path: "/api/v1/bills"))?.0 == "bills", "HEAD as GET")
        #expect(router.routes.count == 7)
    }

    @Test("an unknown path is 404; a known one with another method is 405 naming the allowed ones; a bad escape is a bad path")
    func refusals() {
        let router = Self.router()
        guard case .notFound = router.match(method: "GET", path: "/api/v2/bills") else { Issue.record("not 404"); return }
        guard case .notFound = router.match(method: "GET", path: "/api") else { Issue.record("an inner node without a route is 404"); return }
        guard case .methodNotAllowed(let allowed) = router.match(method: "DELETE", path: "/api/v1/bills") else { Issue.record("not 405"); return }
        #expect(allowed == ["GET", "POST", "HEAD"])
        guard case .badPath = router.match(method: "GET", path: "/api/v1/bills/%ZZ") else { Issue.record("not a bad path"); return }
    }
}
