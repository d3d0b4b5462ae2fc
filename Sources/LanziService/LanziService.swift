import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// The use cases of Lanzi. Every method is one transaction and checks the caller's
/// permission first; the command line and the HTTP server call these and nothing below.
package struct LanziService: Sendable {
    package let queue: DatabaseQueue
    package let caller: Caller
    /// Makes each payment's receipt in the payment's transaction; nil until receipts exist.
    package let receipts: (any ReceiptIssuing)?

    package init(queue: DatabaseQueue, caller: Caller, receipts: (any ReceiptIssuing)? = nil) {
        self.queue = queue
        self.caller = caller
        self.receipts = receipts
    }

    /// Opens the database at `path` and brings its schema up to date with the migrations in
    /// `schemaDirectory`.
    /// - Parameter create: make the file if it is missing (`lanzi init`, `lanzi seed`);
    ///   otherwise a missing file is refused rather than silently created empty.
    /// - Throws: `ServiceError.unavailable` for a missing file, a file that is not a
    ///   database, or a schema that disagrees with this build.
    package static func openDatabase(at path: String, create: Bool, schemaDirectory: URL) throws -> DatabaseQueue {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw ServiceError.unavailable("no database at \(path); create one with `lanzi init` or `lanzi seed FILE`, or name one with --db")
        }
        do {
            let migrations = try Migration.load(from: schemaDirectory) { Digest.hex(try Digest.sha256($0)) }
            let database = try Database(path: path, create: create)
            try Migrator.migrate(database, to: migrations)
            return DatabaseQueue(database)
        } catch let error as MigrationError {
            throw ServiceError.unavailable(error.description)
        } catch let error as SQLiteError where [.notADatabase, .cantOpen, .corrupt].contains(error.code.primary) {
            throw ServiceError.unavailable("\(path) cannot be used as a Lanzi database: \(error.message)")
        }
    }

    /// Refuses a caller who may not change the register. Called before any validation, so
    /// that a caller without the right learns nothing about the rules from the refusal.
    func checkMayChange() throws {
        guard caller.mayChangeRegister else { throw ServiceError.forbidden("a \(caller.role.rawValue) may not change the register") }
    }

    /// Runs `body` as one writing transaction after checking that the caller may change the register.
    func change<T>(_ body: (Database) throws -> T) throws -> T {
        try checkMayChange()
        return try Self.translatingStorageErrors { try queue.write(body) }
    }

    /// A refusal by the database itself (a constraint or trigger that the service's own
    /// checks did not foresee) becomes a conflict with SQLite's message and no SQL text;
    /// any other SQLite failure becomes `unavailable`.
    static func translatingStorageErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.code.primary == .constraint {
            throw ServiceError.conflict("the database refused the change: \(error.message)")
        } catch let error as SQLiteError {
            throw ServiceError.unavailable("the database failed: \(error.message)")
        }
    }

    /// Runs `body` as one reading transaction after checking that the caller may read the register.
    func look<T>(_ body: (Database) throws -> T) throws -> T {
        guard caller.maySeeRegister else { throw ServiceError.forbidden("a \(caller.role.rawValue) may not read the register") }
        return try Self.translatingStorageErrors { try queue.read(body) }
    }

    /// Appends to the activity log, inside the caller's transaction.
    func log(_ database: Database, _ action: String, _ subject: String, _ detail: JSONValue = .object([])) throws {
        try database.logActivity(actor: caller.name, action: action, subject: subject, detail: detail.serialized(pretty: false))
    }
}
