import Foundation
import Testing

/// A stock command that a test checks our results against (`sqlite3`, `openssl`, `hledger`),
/// so that we never only agree with ourselves.
///
/// One rule for every such check: the command is looked up on `PATH`. When it is missing,
/// the test is skipped with a note that names it, unless `CI` is set (to anything but the
/// empty string): then the test fails, so that an oracle cannot silently vanish from CI.
/// `tools/setup`, which `tools/test` and so CI run first, installs every one
/// the tests use (`zbarimg` among them, which decodes the web pages' QR codes).
///
/// It lives in `LanziTestSupport`, a target that only the test targets depend on, so that
/// every one of them applies the same rule; `ExternalToolTests` (in LanziCLITests) proves it.
package struct ExternalTool: Sendable, CustomStringConvertible {
    package static let sqlite3 = ExternalTool(name: "sqlite3")
    package static let openssl = ExternalTool(name: "openssl")
    package static let hledger = ExternalTool(name: "hledger")

    /// The command's name, as looked up on `PATH`.
    package let name: String

    package init(name: String) { self.name = name }

    package var description: String { name }

    /// What a test does about the command.
    package enum Decision: Equatable, Sendable {
        /// Run the check with this executable.
        case run(URL)
        /// Skip the test, with this note: the command is missing and CI is not set.
        case skip(String)
        /// Fail the test, with this message: the command is missing and CI is set.
        case fail(String)
    }

    /// The error that fails a test whose command is missing under CI.
    package struct Missing: Error, CustomStringConvertible {
        package let message: String
        package var description: String { message }
    }

    /// Whether `environment` is a CI run: `CI` set to anything but the empty string.
    package static func isCI(_ environment: [String: String]) -> Bool {
        !(environment["CI"] ?? "").isEmpty
    }

    /// The rule, decided for `environment` (its `PATH` and `CI`). Only absolute `PATH`
    /// entries are searched; a missing `PATH` is `/usr/bin:/bin`.
    package func decision(environment: [String: String] = ProcessInfo.processInfo.environment) -> Decision {
        let searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where folder.hasPrefix("/") {
            let candidate = URL(fileURLWithPath: String(folder), isDirectory: true).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return .run(candidate)
            }
        }
        let missing = "\(name) is not on PATH (\(searchPath)); tools/setup installs it"
        if Self.isCI(environment) {
            return .fail("\(missing). CI is set, so a check against \(name) fails instead of being skipped")
        }
        return .skip("skipped: \(missing)")
    }

    /// The command's executable, for a test that checks against it; call it before the test
    /// does any work.
    /// - Throws: `Missing` when the command is missing and CI is set (the test fails);
    ///   when it is missing otherwise, the test is cancelled with the note, which reports it
    ///   as skipped.
    package func require(environment: [String: String] = ProcessInfo.processInfo.environment,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        switch decision(environment: environment) {
        case .run(let executable): return executable
        case .fail(let message): throw Missing(message: message)
        case .skip(let note): try Test.cancel(Comment(rawValue: note), sourceLocation: sourceLocation)
        }
    }

    /// The command's executable, for a check that is only one part of a larger test (which
    /// goes on without it), or nil when it is missing: then the test fails if CI is set, and
    /// otherwise carries a warning with the note.
    package func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        switch decision(environment: environment) {
        case .run(let executable):
            return executable
        case .fail(let message):
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            return nil
        case .skip(let note):
            Issue.record(Comment(rawValue: note), severity: .warning, sourceLocation: sourceLocation)
            return nil
        }
    }
}
