import Foundation

/// An answer: its status, its header fields and its body. The server adds `Content-Length`,
/// `Date` and, when the connection ends with it, `Connection: close`.
package struct HTTPResponse: Sendable {
    package var status: HTTPStatus
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: HTTPStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text answer, as the server gives one of its own when no handler has one.
    package static func text(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array((text + "\n").utf8))
    }

    /// Whether a response of this status has a body at all (RFC 9110, section 6.4.1).
    var hasBody: Bool { status.code >= 200 && status.code != 204 && status.code != 304 }

    /// The response's bytes appended to `output`: status line, fields, and the body unless
    /// it answers HEAD.
    func write(into output: inout [UInt8], date: [UInt8], closing: Bool, keepAliveOnHTTP10: Bool, headOnly: Bool) {
        output.append(contentsOf: HTTPResponse.statusLinePrefix)
        appendDecimal(status.code, to: &output)
        output.append(ASCII.space)
        output.append(contentsOf: status.reason.utf8)
        output.append(contentsOf: HTTPResponse.crlf)
        for (name, value) in headers {
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: HTTPResponse.colonSpace)
            output.append(contentsOf: value.utf8)
            output.append(contentsOf: HTTPResponse.crlf)
        }
        if hasBody {
            output.append(contentsOf: HTTPResponse.contentLength)
            appendDecimal(body.count, to: &output)
            output.append(contentsOf: HTTPResponse.crlf)
        }
        output.append(contentsOf: HTTPResponse.dateField)
        output.append(contentsOf: date)
        output.append(contentsOf: HTTPResponse.crlf)
        if closing {
            output.append(contentsOf: HTTPResponse.connectionClose)
        } else if keepAliveOnHTTP10 {
            output.append(contentsOf: HTTPResponse.connectionKeepAlive)
        }
        output.append(contentsOf: HTTPResponse.crlf)
        if hasBody && !headOnly { output.append(contentsOf: body) }
    }

    private func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &output) }
        output.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static let statusLinePrefix = Array("HTTP/1.1 ".utf8)
    private static let crlf = Array("\r\n".utf8)
    private static let colonSpace = Array(": ".utf8)
    private static let contentLength = Array("Content-Length: ".utf8)
    private static let dateField = Array("Date: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)

    /// `100 Continue`, whole.
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}

/// The `Date` field's value, IMF-fixdate (RFC 9110, section 5.6.7): made once a second.
enum HTTPDate {
    static func now() -> [UInt8] {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}
