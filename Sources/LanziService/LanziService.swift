import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// The use cases of Lanzi. Every method is one transaction and authorizes its `ServiceOperation`
/// first; the command line and the HTTP server call these and nothing below.
package struct LanziService: Sendable {
    /// Internal: every read and write goes through `change` or `look`, which authorize first.
    let queue: DatabaseQueue
    package let caller: Caller
    /// Where every stored instant and every defaulted date comes from.
    package let clock: Clock
    /// Where the detail of an unforeseen failure goes (the caller sees only `internalFailure`).
    package let failureLog: @Sendable (String) -> Void
    /// How new passwords are stored: `.production` (600,000 rounds) unless a test asks for fewer.
    package let passwordHashing: PasswordHashing

    package init(queue: DatabaseQueue, caller: Caller, clock: Clock,
                 failureLog: @escaping @Sendable (String) -> Void = LanziService.standardErrorLog,
                 passwordHashing: PasswordHashing = .production) {
        self.queue = queue
        self.caller = caller
        self.clock = clock
        self.failureLog = failureLog
        self.passwordHashing = passwordHashing
    }

    /// Writes a failure's detail to standard error, where an operator's terminal or the
    /// server's journal keeps it.
    package static let standardErrorLog: @Sendable (String) -> Void = { detail in
        FileHandle.standardError.write(Data("lanzi: internal error: \(detail)\n".utf8))
    }

    /// The same service acting for another caller.
    package func acting(as caller: Caller) -> LanziService {
        LanziService(queue: queue, caller: caller, clock: clock, failureLog: failureLog, passwordHashing: passwordHashing)
    }

    /// Runs `body`, whose service calls that only read share one snapshot and one reading
    /// transaction (`DatabaseQueue.readingTogether`); a call that writes ends the sharing, so
    /// that calls after it see what it wrote. Each call is still authorized on its own.
    package func readingTogether<T>(_ body: () throws -> T) rethrows -> T {
        try queue.readingTogether(body)
    }

    /// Opens the database at `path` and brings its schema up to date with the migrations in
    /// `schemaDirectory`.
    /// - Parameter create: make the file if it is missing (`lanzi init`, `lanzi seed`);
    ///   otherwise a missing file is refused rather than silently created empty.
    /// - Throws: `ServiceError.unavailable` for a missing file, a file that is not a
    ///   database, or a schema that disagrees with this build.
    ///
    /// The messages name `path`, which the operator gave; this is called when a front end
    /// starts, never on a merchant's request. SQLite's own words go to `failureLog` only.
    package static func openDatabase(at path: String, create: Bool, schemaDirectory: URL, clock: Clock,
                                     failureLog: @Sendable (String) -> Void = LanziService.standardErrorLog) throws -> DatabaseQueue {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw ServiceError.unavailable("no database at \(path); create one with `lanzi init` or `lanzi seed FILE`, or name one with --db")
        }
        do {
            let migrations = try Migration.load(from: schemaDirectory) { Digest.hex(try Digest.sha256($0)) }
            let database = try Database(path: path, create: create)
            try Migrator.migrate(database, to: migrations, appliedAt: clock.timestamp())
            return DatabaseQueue(database)
        } catch let error as MigrationError {
            throw ServiceError.unavailable(error.phrase)
        } catch let error as SQLiteError {
            failureLog("opening \(path): \(error.description)")
            let reason = switch error.code.primary {
            case .notADatabase: "it is not a database file"
            case .corrupt: "the file is damaged; restore it from a backup"
            case .cantOpen: "it cannot be opened; check that the folder exists and may be written"
            case .readOnly: "it may not be written; check its permissions"
            default: "it could not be opened; the detail has been logged"
            }
            throw ServiceError.unavailable("\(path) cannot be used as a Lanzi database: \(reason)")
        }
    }

    /// Refuses a caller whom the access table does not admit to `operation`. Every service
    /// method calls it (directly or through `change` / `look`) before it validates or looks
    /// anything up.
    /// A front end that reads a request before it calls the service (the HTTP API, its
    /// body) asks first, so that a caller without the right hears that and nothing else.
    /// - Throws: `ServiceError.forbidden`.
    package func authorize(_ operation: ServiceOperation) throws {
        guard operation.admits(caller) else {
            let who: Phrase = switch caller.role {
            case .admin: Phrase("an admin")
            case .operator: Phrase("an operator")
            case .auditor: Phrase("an auditor")
            case .merchant: Phrase("a merchant")
            }
            throw ServiceError.forbidden("\(who) may not \(operation.phrase)")
        }
    }

    /// Runs `body` as one writing transaction after authorizing `operation`.
    func change<T>(_ operation: ServiceOperation, _ body: (Database) throws -> T) throws -> T {
        try authorize(operation)
        return try clock.atOneInstant { try translatingFailures { try queue.write(body) } }
    }

    /// Runs `body` as one reading transaction (one snapshot) after authorizing `operation`.
    func look<T>(_ operation: ServiceOperation, _ body: (Database) throws -> T) throws -> T {
        try authorize(operation)
        return try clock.atOneInstant { try translatingFailures { try queue.read(body) } }
    }

    /// `look` with `side` read at the same time on a connection of its own, in the same
    /// snapshot; `body` is handed a function that waits for the side's value.
    func look<Side: Sendable, T>(_ operation: ServiceOperation, beside side: @escaping @Sendable (Database) throws -> Side,
                                 _ body: (Database, _ side: () throws -> Side) throws -> T) throws -> T {
        try authorize(operation)
        return try clock.atOneInstant { try translatingFailures { try queue.read(beside: side, body) } }
    }

    /// Every failure that leaves the service is a `DomainError`, `ServiceError` or
    /// `ImportError`. A guard of the schema that refused what another writer made possible
    /// meanwhile becomes a sentence chosen by its name (`StorageRefusal`); a busy, full or
    /// read-only database is `unavailable`; anything else — an SQLite fault, an edit of an
    /// immutable row, an unbalanced journal, a bug — becomes `internal`, with its detail
    /// (which may hold SQL) written to the failure log only.
    func translatingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DomainError {
            throw error
        } catch let error as ServiceError {
            throw error
        } catch let error as ImportError {
            throw error
        } catch let error as SQLiteError {
            if let refusal = StorageRefusal(error) { throw refusal.serviceError }
            if error.code.primary == .busy || error.code.primary == .locked {
                throw ServiceError.unavailable("the database is busy with another writer; try again in a moment")
            }
            if error.code.primary == .full {
                throw ServiceError.unavailable("the database's disk is full; nothing was written")
            }
            if error.code.primary == .ioError {
                failureLog("\(caller.name): \(error.description)")
                throw ServiceError.unavailable("the database's disk could not be read or written; nothing was written (the detail has been logged)")
            }
            if error.code.primary == .readOnly {
                throw ServiceError.unavailable("the database may not be written (its file or folder is read-only); nothing was written")
            }
            failureLog("\(caller.name): \(error.description)")
            throw ServiceError.internalFailure
        } catch {
            failureLog("\(caller.name): \(String(describing: error))")
            throw ServiceError.internalFailure
        }
    }

    /// For a merchant caller, a record of another merchant is answered exactly as a missing
    /// one is, so that ids cannot be probed.
    /// - Throws: `missing` when the record is not the caller's.
    func requireOwn(_ merchantID: Int64, else missing: @autoclosure () -> ServiceError) throws {
        if let own = caller.merchantID, own != merchantID { throw missing() }
    }

    /// Refuses a money event dated after today (China Standard Time, by the service's clock):
    /// a payment, a void or an adjustment is recorded when it happens, never ahead.
    /// - Throws: `DomainError` naming `field` and today's date.
    func requireNotFuture(_ date: CalendarDate, field: String) throws {
        let today = clock.today()
        guard date <= today else {
            throw DomainError(field: field, rule: "must not be after today, \(today) (China Standard Time); money is recorded when it moves, got \(date)")
        }
    }

    /// The merchant a list is about: a merchant caller's own, whatever was asked; else `asked`.
    func scopedMerchant(_ asked: Int64?) -> Int64? { caller.merchantID ?? asked }

    /// Appends to the activity log, inside the caller's transaction; `actor` is the caller
    /// unless named (a sign-in is by the one signing in, whoever asks for it).
    func log(_ database: Database, _ action: String, _ subject: String, _ detail: JSONValue = .object([]), actor: String? = nil) throws {
        try database.logActivity(actor: actor ?? caller.name, at: clock.timestamp(), action: action, subject: subject,
                                 detail: detail.serialized(pretty: false))
    }
}
