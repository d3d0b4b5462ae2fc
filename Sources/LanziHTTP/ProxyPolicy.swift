import Foundation

/// How the server stands behind a reverse proxy that terminates TLS (nginx): whose
/// `X-Forwarded-For` is believed, and whether cookies are marked `Secure`. A client that
/// reaches the server directly cannot name another address: the header is read only from a
/// peer that is a configured proxy, and only the address that proxy itself appended (the
/// last), since anything before it came from the client.
package struct ProxyPolicy: Sendable {
    /// The proxies' own addresses, as the server sees its peers.
    package var trustedProxies: Set<String>
    /// Whether browsers reach the server over TLS (through the proxy): session cookies then
    /// carry `Secure`, so a browser never sends them over plain HTTP.
    package var behindTLS: Bool

    package init(trustedProxies: Set<String> = [], behindTLS: Bool = false) {
        self.trustedProxies = trustedProxies
        self.behindTLS = behindTLS
    }

    /// The request's context with the client's address: the forwarded one when the peer is
    /// a trusted proxy that sent one, else the peer's.
    package func context(of request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPRequestContext {
        guard trustedProxies.contains(context.remoteAddress), let forwarded = request.headers["x-forwarded-for"] else { return context }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !last.isEmpty, last.utf8.count <= 64, last.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" }) else {
            return context
        }
        return HTTPRequestContext(remoteAddress: last)
    }

    /// The response as it leaves: behind TLS, every cookie it sets is `Secure`.
    package func finish(_ response: HTTPResponse) -> HTTPResponse {
        guard behindTLS else { return response }
        var response = response
        response.headers.rewrite("set-cookie") { $0.hasSuffix("; Secure") ? $0 : $0 + "; Secure" }
        return response
    }
}
