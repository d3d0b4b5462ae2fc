import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// What a backup wrote, or a restore read: the file, its size and SHA-256, and what its
/// check found (an integrity check and a whole audit of the copy).
package struct BackupReport: Sendable {
    package var path: String
    package var bytes: Int64
    package var sha256: String
    package var receiptsChecked: Int
    package var counts: [(table: String, count: Int64)]
    /// For a restore: where the database it replaced was kept.
    package var keptAt: String?
}

extension LanziService {
    /// Takes an online copy of the database into `path` (a new file) while other processes
    /// and the server go on writing: one snapshot, copied page for page by SQLite's backup
    /// API. The copy is checked before it is given its name — `PRAGMA integrity_check`, then
    /// the whole of `audit verify` on the copy — so a file at `path` is always a sound one.
    /// - Throws: `DomainError` for a `path` that exists or whose folder does not;
    ///   `ServiceError.unavailable` when the copy cannot be written or fails its check
    ///   (nothing is left at `path`).
    package func backup(to path: String, progress: @escaping (Int) -> Void = { _ in }) throws -> BackupReport {
        try authorize(.backup)
        let target = URL(fileURLWithPath: path)
        try Self.requireNewFile(target, field: "out")
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { Self.removeDatabaseFiles(partial.path) }
        try look(.backup) { database in try database.backup(to: partial.path) }
        let report = try checkCopy(at: partial.path, progress: progress)
        do {
            try FileManager.default.moveItem(at: partial, to: target)
        } catch {
            throw ServiceError.unavailable("the backup could not be given its name \(path): \(error.localizedDescription)")
        }
        try change(.backup) { database in
            try log(database, "database.backup", path, .object([("sha256", .string(report.sha256)), ("bytes", .integer(report.bytes))]))
        }
        return BackupReport(path: path, bytes: report.bytes, sha256: report.sha256, receiptsChecked: report.receiptsChecked, counts: report.counts)
    }

    /// Replaces the database with the backup at `path`, whole or not at all. The backup is
    /// refused unless it is a Lanzi database, every migration it records is one this database
    /// has (the same checksum), and it passes `PRAGMA integrity_check` and `audit verify`; the
    /// file named is never written (a scratch copy beside the database is checked). The
    /// database it replaces is kept beside it as `DB.before-restore-TIME`.
    /// - Throws: `DomainError` for a missing file; `ServiceError.invalid` for a file that is
    ///   not a Lanzi database, knows a migration this build does not, or fails its check;
    ///   `.unavailable` when the database cannot be written.
    package func restore(from path: String, progress: @escaping (Int) -> Void = { _ in }) throws -> BackupReport {
        try authorize(.restore)
        guard FileManager.default.fileExists(atPath: path) else { throw DomainError(field: "file", rule: "must be a backup file; there is none at \(path)") }
        let live = URL(fileURLWithPath: queue.path)
        let scratch = live.deletingLastPathComponent().appendingPathComponent(".\(live.lastPathComponent).restore-\(UUID().uuidString)")
        defer { Self.removeDatabaseFiles(scratch.path) }
        do {
            try FileManager.default.copyItem(atPath: path, toPath: scratch.path)
        } catch {
            throw ServiceError.unavailable("\(path) cannot be read: \(error.localizedDescription)")
        }
        let known = try look(.restore) { database in try database.recordedMigrations() ?? [] }
        let report = try checkCopy(at: scratch.path, against: known, subject: path, progress: progress)
        let stamp = String(clock.timestamp().filter { $0.isNumber }.prefix(14))
        let kept = live.path + ".before-restore-\(stamp)"
        try Self.requireNewFile(URL(fileURLWithPath: kept), field: "file")
        do {
            try look(.restore) { database in try database.backup(to: kept) }
        } catch {
            Self.removeDatabaseFiles(kept)
            throw error
        }
        let source = try Self.openCopy(scratch.path)
        try clock.atOneInstant {
            try translatingFailures {
                try queue.withWriter { writer in try writer.replace(with: source) }
            }
        }
        try change(.restore) { database in
            try log(database, "database.restore", path, .object([("sha256", .string(report.sha256)), ("kept", .string(kept))]))
        }
        return BackupReport(path: path, bytes: report.bytes, sha256: report.sha256, receiptsChecked: report.receiptsChecked, counts: report.counts, keptAt: kept)
    }

    /// Checks a copy as a restore would take it: a Lanzi database, every migration known
    /// (when `known` is given), sound, and clean under the whole audit, acting as this caller.
    private func checkCopy(at path: String, against known: [(version: Int, name: String, checksum: String)]? = nil, subject: String? = nil,
                           progress: @escaping (Int) -> Void) throws -> BackupReport {
        let subject = subject ?? path
        // Read outside `look`, so its failures are translated here: a disk error is told as one.
        let audit: AuditReport = try translatingFailures {
            let copy = try Self.openCopy(path, subject: subject)
            guard let recorded = try copy.recordedMigrations() else {
                throw ServiceError.invalid("\(subject) is not a Lanzi database: it records no migrations", field: "file")
            }
            if let known {
                for migration in recorded where !known.contains(where: { $0.version == migration.version && $0.checksum == migration.checksum }) {
                    throw ServiceError.invalid("\(subject) records migration \(migration.version) (\(migration.name)), which this lanzi does not know; restore it with the lanzi that made it", field: "file")
                }
            }
            let problems = try copy.integrityProblems()
            guard problems.isEmpty else {
                let lines = problems.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("***") }
                throw ServiceError.invalid("\(subject) fails the integrity check: \(lines.prefix(2).joined(separator: "; "))", field: "file")
            }
            let checker = LanziService(queue: DatabaseQueue(copy, maximumReaderCount: 0), caller: caller, clock: clock, failureLog: failureLog,
                                       passwordHashing: passwordHashing)
            return try checker.auditVerify(progress: progress)
        }
        guard audit.isClean else {
            let first = audit.findings.prefix(3).map { "\($0.check) \($0.subject): \($0.found)" }.joined(separator: "; ")
            throw ServiceError.invalid("\(subject) fails audit verify with \(audit.findings.count) finding(s): \(first)", field: "file")
        }
        // The copy's connection is closed by now, its WAL folded back: the file is what is hashed.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        return BackupReport(path: path, bytes: Int64(bytes.count), sha256: Digest.hex(try Self.crypto { try Digest.sha256(bytes) }),
                            receiptsChecked: audit.receiptsChecked, counts: audit.counts)
    }

    /// The copy at `path`, open for checking.
    /// - Throws: `ServiceError.invalid` for a file that is not a database.
    private static func openCopy(_ path: String, subject: String? = nil) throws -> Database {
        do {
            return try Database(path: path, create: false)
        } catch let error as SQLiteError where error.code.primary == .notADatabase || error.code.primary == .corrupt {
            throw ServiceError.invalid("\(subject ?? path) is not a Lanzi database: it is not a database file", field: "file")
        } catch let error as SQLiteError {
            throw ServiceError.unavailable("\(subject ?? path) cannot be opened: \(error.message)")
        }
    }

    /// - Throws: `DomainError` naming `field` when `url` exists or its folder does not.
    private static func requireNewFile(_ url: URL, field: String) throws {
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw DomainError(field: field, rule: "must name a new file; \(url.path) exists already")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DomainError(field: field, rule: "must be in a folder that exists; \(url.deletingLastPathComponent().path) does not")
        }
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
