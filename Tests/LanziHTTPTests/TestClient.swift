import Foundation
@testable import LanziHTTP

/// A blocking TCP client that sends bytes exactly as given and reads answers as they come:
/// what a test needs to speak to the server below any HTTP library.
final class TestClient {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int, timeoutSeconds: Int = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError("socket") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard status == 0 else { close(descriptor); throw SocketError("connect") }
    }

    deinit { close(descriptor) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            offset += count
        }
    }

    /// One answer: its status, fields and body (framed by Content-Length); nil at the end of
    /// the connection or on a timeout.
    func response(headOnly: Bool = false) -> (status: Int, headers: [String: String], body: String)? {
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let status = Int(statusLine.split(separator: " ")[1]) ?? 0
                var headers: [String: String] = [:]
                for line in lines {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    headers[parts[0].lowercased()] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
                }
                let length = headOnly || status == 100 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
                while pending.count < end.upperBound + length { guard fill() else { return nil } }
                let body = String(decoding: pending[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                pending.removeSubrange(0..<(end.upperBound + length))
                return (status, headers, body)
            }
            guard fill() else { return nil }
        }
    }

    /// Whether the server has closed the connection: a read gives its end (not a timeout).
    func isClosedByServer() -> Bool {
        while fill() {}
        return lastReadWasEnd
    }

    private var lastReadWasEnd = false

    private func fill() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        lastReadWasEnd = count == 0
        guard count > 0 else { return false }
        pending += buffer[..<count]
        return true
    }
}

/// Lines an access log gets, kept for a test to read.
final class CollectedLog: @unchecked Sendable {
    // @unchecked Sendable: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var text = ""

    var sink: @Sendable ([UInt8]) -> Void {
        { [self] bytes in lock.lock(); text += String(decoding: bytes, as: UTF8.self); lock.unlock() }
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return text.split(separator: "\n").map(String.init)
    }
}
