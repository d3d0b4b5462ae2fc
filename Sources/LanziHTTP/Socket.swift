import Foundation

/// A socket call that failed: which call, and the system's words for `errno`.
package struct SocketError: Error, Hashable, Sendable, CustomStringConvertible {
    package let call: String
    package let code: Int32

    package init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    package var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// The system calls the server makes, each retried on EINTR and its failure thrown with
/// its errno (swift-nio's `System.swift` does the same).
enum Syscall {
    @discardableResult
    static func call(_ name: String, _ body: () -> Int32) throws(SocketError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno != EINTR { throw SocketError(name) }
        }
    }

    /// A socket option set to an integer.
    static func setOption(_ descriptor: Int32, _ level: Int32, _ option: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        try call("setsockopt") { setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) }
    }

    static func setNonBlocking(_ descriptor: Int32) throws(SocketError) {
        let flags = try call("fcntl") { fcntl(descriptor, F_GETFL) }
        try call("fcntl") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
    }

    /// Nanoseconds of the monotonic clock, which no change of the wall clock moves.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// A listening TCP socket, non-blocking, with SO_REUSEPORT so that each event loop has its
/// own on one port and the kernel shares connections out between them.
enum Listener {
    /// Binds `host` (a name or a numeric address) and `port` (0 for any free port).
    /// - Returns: the socket and the port it is bound to.
    static func bind(host: String, port: Int, backlog: Int32) throws(SocketError) -> (descriptor: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let address = found else {
            throw SocketError("getaddrinfo \(host): \(String(cString: gai_strerror(status)))", code: 0)
        }
        defer { freeaddrinfo(found) }
        let descriptor = try Syscall.call("socket") { socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0) }
        do throws(SocketError) {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            try Syscall.setOption(descriptor, SOL_SOCKET, SO_REUSEADDR, 1)
            try Syscall.setOption(descriptor, SOL_SOCKET, SO_REUSEPORT, 1)
            try Syscall.call("bind \(host):\(port)") { Glibc.bind(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) }
            try Syscall.call("listen") { listen(descriptor, backlog) }
            try Syscall.setNonBlocking(descriptor)
            return (descriptor, try boundPort(descriptor))
        } catch {
            close(descriptor)
            throw error
        }
    }

    static func boundPort(_ descriptor: Int32) throws(SocketError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { pointer throws(SocketError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SocketError) in
                _ = try Syscall.call("getsockname") { getsockname(descriptor, address, &length) }
            }
        }
        return Address(storage).port
    }
}

/// A peer's address as the access log and sign-in throttling name it.
struct Address {
    let text: String
    let port: Int

    init(_ storage: sockaddr_storage) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee } }
            var inner = address.sin_addr
            inet_ntop(AF_INET, &inner, &buffer, socklen_t(buffer.count))
            port = Int(UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee } }
            var inner = address.sin6_addr
            inet_ntop(AF_INET6, &inner, &buffer, socklen_t(buffer.count))
            port = Int(UInt16(bigEndian: address.sin6_port))
        default:
            port = 0
        }
        text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
