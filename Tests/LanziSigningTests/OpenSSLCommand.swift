import Foundation
import Testing
import LanziTestSupport

/// The stock `openssl` command, found by `ExternalTool`'s rule, run with its output through
/// files. The signing tests check Lanzi against it, so that we never only agree with ourselves.
struct OpenSSLCommand: Sendable {
    let url: URL

    /// The command on PATH; skips the test without it, or fails it under CI.
    static func require() throws -> OpenSSLCommand { OpenSSLCommand(url: try ExternalTool.openssl.require()) }

    struct Output {
        let status: Int32
        let standardOutput: Data
        let standardError: String

        var text: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    /// Runs the tool with `arguments`, standard input from `input`; output goes through files,
    /// so that a large output cannot fill a pipe and stall both processes.
    func run(_ arguments: [String], input: Data = Data()) throws -> Output {
        let folder = try TemporaryFolder()
        let inputFile = folder.url.appendingPathComponent("stdin")
        let outputFile = folder.url.appendingPathComponent("stdout")
        let errorFile = folder.url.appendingPathComponent("stderr")
        try input.write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            standardOutput: try Data(contentsOf: outputFile),
            standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        )
    }
}

/// A folder under the temporary directory, removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-signing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `data` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ data: Data, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String { try write(Data(text.utf8), to: name) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }
}

/// Bytes from hex text; whitespace is ignored so that long vectors can be split over lines.
func bytes(hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }.utf8.map { byte -> UInt8 in
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: preconditionFailure("not a hex digit in \(hex)")
        }
    }
    precondition(digits.count % 2 == 0, "an odd number of hex digits in \(hex)")
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}
