import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `lanzi serve` as an operator starts it: the URL on the first line, requests answered and
/// logged, and SIGTERM or SIGINT ending it cleanly.
@Suite("lanzi serve")
struct ServeTests {
    /// The server started on a free port over the demo market; its stdout line gives the URL.
    final class RunningServer {
        let process = Process()
        let output = Pipe()
        let errors: URL
        var url = ""

        init(sandbox: Sandbox) throws {
            errors = sandbox.directory.appendingPathComponent("serve.err")
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.executableURL = Lanzi.executable
            process.arguments = ["serve", "--port", "0", "--db", sandbox.database]
            var environment = ProcessInfo.processInfo.environment
            environment["LANG"] = "C"
            environment["LANZI_TODAY"] = Lanzi.today
            process.environment = environment
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let line = Self.firstLine(output.fileHandleForReading)
            guard let range = line.range(of: #"http://[0-9.]+:[0-9]+/"#, options: .regularExpression) else {
                process.terminate()
                throw ServeFailure(text: "no URL in the first line: \(line)")
            }
            url = String(line[range])
        }

        static func firstLine(_ handle: FileHandle) -> String {
            var bytes: [UInt8] = []
            while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") { bytes.append(first) }
            return String(decoding: bytes, as: UTF8.self)
        }

        func get(_ path: String) -> (status: Int, body: String) {
            let finished = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result = (status: 0, body: "")
            URLSession.shared.dataTask(with: URL(string: url + path.dropFirst())!) { data, response, _ in
                result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
                finished.signal()
            }.resume()
            _ = finished.wait(timeout: .now() + 10)
            return result
        }

        /// Sends the signal and waits for the exit: its status, and the rest of stdout.
        func stop(_ signal: Int32) -> (status: Int32, rest: String) {
            kill(process.processIdentifier, signal)
            let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, rest)
        }
    }

    struct ServeFailure: Error { let text: String }

    @Test("serves the market until SIGTERM or SIGINT, then exits 0; one access-log line a request on stderr", arguments: [SIGTERM, SIGINT])
    func servesAndStops(signal: Int32) throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let server = try RunningServer(sandbox: sandbox)
        let health = server.get("/healthz")
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok"}"#)
        let refused = server.get("/api/v1/bills")
        #expect(refused.status == 401)
        #expect(refused.body.contains(#""code":"unauthenticated""#))
        let stopped = server.stop(signal)
        #expect(stopped.status == 0)
        #expect(stopped.rest.contains("stopped"))
        let log = try String(contentsOf: server.errors, encoding: .utf8)
        #expect(log.contains("GET /healthz 200 15 "), "\(log)")
        #expect(log.contains("GET /api/v1/bills 401 "), "\(log)")
    }

    @Test("an address that cannot be listened on is refused, naming it; a bad port names --port")
    func refusals() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let badHost = sandbox.lanzi("serve", "--host", "256.1.1.1", "--port", "0")
        #expect(badHost.status == 1)
        #expect(badHost.stderr.contains("cannot listen on 256.1.1.1:0"), "\(badHost)")
        let badPort = sandbox.lanzi("serve", "--port", "70000")
        #expect(badPort.status == 1)
        #expect(badPort.stderr.contains("--port"), "\(badPort)")
        let noDatabase = Lanzi.run(["serve", "--port", "0", "--db", sandbox.path("none.db")], in: sandbox.directory)
        #expect(noDatabase.status == 1)
        #expect(noDatabase.stderr.contains("no database at"), "\(noDatabase)")
    }

    @Test("a bad --public-url or --trusted-proxy is refused before anything is served, naming the option",
          arguments: [["--public-url", "ftp://market.example"], ["--public-url", "https://market.example/path"], ["--public-url", "market.example"],
                      ["--trusted-proxy", "nginx.local"], ["--trusted-proxy", "127.0.0.1; rm"]])
    func badProxyOptions(arguments: [String]) throws {
        let sandbox = try Sandbox()
        try sandbox.must("init")
        let refused = Lanzi.run(["serve", "--port", "0", "--db", sandbox.database] + arguments, in: sandbox.directory)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains(arguments[0]) && !refused.stdout.contains("serving"), "\(refused)")
    }
}
