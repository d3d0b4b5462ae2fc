import Foundation
import Testing

/// Every command of the README, with the options and arguments its synopsis gives.
let readmeCommands: [(words: String, takes: [String])] = [
    ("init", ["--code CODE", "--name NAME", "--operator NAME", "--collective NAME", "--household-min N", "--household-max N"]),
    ("seed", ["FILE"]),
    ("market show", []),
    ("market set", ["--name NAME", "--operator NAME", "--collective NAME", "--household-min N", "--household-max N"]),
    ("market summary", ["--on DATE"]),
    ("unit list", ["--kind KIND", "--status STATUS", "--on DATE"]),
    ("unit show", ["CODE", "--on DATE"]),
    ("unit add", ["--code CODE", "--kind KIND", "--area M2", "--phase N", "--building NAME", "--capacity-kg N"]),
    ("unit set-status", ["CODE", "STATUS", "--on DATE"]),
    ("merchant add", ["--name NAME", "--phone PHONE", "--id-number X"]),
    ("merchant list", ["--reveal-id"]),
    ("merchant show", ["ID", "--reveal-id"]),
    ("lease create", ["--merchant ID", "--units CODE[,CODE]", "--start DATE", "--end DATE", "--rent AMOUNT", "--cycle CYCLE",
                      "--fee-per-m2 AMOUNT", "--fee-fixed AMOUNT", "--deposit AMOUNT", "--free-months N", "--escalation-bp N",
                      "--due-day N", "--grace-days N", "--late-fee-bp N", "--late-fee-cap-bp N"]),
    ("lease list", ["--merchant ID", "--active-on DATE"]),
    ("lease show", ["ID"]),
    ("lease renew", ["ID", "--end DATE", "--rent AMOUNT"]),
    ("lease terminate", ["ID", "--on DATE", "--reason TEXT"]),
]

@Suite("help")
struct HelpTests {
    @Test("lanzi --help and lanzi help list every command", arguments: [["--help"], ["-h"], ["help"]])
    func listsEveryCommand(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = Lanzi.run(arguments, in: sandbox.directory)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("usage: lanzi"))
        #expect(result.stdout.contains("--db PATH"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for (words, _) in readmeCommands {
            #expect(lines.contains { $0.hasPrefix("  \(words)  ") }, "no line for `\(words)` in:\n\(result.stdout)")
        }
        // Help needs no database and makes none.
        #expect(!sandbox.exists("lanzi.db"))
    }

    @Test("COMMAND --help shows the command's usage with every option of the README",
          arguments: readmeCommands.map(\.words))
    func commandHelp(words: String) throws {
        let sandbox = try Sandbox()
        let takes = readmeCommands.first { $0.words == words }!.takes
        let split = words.split(separator: " ").map(String.init)
        for arguments in [split + ["--help"], ["--help"] + split, ["help"] + split, split + ["-h"]] {
            let result = Lanzi.run(arguments, in: sandbox.directory)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stderr.isEmpty, "\(arguments): \(result)")
            let usage = try #require(result.stdout.split(separator: "\n").first.map(String.init), "\(result)")
            #expect(usage.hasPrefix("usage: lanzi \(words)"), "\(arguments): \(usage)")
            for item in takes {
                #expect(usage.contains(item), "the usage of `\(words)` lacks \(item): \(usage)")
            }
            #expect(usage.contains("[--json]"), "every current command takes --json: \(usage)")
            #expect(result.stdout.contains("--db PATH"))
        }
        #expect(!sandbox.exists("lanzi.db"))
    }

    @Test("--help wins over a malformed rest of the line and touches no database")
    func helpBeforeAnythingElse() throws {
        let sandbox = try Sandbox()
        let result = sandbox.lanzi("lease", "create", "--help", "--rent", "abc")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("usage: lanzi lease create --merchant ID"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))
    }

    @Test("a group's name alone lists that group's commands", arguments: [
        ("market", ["market show", "market set", "market summary"]),
        ("unit", ["unit list", "unit show", "unit add", "unit set-status"]),
        ("merchant", ["merchant add", "merchant list", "merchant show"]),
        ("lease", ["lease create", "lease list", "lease show", "lease renew", "lease terminate", "lease cancel"]),
    ])
    func groupHelp(group: String, commands: [String]) throws {
        let sandbox = try Sandbox()
        let result = sandbox.bare(group)
        #expect(result.status == 0, "\(result)")
        let listed = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
            .map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0] }
        #expect(listed == commands, "\(result.stdout)")
    }
}

@Suite("usage errors: exit 2, a usage line, nothing changed")
struct UsageErrorTests {
    static let cases: [(arguments: [String], message: String)] = [
        (["frobnicate"], "unknown command \"frobnicate\""),
        (["unit", "frob"], "unknown command \"unit frob\""),
        (["leases", "list"], "unknown command"),
        (["--bogus"], "--bogus"),
        (["unit", "list", "--bogus"], "unknown option --bogus"),
        (["unit", "list", "--bogus=1"], "unknown option --bogus"),
        (["lease", "show", "1", "--reveal-id"], "unknown option --reveal-id"),
        (["unit", "add", "--code", "S-009", "--kind", "shop"], "missing --area"),
        (["lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31"], "missing --rent"),
        (["merchant", "add", "--name", "张三"], "missing --phone"),
        (["lease", "renew", "1"], "missing --end"),
        (["lease", "terminate", "1"], "missing --on"),
        (["unit", "add", "--code", "S-009", "--area", "5", "--kind"], "--kind needs a value"),
        (["unit", "add", "--code", "S-009", "--kind", "--area", "5"], "--kind needs a value"),
        (["unit", "list", "--on"], "--on needs a value"),
        (["unit", "list", "--kind", "shop", "--kind", "stall"], "--kind is given twice"),
        (["unit", "list", "--kind=shop", "--kind", "shop"], "--kind is given twice"),
        (["merchant", "list", "--reveal-id", "--reveal-id"], "--reveal-id is given twice"),
        (["merchant", "list", "--reveal-id=yes"], "--reveal-id takes no value"),
        (["unit", "show", "S-001", "S-002"], "unexpected argument \"S-002\""),
        (["market", "summary", "today"], "unexpected argument \"today\""),
        (["lease", "list", "1"], "unexpected argument \"1\" for `lanzi lease list`"),
        (["pay", "frob"], "unexpected argument \"frob\" for `lanzi pay`"),
        (["unit", "show"], "missing CODE"),
        (["unit", "set-status", "S-001"], "missing STATUS"),
        (["merchant", "show"], "missing ID"),
        (["lease", "show"], "missing ID"),
        (["seed"], "missing FILE"),
        (["unit", "list", "--db"], "--db needs a path"),
        (["--db"], "--db needs a path"),
    ]

    @Test("malformed command lines", arguments: cases)
    func malformed(arguments: [String], message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "1000")
        // The database is named by the environment, so that every word of the line is the case's.
        let before = sandbox.snapshot()
        let result = Lanzi.run(arguments, environment: ["LANZI_DB": sandbox.database], in: sandbox.directory)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasPrefix("lanzi: "), "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(result.stderr.contains("usage:"), "a usage error shows the usage: \(result)")
        #expect(sandbox.snapshot() == before)
        #expect(!sandbox.exists("lanzi.db"))
    }

    @Test("the usage line printed is the command's own")
    func usageLineIsTheCommands() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let result = sandbox.expectUsageError(["--db", sandbox.database, "lease", "terminate", "1", "--reason", "x"], ["missing --on DATE"])
        #expect(result.stderr.contains("usage: lanzi lease terminate ID --on DATE [--reason TEXT] [--json]"), "\(result)")
    }

    @Test("--db with an empty path is a usage error, not a database error", arguments: [
        ["--db=", "init"], ["--db", "", "init"], ["--db=", "unit", "list"], ["--db", "", "market", "show"],
    ])
    func emptyDatabasePath(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = Lanzi.run(arguments, in: sandbox.directory)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--db"), "\(result)")
        #expect(result.stderr.contains("usage:"), "\(result)")
        #expect(!result.stderr.contains("SQLite"), "no internals leak: \(result)")
        #expect(!result.stderr.contains("Optional("), "no internals leak: \(result)")
        #expect(!sandbox.exists("lanzi.db"))
    }

    @Test("--json and --db may stand anywhere on the line")
    func globalOptionsAnywhere() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let lines = [
            ["--json", "--db", sandbox.database, "unit", "show", "S-001"],
            ["unit", "show", "S-001", "--json", "--db", sandbox.database],
            ["unit", "--db=\(sandbox.database)", "show", "--json", "S-001"],
        ]
        for arguments in lines {
            let result = Lanzi.run(arguments, in: sandbox.directory)
            #expect(result.status == 0, "\(arguments): \(result)")
            let unit = try #require(try result.json() as? [String: Any], "\(result)")
            #expect(unit.string("code") == "S-001")
            #expect(unit.string("area_m2") == "24.50")
        }
    }

    @Test("-- ends the options, so a value that looks like an option can be an argument")
    func doubleDash() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let result = sandbox.lanzi("unit", "show", "--", "--on")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no unit --on"), "\(result)")
    }
}
