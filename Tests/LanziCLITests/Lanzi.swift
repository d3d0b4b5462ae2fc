import Foundation
import Testing
import LanziTestSupport

/// What one run of `lanzi` gave back.
struct RunResult: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String

    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

    /// stdout parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }
}

/// Finds and runs the built `lanzi` binary.
enum Lanzi {
    /// The `lanzi` executable that `swift test` built beside this test bundle: first the folder
    /// of the running test binary, then `Bundle.main`, then `.build/debug` of the package that
    /// holds this file.
    static let executable: URL = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            let path = URL(fileURLWithPath: first).resolvingSymlinksInPath()
            candidates.append(path.deletingLastPathComponent().appendingPathComponent("lanzi"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("lanzi"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lanzi"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/lanzi"))
        for candidate in candidates where fileManager.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return candidates.last!
    }()

    /// The package's root folder, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // LanziCLITests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // the package

    /// The demo market's seed file.
    static let demoSeed: String = packageRoot.appendingPathComponent("seeds/buwangge.json").path

    /// How long one run may take before it is killed and counted as a failure.
    static let timeout: TimeInterval = 60

    /// The day every run takes as today (`LANZI_TODAY`).
    static let today = "2030-06-30"

    /// Runs `lanzi` with `arguments` in `directory`. The environment is this process's
    /// without `LANZI_DB` and `LANZI_SCHEMA_DIR` (so that a developer's settings never leak
    /// in), plus `environment`. stdout and stderr go to files, so that a large output never
    /// fills a pipe.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil, in directory: URL) -> RunResult {
        run(executable, arguments, environment: environment, input: input, in: directory)
    }

    /// - Parameter input: standard input, through a file; without it, `/dev/null`.
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:], input: String? = nil, in directory: URL) -> RunResult {
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)")
        let errURL = directory.appendingPathComponent(".err-\(id)")
        let inURL = directory.appendingPathComponent(".in-\(id)")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            try? FileManager.default.removeItem(at: inURL)
        }
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        guard let outHandle = try? FileHandle(forWritingTo: outURL), let errHandle = try? FileHandle(forWritingTo: errURL) else {
            return RunResult(status: -1, stdout: "", stderr: "test harness: cannot open output files in \(directory.path)")
        }

        var variables = ProcessInfo.processInfo.environment
        variables["LANZI_DB"] = nil
        variables["LANZI_SCHEMA_DIR"] = nil
        // A neutral locale, so that the English the tests expect is what every run prints
        // whatever the developer's own LANG; a test that wants Chinese sets it or --lang.
        variables["LC_ALL"] = nil
        variables["LC_MESSAGES"] = nil
        variables["LANG"] = "C"
        // Every run is on one fixed day, after every date the tests record money on, so that
        // no test depends on the day it runs; a test may set another.
        variables["LANZI_TODAY"] = Lanzi.today
        for (name, value) in environment { variables[name] = value }

        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = variables
        process.currentDirectoryURL = directory
        if let input, (try? Data(input.utf8).write(to: inURL)) != nil, let inHandle = try? FileHandle(forReadingFrom: inURL) {
            process.standardInput = inHandle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            try? outHandle.close()
            try? errHandle.close()
            return RunResult(status: -1, stdout: "", stderr: "test harness: cannot run \(program.path): \(error)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            _ = finished.wait(timeout: .now() + 5)
        }
        try? outHandle.close()
        try? errHandle.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        var stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if timedOut { stderr += "\ntest harness: killed after \(Int(timeout)) s" }
        return RunResult(status: timedOut ? -1 : process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// A throwaway folder for one test, with the database file the test's commands use.
/// The folder is removed when the sandbox goes away.
final class Sandbox {
    let directory: URL
    /// The database every `lanzi(…)` call names with `--db`.
    let database: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lanzi-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("market.db").path
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Writes `text` to `name` in the sandbox and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// `lanzi --db <database> arguments…`.
    func lanzi(_ arguments: String..., environment: [String: String] = [:]) -> RunResult {
        Lanzi.run(["--db", database] + arguments, environment: environment, in: directory)
    }

    func lanzi(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) -> RunResult {
        Lanzi.run(["--db", database] + arguments, environment: environment, input: input, in: directory)
    }

    /// `lanzi` exactly as given: no `--db` added.
    func bare(_ arguments: String..., environment: [String: String] = [:]) -> RunResult {
        Lanzi.run(arguments, environment: environment, in: directory)
    }

    /// `lanzi --db <database> --json arguments…`, which must succeed; its output parsed.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        try json(arguments, sourceLocation: sourceLocation)
    }

    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let result = lanzi(["--json"] + arguments)
        try #require(result.status == 0, "lanzi \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return try result.json()
    }

    func object(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try object(arguments, sourceLocation: sourceLocation)
    }

    func object(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try json(arguments, sourceLocation: sourceLocation)
        return try #require(value as? [String: Any], "not a JSON object: \(value)", sourceLocation: sourceLocation)
    }

    func array(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try array(arguments, sourceLocation: sourceLocation)
    }

    func array(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let value = try json(arguments, sourceLocation: sourceLocation)
        return try #require(value as? [[String: Any]], "not a JSON array of objects: \(value)", sourceLocation: sourceLocation)
    }

    /// Runs `arguments`, which must succeed.
    @discardableResult
    func must(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try must(arguments, sourceLocation: sourceLocation)
    }

    @discardableResult
    func must(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = lanzi(arguments)
        try #require(result.status == 0, "lanzi \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    // MARK: - Fixtures

    /// A database with market TST and no units.
    func initMarket(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try must("init", "--code", "TST", "--name", "测试市场", "--operator", "测试公司", "--collective", "测试村小组",
                 sourceLocation: sourceLocation)
    }

    /// Market TST with shops S-001 (24.50 m²) and S-002 (30.00 m²), stall T-001 (6.00 m²),
    /// cold room C1-01 (60.00 m², 1号冷库, 30000 kg), and merchants 1 李春华 (ID
    /// 532504198203170021) and 2 王永富 (no ID number).
    func makeMarket(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try initMarket(sourceLocation: sourceLocation)
        try must("unit", "add", "--code", "S-001", "--kind", "shop", "--area", "24.5", sourceLocation: sourceLocation)
        try must("unit", "add", "--code", "S-002", "--kind", "shop", "--area", "30", "--phase", "2", sourceLocation: sourceLocation)
        try must("unit", "add", "--code", "T-001", "--kind", "stall", "--area", "6.00", sourceLocation: sourceLocation)
        try must("unit", "add", "--code", "C1-01", "--kind", "cold_room", "--area", "60", "--building", "1号冷库",
                 "--capacity-kg", "30000", sourceLocation: sourceLocation)
        try must("merchant", "add", "--name", "李春华", "--phone", "13800000000", "--id-number", "532504198203170021",
                 sourceLocation: sourceLocation)
        try must("merchant", "add", "--name", "王永富", "--phone", "15069697585", sourceLocation: sourceLocation)
    }

    /// Everything the database holds, as lanzi shows it and as `sqlite3 .dump` shows it, so
    /// that a refused command can be checked to have changed nothing (not even the activity log).
    func snapshot(sourceLocation: SourceLocation = #_sourceLocation) -> String {
        var parts: [String] = []
        for arguments in [["market", "show"], ["unit", "list", "--on", "2026-06-15"], ["merchant", "list", "--reveal-id"], ["lease", "list"]] {
            let result = lanzi(["--json"] + arguments)
            parts.append("$ \(arguments.joined(separator: " ")) → \(result.status)\n\(result.stdout)\(result.stderr)")
        }
        let leases = (try? lanzi("--json", "lease", "list").json() as? [[String: Any]]) ?? []
        for lease in leases {
            let id = "\(lease["id"].flatMap(intValue) ?? 0)"
            parts.append(lanzi("--json", "lease", "show", id).stdout)
        }
        parts.append(dump(sourceLocation: sourceLocation))
        return parts.joined(separator: "\n")
    }

    /// `sqlite3 <database> .dump`: every table's rows, activity log included. Without the
    /// stock `sqlite3` the snapshot goes on without it, by `ExternalTool`'s rule: the test
    /// fails under CI and carries a warning otherwise.
    func dump(sourceLocation: SourceLocation = #_sourceLocation) -> String {
        guard FileManager.default.fileExists(atPath: database) else { return "(no database file)" }
        guard let sqlite3 = ExternalTool.sqlite3.locate(sourceLocation: sourceLocation) else { return "(no sqlite3: no dump)" }
        let result = Lanzi.run(sqlite3, [database, ".dump"], in: directory)
        return "sqlite3 .dump → \(result.status)\n\(result.stdout)\(result.stderr)"
    }

    /// How many rows the activity log holds (read with the stock `sqlite3` command; without
    /// it the test is skipped, or fails under CI: `ExternalTool`'s rule).
    func activityCount(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let sqlite3 = try ExternalTool.sqlite3.require(sourceLocation: sourceLocation)
        let result = Lanzi.run(sqlite3, [database, "SELECT count(*) FROM activity_log;"], in: directory)
        try #require(result.status == 0, "sqlite3: \(result)", sourceLocation: sourceLocation)
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), sourceLocation: sourceLocation)
    }

    /// What SQLite's own messages and the program's internals look like: no refusal says them.
    static let internalWords = ["constraint failed", "SQLite", "sqlite_", "SELECT ", "INSERT ", "UPDATE ", "RAISE(", ".swift", "Fatal error"]

    /// Runs `arguments`, expects a rule's refusal (exit 1) whose message names `field`, and
    /// checks that the database is exactly as it was.
    @discardableResult
    func expectRefusal(_ arguments: [String], naming field: String, _ more: [String] = [],
                       sourceLocation: SourceLocation = #_sourceLocation) -> RunResult {
        let before = snapshot(sourceLocation: sourceLocation)
        let result = lanzi(arguments)
        #expect(result.status == 1, "lanzi \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "a refusal prints nothing on stdout: \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("lanzi: "), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(field), "the message should name \(field): \(result.stderr)", sourceLocation: sourceLocation)
        for text in more {
            #expect(result.stderr.contains(text), "the message should say \(text): \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains("usage:"), "a refusal is not a usage error: \(result)", sourceLocation: sourceLocation)
        for word in Self.internalWords {
            #expect(!result.stderr.contains(word), "a refusal shows no internals (\(word)): \(result.stderr)", sourceLocation: sourceLocation)
        }
        let after = snapshot(sourceLocation: sourceLocation)
        #expect(before == after, "a refused command changed the database", sourceLocation: sourceLocation)
        return result
    }

    /// Runs `arguments`, expects a usage error (exit 2) with a usage line, and checks that
    /// the database is exactly as it was.
    @discardableResult
    func expectUsageError(_ arguments: [String], _ more: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> RunResult {
        let before = snapshot(sourceLocation: sourceLocation)
        let result = Lanzi.run(arguments, in: directory)
        #expect(result.status == 2, "lanzi \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "a usage error prints nothing on stdout: \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("usage:"), "a usage error shows the usage: \(result)", sourceLocation: sourceLocation)
        for text in more {
            #expect(result.stderr.contains(text), "the message should say \(text): \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(before == snapshot(sourceLocation: sourceLocation), "a malformed command changed the database", sourceLocation: sourceLocation)
        return result
    }
}

// MARK: - Reading JSON values

/// An integer from a JSON number (JSONSerialization gives `NSNumber` on Linux).
func intValue(_ value: Any) -> Int? {
    value as? Int
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) -> Int? { self[key].flatMap(intValue) }
    func string(_ key: String) -> String? { self[key] as? String }
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func objects(_ key: String) -> [[String: Any]]? { self[key] as? [[String: Any]] }
    func strings(_ key: String) -> [String]? { self[key] as? [String] }
    /// Whether the key is present with JSON null.
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
}
