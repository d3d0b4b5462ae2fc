import Foundation
import Testing
import LanziTestSupport

/// A copy of the built `lanzi` in a throwaway folder outside the repository, laid out as an
/// installed one: `ROOT/bin/lanzi`, with `ROOT/share/lanzi/schema` when asked for, and
/// `ROOT/work` to run it in. The folder is removed when the copy goes away.
final class InstalledCopy {
    /// ROOT, with symbolic links resolved: the binary sees its real path, and so must we.
    let root: URL
    let binary: URL
    let work: URL
    var installedSchema: URL { root.appendingPathComponent("share/lanzi/schema", isDirectory: true) }
    var database: String { work.appendingPathComponent("market.db").path }

    init(withSchema: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let made = FileManager.default.temporaryDirectory
            .appendingPathComponent("lanzi-install-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
        root = made.resolvingSymlinksInPath()
        binary = root.appendingPathComponent("bin/lanzi")
        work = root.appendingPathComponent("work", isDirectory: true)
        try #require(!root.path.hasPrefix(Lanzi.packageRoot.resolvingSymlinksInPath().path + "/"),
                     "the temporary folder \(root.path) is inside the repository", sourceLocation: sourceLocation)
        // A schema/ above the copy would be found before anything installed: none may be there.
        var above = root
        while above.path != "/" {
            try #require(!FileManager.default.fileExists(atPath: above.appendingPathComponent("schema/0001_register.sql").path),
                         "\(above.path)/schema would be found by the copy", sourceLocation: sourceLocation)
            above = above.deletingLastPathComponent()
        }
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Lanzi.executable, to: binary)
        if withSchema {
            try FileManager.default.createDirectory(at: installedSchema.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Lanzi.packageRoot.appendingPathComponent("schema"), to: installedSchema)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `program` (the copy unless named) in `ROOT/work`, with neither `LANZI_DB` nor
    /// `LANZI_SCHEMA_DIR` unless `environment` sets them.
    func run(_ arguments: [String], program: URL? = nil, environment: [String: String] = [:]) -> RunResult {
        Lanzi.run(program ?? binary, arguments, environment: environment, in: work)
    }

    static let initArguments = ["init", "--code", "TST", "--name", "测试市场", "--operator", "测试公司", "--collective", "测试村小组"]

    /// The migration files of the repository's `schema/`, sorted.
    static func migrationNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Lanzi.packageRoot.appendingPathComponent("schema").path)
            .filter { $0.hasSuffix(".sql") }.sorted()
    }

    /// The versions recorded in the database's `schema_migrations`, read with the stock
    /// sqlite3 (nil, by `ExternalTool`'s rule, when it is missing).
    func recordedMigrations(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard let sqlite3 = ExternalTool.sqlite3.locate(sourceLocation: sourceLocation) else { return nil }
        let result = Lanzi.run(sqlite3, [database, "SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations ORDER BY version);"], in: work)
        return result.status == 0 ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : "sqlite3 failed: \(result)"
    }
}

@Suite("an installed lanzi, outside the repository")
struct InstallTests {
    /// What a stack trace or a crash would put on stderr; a merchant's error has none of it.
    static let internals = ["Fatal error", "Stack dump", "Backtrace", "Current stack trace", "Crash", ".swift:", "#0 ", "LanziService."]

    static func expectNoInternals(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in internals {
            #expect(!result.stderr.contains(text), "stderr shows internals (\(text)): \(result)", sourceLocation: sourceLocation)
        }
    }

    @Test("a copy with ../share/lanzi/schema beside it creates, migrates and opens a database, also through a link from elsewhere")
    func copyFindsInstalledSchema() throws {
        let copy = try InstalledCopy(withSchema: true)
        let made = copy.run(["--db", copy.database] + InstalledCopy.initArguments)
        try #require(made.status == 0, "\(made)")
        #expect(made.stdout == "database \(copy.database) is ready: market TST 测试市场\n", "\(made)")
        #expect(FileManager.default.fileExists(atPath: copy.database))
        let versions = try InstalledCopy.migrationNames().map { String(Int($0.prefix(4))!) }
        #expect(versions.count >= 7)
        if let recorded = copy.recordedMigrations() {
            #expect(recorded == versions.joined(separator: ","), "every migration of schema/ is applied")
        }

        let shown = copy.run(["--db", copy.database, "--json", "market", "show"])
        try #require(shown.status == 0, "\(shown)")
        let market = try #require(try shown.json() as? [String: Any], "\(shown)")
        #expect(market.string("code") == "TST")
        #expect(market.string("name") == "测试市场")

        // A link in another folder, as /usr/local/bin/lanzi → /opt/lanzi/bin/lanzi would be:
        // the schema is found beside the real binary, not beside the link.
        let links = copy.root.appendingPathComponent("links", isDirectory: true)
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        let link = links.appendingPathComponent("lanzi")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: copy.binary)
        let linked = copy.run(["--db", copy.database, "market", "show"], program: link)
        #expect(linked.status == 0, "\(linked)")
        #expect(linked.stdout.hasPrefix("测试市场 (TST)"), "\(linked)")
    }

    @Test("a copy with no schema anywhere refuses with exit 1, naming every place it looked, with no stack trace",
          arguments: [InstalledCopy.initArguments, ["market", "show"], ["seed", Lanzi.demoSeed]])
    func copyWithoutSchemaRefuses(arguments: [String]) throws {
        let copy = try InstalledCopy(withSchema: false)
        let result = copy.run(["--db", copy.database] + arguments)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasPrefix("lanzi: cannot find the schema migrations (schema/0001_register.sql and the rest); looked in:\n"), "\(result)")
        for place in ["$LANZI_SCHEMA_DIR: not set",
                      "a schema/ folder in \(copy.binary.deletingLastPathComponent().path) or any folder above it: none",
                      "\(copy.installedSchema.path): none",
                      "install lanzi with tools/install, or set LANZI_SCHEMA_DIR to the schema/ folder"] {
            #expect(result.stderr.contains(place), "the message should say \(place): \(result)")
        }
        Self.expectNoInternals(result)
        #expect(!FileManager.default.fileExists(atPath: copy.database), "nothing is created without a schema")
    }

    @Test("LANZI_SCHEMA_DIR serves a copy with no schema beside it; one that names no folder is refused naming it")
    func schemaFolderFromTheEnvironment() throws {
        let copy = try InstalledCopy(withSchema: false)
        let repositorySchema = Lanzi.packageRoot.appendingPathComponent("schema").path
        let made = copy.run(["--db", copy.database] + InstalledCopy.initArguments, environment: ["LANZI_SCHEMA_DIR": repositorySchema])
        #expect(made.status == 0, "\(made)")
        #expect(copy.run(["--db", copy.database, "market", "show"], environment: ["LANZI_SCHEMA_DIR": repositorySchema]).status == 0)

        let missing = copy.root.appendingPathComponent("no-such-folder").path
        let refused = copy.run(["--db", copy.database, "market", "show"], environment: ["LANZI_SCHEMA_DIR": missing])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr == "lanzi: LANZI_SCHEMA_DIR is \(missing), which is not a folder; set it to the schema/ folder of lanzi's migrations, or unset it\n",
                "\(refused)")
        Self.expectNoInternals(refused)
    }

    // MARK: tools/install

    static let script = Lanzi.packageRoot.appendingPathComponent("tools/install")

    static func permissions(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, "mode of \(path)")
    }

    @Test("tools/install --binary installs lanzi and its migrations into PREFIX with their modes, twice over, and the installed lanzi makes a database")
    func installScript() throws {
        let place = try InstalledCopy(withSchema: false)   // only for its folder outside the repository
        let prefix = place.root.appendingPathComponent("prefix", isDirectory: true)
        // The migrations, and the API's description beside them.
        let names = (try InstalledCopy.migrationNames() + ["openapi.json"]).sorted()
        let schema = prefix.appendingPathComponent("share/lanzi/schema", isDirectory: true)
        let installed = prefix.appendingPathComponent("bin/lanzi")

        for round in 1...2 {
            if round == 2 {
                // A migration left from another version must not outlive it.
                try Data("SELECT 1;\n".utf8).write(to: schema.appendingPathComponent("9999_stale.sql"))
            }
            let result = place.run(["--binary", Lanzi.executable.path, prefix.path], program: Self.script)
            try #require(result.status == 0, "round \(round): \(result)")
            #expect(result.stdout.contains("install: \(installed.path) (from \(Lanzi.executable.path))\n"), "\(result)")
            for name in names {
                #expect(result.stdout.contains("install: \(schema.path)/\(name)\n"), "round \(round) should print \(name): \(result)")
            }
            #expect(result.stdout.contains("install: checked: \(installed.path), run in "), "\(result)")
            #expect(!result.stdout.contains("sudo"), "root, or a writable prefix, needs no sudo: \(result)")
            if round == 2 {
                #expect(result.stdout.contains("install: removed \(schema.path)/9999_stale.sql (not in schema/)"), "\(result)")
            }

            #expect(try Self.permissions(installed.path) == 0o755)
            #expect(try Data(contentsOf: installed) == Data(contentsOf: Lanzi.executable))
            let present = try FileManager.default.contentsOfDirectory(atPath: schema.path).sorted()
            #expect(present == names, "round \(round)")
            for name in names {
                #expect(try Self.permissions(schema.appendingPathComponent(name).path) == 0o644, "\(name)")
                #expect(try Data(contentsOf: schema.appendingPathComponent(name))
                        == Data(contentsOf: Lanzi.packageRoot.appendingPathComponent("schema").appendingPathComponent(name)))
            }
        }

        let made = place.run(["--db", place.database] + InstalledCopy.initArguments, program: installed)
        #expect(made.status == 0, "\(made)")
        let shown = place.run(["--db", place.database, "market", "show"], program: installed)
        #expect(shown.status == 0 && shown.stdout.hasPrefix("测试市场 (TST)"), "\(shown)")
    }

    @Test("tools/install --help says what it installs where; a wrong option is a usage error that installs nothing")
    func installUsage() throws {
        let place = try InstalledCopy(withSchema: false)
        let help = place.run(["--help"], program: Self.script)
        #expect(help.status == 0, "\(help)")
        for text in ["usage: tools/install [--binary FILE] [--systemd] [PREFIX]", "/var/lib/lanzi", "PREFIX/bin/lanzi", "PREFIX/share/lanzi/schema", "/usr/local", "sudo"] {
            #expect(help.stdout.contains(text), "--help should say \(text): \(help)")
        }
        let prefix = place.root.appendingPathComponent("prefix").path
        for arguments in [["--no-such-option", prefix], [prefix, prefix], ["--binary"], ["--binary", place.root.appendingPathComponent("nothing").path, prefix]] {
            let result = place.run(arguments, program: Self.script)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("install: "), "\(arguments): \(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: prefix))
    }
}
