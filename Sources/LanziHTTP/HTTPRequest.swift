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
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = HTTPRequest.decode(parts[0]), let value = HTTPRequest.decode(parts.count > 1 ? parts[1] : "") else { return nil }
            items.append((name, value))
        }
        return items
    }

    /// A path or query part with its percent escapes (and, in a query, `+`) decoded; nil
    /// for a bad escape or bytes that are not UTF-8.
    package static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
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
