import Glibc

/// Linux's epoll and eventfd, which Glibc's Swift module leaves out (their headers are not in
/// it), reached by their C symbols in libc: every argument and result is a plain integer or a
/// pointer, which Swift passes as C does. The constants are the kernel's, the same on every
/// architecture Swift runs on Linux.
enum Epoll {
    static let readable: UInt32 = 0x001      // EPOLLIN
    static let writable: UInt32 = 0x004      // EPOLLOUT
    static let failed: UInt32 = 0x008        // EPOLLERR
    static let hungUp: UInt32 = 0x010        // EPOLLHUP
    static let add: Int32 = 1                // EPOLL_CTL_ADD
    static let remove: Int32 = 2             // EPOLL_CTL_DEL
    static let modify: Int32 = 3             // EPOLL_CTL_MOD
    static let closeOnExec: Int32 = 0o2_000_000   // EPOLL_CLOEXEC, EFD_CLOEXEC (O_CLOEXEC)
    static let nonBlocking: Int32 = 0o4_000       // EFD_NONBLOCK (O_NONBLOCK)
    /// TCP_NODELAY, from netinet/tcp.h, also outside the module.
    static let noDelay: Int32 = 1

    /// `struct epoll_event`: the events, then 64 bits of data, here a file descriptor. The
    /// kernel packs it on x86_64 (12 bytes) and aligns the data on other architectures (16).
    struct Event {
        #if arch(x86_64)
        private var storage: (UInt32, UInt32, UInt32) = (0, 0, 0)
        var events: UInt32 { get { storage.0 } set { storage.0 = newValue } }
        var descriptor: Int32 { get { Int32(bitPattern: storage.1) } set { storage.1 = UInt32(bitPattern: newValue); storage.2 = 0 } }
        #else
        private var storage: (UInt32, UInt32, UInt64) = (0, 0, 0)
        var events: UInt32 { get { storage.0 } set { storage.0 = newValue } }
        var descriptor: Int32 { get { Int32(truncatingIfNeeded: storage.2) } set { storage.2 = UInt64(UInt32(bitPattern: newValue)) } }
        #endif

        init() {}

        init(events: UInt32, descriptor: Int32) {
            self.events = events
            self.descriptor = descriptor
        }
    }

    static func create() -> Int32 { system_epoll_create1(closeOnExec) }

    static func control(_ epoll: Int32, _ operation: Int32, _ descriptor: Int32, _ event: inout Event) -> Int32 {
        withUnsafeMutablePointer(to: &event) { system_epoll_ctl(epoll, operation, descriptor, UnsafeMutableRawPointer($0)) }
    }

    static func remove(_ epoll: Int32, _ descriptor: Int32) {
        _ = system_epoll_ctl(epoll, remove, descriptor, nil)
    }

    static func wait(_ epoll: Int32, _ events: inout [Event], timeoutMilliseconds: Int32) -> Int32 {
        events.withUnsafeMutableBufferPointer { buffer in
            system_epoll_wait(epoll, UnsafeMutableRawPointer(buffer.baseAddress!), Int32(buffer.count), timeoutMilliseconds)
        }
    }

    /// A non-blocking eventfd, for waking a loop from another thread.
    static func makeWakeUp() -> Int32 { system_eventfd(0, nonBlocking | closeOnExec) }
}

@_silgen_name("epoll_create1")
private func system_epoll_create1(_ flags: Int32) -> Int32

@_silgen_name("epoll_ctl")
private func system_epoll_ctl(_ epoll: Int32, _ operation: Int32, _ descriptor: Int32, _ event: UnsafeMutableRawPointer?) -> Int32

@_silgen_name("epoll_wait")
private func system_epoll_wait(_ epoll: Int32, _ events: UnsafeMutableRawPointer, _ count: Int32, _ timeout: Int32) -> Int32

@_silgen_name("eventfd")
private func system_eventfd(_ initial: UInt32, _ flags: Int32) -> Int32
