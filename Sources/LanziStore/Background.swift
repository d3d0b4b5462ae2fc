import Foundation

/// Work begun on a thread of its own, its value (or what it threw) taken when it is needed.
/// Whoever starts it waits for it before letting go of what it touches.
package final class Background<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is written once, by the work, before `done` is signalled, and read
    // only after that signal has been waited for; `finished` is touched only by the thread
    // that waits.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?
    private var finished = false

    package init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// Waits until the work has finished; at once if it was waited for before.
    package func wait() {
        guard !finished else { return }
        done.wait()
        finished = true
    }

    /// The work's value, once it has finished; what it threw is thrown here.
    package func value() throws -> Value {
        wait()
        return try result!.get()
    }
}
