/// How much of a request the server takes before it refuses it.
package struct HTTPLimits: Sendable {
    /// The request line, without its CRLF: longer is 414.
    package var requestLine = 8_192
    /// The header section after the request line (and a chunked body's trailer): more is 431.
    package var headerBytes = 32_768
    /// Header fields in one request: more is 431.
    package var headerFields = 100
    /// A body, as sent or as its chunks join: more is 413.
    package var body = 1 << 20

    package init() {}
}

/// Why a request was refused before it was whole: the status to answer with and a sentence
/// for the access log and the answer's body. The connection closes after it, because where
/// the next request would begin is no longer known (RFC 9112, section 2.2 and 11.2).
package struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    package let status: HTTPStatus
    package let message: String

    package init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    package var description: String { "\(status): \(message)" }

    static func bad(_ message: String) -> HTTPParseError { HTTPParseError(.badRequest, message) }
}

/// What the parser has for the connection.
package enum HTTPParserEvent: Sendable {
    /// A request, whole.
    case request(HTTPRequest)
    /// A head asked `Expect: 100-continue` and its body has not all come: the client waits
    /// for `100 Continue` before it sends the body.
    case continueExpected
}

/// An HTTP/1.1 request parser (RFC 9112) fed bytes as they arrive, in any split: it knows
/// nothing of sockets. It is strict where leniency lets two parsers disagree on where a
/// request ends (request smuggling): CRLF only, no folding, no space before a colon, one
/// framing, `Host` exactly once in HTTP/1.1.
package struct HTTPParser {
    package let limits: HTTPLimits
    var buffer: [UInt8] = []
    /// Bytes before this belong to requests handed out already.
    var position = 0
    /// How far the head being read has been checked for bare CRs and LFs.
    private var scanned = 0
    /// Where the head's request line ends (its CR), once it has been seen.
    private var requestLineEnd: Int?
    var state = State.head

    enum State {
        case head
        case body(Head, remaining: Int)
        case chunked(Head, ChunkedBody)
        case failed(HTTPParseError)
    }

    /// A head parsed, waiting for its body.
    struct Head {
        var request: HTTPRequest
        var expectsContinue: Bool
        var framing: Framing
    }

    package init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    package mutating func append(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Whether part of a request has come and not the rest: the time a client may take over
    /// it is bounded (408), unlike an idle keep-alive connection's.
    package var hasPartialRequest: Bool {
        if case .head = state { return position < buffer.count }
        return true
    }

    /// Whether a head is whole and its body is being read.
    package var isReadingBody: Bool {
        switch state {
        case .body, .chunked: true
        case .head, .failed: false
        }
    }

    /// The next request if it has all come, `continueExpected` once for a head that asks for
    /// it, or nil until more bytes come.
    /// - Throws: `HTTPParseError` for a request to refuse; every later call throws it again.
    package mutating func next() throws(HTTPParseError) -> HTTPParserEvent? {
        do throws(HTTPParseError) {
            switch state {
            case .failed(let error):
                throw error
            case .head:
                guard let head = try parseHead() else { return nil }
                return try startBody(head)
            case .body(let head, let remaining):
                return takeBody(head, remaining: remaining)
            case .chunked(let head, var chunked):
                // Out of the state while it reads, so that its body grows in place, not copied.
                state = .head
                let done = try chunked.decode(&buffer, from: &position, limits: limits)
                guard done else { state = .chunked(head, chunked); return nil }
                var request = head.request
                request.body = chunked.body
                finishRequest()
                return .request(request)
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    mutating func finishRequest() {
        state = .head
        scanned = position
        requestLineEnd = nil
    }

    /// Drops what earlier requests used once it is most of the buffer.
    private mutating func compact() {
        guard position > 0, position >= 4_096 || position == buffer.count else { return }
        buffer.removeSubrange(0..<position)
        scanned -= position
        if let end = requestLineEnd { requestLineEnd = end - position }
        position = 0
    }

    // MARK: - The head

    /// The head, once its empty line has come; checks the limits and bare CRs and LFs as the
    /// bytes come, so that a bad head is refused without waiting for its end.
    private mutating func parseHead() throws(HTTPParseError) -> Head? {
        // Empty lines before a request line are ignored (RFC 9112, section 2.2).
        while position == scanned, position + 1 < buffer.count, buffer[position] == ASCII.cr, buffer[position + 1] == ASCII.lf {
            position += 2
            scanned = position
        }
        var end: Int?
        var index = scanned
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.cr {
                guard index + 1 < buffer.count else { break }
                guard buffer[index + 1] == ASCII.lf else { throw .bad("a CR not followed by LF") }
                if requestLineEnd == nil {
                    requestLineEnd = index
                } else if index >= 2, buffer[index - 2] == ASCII.cr, buffer[index - 1] == ASCII.lf {
                    end = index
                    index += 2
                    break
                }
                index += 2
                continue
            }
            if byte == ASCII.lf { throw .bad("a bare LF ends a line; lines end with CRLF") }
            index += 1
        }
        scanned = index
        let lineEnd = requestLineEnd ?? index
        if lineEnd - position > limits.requestLine { throw HTTPParseError(.uriTooLong, "the request line is longer than \(limits.requestLine) bytes") }
        if let requestLineEnd, (end ?? index) - (requestLineEnd + 2) > limits.headerBytes {
            throw HTTPParseError(.requestHeaderFieldsTooLarge, "the header fields are more than \(limits.headerBytes) bytes")
        }
        guard let end, let requestLineEnd else { return nil }
        let head = try makeHead(requestLine: position..<requestLineEnd, fields: (requestLineEnd + 2)..<end)
        position = end + 2
        scanned = position
        return head
    }

    private func makeHead(requestLine: Range<Int>, fields: Range<Int>) throws(HTTPParseError) -> Head {
        let (method, target, version) = try parseRequestLine(requestLine)
        var headers = HTTPHeaders()
        var lineStart = fields.lowerBound
        while lineStart < fields.upperBound {
            var lineEnd = lineStart
            while buffer[lineEnd] != ASCII.cr { lineEnd += 1 }
            headers.add(try parseField(lineStart..<lineEnd))
            if headers.count > limits.headerFields { throw HTTPParseError(.requestHeaderFieldsTooLarge, "more than \(limits.headerFields) header fields") }
            lineStart = lineEnd + 2
        }
        return try interpret(method: method, target: target, version: version, headers: headers)
    }

    private func parseRequestLine(_ range: Range<Int>) throws(HTTPParseError) -> (String, String, HTTPVersion) {
        var index = range.lowerBound
        while index < range.upperBound, ASCII.isTokenCharacter(buffer[index]) { index += 1 }
        guard index > range.lowerBound, index < range.upperBound, buffer[index] == ASCII.space else {
            throw .bad("the request line is not METHOD SP TARGET SP HTTP-VERSION")
        }
        let method = String(decoding: buffer[range.lowerBound..<index], as: UTF8.self)
        let targetStart = index + 1
        index = targetStart
        // Visible ASCII only: no space, no control, nothing that is not ASCII.
        while index < range.upperBound, buffer[index] > 0x20, buffer[index] < 0x7F { index += 1 }
        guard index > targetStart, index < range.upperBound, buffer[index] == ASCII.space else {
            throw .bad("the request line is not METHOD SP TARGET SP HTTP-VERSION")
        }
        let target = String(decoding: buffer[targetStart..<index], as: UTF8.self)
        let version = buffer[(index + 1)..<range.upperBound]
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)), let major = digit(version[version.startIndex + 5]),
              version[version.startIndex + 6] == UInt8(ascii: "."), let minor = digit(version[version.startIndex + 7]) else {
            throw .bad("the request line does not end with an HTTP version such as HTTP/1.1")
        }
        guard major == 1 else { throw HTTPParseError(.httpVersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are served") }
        guard target.hasPrefix("/") || target.hasPrefix("http://") || target.hasPrefix("https://") || (target == "*" && method == "OPTIONS") else {
            throw .bad("the request target is not a path, an absolute URL or * for OPTIONS")
        }
        return (method, target, HTTPVersion(major: major, minor: minor))
    }

    private func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private func parseField(_ range: Range<Int>) throws(HTTPParseError) -> (String, String) {
        guard range.lowerBound < range.upperBound else { throw .bad("an empty header line") }
        if ASCII.isWhitespace(buffer[range.lowerBound]) { throw .bad("obsolete line folding: a header line begins with a space") }
        var index = range.lowerBound
        while index < range.upperBound, buffer[index] != ASCII.colon {
            if ASCII.isWhitespace(buffer[index]) { throw .bad("whitespace between a header field's name and its colon") }
            guard ASCII.isTokenCharacter(buffer[index]) else { throw .bad("a header field's name is not a token") }
            index += 1
        }
        guard index < range.upperBound, index > range.lowerBound else { throw .bad("a header line without a name and a colon") }
        let name = String(decoding: buffer[range.lowerBound..<index], as: UTF8.self)
        var valueStart = index + 1
        var valueEnd = range.upperBound
        while valueStart < valueEnd, ASCII.isWhitespace(buffer[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, ASCII.isWhitespace(buffer[valueEnd - 1]) { valueEnd -= 1 }
        for byte in buffer[valueStart..<valueEnd] where !ASCII.isFieldValueCharacter(byte) {
            throw .bad("the value of \(name) holds a control character")
        }
        return (name, String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self))
    }
}

extension HTTPHeaders {
    fileprivate mutating func add(_ field: (String, String)) { add(field.0, field.1) }
}
