import Foundation
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// The demo market in a temporary database, and the API over it with a token for each kind
/// of caller: `admin`, `operator`, `auditor`, and `merchant-N` for merchant N. (Sessions are
/// the service's; these tests are of the HTTP layer, so tokens here name callers directly.)
final class APIFixture: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    let service: LanziService
    let api: HTTPAPI
    /// The API as `lanzi serve` makes it: tokens are the service's sessions.
    let sessions: HTTPAPI

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-api-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("lanzi.db").path
        let clock = Clock.fixed(on: CalendarDate(year: 2030, month: 6, day: 30)!)
        let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: Self.repository.appendingPathComponent("schema"), clock: clock)
        // Few PBKDF2 rounds: these tests sign in often, and the count is the service tests' to check.
        service = LanziService(queue: queue, caller: .localAdministrator(login: "test"), clock: clock, failureLog: { _ in },
                               passwordHashing: PasswordHashing(iterations: 1_000))
        sessions = HTTPAPI(service: service) { [service] token in try service.authenticate(token: token) }
        let seed = try String(contentsOf: Self.repository.appendingPathComponent("seeds/buwangge.json"), encoding: .utf8)
        _ = try service.seed(try JSONValue.parse(bytes: Array(seed.utf8), source: "buwangge.json"), keyPath: path + ".signing-key.pem")
        api = HTTPAPI(service: service) { token in try Self.caller(of: token) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The service's day, the fixture's clock: 2030-06-30.
    var today: CalendarDate { service.clock.today() }

    /// The caller a fake token names: `admin`, `operator`, `auditor`, or `merchant-N`.
    static func caller(of token: String) throws -> Caller {
        switch token {
        case "admin": return .staff(.admin, name: "web:admin")
        case "operator": return .staff(.operator, name: "web:operator")
        case "auditor": return .staff(.auditor, name: "web:auditor")
        default:
            guard token.hasPrefix("merchant-"), let id = Int64(token.dropFirst("merchant-".count)) else { throw APIError.unauthenticated }
            return .merchant(id, name: "web:\(token)")
        }
    }

    /// The database's file and its write-ahead log, byte for byte: what a refused request must
    /// leave as they were, since every committed transaction appends to the log.
    func stored() throws -> [Data] {
        let path = folder.appendingPathComponent("lanzi.db").path
        return try [path, path + "-wal"].map { FileManager.default.fileExists(atPath: $0) ? try Data(contentsOf: URL(fileURLWithPath: $0)) : Data() }
    }

    /// The answer to one request, parsed: status, headers, and the body as JSON.
    func request(_ target: String, token: String? = "admin", headers: [(String, String)] = []) -> (status: Int, headers: HTTPHeaders, json: JSONValue) {
        request("GET", target, token: token, headers: headers)
    }

    func request(_ method: String, _ target: String, token: String? = "admin", headers: [(String, String)] = [], body: String? = nil,
                 through api: HTTPAPI? = nil) -> (status: Int, headers: HTTPHeaders, json: JSONValue) {
        let api = api ?? self.api
        var fields = HTTPHeaders()
        fields.add("Host", "test")
        if let token { fields.add("Authorization", "Bearer \(token)") }
        if body != nil && !headers.contains(where: { $0.0.lowercased() == "content-type" }) { fields.add("Content-Type", "application/json") }
        for (name, value) in headers { fields.add(name, value) }
        let request = HTTPRequest(method: method, target: target, headers: fields, body: Array((body ?? "").utf8))
        let response = api.handle(request, HTTPRequestContext(remoteAddress: "127.0.0.1"))
        let json = (try? JSONValue.parse(bytes: response.body, source: "answer")) ?? .null
        return (response.status.code, response.headers, json)
    }
}

extension JSONValue {
    /// A member by a dotted path (`error.code`, `items`).
    subscript(path path: String) -> JSONValue? {
        var current = self
        for name in path.split(separator: ".") {
            guard case .object(let members) = current, let next = members.first(where: { $0.0 == name })?.1 else { return nil }
            current = next
        }
        return current
    }

    var items: [JSONValue] { if case .array(let values)? = self[path: "items"] { values } else { [] } }
    var text: String? { if case .string(let value) = self { value } else { nil } }
    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
}
