import Foundation
import LanziCore
import LanziHTTP
import LanziService
@testable import LanziAPI

/// The demo market with a user of each role signed in for real (cookie sessions, as a browser
/// has them), and the pages over it: `admin`, `desk` (operator), `audit` (auditor), `shop7`
/// and `shop8` (merchants 7 and 8).
final class PageFixture: Sendable {
    let base: APIFixture
    let pages: WebPages
    /// Each user's session token, by login.
    let sessions: [String: String]
    static let passwords = ["admin": "admin password 1", "desk": "desk password 1", "audit": "audit password 1",
                            "shop7": "shop7 password 1", "shop8": "shop8 password 1"]

    init() throws {
        base = try APIFixture()
        let service = base.service
        pages = WebPages(service: service) { token in try service.authenticate(token: token) }
        var sessions: [String: String] = [:]
        for (login, role, merchant) in [("admin", Role.admin, nil), ("desk", .operator, nil), ("audit", .auditor, nil), ("shop7", .merchant, 7), ("shop8", .merchant, 8)] as [(String, Role, Int64?)] {
            _ = try service.addUser(login: login, role: role, merchantID: merchant, password: Self.passwords[login]!)
            sessions[login] = try service.signIn(login: login, password: Self.passwords[login]!, address: "192.0.2.1", kind: .cookie).token
        }
        self.sessions = sessions
    }

    var service: LanziService { base.service }

    struct Answer {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var location: String? { headers["location"] }
        var cookies: [String] { headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) }
    }

    /// One request as a browser sends it: the session cookie of `user` (none for nil), other
    /// cookies, and a form for a POST.
    func request(_ method: String = "GET", _ target: String, as user: String?, form: [(String, String)]? = nil,
                 cookies: [String] = [], headers: [(String, String)] = []) -> Answer {
        var fields = HTTPHeaders()
        fields.add("Host", "market.test")
        var jar = cookies
        if let user, let token = sessions[user] { jar.append("\(HTTPAPI.sessionCookie)=\(token)") }
        if !jar.isEmpty { fields.add("Cookie", jar.joined(separator: "; ")) }
        var body: [UInt8] = []
        if let form {
            fields.add("Content-Type", "application/x-www-form-urlencoded")
            body = Array(form.map { "\(Self.encoded($0.0))=\(Self.encoded($0.1))" }.joined(separator: "&").utf8)
        }
        for (name, value) in headers { fields.add(name, value) }
        let response = pages.handle(HTTPRequest(method: method, target: target, headers: fields, body: body), HTTPRequestContext(remoteAddress: "192.0.2.9"))
        return Answer(status: response.status.code, headers: response.headers, body: response.body)
    }

    /// A form posted by `user` with the token its session's pages carry.
    func post(_ target: String, as user: String, _ form: [(String, String)]) -> Answer {
        request("POST", target, as: user, form: [("csrf", LanziService.formToken(forSession: sessions[user]!))] + form)
    }

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}
