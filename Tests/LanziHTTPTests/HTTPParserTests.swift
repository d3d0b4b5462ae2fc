import Foundation
import Testing
@testable import LanziHTTP

/// The parser fed bytes with no socket: every malformed case of RFC 9112 that the server
/// must refuse, and valid requests split across reads at every point.
@Suite("HTTP/1.1 request parser")
struct HTTPParserTests {
    /// Every event the bytes give when fed in pieces cut at `cuts`, and the error, if any.
    static func parse(_ bytes: [UInt8], cuts: [Int] = [], limits: HTTPLimits = HTTPLimits()) -> (events: [HTTPParserEvent], error: HTTPParseError?) {
        var parser = HTTPParser(limits: limits)
        var events: [HTTPParserEvent] = []
        var start = 0
        for end in cuts.filter({ $0 > 0 && $0 < bytes.count }).sorted() + [bytes.count] {
            parser.append(bytes[start..<end])
            start = end
            do {
                while let event = try parser.next() { events.append(event) }
            } catch {
                return (events, error)
            }
        }
        return (events, nil)
    }

    static func parse(_ text: String, cuts: [Int] = [], limits: HTTPLimits = HTTPLimits()) -> (events: [HTTPParserEvent], error: HTTPParseError?) {
        parse(Array(text.utf8), cuts: cuts, limits: limits)
    }

    static func requests(_ events: [HTTPParserEvent]) -> [HTTPRequest] {
        events.compactMap { if case .request(let request) = $0 { request } else { nil } }
    }

    static let get = "GET /api/v1/me/bills?status=open&page=2 HTTP/1.1\r\nHost: example.com\r\nAuthorization: Bearer abc\r\n\r\n"

    @Test("a GET is parsed whole: method, path, query, headers, keep-alive")
    func simpleGet() throws {
        let (events, error) = Self.parse(Self.get)
        #expect(error == nil)
        let request = try #require(Self.requests(events).first)
        #expect(request.method == "GET")
        #expect(request.target == "/api/v1/me/bills?status=open&page=2")
        #expect(request.path == "/api/v1/me/bills")
        #expect(request.query == "status=open&page=2")
        #expect(request.queryItems?.map { "\($0.name)=\($0.value)" } == ["status=open", "page=2"])
        #expect(request.version == .http1_1)
        #expect(request.headers["authorization"] == "Bearer abc")
        #expect(request.headers["HOST"] == "example.com")
        #expect(request.keepAlive)
        #expect(request.body.isEmpty)
    }

    @Test("a valid request split across two reads at every point, or fed a byte at a time, is the same request")
    func everySplit() throws {
        let text = "POST /api/v1/payments HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nIdempotency-Key: k1\r\n\r\nhello world"
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            let (events, error) = Self.parse(bytes, cuts: [cut])
            #expect(error == nil, "cut at \(cut): \(String(describing: error))")
            let requests = Self.requests(events)
            #expect(requests.count == 1, "cut at \(cut)")
            #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world", "cut at \(cut)")
            #expect(requests.first?.headers["idempotency-key"] == "k1")
        }
        let (events, error) = Self.parse(bytes, cuts: Array(1..<bytes.count))
        #expect(error == nil)
        #expect(Self.requests(events).first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world")
    }

    @Test("a chunked body with extensions and a trailer is joined, split at every point")
    func chunkedEverySplit() throws {
        let text = "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            let (events, error) = Self.parse(bytes, cuts: [cut])
            #expect(error == nil, "cut at \(cut): \(String(describing: error))")
            #expect(Self.requests(events).map { String(decoding: $0.body, as: UTF8.self) } == ["hello world"], "cut at \(cut)")
        }
        let (events, _) = Self.parse(bytes, cuts: Array(1..<bytes.count))
        #expect(Self.requests(events).map { String(decoding: $0.body, as: UTF8.self) } == ["hello world"])
    }

    @Test("pipelined requests come out in order, each with its own body")
    func pipelined() {
        let text = Self.get + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc" + "GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
        let (events, error) = Self.parse(text)
        #expect(error == nil)
        let requests = Self.requests(events)
        #expect(requests.map(\.path) == ["/api/v1/me/bills", "/b", "/c"])
        #expect(requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "abc", ""])
        #expect(requests.map(\.keepAlive) == [true, true, false])
    }

    @Test("HTTP/1.0 needs no Host and closes unless it asks to keep alive; empty lines before a request are skipped")
    func http10() {
        let plain = Self.requests(Self.parse("\r\n\r\nGET / HTTP/1.0\r\n\r\n").events)
        #expect(plain.map(\.keepAlive) == [false])
        let kept = Self.requests(Self.parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").events)
        #expect(kept.map(\.keepAlive) == [true])
    }

    @Test("an absolute-form target and OPTIONS * are understood; the same Content-Length twice is one")
    func otherForms() {
        let absolute = Self.requests(Self.parse("GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n").events)
        #expect(absolute.map(\.path) == ["/a/b"])
        #expect(absolute.map(\.query) == ["c=d"])
        let star = Self.requests(Self.parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").events)
        #expect(star.map(\.path) == ["/"])
        let twice = Self.requests(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nab").events)
        #expect(twice.map(\.body.count) == [2])
    }

    @Test("Expect: 100-continue is answered before the body is sent, once")
    func expectContinue() {
        var parser = HTTPParser()
        parser.append(Array("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        guard case .continueExpected? = try? parser.next() else { Issue.record("no 100-continue"); return }
        #expect((try? parser.next()) == nil)
        #expect(parser.isReadingBody)
        parser.append(Array("abc".utf8))
        guard case .request(let request)? = try? parser.next() else { Issue.record("no request"); return }
        #expect(request.body == Array("abc".utf8))
        #expect(!parser.hasPartialRequest)
        // A body sent along with the head needs no 100 Continue.
        let eager = Self.parse("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc").events
        #expect(eager.count == 1)
        #expect(Self.requests(eager).count == 1)
    }

    static let malformed: [(String, String, Int)] = [
        ("a request line of two parts", "GET /\r\nHost: h\r\n\r\n", 400),
        ("two spaces in the request line", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("a fourth part in the request line", "GET / HTTP/1.1 x\r\nHost: h\r\n\r\n", 400),
        ("a method that is not a token", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("a version that is not HTTP/d.d", "GET / HTTP/1.x\r\nHost: h\r\n\r\n", 400),
        ("a version in lower case", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
        ("a target that is not a path", "GET example HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("* for a method other than OPTIONS", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("both Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("two different Content-Lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("two different Content-Lengths in one field", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\nabcd", 400),
        ("a Content-Length that is not a number", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3a\r\n\r\nabc", 400),
        ("a signed Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc", 400),
        ("obsolete line folding", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n", 400),
        ("a bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("a bare LF ending the request line", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
        ("a bare LF ending a header", "GET / HTTP/1.1\r\nHost: h\n\r\n", 400),
        ("a bare CR in a header value", "GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n", 400),
        ("a space before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        ("a tab before the colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400),
        ("a header name that is not a token", "GET / HTTP/1.1\r\nHost: h\r\nX(y): z\r\n\r\n", 400),
        ("a header line without a colon", "GET / HTTP/1.1\r\nHost: h\r\nnocolon\r\n\r\n", 400),
        ("a header line with an empty name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", 400),
        ("a NUL in a header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{0}b\r\n\r\n", 400),
        ("an HTTP/1.1 request without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
        ("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("chunked twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
        ("a coding other than chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("chunked before another coding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501),
        ("an empty coding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,chunked\r\n\r\n", 400),
        ("a chunk size that is not hex", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("chunk data not followed by CRLF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
        ("a chunk size followed by junk", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", 400),
        ("a bad trailer field", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", 400),
        ("an expectation other than 100-continue", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\na", 417),
    ]

    @Test("every malformed or ambiguous request is refused with its status", arguments: malformed)
    func refused(name: String, text: String, status: Int) {
        let (events, error) = Self.parse(text)
        #expect(Self.requests(events).isEmpty, "\(name)")
        #expect(error?.status.code == status, "\(name): \(String(describing: error))")
        // Split anywhere, the same refusal comes.
        let bytes = Array(text.utf8)
        for cut in stride(from: 1, to: bytes.count, by: 3) {
            #expect(Self.parse(bytes, cuts: [cut]).error?.status.code == status, "\(name), cut at \(cut)")
        }
    }

    @Test("a refused request stays refused: the parser gives the same error again, and nothing after it")
    func failureIsFinal() {
        var parser = HTTPParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost : h\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(Array(Self.get.utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    @Test("limits: the request line (414), the header section and field count (431), the body (413), each found before the rest comes")
    func limits() {
        var limits = HTTPLimits()
        #expect(limits.requestLine == 8_192 && limits.headerBytes == 32_768 && limits.headerFields == 100 && limits.body == 1 << 20)
        let longLine = "GET /" + String(repeating: "a", count: 8_200)
        #expect(Self.parse(longLine).error?.status.code == 414, "refused before its end comes")
        #expect(Self.parse("GET /" + String(repeating: "a", count: 8_000) + " HTTP/1.1\r\nHost: h\r\n\r\n").error == nil)
        let bigHeaders = "GET / HTTP/1.1\r\nHost: h\r\n" + (0..<40).map { "X-\($0): \(String(repeating: "v", count: 1_000))\r\n" }.joined()
        #expect(Self.parse(bigHeaders).error?.status.code == 431, "refused before the empty line comes")
        let manyFields = "GET / HTTP/1.1\r\nHost: h\r\n" + (0..<100).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(Self.parse(manyFields).error?.status.code == 431)
        let hundred = "GET / HTTP/1.1\r\nHost: h\r\n" + (0..<99).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(Self.parse(hundred).error == nil, "a hundred fields are allowed")
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1048577\r\n\r\n").error?.status.code == 413, "refused from the head")
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n").error?.status.code == 413)
        limits.body = 10
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\nabcde\r\n0\r\n\r\n", limits: limits).error?.status.code == 413)
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", limits: limits).error?.status.code == 413)
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits).error == nil)
    }

    @Test("a partial request is known as one, for the slow-client timeout; an idle connection is not")
    func partial() {
        var parser = HTTPParser()
        #expect(!parser.hasPartialRequest)
        parser.append(Array("GET / HT".utf8))
        #expect((try? parser.next()) == nil)
        #expect(parser.hasPartialRequest)
        parser.append(Array("TP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(Self.requests([(try? parser.next()).flatMap { $0 }].compactMap { $0 }).count == 1)
        #expect(!parser.hasPartialRequest)
    }

    @Test("percent escapes decode to UTF-8; a bad escape or bytes that are not UTF-8 do not")
    func decoding() {
        #expect(HTTPRequest.decode("%E6%9D%8E+a%20b") == "李 a b")
        #expect(HTTPRequest.decode("a+b", plusIsSpace: false) == "a+b")
        #expect(HTTPRequest.decode("%zz") == nil)
        #expect(HTTPRequest.decode("%E6") == nil)
        #expect(HTTPRequest.decode("%4") == nil)
    }
}
