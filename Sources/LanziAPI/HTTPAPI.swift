import Foundation
import LanziCore
import LanziHTTP
import LanziService

/// The JSON API under `/api/v1`: each route calls the same service methods as the command
/// line and answers with the same shapes as its `--json`. Access is the service's: a route
/// runs as the caller its token names, and the service refuses what that caller may not do.
package struct HTTPAPI: Sendable {
    package typealias Route = @Sendable (APICall) throws -> APIAnswer

    /// A route and what it needs: `public` ones (health, the document, signing in) need no token.
    package struct Entry: Sendable {
        package let method: String
        package let pattern: String
        package let isPublic: Bool
        package let route: Route
        /// The query parameters it takes, from the OpenAPI document; nil when the document is
        /// not installed, and then any is passed to the route.
        fileprivate(set) var queryParameters: Set<String>?

        package init(_ method: String, _ pattern: String, isPublic: Bool = false, _ route: @escaping Route) {
            self.method = method
            self.pattern = pattern
            self.isPublic = isPublic
            self.route = route
        }
    }

    private let service: LanziService
    private let authenticate: @Sendable (String) throws -> Caller
    private let router: Router<Entry>

    /// - Parameters:
    ///   - service: the service; each request runs it acting as its caller.
    ///   - authenticate: the caller a session token names; throws for a token that names none.
    package init(service: LanziService, authenticate: @escaping @Sendable (String) throws -> Caller) {
        self.service = service
        self.authenticate = authenticate
        var router = Router<Entry>()
        for var entry in HTTPAPI.entries {
            entry.queryParameters = OpenAPIDocument.queryParameters?["\(entry.method) \(entry.pattern)"]
            router.add(entry.method, entry.pattern, entry)
        }
        self.router = router
    }

    /// Every route, as the OpenAPI document must list them.
    package var routes: [(method: String, pattern: String)] { router.routes }

    /// Every route of the API, from each area's table. Writes are POST (PATCH for the market's
    /// settings): 201 with the new record for what creates one, 200 for an action.
    ///
    /// Not routed, since they make no sense over HTTP: setting a database up (`initializeMarket`,
    /// `seed`, which the command line runs on the server's own files); the signing key's
    /// `initializeKey`, `rotateKey` and `useKeyFile`, which write or name key files beside the
    /// database; `exportReceipts` and `exportBooks`, which write a folder or a file on the
    /// server's disk (the receipts and `GET /api/v1/books/journal` are answered as JSON);
    /// `importPartyMembers` and `importHouseholds`, which read a CSV file (one record at a time
    /// is a POST); and `actAsUser`, the command line's `--as`, which a bearer token replaces.
    static let entries: [Entry] = [
        Entry("GET", "/healthz", isPublic: true) { _ in APIAnswer(json: .object([("status", .string("ok"))])) },
        Entry("GET", "/api/v1/openapi.json", isPublic: true) { _ in try OpenAPIDocument.answer() },
    ] + HTTPAPI.sessionRoutes + HTTPAPI.registerRoutes + HTTPAPI.billingRoutes + HTTPAPI.partyRoutes + HTTPAPI.userRoutes + HTTPAPI.ownRoutes

    /// Answers one request; never throws, never shows an internal error's detail.
    package func handle(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        let language: Language = (request.headers["accept-language"]?.lowercased().hasPrefix("zh") ?? false) ? .zh : .en
        return Language.$current.withValue(language) {
            do {
                switch router.match(method: request.method, path: request.path) {
                case .notFound, .badPath:
                    throw APIError.notFound
                case .methodNotAllowed(let allowed):
                    throw APIError.methodNotAllowed(allowed)
                case .found(let entry, let parameters):
                    try HTTPAPI.refuseUnknownQuery(request, entry)
                    // A GET reads: who holds the token and what it asks for, read in one
                    // snapshot with one transaction rather than two.
                    func answer() throws -> HTTPResponse {
                        let caller = entry.isPublic ? HTTPAPI.anonymous : try self.caller(of: request)
                        let call = APICall(request: request, parameters: parameters, service: service.acting(as: caller), context: context)
                        return try entry.route(call).response
                    }
                    return request.method == "GET" ? try service.readingTogether(answer) : try answer()
                }
            } catch {
                return ErrorResponse.make(for: error, now: service.clock.now(), log: service.failureLog)
            }
        }
    }

    /// A query parameter that the route does not take is refused, naming it, rather than
    /// passed over: `?stauts=open` answered with every bill would mislead. What each route
    /// takes is what the OpenAPI document lists for it (a test holds the two together).
    static func refuseUnknownQuery(_ request: HTTPRequest, _ entry: Entry) throws {
        guard let query = request.query, !query.isEmpty, let known = entry.queryParameters, let items = request.queryItems else { return }
        if let unknown = items.first(where: { !known.contains($0.name) }) {
            throw DomainError(field: unknown.name.isEmpty ? "query" : unknown.name, rule: "is not a query parameter of this address")
        }
    }

    /// Who a public route (health, the document, signing in) runs as: a merchant that no
    /// record belongs to, so that such a route reaches nothing if it ever asks the service
    /// for more than signing in, which admits anyone.
    static let anonymous = Caller.merchant(0, name: "web:anonymous")

    /// The caller whose session token the request carries.
    private func caller(of request: HTTPRequest) throws -> Caller {
        guard let token = HTTPAPI.token(of: request) else { throw APIError.unauthenticated }
        return try authenticate(token)
    }

    /// The session token a request carries: a bearer token, else the pages' session cookie.
    static func token(of request: HTTPRequest) -> String? {
        if request.headers["authorization"] != nil { return request.credentials(scheme: "bearer") }
        return request.cookie(sessionCookie)
    }

    /// The name of the pages' session cookie.
    package static let sessionCookie = "lanzi_session"

    /// The server's handler: this API, its refusals of malformed requests in the same shape.
    package func configure(_ configuration: inout HTTPServerConfiguration) {
        configuration.errorResponse = { status, message in ErrorResponse.forServer(status, message) }
    }
}
