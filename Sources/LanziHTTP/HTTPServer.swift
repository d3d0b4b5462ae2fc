import Foundation

/// What a handler knows of the connection a request came on.
package struct HTTPRequestContext: Sendable {
    /// The peer's address, as sign-in throttling counts addresses.
    package let remoteAddress: String

    package init(remoteAddress: String) {
        self.remoteAddress = remoteAddress
    }
}

/// How the server listens, what it allows, and who answers.
package struct HTTPServerConfiguration: Sendable {
    package var host = "127.0.0.1"
    /// 0 for any free port; `HTTPServer.port` says which it got.
    package var port = 8080
    /// Event loops, each a thread: one a core.
    package var loops = max(1, ProcessInfo.processInfo.activeProcessorCount)
    package var limits = HTTPLimits()
    /// Connections open at once, over all loops; one more is answered 503 and closed.
    package var maxConnections = 10_000
    /// How long a request may take to come whole once its first byte has (408 after), and
    /// how long an answer may wait for the client to read it.
    package var requestTimeout: UInt64 = 10_000_000_000
    /// How long a keep-alive connection may sit with nothing to do.
    package var idleTimeout: UInt64 = 120_000_000_000
    /// How long a shutdown waits for requests in flight before it closes what is left.
    package var shutdownGrace: UInt64 = 10_000_000_000
    /// Where access-log lines go, a turn of a loop's lines at a time; nil for none.
    package var accessLog: (@Sendable ([UInt8]) -> Void)? = HTTPServerConfiguration.standardError
    /// The answer to a request refused before a handler saw it (malformed, too big, too slow).
    package var errorResponse: @Sendable (HTTPStatus, String) -> HTTPResponse = { status, message in .text(status, message) }

    package init() {}

    /// Access-log lines to standard error.
    package static let standardError: @Sendable ([UInt8]) -> Void = { bytes in
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { if errno == EINTR { continue } else { return } }
                offset += count
            }
        }
    }
}

/// What every loop of one server shares: the configuration, the handler and the count of
/// open connections.
final class ServerShared: @unchecked Sendable {
    // @unchecked Sendable: `open` is read and written under `lock`; the rest never changes.
    let configuration: HTTPServerConfiguration
    let handler: @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse
    private let lock = NSLock()
    private var open = 0
    private var shuttingDown = false

    /// Whether a shutdown has been asked for: answers from then on close their connections.
    var isShuttingDown: Bool {
        get { lock.lock(); defer { lock.unlock() }; return shuttingDown }
        set { lock.lock(); shuttingDown = newValue; lock.unlock() }
    }

    init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse) {
        self.configuration = configuration
        self.handler = handler
    }

    func admitConnection() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard open < configuration.maxConnections else { return false }
        open += 1
        return true
    }

    func releaseConnection() {
        lock.lock()
        open -= 1
        lock.unlock()
    }

    var openConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return open
    }
}

/// An HTTP/1.1 server on POSIX sockets: a fixed set of event loops (epoll), one a core,
/// never a thread a connection. `handler` answers each request on the loop's thread; it
/// must not block for long.
package final class HTTPServer: Sendable {
    package let port: Int
    private let loops: [EventLoop]
    private let shared: ServerShared
    private let finished: DispatchGroup

    /// Binds and starts the loops.
    /// - Throws: `SocketError` when the address cannot be bound.
    package init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse) throws(SocketError) {
        shared = ServerShared(configuration: configuration, handler: handler)
        var listeners: [Int32] = []
        var port = configuration.port
        do throws(SocketError) {
            for _ in 0..<max(1, configuration.loops) {
                // The first socket takes the port (a free one for 0); the others share it.
                let bound = try Listener.bind(host: configuration.host, port: port, backlog: 1_024)
                listeners.append(bound.descriptor)
                port = bound.port
            }
            var made: [EventLoop] = []
            for listener in listeners { made.append(try EventLoop(listener: listener, shared: shared)) }
            loops = made
        } catch {
            for listener in listeners { close(listener) }
            throw error
        }
        self.port = port
        finished = DispatchGroup()
        for (index, loop) in loops.enumerated() {
            finished.enter()
            let group = finished
            let thread = Thread {
                loop.run()
                group.leave()
            }
            thread.name = "http-loop-\(index)"
            // Handlers run the service's work on these threads: room for deep calls.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Connections open now, over every loop.
    package var openConnections: Int { shared.openConnections }

    /// Stops accepting, lets requests in flight finish (up to the grace period), and closes
    /// the rest. Returns at once; `waitUntilStopped` waits.
    package func shutdown() {
        shared.isShuttingDown = true
        for loop in loops { loop.requestShutdown() }
    }

    package func waitUntilStopped() {
        finished.wait()
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully and returns.
    package func runUntilSignalled() {
        SignalPipe.install()
        SignalPipe.wait()
        shutdown()
        waitUntilStopped()
    }
}

/// SIGINT and SIGTERM turned into a byte on a pipe that a thread waits on: a signal handler
/// may do next to nothing, and write(2) is among the little it may.
enum SignalPipe {
    // Plain integers, set before the handlers are: the handler reads one and nothing else.
    nonisolated(unsafe) static var readEnd: Int32 = -1
    nonisolated(unsafe) static var writeEnd: Int32 = -1

    static func install() {
        guard readEnd < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        readEnd = ends[0]
        writeEnd = ends[1]
        for signalNumber in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(SignalPipe.writeEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
        }
        // A process may start with these blocked (a parent's threads pass their mask on, as a
        // test runner's do): unblocked on this thread, the one that waits, they reach it.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        sigaddset(&wanted, SIGINT)
        sigaddset(&wanted, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    static func wait() {
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) < 0 && errno == EINTR {}
    }
}
