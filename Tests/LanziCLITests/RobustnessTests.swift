import Foundation
import Testing

/// Results gathered from several threads.
final class Collected: @unchecked Sendable {   // every access to `results` holds `lock`
    private let lock = NSLock()
    private var results: [RunResult] = []

    func append(_ result: RunResult) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    var all: [RunResult] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

@Suite("robustness")
struct RobustnessTests {
    @Test("processes racing to lease the same unit: exactly one wins, the others are refused by the rule")
    func racingLeases() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let database = sandbox.database
        let directory = sandbox.directory
        let collected = Collected()
        DispatchQueue.concurrentPerform(iterations: 10) { index in
            collected.append(Lanzi.run(["--db", database, "lease", "create", "--merchant", "\(index % 2 + 1)", "--units", "S-001",
                                        "--start", "2026-0\(index % 9 + 1)-01", "--end", "2026-12-31", "--rent", "100"], in: directory))
        }
        let results = collected.all
        #expect(results.count == 10)
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results)")
        for result in results where result.status != 0 {
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix("lanzi: --units: unit S-001 is already leased"), "\(result)")
        }
        #expect(try sandbox.array("lease", "list").count == 1)
    }

    @Test("a name of the greatest length, written with combining marks, is taken or refused by name, never by SQLite", arguments: [
        (["merchant", "add", "--phone", "13800000000", "--name"], String(repeating: "e\u{301}", count: 40), "--name"),
        (["market", "set", "--name"], String(repeating: "e\u{301}", count: 80), "--name"),
        (["market", "set", "--operator"], String(repeating: "a\u{308}", count: 80), "--operator"),
    ])
    func combiningMarks(arguments: [String], name: String, field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let before = sandbox.snapshot()
        let result = sandbox.lanzi(arguments + [name])
        #expect(result.status == 0 || result.stderr.hasPrefix("lanzi: \(field):"), "\(result)")
        #expect(!result.stderr.contains("SQLite"), "no internals leak: \(result)")
        #expect(!result.stderr.contains("INSERT"), "no internals leak: \(result)")
        if result.status != 0 { #expect(sandbox.snapshot() == before) }
    }
}
