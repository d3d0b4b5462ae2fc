import Foundation
import LanziCore
import LanziService
import LanziAPI
import LanziHTTP

extension Commands {
    /// `serve`: the JSON API (and, later, the pages) over HTTP, in the foreground.
    static let serve: [CommandSpec] = [
        CommandSpec(["serve"], "serve the market over HTTP in the foreground until Ctrl-C or SIGTERM (requests in flight finish first)", options: [
            .value("host", "ADDRESS", "the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"),
            .value("port", "PORT", "the port (default 8080; 0 for any free one)"),
        ], printsData: false) { context in
            let invocation = context.invocation
            let port = try invocation.integer("port") ?? 8080
            guard (0...65_535).contains(port) else { throw DomainError(field: "--port", rule: "must be a port number from 0 to 65535") }
            let service = try context.service()
            let api = HTTPAPI(service: service) { token in try service.authenticate(token: token) }
            var configuration = HTTPServerConfiguration()
            configuration.host = invocation.value("host") ?? "127.0.0.1"
            configuration.port = port
            api.configure(&configuration)
            let server: HTTPServer
            do {
                server = try HTTPServer(configuration: configuration, handler: api.handle)
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
}
