import Foundation
import Testing
import LanziTestSupport

/// `ExternalTool`'s rule, decided for environments made here (their own `PATH` and `CI`),
/// and the copies of it in every test target.
@Suite("the rule for stock commands that tests check against")
struct ExternalToolTests {
    /// A new folder under the system's temporary folder, removed when `body` returns.
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-tool-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// A name that no machine has on its PATH.
    static let absent = ExternalTool(name: "lanzi-no-such-tool-\(UUID().uuidString)")

    @Test("with CI set, a missing command fails the test: the decision, require() and locate()", arguments: ["true", "1", "false"])
    func missingUnderCIFails(ci: String) throws {
        try Self.withFolder { emptyFolder in
            let environment = ["CI": ci, "PATH": "\(emptyFolder.path):/usr/bin:/bin"]
            guard case .fail(let message) = Self.absent.decision(environment: environment) else {
                Issue.record("not a failure: \(Self.absent.decision(environment: environment))")
                return
            }
            #expect(message.contains(Self.absent.name) && message.contains("CI is set") && message.contains("tools/setup"), "\(message)")

            #expect(throws: ExternalTool.Missing.self) { try Self.absent.require(environment: environment) }
            // Uncaught, as in a test, the error is a failure of that test (not a skip).
            try withKnownIssue {
                _ = try Self.absent.require(environment: environment)
            } matching: { issue in
                issue.isFailure && issue.error is ExternalTool.Missing
            }
            // The form for a part of a larger test records a failure and goes on without it.
            withKnownIssue {
                #expect(Self.absent.locate(environment: environment) == nil)
            } matching: { issue in
                issue.isFailure && issue.comments.contains { $0.rawValue.contains(Self.absent.name) }
            }
        }
    }

    @Test("without CI (unset or empty), a missing command skips the test with a note naming it and tools/setup", arguments: [nil, ""])
    func missingWithoutCISkips(ci: String?) throws {
        try Self.withFolder { emptyFolder in
            var environment = ["PATH": emptyFolder.path]
            environment["CI"] = ci
            #expect(!ExternalTool.isCI(environment))
            #expect(Self.absent.decision(environment: environment)
                    == .skip("skipped: \(Self.absent.name) is not on PATH (\(emptyFolder.path)); tools/setup installs it"))
        }
    }

    @Test("a command on PATH is run from the first folder that has it, with CI set or not")
    func foundOnPath() throws {
        try Self.withFolder { folder in
            let first = folder.appendingPathComponent("first", isDirectory: true)
            let second = folder.appendingPathComponent("second", isDirectory: true)
            for place in [first, second] {
                try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
                let tool = place.appendingPathComponent("lanzi-fake-oracle")
                try Data("#!/bin/sh\n".utf8).write(to: tool)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
            }
            let tool = ExternalTool(name: "lanzi-fake-oracle")
            for ci in [nil, "true"] {
                var environment = ["PATH": "relative/folder::\(folder.path):\(first.path):\(second.path)"]
                environment["CI"] = ci
                #expect(tool.decision(environment: environment) == .run(first.appendingPathComponent("lanzi-fake-oracle")))
                #expect(try tool.require(environment: environment) == first.appendingPathComponent("lanzi-fake-oracle"))
                #expect(tool.locate(environment: environment) == first.appendingPathComponent("lanzi-fake-oracle"))
            }
        }
    }

    @Test("a folder, or a file that may not be executed, by the command's name is not the command")
    func onlyExecutableFilesCount() throws {
        try Self.withFolder { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("lanzi-folder-oracle"), withIntermediateDirectories: true)
            try Data("#!/bin/sh\n".utf8).write(to: folder.appendingPathComponent("lanzi-plain-oracle"))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("lanzi-plain-oracle").path)
            let environment = ["CI": "true", "PATH": folder.path]
            for name in ["lanzi-folder-oracle", "lanzi-plain-oracle"] {
                guard case .fail = ExternalTool(name: name).decision(environment: environment) else {
                    Issue.record("\(name) was taken for the command")
                    continue
                }
            }
        }
    }

    @Test("this machine's sqlite3, openssl and hledger are found as the tests will run them")
    func stockCommandsFound() {
        for tool in [ExternalTool.sqlite3, .openssl, .hledger] {
            // Under CI they must be there (tools/setup installed them); elsewhere a skip is
            // allowed, and is what the tests that use them will do.
            switch tool.decision() {
            case .run(let executable): #expect(executable.lastPathComponent == tool.name)
            case .skip: #expect(!ExternalTool.isCI(ProcessInfo.processInfo.environment))
            case .fail(let message): Issue.record(Comment(rawValue: message))
            }
        }
    }

    @Test("the rule lives once, in LanziTestSupport, and no test runs sqlite3, openssl or hledger another way")
    func oneRuleEverywhere() throws {
        let tests = Lanzi.packageRoot.appendingPathComponent("Tests", isDirectory: true)
        let copies = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent == "ExternalTool.swift" }
        #expect(copies.map { $0.deletingLastPathComponent().lastPathComponent } == ["LanziTestSupport"])
        // A command started by a fixed path or through env would escape the rule.
        let escapes = ["/usr/bin/sqlite3", "/usr/bin/openssl", "/usr/bin/hledger", "\"sqlite3\", ", "\"openssl\", ", "\"hledger\", "]
        let enumerator = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
        var checked = 0
        for case let file as URL in enumerator where file.pathExtension == "swift" && file.lastPathComponent != "ExternalToolTests.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            checked += 1
            for escape in escapes {
                #expect(!text.contains(escape), "\(file.path) runs a stock command by \(escape) instead of ExternalTool")
            }
        }
        #expect(checked > 20)
    }
}
