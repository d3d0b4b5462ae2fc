import Foundation

/// Work begun on a thread of its own, its value (or what it threw) taken when it is needed.
final class Background<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is written once, by the work, before `done` is signalled, and read
    // only after `value()` has waited for that signal.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// The work's value, once it has finished; what it threw is thrown here.
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
