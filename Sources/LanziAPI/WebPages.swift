import Foundation
import LanziCore
import LanziHTTP
import LanziService

/// The web pages: server-rendered HTML over the same service methods, the same sign-in and
/// the same access rules as the JSON API, Chinese first with an English switch. A page runs
/// as the caller its session cookie names; what that caller may not see, the service refuses,
/// and the refusal is shown as a page a person understands.
package struct WebPages: Sendable {
    typealias Page = @Sendable (PageCall) throws -> PageAnswer

    /// A page and what it needs: `public` ones (signing in, the public receipt check) need no session.
    struct Entry: Sendable {
        let method: String
        let pattern: String
        let isPublic: Bool
        let page: Page

        init(_ method: String, _ pattern: String, isPublic: Bool = false, _ page: @escaping Page) {
            self.method = method
            self.pattern = pattern
            self.isPublic = isPublic
            self.page = page
        }
    }

    private let service: LanziService
    private let authenticate: @Sendable (String) throws -> Caller
    private let router: Router<Entry>
    private let publicAddress: String?

    package init(service: LanziService, publicAddress: String? = nil, authenticate: @escaping @Sendable (String) throws -> Caller) {
        self.service = service
        self.publicAddress = publicAddress
        self.authenticate = authenticate
        var router = Router<Entry>()
        for entry in WebPages.entries { router.add(entry.method, entry.pattern, entry) }
        self.router = router
    }

    static let entries: [Entry] = signInPages + merchantPages + receiptPages + deskPages + deskFormPages + committeePages + partyPages

    /// Whether a path is the pages' rather than the JSON API's.
    package static func owns(_ path: String) -> Bool {
        !(path == "/healthz" || path == "/api" || path.hasPrefix("/api/"))
    }

    /// The language a page is written in: the switch's cookie, else Chinese.
    static func language(of request: HTTPRequest) -> Language {
        request.cookie(languageCookie).flatMap(Language.init(named:)) ?? .zh
    }

    static let languageCookie = "lanzi_lang"
    /// The sign-in form's own token, before there is a session to derive one from.
    static let signInFormCookie = "lanzi_form"

    /// Answers one request for a page; never throws, never shows an internal error's detail.
    package func handle(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        let language = WebPages.language(of: request)
        return Language.$current.withValue(language) {
            let session = request.cookie(HTTPAPI.sessionCookie)
            var frame = PageFrame(language: language, path: request.path, caller: nil, formToken: nil, publicAddress: publicAddress)
            // A page asked for with GET reads who holds the session and what it shows in one
            // snapshot with one transaction, as the API's GETs do (`LanziService.readingTogether`).
            func answer() throws -> HTTPResponse {
                switch router.match(method: request.method, path: request.path) {
                case .notFound, .badPath:
                    throw APIError.notFound
                case .methodNotAllowed(let allowed):
                    throw APIError.methodNotAllowed(allowed)
                case .found(let entry, let parameters):
                    var caller = HTTPAPI.anonymous
                    if let session, let signedIn = try? authenticate(session) {
                        caller = signedIn
                        frame.caller = signedIn
                        frame.formToken = LanziService.formToken(forSession: session)
                    } else if !entry.isPublic {
                        return PageAnswer.signInFirst(from: request).response(frame)
                    }
                    let call = try PageCall(request: request, parameters: parameters, service: service.acting(as: caller), context: context,
                                            session: frame.caller == nil ? nil : session, frame: frame)
                    if request.method == "POST" { try call.requireFormToken() }
                    return try entry.page(call).response(frame)
                }
            }
            do {
                return request.method == "GET" ? try service.readingTogether(answer) : try answer()
            } catch {
                return PageAnswer.failure(error, now: service.clock.now(), log: service.failureLog).response(frame)
            }
        }
    }
}

/// What the layout around a page needs to know: who is signed in, the language, the form
/// token its forms carry, and where it is (for the language switch's way back).
struct PageFrame: Sendable {
    var language: Language
    var path: String
    var caller: Caller?
    var formToken: String?
    /// The site's address as the world reaches it (`https://market.example`), for the QR
    /// codes of receipts; nil to take it from the request's `Host`.
    var publicAddress: String?
}
