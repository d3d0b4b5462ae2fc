import Foundation
import LanziCore

/// One numbered schema migration: the file `NNNN_name.sql` of `schema/`.
package struct Migration: Hashable, Sendable {
    package let version: Int
    package let name: String
    package let sql: String
    /// The hex SHA-256 of the file's bytes, recorded when applied and compared ever after.
    package let checksum: String

    package init(version: Int, name: String, sql: String, checksum: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = checksum
    }

    /// Reads every `NNNN_name.sql` in `directory`, in version order. `checksum` hashes a
    /// file's bytes (the store has no hash of its own; the signing module provides SHA-256).
    /// - Throws: `MigrationError` for a missing folder, a badly named file, a repeated or
    ///   missing version.
    package static func load(from directory: URL, checksum: ([UInt8]) throws -> String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.folderUnreadable(directory.path)
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]), version > 0 else {
                throw MigrationError.badFileName(fileName)
            }
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(fileName)))
            guard let sql = String(validating: bytes, as: UTF8.self) else { throw MigrationError.badFileName(fileName) }
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql, checksum: try checksum(bytes)))
        }
        guard !migrations.isEmpty else { throw MigrationError.folderUnreadable(directory.path) }
        for (index, migration) in migrations.enumerated() where migration.version != index + 1 {
            throw MigrationError.gap(expected: index + 1, found: migration.version)
        }
        return migrations
    }
}

/// The schema and the build disagree; nothing was changed.
package enum MigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderUnreadable(String)
    case badFileName(String)
    case gap(expected: Int, found: Int)
    /// The database records a migration whose file has changed since it was applied.
    case changed(version: Int, name: String)
    /// The database has a migration this build does not know: it was made by a newer build.
    case unknown(version: Int, name: String)

    package var description: String { phrase.description }

    /// What went wrong, for a person, in either language.
    package var phrase: Phrase {
        switch self {
        case .folderUnreadable(let path):
            Phrase("no schema migrations found in \(path) (set LANZI_SCHEMA_DIR to the schema/ folder)")
        case .badFileName(let name):
            Phrase("schema file \(name) is not named NNNN_name.sql in UTF-8")
        case .gap(let expected, let found):
            Phrase("schema migrations must be numbered 0001, 0002, … without gaps: expected \(expected), found \(found)")
        case .changed(let version, let name):
            Phrase("migration \(version) (\(name)) was changed after it was applied to this database; refusing to run on a schema that differs from the record")
        case .unknown(let version, let name):
            Phrase("this database has migration \(version) (\(name)), which this build does not know; use a newer build of lanzi")
        }
    }
}

/// Brings a database up to the newest migration.
package enum Migrator {
    /// Applies every migration the database lacks, each in its own transaction and recorded
    /// with its checksum, after checking that every recorded one is known and unchanged.
    /// - Returns: the migrations applied now (empty when the database was up to date).
    /// - Throws: `MigrationError` (nothing applied) or `SQLiteError` (that migration rolled back).
    @discardableResult
    package static func migrate(_ database: Database, to migrations: [Migration], appliedAt: String) throws -> [Migration] {
        guard !migrations.isEmpty else { throw MigrationError.folderUnreadable("(no migrations given)") }
        try database.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var applied: [Migration] = []
        for migration in migrations {
            let wasApplied: Bool = try database.transaction(writing: true) {
                // Re-read inside the write lock: another process may have migrated meanwhile.
                for row in try database.rows("SELECT version, name, checksum FROM schema_migrations ORDER BY version") {
                    let version = try row.int("version")
                    guard let mine = known[version] else { throw MigrationError.unknown(version: version, name: try row.text("name")) }
                    guard mine.checksum == (try row.text("checksum")) else { throw MigrationError.changed(version: version, name: mine.name) }
                }
                if try database.row("SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))]) != nil {
                    return false
                }
                try database.execute(migration.sql)
                try database.run("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                                 [SQLValue(migration.version), .text(migration.name), .text(migration.checksum), .text(appliedAt)])
                return true
            }
            if wasApplied { applied.append(migration) }
        }
        return applied
    }
}
