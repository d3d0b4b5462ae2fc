/// An HTTP version as a request line gives it: `HTTP/1.1` is major 1, minor 1.
package struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    package let major: Int
    package let minor: Int

    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    package static let http1_0 = HTTPVersion(major: 1, minor: 0)
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)

    package var description: String { "HTTP/\(major).\(minor)" }
}

/// One request, whole: its head as parsed and its body decoded (a chunked body is joined).
package struct HTTPRequest: Sendable {
    package var method: String
    /// The request target as sent.
    package var target: String
    /// The target's path, still percent-encoded; `/` for `*` and an absolute form's empty path.
    package var path: String
    /// What follows `?` in the target, still percent-encoded; nil when there is no `?`.
    package var query: String?
    package var version: HTTPVersion
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// Whether the connection stays open after the answer: HTTP/1.1 unless `Connection:
    /// close`, HTTP/1.0 only with `Connection: keep-alive`.
    package var keepAlive: Bool

    package init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:], body: [UInt8] = [],
                 keepAlive: Bool = true) {
        self.method = method
        self.target = target
        let (path, query) = HTTPRequest.split(target)
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// The path and query of an origin-form target (`/a/b?c=d`), or of an absolute form's
    /// (`http://host/a?b`), or of `*`.
    static func split(_ target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if rest.hasPrefix("http://") || rest.hasPrefix("https://") {
            rest = rest.drop { $0 != ":" }.dropFirst(3)
            rest = rest.drop { $0 != "/" && $0 != "?" }
        }
        if rest == "*" { return ("/", nil) }
        guard let mark = rest.firstIndex(of: "?") else { return (rest.isEmpty ? "/" : String(rest), nil) }
        let path = rest[..<mark]
        return (path.isEmpty ? "/" : String(path), String(rest[rest.index(after: mark)...]))
    }

    /// The query's parameters, `+` and percent escapes decoded; a name without `=` has an
    /// empty value. Nil for a query that is not valid percent-encoded UTF-8.
    package var queryItems: [(name: String, value: String)]? {
        guard let query, !query.isEmpty else { return [] }
        // Split byte by byte: a query is ASCII, and splitting it as Characters costs more
        // than the rest of a small request's handling.
        var items: [(name: String, value: String)] = []
        let bytes = query.utf8
        var pairStart = bytes.startIndex
        while pairStart < bytes.endIndex {
            let pairEnd = bytes[pairStart...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            if pairStart < pairEnd {
                let pair = bytes[pairStart..<pairEnd]
                let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pairEnd
                let valueStart = equals < pairEnd ? bytes.index(after: equals) : pairEnd
                guard let name = HTTPRequest.decode(pair[pairStart..<equals]), let value = HTTPRequest.decode(pair[valueStart..<pairEnd]) else { return nil }
                items.append((name, value))
            }
            pairStart = pairEnd < bytes.endIndex ? bytes.index(after: pairEnd) : pairEnd
        }
        return items
    }

    /// The credentials of an `Authorization` field of `scheme` (compared without case, as
    /// RFC 9110 says); nil without the field, for another scheme, or for none given.
    /// Read as bytes: every request of an API that needs a token comes through here.
    package func credentials(scheme: String) -> String? {
        guard let bytes = headers["authorization"]?.utf8, let space = bytes.firstIndex(of: ASCII.space),
              bytes[..<space].elementsEqual(scheme.utf8, by: { ASCII.lowercased($0) == ASCII.lowercased($1) }) else { return nil }
        let credentials = HTTPRequest.trimmed(bytes[bytes.index(after: space)...])
        return credentials.isEmpty ? nil : String(decoding: credentials, as: UTF8.self)
    }

    /// The value of the cookie `name` of the `Cookie` field (RFC 6265, section 5.4), if it has one.
    package func cookie(_ name: String) -> String? {
        guard let cookies = headers["cookie"]?.utf8 else { return nil }
        for cookie in cookies.split(separator: UInt8(ascii: ";")) {
            guard let equals = cookie.firstIndex(of: UInt8(ascii: "=")) else { continue }
            if HTTPRequest.trimmed(cookie[..<equals]).elementsEqual(name.utf8) {
                return String(decoding: HTTPRequest.trimmed(cookie[cookie.index(after: equals)...]), as: UTF8.self)
            }
        }
        return nil
    }

    /// Without the spaces and tabs at either end.
    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        guard let first = bytes.firstIndex(where: { !ASCII.isWhitespace($0) }), let last = bytes.lastIndex(where: { !ASCII.isWhitespace($0) }) else {
            return bytes[bytes.endIndex...]
        }
        return bytes[first...last]
    }

    /// A path or query part with its percent escapes (and, in a query, `+`) decoded; nil
    /// for a bad escape or bytes that are not UTF-8.
    package static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String? {
        decode(text.utf8, plusIsSpace: plusIsSpace)
    }

    static func decode<Bytes: Collection<UInt8>>(_ text: Bytes, plusIsSpace: Bool = true) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(ASCII.hexValue), let low = iterator.next().flatMap(ASCII.hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace: bytes.append(UInt8(ascii: " "))
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
