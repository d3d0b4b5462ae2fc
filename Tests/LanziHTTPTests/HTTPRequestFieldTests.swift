import Testing
@testable import LanziHTTP

/// What a request's query, `Authorization` field and cookies say, read byte by byte.
@Suite("a request's query, credentials and cookies")
struct HTTPRequestFieldTests {
    func request(_ target: String, _ fields: [(String, String)] = []) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers.add("Host", "h")
        for (name, value) in fields { headers.add(name, value) }
        return HTTPRequest(method: "GET", target: target, headers: headers)
    }

    func items(_ target: String) -> [String]? {
        request(target).queryItems?.map { "\($0.name)=\($0.value)" }
    }

    @Test("a query's items: empty pairs skipped, a name without '=' has an empty value, '+' and escapes decoded, '=' in a value kept")
    func queryItems() {
        #expect(items("/p") == [])
        #expect(items("/p?") == [])
        #expect(items("/p?a=1&&b=2&") == ["a=1", "b=2"])
        #expect(items("/p?flag&x=") == ["flag=", "x="])
        #expect(items("/p?q=a+b%20c&n=%E5%B8%82") == ["q=a b c", "n=市"])
        #expect(items("/p?k=a=b") == ["k=a=b"])
        #expect(items("/p?%61=1") == ["a=1"])
        #expect(items("/p?=v") == ["=v"])
    }

    @Test("a query with a bad escape or bytes that are not UTF-8 has no items")
    func badQueries() {
        #expect(items("/p?a=%4") == nil)
        #expect(items("/p?a=%zz") == nil)
        #expect(items("/p?a=%FF") == nil)
        #expect(items("/p?ok=1&%C3=2") == nil)
    }

    @Test("credentials of a scheme, matched without case, trimmed; none for another scheme, none given, or no field")
    func credentials() {
        #expect(request("/", [("Authorization", "Bearer abc")]).credentials(scheme: "bearer") == "abc")
        #expect(request("/", [("Authorization", "bEaReR  abc \t")]).credentials(scheme: "bearer") == "abc")
        #expect(request("/", [("Authorization", "Basic YTpi")]).credentials(scheme: "bearer") == nil)
        #expect(request("/", [("Authorization", "Bearer")]).credentials(scheme: "bearer") == nil)
        #expect(request("/", [("Authorization", "Bearer   ")]).credentials(scheme: "bearer") == nil)
        #expect(request("/", [("Authorization", "Bearerabc x")]).credentials(scheme: "bearer") == nil)
        #expect(request("/").credentials(scheme: "bearer") == nil)
    }

    @Test("a cookie by its exact name among others, its value trimmed; none when it is absent or has no '='")
    func cookies() {
        let fields = [("Cookie", "theme=dark; lanzi_session = t0k=en ;other=1")]
        #expect(request("/", fields).cookie("lanzi_session") == "t0k=en")
        #expect(request("/", fields).cookie("theme") == "dark")
        #expect(request("/", fields).cookie("other") == "1")
        #expect(request("/", fields).cookie("lanzi") == nil)
        #expect(request("/", [("Cookie", "lanzi_session")]).cookie("lanzi_session") == nil)
        #expect(request("/", [("Cookie", "Lanzi_Session=x")]).cookie("lanzi_session") == nil)
        #expect(request("/").cookie("lanzi_session") == nil)
    }
}
