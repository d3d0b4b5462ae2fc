import Foundation
import Testing
import LanziCore
@testable import LanziStore

/// Loading `schema/` and applying it: once, in order, whole, and never over a record that
/// disagrees with the files.
struct MigrationTests {
    /// The register's tables, which migration 1 makes (later migrations add others).
    static let registerTables = ["activity_log", "lease_terminations", "lease_units", "leases", "markets", "merchants", "units"]

    /// The file name of the migration after the real ones, so that these tests keep working
    /// as `schema/` grows.
    static func nextFileName(_ name: String) throws -> String {
        let next = try StoreFixture.realMigrations().count + 1
        return String(repeating: "0", count: 4 - String(next).count) + "\(next)_\(name).sql"
    }

    @Test("the real schema loads in version order from 1, register first, each with the checksum of its bytes")
    func loadsRealSchema() throws {
        let migrations = try StoreFixture.realMigrations()
        #expect(migrations.map(\.version) == Array(1...migrations.count))
        #expect(migrations.first?.name == "register")
        let files = try FileManager.default.contentsOfDirectory(atPath: StoreFixture.schemaDirectory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count == migrations.count)
        for (file, migration) in zip(files, migrations) {
            let bytes = Array(try Data(contentsOf: StoreFixture.schemaDirectory.appendingPathComponent(file)))
            #expect(file == String(repeating: "0", count: 4 - String(migration.version).count) + "\(migration.version)_\(migration.name).sql")
            #expect(migration.checksum == StoreFixture.fnv1a(bytes))
            #expect(migration.sql == String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("FNV-1a of the tests gives the published values")
    func fnvKnownAnswers() {
        // The reference vectors of the FNV specification (draft-eastlake-fnv): "" and "a".
        #expect(StoreFixture.fnv1a([]) == "cbf29ce484222325")
        #expect(StoreFixture.fnv1a(Array("a".utf8)) == "af63dc4c8601ec8c")
    }

    @Test("migrating twice applies everything the first time and nothing the second")
    func migrateTwice() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        let migrations = try StoreFixture.realMigrations()

        let first = try Migrator.migrate(database, to: migrations, appliedAt: "2026-01-01T00:00:00.000Z")
        #expect(first == migrations)
        let tablesAfterFirst = try StoreFixture.tableNames(database)
        #expect(Set(tablesAfterFirst).isSuperset(of: Self.registerTables + ["schema_migrations"]))

        let second = try Migrator.migrate(database, to: migrations, appliedAt: "2026-01-01T00:00:00.000Z")
        #expect(second.isEmpty)
        #expect(try StoreFixture.tableNames(database) == tablesAfterFirst)
        let records = try database.rows("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        #expect(try records.map { try $0.int("version") } == migrations.map(\.version))
        #expect(try records.map { try $0.text("name") } == migrations.map(\.name))
        #expect(try records.map { try $0.text("checksum") } == migrations.map(\.checksum))

        // A second connection (another process) finds nothing to do either.
        let other = try Database(path: database.path, create: false)
        #expect(try Migrator.migrate(other, to: migrations, appliedAt: "2026-01-01T00:00:00.000Z").isEmpty)
    }

    @Test("a new migration file is applied on top of the recorded ones, alone")
    func appliesOnlyTheNewMigration() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let schema = try StoreFixture.copySchema(into: folder)
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        try Migrator.migrate(database, to: try Migration.load(from: schema, checksum: StoreFixture.fnv1a), appliedAt: "2026-01-01T00:00:00.000Z")

        let real = try StoreFixture.realMigrations().count
        try StoreFixture.write("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n",
                               to: schema.appendingPathComponent(try Self.nextFileName("notes")))
        let applied = try Migrator.migrate(database, to: try Migration.load(from: schema, checksum: StoreFixture.fnv1a), appliedAt: "2026-01-01T00:00:00.000Z")
        #expect(applied.map(\.version) == [real + 1])
        #expect(applied.map(\.name) == ["notes"])
        #expect(try StoreFixture.tableNames(database).contains("notes"))
        #expect(try database.rows("SELECT version FROM schema_migrations ORDER BY version").map { try $0.int("version") } == Array(1...real + 1))
    }

    @Test("a migration file changed after it was applied is refused, and the database is left as it was")
    func changedMigrationRefused() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let schema = try StoreFixture.copySchema(into: folder)
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        let original = try Migration.load(from: schema, checksum: StoreFixture.fnv1a)
        try Migrator.migrate(database, to: original, appliedAt: "2026-01-01T00:00:00.000Z")
        let tablesBefore = try StoreFixture.tableNames(database)

        // Edit the applied file, and add a new one that must not be applied either.
        let file = schema.appendingPathComponent("0001_register.sql")
        let edited = try String(contentsOf: file, encoding: .utf8) + "\nCREATE TABLE sneaked_in (id INTEGER);\n"
        try StoreFixture.write(edited, to: file)
        try StoreFixture.write("CREATE TABLE notes (id INTEGER PRIMARY KEY);\n", to: schema.appendingPathComponent(try Self.nextFileName("notes")))
        let changed = try Migration.load(from: schema, checksum: StoreFixture.fnv1a)
        #expect(changed[0].checksum != original[0].checksum)
        #expect(changed.count == original.count + 1)

        #expect(throws: MigrationError.changed(version: 1, name: "register")) {
            try Migrator.migrate(database, to: changed, appliedAt: "2026-01-01T00:00:00.000Z")
        }
        #expect(try StoreFixture.tableNames(database) == tablesBefore)
        let records = try database.rows("SELECT version, checksum FROM schema_migrations ORDER BY version")
        #expect(try records.map { try $0.int("version") } == original.map(\.version))
        #expect(try records.map { try $0.text("checksum") } == original.map(\.checksum))
    }

    @Test("a database holding a migration this build does not know is refused")
    func unknownMigrationRefused() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let schema = try StoreFixture.copySchema(into: folder)
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        try Migrator.migrate(database, to: try Migration.load(from: schema, checksum: StoreFixture.fnv1a), appliedAt: "2026-01-01T00:00:00.000Z")
        try database.run("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'from_the_future', 'x', '2030-01-01T00:00:00Z')")

        let real = try StoreFixture.realMigrations().count
        try StoreFixture.write("CREATE TABLE notes (id INTEGER PRIMARY KEY);\n", to: schema.appendingPathComponent(try Self.nextFileName("notes")))
        #expect(throws: MigrationError.unknown(version: 999, name: "from_the_future")) {
            try Migrator.migrate(database, to: try Migration.load(from: schema, checksum: StoreFixture.fnv1a), appliedAt: "2026-01-01T00:00:00.000Z")
        }
        #expect(try !StoreFixture.tableNames(database).contains("notes"))
        #expect(try database.rows("SELECT version FROM schema_migrations ORDER BY version").map { try $0.int("version") } == Array(1...real) + [999])
    }

    @Test("badly named migration files are refused", arguments: [
        "1_register.sql",           // version not four digits
        "00001_register.sql",       // five digits
        "0001register.sql",         // no underscore
        "0001_.sql",                // no name
        "abcd_register.sql",        // not a number
        "0000_register.sql",        // versions start at 1
    ])
    func badFileNames(fileName: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        try StoreFixture.write("CREATE TABLE x (id INTEGER);\n", to: folder.appendingPathComponent(fileName))
        #expect(throws: MigrationError.badFileName(fileName)) {
            _ = try Migration.load(from: folder, checksum: StoreFixture.fnv1a)
        }
    }

    @Test("a migration file that is not UTF-8 is refused")
    func notUTF8() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        try Data([0x43, 0x52, 0xFF, 0xFE, 0x0A]).write(to: folder.appendingPathComponent("0001_bad.sql"))
        #expect(throws: MigrationError.badFileName("0001_bad.sql")) {
            _ = try Migration.load(from: folder, checksum: StoreFixture.fnv1a)
        }
    }

    @Test("gaps and repeated versions are refused")
    func gapsRefused() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let gap = folder.appendingPathComponent("gap", isDirectory: true)
        try FileManager.default.createDirectory(at: gap, withIntermediateDirectories: true)
        try StoreFixture.write("CREATE TABLE a (id INTEGER);\n", to: gap.appendingPathComponent("0001_a.sql"))
        try StoreFixture.write("CREATE TABLE c (id INTEGER);\n", to: gap.appendingPathComponent("0003_c.sql"))
        #expect(throws: MigrationError.gap(expected: 2, found: 3)) {
            _ = try Migration.load(from: gap, checksum: StoreFixture.fnv1a)
        }

        let noFirst = folder.appendingPathComponent("no-first", isDirectory: true)
        try FileManager.default.createDirectory(at: noFirst, withIntermediateDirectories: true)
        try StoreFixture.write("CREATE TABLE b (id INTEGER);\n", to: noFirst.appendingPathComponent("0002_b.sql"))
        #expect(throws: MigrationError.gap(expected: 1, found: 2)) {
            _ = try Migration.load(from: noFirst, checksum: StoreFixture.fnv1a)
        }

        let repeated = folder.appendingPathComponent("repeated", isDirectory: true)
        try FileManager.default.createDirectory(at: repeated, withIntermediateDirectories: true)
        try StoreFixture.write("CREATE TABLE a (id INTEGER);\n", to: repeated.appendingPathComponent("0001_a.sql"))
        try StoreFixture.write("CREATE TABLE b (id INTEGER);\n", to: repeated.appendingPathComponent("0001_b.sql"))
        #expect(throws: MigrationError.gap(expected: 2, found: 1)) {
            _ = try Migration.load(from: repeated, checksum: StoreFixture.fnv1a)
        }
    }

    @Test("an empty or missing schema folder is refused; files that are not .sql are ignored")
    func emptyOrMissingFolder() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        try StoreFixture.write("notes about the schema\n", to: folder.appendingPathComponent("README.md"))
        #expect(throws: MigrationError.folderUnreadable(folder.path)) {
            _ = try Migration.load(from: folder, checksum: StoreFixture.fnv1a)
        }
        let missing = folder.appendingPathComponent("missing", isDirectory: true)
        #expect(throws: MigrationError.folderUnreadable(missing.path)) {
            _ = try Migration.load(from: missing, checksum: StoreFixture.fnv1a)
        }
        try StoreFixture.write("CREATE TABLE a (id INTEGER);\n", to: folder.appendingPathComponent("0001_a.sql"))
        #expect(try Migration.load(from: folder, checksum: StoreFixture.fnv1a).map(\.name) == ["a"])
    }

    @Test("a migration with bad SQL rolls back whole: no half-made table and no record of it")
    func badSQLRollsBack() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let schema = try StoreFixture.copySchema(into: folder)
        try StoreFixture.write("""
            CREATE TABLE half_made (id INTEGER PRIMARY KEY);
            INSERT INTO half_made (id) VALUES (1);
            ALTER TABLE units ADD COLUMN colour TEXT;
            INSERT INTO no_such_table (id) VALUES (1);
            CREATE TABLE never_reached (id INTEGER);
            """, to: schema.appendingPathComponent(try Self.nextFileName("broken")))
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)

        let error = StoreFixture.sqliteError {
            try Migrator.migrate(database, to: try Migration.load(from: schema, checksum: StoreFixture.fnv1a), appliedAt: "2026-01-01T00:00:00.000Z")
        }
        #expect(error?.code.primary == .error)
        #expect(error?.message.contains("no_such_table") == true)
        // The real migrations were applied, each in its own transaction, and stay; none of
        // the broken one is left.
        let tables = try StoreFixture.tableNames(database)
        #expect(Set(tables).isSuperset(of: Self.registerTables))
        #expect(!tables.contains("half_made"))
        #expect(!tables.contains("never_reached"))
        let unitColumns = try database.rows("PRAGMA table_info(units)").map { try $0.text("name") }
        #expect(!unitColumns.contains("colour"))
        #expect(try database.rows("SELECT version FROM schema_migrations ORDER BY version").map { try $0.int("version") }
                == Array(1...(try StoreFixture.realMigrations().count)))
        // No transaction was left open: the connection still writes and commits.
        try database.transaction(writing: true) { try StoreFixture.insertRawMerchant(database, id: 1) }
        #expect(try StoreFixture.count(Database(path: database.path, create: false), "merchants") == 1)
    }

    @Test("a bad first migration leaves a fresh database without any of its tables")
    func badFirstMigration() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let schema = folder.appendingPathComponent("schema", isDirectory: true)
        try FileManager.default.createDirectory(at: schema, withIntermediateDirectories: true)
        try StoreFixture.write("CREATE TABLE one (id INTEGER);\nCREATE TABLE one (id INTEGER);\n",
                               to: schema.appendingPathComponent("0001_twice.sql"))
        let database = try Database(path: folder.appendingPathComponent("a.db").path, create: true)
        let error = StoreFixture.sqliteError {
            try Migrator.migrate(database, to: try Migration.load(from: schema, checksum: StoreFixture.fnv1a), appliedAt: "2026-01-01T00:00:00.000Z")
        }
        #expect(error?.message.contains("already exists") == true)
        #expect(try StoreFixture.tableNames(database) == ["schema_migrations"])
        #expect(try StoreFixture.count(database, "schema_migrations") == 0)
    }
}
