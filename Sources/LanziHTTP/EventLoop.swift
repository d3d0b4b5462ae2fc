import Foundation

/// One thread's loop: its own epoll set, its own listening socket on the server's port, and
/// the connections it accepted. Requests are answered on this thread, in the order each
/// connection sent them.
final class EventLoop: @unchecked Sendable {
    // @unchecked Sendable: everything below but `wake` and `shared` is touched only by the
    // loop's own thread once `run` starts; `wake` is an eventfd, written from any thread.
    let epoll: Int32
    let wake: Int32
    private var listener: Int32
    private let shared: ServerShared
    private var connections: [HTTPConnection?] = []
    private var connectionCount = 0
    private var scratch = [UInt8](repeating: 0, count: 65_536)
    private var date = HTTPDate.now()
    private var lastSweep = Syscall.now()
    private var log: [UInt8] = []
    private var shuttingDownSince: UInt64?

    init(listener: Int32, shared: ServerShared) throws(SocketError) {
        self.listener = listener
        self.shared = shared
        epoll = try Syscall.call("epoll_create1") { Epoll.create() }
        wake = try Syscall.call("eventfd") { Epoll.makeWakeUp() }
        try watch(listener, Epoll.readable, add: true)
        try watch(wake, Epoll.readable, add: true)
    }

    deinit {
        close(epoll)
        close(wake)
    }

    /// Asks the loop, from any thread, to stop accepting and finish.
    func requestShutdown() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    private func watch(_ descriptor: Int32, _ events: UInt32, add: Bool) throws(SocketError) {
        var event = Epoll.Event(events: events, descriptor: descriptor)
        try Syscall.call("epoll_ctl") { Epoll.control(epoll, add ? Epoll.add : Epoll.modify, descriptor, &event) }
    }

    /// Runs until shutdown is asked for and every connection has finished.
    func run() {
        var events = [Epoll.Event](repeating: Epoll.Event(), count: 256)
        while true {
            let count = Epoll.wait(epoll, &events, timeoutMilliseconds: 250)
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                let descriptor = event.descriptor
                if descriptor == listener {
                    acceptAll()
                } else if descriptor == wake {
                    var value: UInt64 = 0
                    _ = read(wake, &value, 8)
                    beginShutdown()
                } else if let connection = connection(descriptor) {
                    if event.events & Epoll.writable != 0 { flush(connection) }
                    if event.events & (Epoll.readable | Epoll.hungUp | Epoll.failed) != 0, self.connection(descriptor) === connection {
                        readable(connection)
                    }
                }
            }
            let now = Syscall.now()
            if now - lastSweep >= 250_000_000 { sweep(now) }
            writeLog()
            if shuttingDownSince != nil && connectionCount == 0 { break }
        }
        writeLog()
    }

    private func connection(_ descriptor: Int32) -> HTTPConnection? {
        Int(descriptor) < connections.count ? connections[Int(descriptor)] : nil
    }

    // MARK: - Accepting

    private func acceptAll() {
        while listener >= 0 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            if descriptor < 0 {
                if errno == EINTR { continue }
                // EAGAIN: none left. EMFILE and the like: the connection waits in the backlog.
                return
            }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            guard shared.admitConnection() else {
                refuse(descriptor)
                continue
            }
            do throws(SocketError) {
                try Syscall.setNonBlocking(descriptor)
                // Answers are small and whole: sent at once, not held back for more.
                try Syscall.setOption(descriptor, Int32(IPPROTO_TCP), Epoll.noDelay, 1)
                try watch(descriptor, Epoll.readable, add: true)
            } catch {
                close(descriptor)
                shared.releaseConnection()
                continue
            }
            let connection = HTTPConnection(descriptor: descriptor, address: Address(storage).text, limits: shared.configuration.limits, now: Syscall.now())
            if Int(descriptor) >= connections.count { connections += Array(repeating: nil, count: Int(descriptor) + 1 - connections.count + 64) }
            connections[Int(descriptor)] = connection
            connectionCount += 1
        }
    }

    /// Over the bound on open connections: a 503 that the client may retry, sent without
    /// waiting, and closed.
    private func refuse(_ descriptor: Int32) {
        var bytes: [UInt8] = []
        shared.configuration.errorResponse(.serviceUnavailable, "the server has as many connections open as it allows; try again shortly")
            .write(into: &bytes, date: date, closing: true, keepAliveOnHTTP10: false, headOnly: false)
        _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
        _ = send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL))
        close(descriptor)
        append(log: "- - 503 \(bytes.count) 0")
    }

    // MARK: - Reading and answering

    private func readable(_ connection: HTTPConnection) {
        let now = Syscall.now()
        while true {
            let count = scratch.withUnsafeMutableBytes { read(connection.descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                connection.lastActivityAt = now
                if case .lingering = connection.state { continue }
                scratch.withUnsafeBytes { connection.parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                if count < scratch.count { break }
            } else if count == 0 {
                connection.peerClosed = true
                break
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                drop(connection)
                return
            }
        }
        if case .lingering = connection.state {
            if connection.peerClosed { drop(connection) }
            return
        }
        answer(connection, now: now)
    }

    /// Answers every whole request the connection holds, in order, then sends.
    private func answer(_ connection: HTTPConnection, now: UInt64) {
        // While answers wait to be sent, no more requests are read: a client that sends
        // without reading cannot make the server hold its answers without end.
        while connection.state == .open {
            guard connection.output.count - connection.written < 65_536 else {
                connection.isHeldBack = true
                break
            }
            let event: HTTPParserEvent?
            do {
                event = try connection.parser.next()
            } catch {
                respond(to: connection, with: shared.configuration.errorResponse(error.status, error.message), method: "-", path: "-", started: now, closing: true, headOnly: false)
                break
            }
            guard let event else { break }
            switch event {
            case .continueExpected:
                connection.output.append(contentsOf: HTTPResponse.continueBytes)
            case .request(let request):
                let started = Syscall.now()
                let context = HTTPRequestContext(remoteAddress: connection.address)
                let response = shared.handler(request, context)
                let closing = !request.keepAlive || shared.isShuttingDown
                respond(to: connection, with: response, method: request.method, path: request.path, started: started, closing: closing,
                        headOnly: request.method == "HEAD", keepAliveOnHTTP10: request.keepAlive && request.version.minor == 0)
            }
        }
        if connection.parser.hasPartialRequest {
            if connection.requestStartedAt == nil { connection.requestStartedAt = now }
        } else {
            connection.requestStartedAt = nil
        }
        if connection.peerClosed && connection.state == .open {
            // The peer sent all it will: what is answered goes out, a half request is dropped.
            connection.state = .closingAfterWrite
        }
        flush(connection)
    }

    private func respond(to connection: HTTPConnection, with response: HTTPResponse, method: String, path: String, started: UInt64, closing: Bool,
                         headOnly: Bool, keepAliveOnHTTP10: Bool = false) {
        response.write(into: &connection.output, date: date, closing: closing, keepAliveOnHTTP10: keepAliveOnHTTP10 && !closing, headOnly: headOnly)
        if closing { connection.state = .closingAfterWrite }
        let micros = (Syscall.now() - started) / 1_000
        append(log: "\(method) \(path) \(response.status.code) \(headOnly ? 0 : response.body.count) \(micros)")
    }

    /// Sends what is waiting; watches for room to send the rest, or closes when it is all out
    /// and the connection is ending.
    private func flush(_ connection: HTTPConnection) {
        while connection.hasPendingOutput {
            let count = connection.output.withUnsafeBytes { bytes in
                send(connection.descriptor, bytes.baseAddress! + connection.written, bytes.count - connection.written, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                connection.written += count
                connection.lastActivityAt = Syscall.now()
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if !connection.isWaitingToWrite {
                    connection.isWaitingToWrite = true
                    try? watch(connection.descriptor, Epoll.writable, add: false)
                }
                return
            } else {
                drop(connection)
                return
            }
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 1 << 20)
        connection.written = 0
        if connection.isWaitingToWrite {
            connection.isWaitingToWrite = false
            try? watch(connection.descriptor, Epoll.readable, add: false)
        }
        switch connection.state {
        case .closingAfterWrite:
            if connection.peerClosed {
                drop(connection)
            } else {
                shutdown(connection.descriptor, Int32(SHUT_WR))
                connection.state = .lingering(until: Syscall.now() + 2_000_000_000)
            }
        case .open:
            // Requests read while answers waited are answered now.
            if connection.isHeldBack {
                connection.isHeldBack = false
                answer(connection, now: Syscall.now())
            }
        case .lingering:
            break
        }
    }

    private func drop(_ connection: HTTPConnection) {
        guard self.connection(connection.descriptor) === connection else { return }
        connections[Int(connection.descriptor)] = nil
        connectionCount -= 1
        close(connection.descriptor)
        shared.releaseConnection()
    }

    // MARK: - Time

    /// Once every quarter second: the date, slow requests (408), idle connections, lingering
    /// ones, and the end of a shutdown's grace.
    private func sweep(_ now: UInt64) {
        lastSweep = now
        date = HTTPDate.now()
        let configuration = shared.configuration
        let graceOver = shuttingDownSince.map { now - $0 > configuration.shutdownGrace } ?? false
        for case let connection? in connections {
            switch connection.state {
            case .lingering(let until):
                // Answered already: a shutdown need not wait for the peer to close.
                if now > until || shuttingDownSince != nil { drop(connection) }
                continue
            case .closingAfterWrite, .open:
                break
            }
            if graceOver {
                drop(connection)
            } else if connection.hasPendingOutput {
                if now - connection.lastActivityAt > configuration.requestTimeout { drop(connection) }
            } else if let started = connection.requestStartedAt, now - started > configuration.requestTimeout {
                let message = connection.parser.isReadingBody ? "the body did not come in time" : "the request did not come in time"
                respond(to: connection, with: configuration.errorResponse(.requestTimeout, message), method: "-", path: "-", started: now, closing: true, headOnly: false)
                flush(connection)
            } else if connection.requestStartedAt == nil && (shuttingDownSince != nil || now - connection.lastActivityAt > configuration.idleTimeout) {
                drop(connection)
            }
        }
    }

    private func beginShutdown() {
        guard shuttingDownSince == nil else { return }
        shuttingDownSince = Syscall.now()
        if listener >= 0 {
            Epoll.remove(epoll, listener)
            close(listener)
            listener = -1
        }
        sweep(Syscall.now())
    }

    // MARK: - Access log

    private func append(log line: String) {
        guard shared.configuration.accessLog != nil else { return }
        log.append(contentsOf: line.utf8)
        log.append(ASCII.lf)
    }

    /// The lines of one turn of the loop, written together.
    private func writeLog() {
        guard !log.isEmpty, let sink = shared.configuration.accessLog else { return }
        sink(log)
        log.removeAll(keepingCapacity: true)
    }
}
