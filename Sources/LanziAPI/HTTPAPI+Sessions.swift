import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension HTTPAPI {
    /// Signing in and out. A bearer token is answered in the body, for API clients; a cookie
    /// session is set as an HttpOnly, SameSite=Strict cookie and never shown to a page's script.
    static let sessionRoutes: [Entry] = [
        Entry("POST", "/api/v1/sessions", isPublic: true) { call in
            let body = try call.body(for: .signIn)
            try body.allowOnly(["login", "password", "kind"])
            let kind = try body.string("kind").map { text in
                guard let kind = SessionKind(rawValue: text) else { throw DomainError(field: "kind", rule: "must be bearer or cookie") }
                return kind
            } ?? .bearer
            let signedIn = try call.service.signIn(login: try body.requiredString("login"), password: try body.requiredString("password"),
                                                   address: call.context.remoteAddress, kind: kind)
            var members: [(String, JSONValue)] = [
                ("kind", .string(kind.rawValue)), ("expires_at", .string(Timestamp.format(signedIn.expiresAt))),
                ("role", .string(signedIn.caller.role.rawValue)), ("merchant_id", .optional(signedIn.caller.merchantID, JSONValue.integer)),
            ]
            var headers = HTTPHeaders()
            if kind == .cookie {
                headers.add("Set-Cookie", "\(sessionCookie)=\(signedIn.token); Path=/; Max-Age=\(Int(kind.lifetime)); HttpOnly; SameSite=Strict")
            } else {
                members.insert(("token", .string(signedIn.token)), at: 0)
            }
            return APIAnswer(status: .created, json: .object(members), headers: headers)
        },
        Entry("GET", "/api/v1/sessions/current") { call in
            let caller = call.service.caller
            return APIAnswer(json: .object([("name", .string(caller.name)), ("role", .string(caller.role.rawValue)),
                                            ("merchant_id", .optional(caller.merchantID, JSONValue.integer))]))
        },
        Entry("DELETE", "/api/v1/sessions/current") { call in
            guard let token = HTTPAPI.token(of: call.request) else { throw APIError.unauthenticated }
            try call.service.signOut(token: token)
            // The cookie goes too, whichever way the session was sent.
            return APIAnswer(json: .object([("signed_out", .bool(true))]),
                             headers: ["Set-Cookie": "\(sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"])
        },
    ]
}
