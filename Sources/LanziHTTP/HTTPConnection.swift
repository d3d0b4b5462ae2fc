/// One client's connection, owned by one event loop and touched by no other thread.
final class HTTPConnection {
    let descriptor: Int32
    let address: String
    var parser: HTTPParser
    /// Answers waiting to be sent, from `written` on.
    var output: [UInt8] = []
    var written = 0
    /// When the first byte of the request being read came: a request may take so long.
    var requestStartedAt: UInt64?
    /// When anything was last read or written.
    var lastActivityAt: UInt64
    var state = State.open
    /// Whether the loop watches it for writing (output is waiting) rather than for reading.
    var isWaitingToWrite = false
    /// The peer has sent its last byte.
    var peerClosed = false
    /// Requests are waiting in the parser because answers waited to be sent.
    var isHeldBack = false

    enum State: Equatable {
        case open
        /// Its last answer is queued; once it is sent the connection's sending side closes.
        case closingAfterWrite
        /// Sending side closed; what the peer still sends is read and dropped until it
        /// closes or the deadline passes, so that the last answer is not lost to a reset.
        case lingering(until: UInt64)
    }

    init(descriptor: Int32, address: String, limits: HTTPLimits, now: UInt64) {
        self.descriptor = descriptor
        self.address = address
        parser = HTTPParser(limits: limits)
        lastActivityAt = now
    }

    var hasPendingOutput: Bool { written < output.count }
}
