extension HTTPParser {
    /// The head's meaning for the connection and the body: how the body is framed, whether
    /// the connection stays open, whether the client waits for `100 Continue`.
    func interpret(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders) throws(HTTPParseError) -> Head {
        var hosts = 0
        var lengths: Set<Int> = []
        var codings: [String]?
        var close = false
        var keepAlive = false
        var expectation: String?
        for (name, value) in headers {
            switch name.lowercased() {
            case "host":
                hosts += 1
            case "content-length":
                // A list of the same length ("5, 5") is one length (RFC 9112, section 6.3).
                for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let digits = element.trimmingWhitespace
                    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                        throw .bad("Content-Length is not a number")
                    }
                    guard digits.utf8.count <= 18, let length = Int(digits), length <= limits.body else {
                        throw HTTPParseError(.contentTooLarge, "the body is more than \(limits.body) bytes")
                    }
                    lengths.insert(length)
                }
            case "transfer-encoding":
                codings = (codings ?? []) + value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace.lowercased() }
            case "connection":
                for option in value.split(separator: ",") {
                    switch option.trimmingWhitespace.lowercased() {
                    case "close": close = true
                    case "keep-alive": keepAlive = true
                    default: break
                    }
                }
            case "expect":
                expectation = value.lowercased()
            default:
                break
            }
        }
        if version.minor >= 1, hosts != 1 { throw .bad(hosts == 0 ? "an HTTP/1.1 request without Host" : "more than one Host") }
        if hosts > 1 { throw .bad("more than one Host") }
        if lengths.count > 1 { throw .bad("two different Content-Lengths") }
        var request = HTTPRequest(method: method, target: target, version: version, headers: headers,
                                  keepAlive: !close && (version.minor >= 1 || keepAlive))
        var expectsContinue = false
        if let expectation {
            guard expectation == "100-continue" else { throw HTTPParseError(.expectationFailed, "only Expect: 100-continue is met") }
            expectsContinue = version.minor >= 1
        }
        if let codings {
            // Both framings at once is how requests are smuggled past a proxy: refused.
            guard lengths.isEmpty else { throw .bad("both Content-Length and Transfer-Encoding") }
            guard version.minor >= 1 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            guard codings.allSatisfy({ $0 == "chunked" }) else {
                if codings.contains(where: { $0.isEmpty || !$0.utf8.allSatisfy(ASCII.isTokenCharacter) }) { throw .bad("Transfer-Encoding is not a list of codings") }
                throw HTTPParseError(.notImplemented, "only the chunked transfer coding is understood")
            }
            guard codings.count == 1 else { throw .bad("chunked more than once in Transfer-Encoding") }
            request.body = []
            return Head(request: request, expectsContinue: expectsContinue, framing: .chunked)
        }
        return Head(request: request, expectsContinue: expectsContinue && (lengths.first ?? 0) > 0, framing: .length(lengths.first ?? 0))
    }

    /// Starts reading the body the head frames, and hands out what is already here.
    mutating func startBody(_ head: Head) throws(HTTPParseError) -> HTTPParserEvent? {
        switch head.framing {
        case .length(let length):
            if head.expectsContinue && buffer.count - position < length {
                state = .body(head, remaining: length)
                return .continueExpected
            }
            return takeBody(head, remaining: length)
        case .chunked:
            state = .chunked(head, ChunkedBody())
            // A client that waits for 100 Continue has sent no chunk yet.
            if head.expectsContinue && position == buffer.count { return .continueExpected }
            return try next()
        }
    }

    mutating func takeBody(_ head: Head, remaining: Int) -> HTTPParserEvent? {
        guard buffer.count - position >= remaining else {
            state = .body(head, remaining: remaining)
            return nil
        }
        var request = head.request
        request.body = Array(buffer[position..<(position + remaining)])
        position += remaining
        finishRequest()
        return .request(request)
    }
}

extension HTTPParser.Head {
    enum Framing {
        case length(Int)
        case chunked
    }
}

/// A chunked body being read (RFC 9112, section 7.1): each chunk's size in hex, its data,
/// then a chunk of size 0 and a trailer section, which is checked and dropped.
struct ChunkedBody {
    var body: [UInt8] = []
    private var phase = Phase.size
    private var trailerBytes = 0
    private var trailerFields = 0

    private enum Phase {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
    }

    /// Reads what it can from `position`; true once the body is whole.
    mutating func decode(_ buffer: inout [UInt8], from position: inout Int, limits: HTTPLimits) throws(HTTPParseError) -> Bool {
        while true {
            switch phase {
            case .size:
                guard let line = try Self.line(buffer, from: position, limit: 1_024) else { return false }
                var index = line.lowerBound
                var size = 0
                while index < line.upperBound, let value = ASCII.hexValue(buffer[index]) {
                    guard size <= (limits.body >> 4) else { throw HTTPParseError(.contentTooLarge, "the body is more than \(limits.body) bytes") }
                    size = size << 4 | Int(value)
                    index += 1
                }
                guard index > line.lowerBound else { throw .bad("a chunk does not begin with its size in hex") }
                // Chunk extensions (";name=value") are allowed and ignored.
                while index < line.upperBound, ASCII.isWhitespace(buffer[index]) { index += 1 }
                guard index == line.upperBound || buffer[index] == UInt8(ascii: ";") else { throw .bad("a chunk's size is followed by something other than an extension") }
                for byte in buffer[index..<line.upperBound] where !ASCII.isFieldValueCharacter(byte) { throw .bad("a chunk extension holds a control character") }
                guard body.count + size <= limits.body else { throw HTTPParseError(.contentTooLarge, "the body is more than \(limits.body) bytes") }
                position = line.upperBound + 2
                phase = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - position)
                body.append(contentsOf: buffer[position..<(position + available)])
                position += available
                guard available == remaining else { phase = .data(remaining: remaining - available); return false }
                phase = .dataEnd
            case .dataEnd:
                guard buffer.count - position >= 2 else { return false }
                guard buffer[position] == ASCII.cr, buffer[position + 1] == ASCII.lf else { throw .bad("a chunk's data is not followed by CRLF") }
                position += 2
                phase = .size
            case .trailer:
                guard let line = try Self.line(buffer, from: position, limit: limits.headerBytes - trailerBytes) else { return false }
                position = line.upperBound + 2
                if line.isEmpty { return true }
                trailerBytes += line.count + 2
                trailerFields += 1
                if trailerFields > limits.headerFields { throw HTTPParseError(.requestHeaderFieldsTooLarge, "more than \(limits.headerFields) trailer fields") }
                if ASCII.isWhitespace(buffer[line.lowerBound]) { throw .bad("obsolete line folding in the trailer") }
                guard let colon = buffer[line].firstIndex(of: ASCII.colon), colon > line.lowerBound,
                      buffer[line.lowerBound..<colon].allSatisfy(ASCII.isTokenCharacter),
                      buffer[(colon + 1)..<line.upperBound].allSatisfy(ASCII.isFieldValueCharacter) else {
                    throw .bad("a trailer field is not NAME: VALUE")
                }
            }
        }
    }

    /// The line from `start` without its CRLF, once it has come; a bare CR or LF is refused,
    /// and so is a line longer than `limit`.
    private static func line(_ buffer: [UInt8], from start: Int, limit: Int) throws(HTTPParseError) -> Range<Int>? {
        var index = start
        while index < buffer.count {
            switch buffer[index] {
            case ASCII.cr:
                guard index + 1 < buffer.count else { return nil }
                guard buffer[index + 1] == ASCII.lf else { throw .bad("a CR not followed by LF") }
                return start..<index
            case ASCII.lf:
                throw .bad("a bare LF ends a line; lines end with CRLF")
            default:
                index += 1
                if index - start > limit { throw HTTPParseError(.requestHeaderFieldsTooLarge, "a chunk line or the trailer is too long") }
            }
        }
        return nil
    }
}

extension Substring {
    /// Without the spaces and tabs at either end (OWS).
    var trimmingWhitespace: Substring {
        var text = self
        while let first = text.utf8.first, ASCII.isWhitespace(first) { text = text.dropFirst() }
        while let last = text.utf8.last, ASCII.isWhitespace(last) { text = text.dropLast() }
        return text
    }
}

extension String {
    var trimmingWhitespace: Substring { Substring(self).trimmingWhitespace }
}
