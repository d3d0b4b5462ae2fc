import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Writers side by side: two command-line processes billing and paying while the server takes
/// payments over HTTP. Every writer takes the write lock up front and waits within the busy
/// timeout, so no one is told the database is busy, no bill is raised twice and no receipt
/// number is skipped.
struct ContentionTests {
    @Test("two processes billing and paying while the server takes payments: no busy error, no bill twice, no gap in the receipts")
    func writersSideBySide() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let user = try sandbox.object("user", "add", "desk", "--role", "operator")
        let password = try #require(user["generated_password"] as? String)
        let year = String(Lanzi.today.prefix(4))
        let before = try sandbox.array("receipt", "list", "--year", year).count
        let server = try ServeTests.RunningServer(sandbox: sandbox)
        let token = try #require(Self.signIn(server.url, login: "desk", password: password))

        // Next month may be billed today; both processes run it, and pay as they go.
        let period = "2030-07"
        let failures = ReceiptCommandTests.Failures()
        let raised = ReceiptCommandTests.Failures()
        let group = DispatchGroup()
        let (database, directory) = (sandbox.database, sandbox.directory)
        for runner in 0..<2 {
            group.enter()
            Thread {
                let run = Lanzi.run(["--db", database, "bill", "run", "--period", period, "--json"], in: directory)
                if run.status != 0 { failures.add("runner \(runner) billing: \(run)") }
                if let report = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], let bills = report["bills"] as? Int {
                    raised.add("\(bills)")
                }
                for index in 0..<8 {
                    let result = Lanzi.run(["--db", database, "pay", "--merchant", "\(runner + 1)", "--amount", "1", "--method", "cash",
                                            "--key", "side-\(runner)-\(index)"], in: directory)
                    if result.status != 0 { failures.add("runner \(runner), payment \(index): \(result)") }
                    if (result.stderr + run.stderr).lowercased().contains("busy") { failures.add("runner \(runner) was told busy: \(result)") }
                }
                group.leave()
            }.start()
        }
        group.enter()
        let url = server.url
        Thread {
            for index in 0..<8 {
                let status = Self.pay(url, token: token, key: "http-\(index)")
                if status != 201 { failures.add("server payment \(index): \(status)") }
            }
            group.leave()
        }.start()
        group.wait()
        let stopped = server.stop(SIGTERM)
        #expect(stopped.status == 0)
        #expect(failures.all.isEmpty, "\(failures.all)")

        // Each lease billed once for the period, and the two runs together raised exactly those bills.
        let bills = try sandbox.array("bill", "list", "--period", period)
        let regular = bills.filter { $0["kind"] as? String == "regular" }.compactMap { $0["lease_id"] as? Int }
        #expect(!regular.isEmpty)
        #expect(Set(regular).count == regular.count, "a lease billed twice")
        #expect(raised.all.compactMap(Int.init).reduce(0, +) == bills.count, "\(raised.all) against \(bills.count)")
        let numbers = try sandbox.array("receipt", "list", "--year", year).compactMap { $0["number"] as? String }
        #expect(numbers.count == before + 24)
        #expect(Set(numbers) == Set((1...numbers.count).map { String(format: "BWG-\(year)-%06d", $0) }))
        #expect(try sandbox.must("audit", "verify").stdout.contains("clean"))
    }

    static func signIn(_ url: String, login: String, password: String) -> String? {
        let (status, body) = send(url + "api/v1/sessions", body: #"{"login":"\#(login)","password":"\#(password)"}"#, headers: [:])
        guard status == 201, let answer = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        return answer["token"] as? String
    }

    static func pay(_ url: String, token: String, key: String) -> Int {
        send(url + "api/v1/payments", body: #"{"merchant_id":3,"amount_fen":100,"method":"cash"}"#,
             headers: ["Authorization": "Bearer \(token)", "Idempotency-Key": key]).status
    }

    static func send(_ address: String, body: String, headers: [String: String]) -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: address)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result = (status: 0, body: Data())
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
            finished.signal()
        }.resume()
        _ = finished.wait(timeout: .now() + 30)
        return result
    }
}
