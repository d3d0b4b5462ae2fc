import Testing
@testable import LanziHTTP

/// Behind a reverse proxy: the forwarded client address is believed only from the proxy, and
/// only the part the proxy added; behind TLS, every cookie set is Secure.
struct ProxyPolicyTests {
    static func request(forwardedFor: String?) -> HTTPRequest {
        var headers: HTTPHeaders = ["Host": "market.test"]
        if let forwardedFor { headers.add("X-Forwarded-For", forwardedFor) }
        return HTTPRequest(method: "GET", target: "/", headers: headers, body: [])
    }

    @Test("X-Forwarded-For names the client only when the peer is the trusted proxy, and only its last address",
          arguments: [
            ("127.0.0.2", "203.0.113.9", "203.0.113.9"),
            ("127.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),   // what the client claimed comes first
            ("127.0.0.2", "2001:db8::7", "2001:db8::7"),
            ("127.0.0.2", "not an address", "127.0.0.2"),
            ("127.0.0.2", "", "127.0.0.2"),
            ("192.0.2.50", "203.0.113.9", "192.0.2.50"),                  // not the proxy: the header is ignored
          ])
    func forwardedAddress(peer: String, forwarded: String, expected: String) {
        let policy = ProxyPolicy(trustedProxies: ["127.0.0.2"])
        let context = policy.context(of: Self.request(forwardedFor: forwarded), HTTPRequestContext(remoteAddress: peer))
        #expect(context.remoteAddress == expected)
    }

    @Test("without a header, or with no proxy configured, the peer is the client")
    func noHeader() {
        #expect(ProxyPolicy(trustedProxies: ["127.0.0.2"]).context(of: Self.request(forwardedFor: nil), HTTPRequestContext(remoteAddress: "127.0.0.2")).remoteAddress == "127.0.0.2")
        #expect(ProxyPolicy().context(of: Self.request(forwardedFor: "203.0.113.9"), HTTPRequestContext(remoteAddress: "127.0.0.1")).remoteAddress == "127.0.0.1")
    }

    @Test("behind TLS every cookie set is Secure, once; otherwise the response is as it was")
    func secureCookies() {
        var headers: HTTPHeaders = ["Content-Type": "text/html"]
        headers.add("Set-Cookie", "lanzi_session=abc; Path=/; HttpOnly; SameSite=Strict")
        headers.add("Set-Cookie", "lanzi_lang=en; Path=/; Secure")
        let response = HTTPResponse(status: .ok, headers: headers)
        let secured = ProxyPolicy(behindTLS: true).finish(response)
        #expect(secured.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == [
            "lanzi_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure", "lanzi_lang=en; Path=/; Secure",
        ])
        #expect(secured.headers["content-type"] == "text/html")
        #expect(ProxyPolicy().finish(response).headers.filter { $0.name == "Set-Cookie" }.first?.value == "lanzi_session=abc; Path=/; HttpOnly; SameSite=Strict")
    }
}
