import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// Signing in and out, the start page, and the language switch.
    static let signInPages: [Entry] = [
        Entry("GET", "/", isPublic: true) { call in
            guard call.session != nil else { return .redirect(to: "/signin") }
            return .redirect(to: PageLayout.home(for: call.caller))
        },
        Entry("GET", "/signin", isPublic: true) { call in
            if call.session != nil { return .redirect(to: PageLayout.home(for: call.caller)) }
            return signInForm(call, next: try call.query("next"), error: nil, status: .ok)
        },
        Entry("POST", "/signin", isPublic: true) { call in
            let next = try call.field("next")
            do {
                let signedIn = try call.service.signIn(login: try call.field("login") ?? "", password: call.secret("password"),
                                                       address: call.context.remoteAddress, kind: .cookie)
                let cookie = "\(HTTPAPI.sessionCookie)=\(signedIn.token); Path=/; Max-Age=\(Int(SessionKind.cookie.lifetime)); HttpOnly; SameSite=Strict"
                let home = PageLayout.home(for: signedIn.caller)
                return .redirect(to: next.map { PageAnswer.localPath($0) }.flatMap { $0 == "/" ? nil : $0 } ?? home, cookies: [cookie])
            } catch let error as ServiceError where error.code == .unauthenticated || error.code == .throttled {
                return signInForm(call, next: next, error: error.message.description, status: error.code == .throttled ? .tooManyRequests : .unauthorized)
            } catch let error as DomainError {
                return signInForm(call, next: next, error: "\(FieldLabel.of(error.field))：\(error.rule)", status: .unprocessableContent)
            }
        },
        Entry("POST", "/signout") { call in
            if let session = call.session { try call.service.signOut(token: session) }
            return .redirect(to: "/signin", cookies: ["\(HTTPAPI.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"])
        },
        Entry("GET", "/lang/{code}", isPublic: true) { call in
            guard let language = Language(named: try call.text("code")) else { throw APIError.notFound }
            return .redirect(to: PageAnswer.localPath(try call.query("back")),
                             cookies: ["\(languageCookie)=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Strict"])
        },
    ]

    /// The sign-in form. Before there is a session its token is a random value kept in a
    /// cookie of its own, which the posted form must repeat.
    static func signInForm(_ call: PageCall, next: String?, error: String?, status: HTTPStatus) -> PageAnswer {
        var cookies: [String] = []
        var token = call.request.cookie(signInFormCookie) ?? ""
        if token.utf8.count != 32 || !token.utf8.allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }) {
            var generator = SystemRandomNumberGenerator()
            token = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
            cookies.append("\(signInFormCookie)=\(token); Path=/signin; HttpOnly; SameSite=Strict")
        }
        let body: HTML = """
            \(error.map { HTML("<div class=\"notice bad\" role=\"alert\">\($0)</div>") } ?? "")
            <form class="stack" method="post" action="/signin">
            <input type="hidden" name="csrf" value="\(token)">
            <input type="hidden" name="next" value="\(next ?? "")">
            <label>\(t("Login or phone number"))<input name="login" autocomplete="username" required autofocus></label>
            <label>\(t("Password"))<input name="password" type="password" autocomplete="current-password" required></label>
            <button class="primary" type="submit">\(t("Sign in"))</button>
            </form>
            <p class="muted">\(t("Merchants sign in with their phone number and the password the market office gave them."))</p>
            """
        return .page(title: t("Sign in"), body: body, status: status, cookies: cookies)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
