import Foundation
import LanziCore
import LanziService
import LanziAPI
import LanziHTTP

extension Commands {
    /// `serve`: the web pages and the JSON API over HTTP, in the foreground.
    static let serve: [CommandSpec] = [
        CommandSpec(["serve"], "serve the market over HTTP in the foreground until Ctrl-C or SIGTERM (requests in flight finish first)", options: [
            .value("host", "ADDRESS", "the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"),
            .value("port", "PORT", "the port (default 8080; 0 for any free one)"),
            .flag("behind-tls", "browsers reach the server over HTTPS through a proxy: session cookies are marked Secure"),
            .value("trusted-proxy", "ADDRESS", "the reverse proxy's address: its X-Forwarded-For names the client (for sign-in throttling and the activity log); from any other peer the header is ignored"),
            .value("public-url", "URL", "the address merchants reach the market at (https://market.example), for the QR codes of receipts; default: the address each request came to"),
        ], printsData: false) { context in
            let invocation = context.invocation
            let port = try invocation.integer("port") ?? 8080
            guard (0...65_535).contains(port) else { throw DomainError(field: "--port", rule: "must be a port number from 0 to 65535") }
            let service = try context.service()
            let publicURL = try invocation.value("public-url").map(Self.publicURL)
            let api = HTTPAPI(service: service) { token in try service.authenticate(token: token) }
            let pages = WebPages(service: service, publicAddress: publicURL) { token in try service.authenticate(token: token) }
            let trusted = invocation.value("trusted-proxy")
            if let trusted, trusted.isEmpty || trusted.count > 64 || !trusted.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" }) {
                throw DomainError(field: "--trusted-proxy", rule: "must be the proxy's IP address as the server sees it (127.0.0.1), got \(trusted)")
            }
            let proxy = ProxyPolicy(trustedProxies: Set(trusted.map { [$0] } ?? []), behindTLS: invocation.flag("behind-tls"))
            var configuration = HTTPServerConfiguration()
            configuration.host = invocation.value("host") ?? "127.0.0.1"
            configuration.port = port
            api.configure(&configuration)
            let server: HTTPServer
            do {
                server = try HTTPServer(configuration: configuration) { request, context in
                    let client = proxy.context(of: request, context)
                    return proxy.finish(WebPages.owns(request.path) ? pages.handle(request, client) : api.handle(request, client))
                }
            } catch {
                throw ServiceError.unavailable("cannot listen on \(configuration.host):\(port): \(error)")
            }
            let market = (try? service.market())?.name ?? ""
            // Written at once, not buffered: a script that starts the server waits for this line.
            FileHandle.standardOutput.write(Data((t("serving \(market) at http://\(configuration.host):\(server.port)/ — Ctrl-C stops") + "\n").utf8))
            server.runUntilSignalled()
            FileHandle.standardOutput.write(Data((t("stopped") + "\n").utf8))
        },
    ]

    /// `--public-url`: an http or https address with a host and nothing after it.
    static func publicURL(_ typed: String) throws -> String {
        let trimmed = typed.hasSuffix("/") ? String(typed.dropLast()) : typed
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host?.isEmpty == false,
              url.path.isEmpty, url.query == nil, url.fragment == nil, !trimmed.contains(" ") else {
            throw DomainError(field: "--public-url", rule: "must be an http:// or https:// address with a host and no path, got \(typed)")
        }
        return trimmed
    }
}
