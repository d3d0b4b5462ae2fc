import Foundation
internal import CSQLite

/// A test's way to make SQLite fail part way through a use case, as a failing disk would: the
/// Nth step (a statement's step or a script's run) of the connections a plan covers returns
/// an I/O error instead. Connections take their plan when they open, by their file's folder,
/// so a test arms only its own temporary folder and tests running beside it are untouched;
/// with no plan armed (always, outside tests) a step costs one nil check.
package final class FaultPlan: @unchecked Sendable {
    // @unchecked: `remaining` is touched only under `lock`.
    private let lock = NSLock()
    private var remaining: Int

    /// - Parameter afterSteps: the step that fails, counted from 1; 0 fails none.
    package init(afterSteps: Int = 0) { remaining = afterSteps }

    /// Fails the `steps`th step from now (counted from 1); 0 fails none.
    package func failStep(_ steps: Int) { lock.withLock { remaining = steps } }

    /// Counts one step; true when it is the one to fail.
    func fails() -> Bool {
        lock.withLock {
            guard remaining > 0 else { return false }
            remaining -= 1
            return remaining == 0
        }
    }
}

package enum FaultInjection {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var plans: [(folder: String, plan: FaultPlan)] = []

    /// Connections opened from now on to files under `folder` follow `plan`.
    package static func arm(_ plan: FaultPlan, forFilesUnder folder: String) {
        lock.withLock { plans.append((folder.hasSuffix("/") ? folder : folder + "/", plan)) }
    }

    package static func disarm(folder: String) {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        lock.withLock { plans.removeAll { $0.folder == prefix } }
    }

    static func plan(for path: String) -> FaultPlan? {
        lock.withLock { plans.last { path.hasPrefix($0.folder) }?.plan }
    }

    /// What a failed step returns: a disk's read or write error.
    static let injectedCode = SQLITE_IOERR

    static func error(sql: String?) -> SQLiteError {
        SQLiteError(code: ResultCode(rawValue: SQLITE_IOERR), message: "disk I/O error (an injected fault)", sql: sql)
    }
}
