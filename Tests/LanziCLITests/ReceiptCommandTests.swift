import Foundation
import Testing
import LanziTestSupport

/// The receipt commands end to end: the key's commands and their refusals, a receipt as a
/// person reads it, two processes paying at once without a gap in the numbers, and a payment
/// refused whole when the key file is gone.
@Suite("receipt commands")
struct ReceiptCommandTests {
    @Test("key init, show and rotate: the key beside the database, mode 0600, and every refusal naming what to do")
    func keyCommands() throws {
        let sandbox = try Sandbox()
        try sandbox.must("init")
        let noMarket = sandbox.lanzi("key", "init")
        #expect(noMarket.status == 1 && noMarket.stderr.contains("market"), "\(noMarket)")
        try sandbox.initMarket()
        let badAlgorithm = sandbox.lanzi("key", "init", "--algorithm", "rsa")
        #expect(badAlgorithm.status == 1 && badAlgorithm.stderr.contains("--algorithm") && badAlgorithm.stderr.contains("ed25519 or sm2"), "\(badAlgorithm)")
        #expect(!sandbox.exists("market.db.signing-key.pem"))
        let noKey = sandbox.lanzi("key", "show")
        #expect(noKey.status == 0 && noKey.stdout.contains("lanzi key init"), "\(noKey)")
        let rotateFirst = sandbox.lanzi("key", "rotate")
        #expect(rotateFirst.status == 1 && rotateFirst.stderr.contains("lanzi key init"), "\(rotateFirst)")

        let made = try sandbox.object("key", "init")
        let keyID = try #require(made["key_id"] as? String)
        #expect(made["algorithm"] as? String == "ed25519" && made["key_path"] as? String == sandbox.path("market.db.signing-key.pem"))
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.path("market.db.signing-key.pem"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The key id is the SHA-256 of the DER public key, as stock openssl computes it.
        let openssl = try ExternalTool.openssl.require()
        let der = Lanzi.run(openssl, ["pkey", "-in", sandbox.path("market.db.signing-key.pem"), "-pubout", "-outform", "DER", "-out", sandbox.path("pub.der")], in: sandbox.directory)
        #expect(der.status == 0, "\(der)")
        let digest = Lanzi.run(openssl, ["dgst", "-sha256", "-r", sandbox.path("pub.der")], in: sandbox.directory)
        #expect(digest.stdout.hasPrefix(keyID), "\(digest) vs \(keyID)")
        let again = sandbox.lanzi("key", "init")
        #expect(again.status == 1 && again.stderr.contains("lanzi key rotate"), "\(again)")
        let shown = try sandbox.must("key", "show").stdout
        #expect(shown.contains("current key \(keyID.prefix(16))") && shown.contains("BEGIN PUBLIC KEY"), "\(shown)")

        let rotated = try sandbox.object("key", "rotate", "--algorithm", "sm2")
        #expect(rotated["algorithm"] as? String == "sm2" && rotated["key_id"] as? String != keyID)
        let keys = try sandbox.array("key", "show")
        #expect(keys.map { $0["current"] as? Bool } == [false, true])
    }

    @Test("a receipt reads as a person reads it, in figures and capitals with 不作发票使用; --json is the signed record")
    func receiptShown() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let paid = try sandbox.object("pay", "--merchant", "3", "--amount", "1234.50", "--method", "bank", "--key", "r-1", "--reference", "BK-778")
        let payment = try #require(paid["number"] as? String)
        let list = try sandbox.array("receipt", "list", "--merchant", "3", "--year", "2030")
        let number = try #require(list.last?["number"] as? String)
        #expect(number.hasPrefix("BWG-2030-"))
        let text = try sandbox.must("receipt", "show", number).stdout
        for part in ["receipt \(number)", "payment \(payment) by bank, reference BK-778", "¥1,234.50 (壹仟贰佰叁拾肆元伍角)", "不作发票使用", "signed by key "] {
            #expect(text.contains(part), "\(part) not in: \(text)")
        }
        let json = try sandbox.object("receipt", "show", number)
        let record = try #require(json["record"] as? [String: Any])
        #expect(record.int("amount_fen") == 123_450 && record["notice"] as? String == "不作发票使用")
        // The printed signature fingerprint is the SHA-256 of the signature, as stock openssl hashes it.
        let base64 = try #require(json["signature_base64"] as? String)
        let signature = try #require(Data(base64Encoded: base64))
        try signature.write(to: URL(fileURLWithPath: sandbox.path("receipt.sig")))
        let digest = Lanzi.run(try ExternalTool.openssl.require(), ["dgst", "-sha256", "-r", sandbox.path("receipt.sig")], in: sandbox.directory)
        let fingerprint = try #require(json["signature_fingerprint"] as? String)
        #expect(fingerprint.count == 16 && digest.stdout.hasPrefix(fingerprint) && text.contains("signature \(fingerprint)"), "\(digest)")
        let unknown = sandbox.lanzi("receipt", "show", "BWG-2030-999999")
        #expect(unknown.status == 1 && unknown.stderr.contains("no receipt BWG-2030-999999"), "\(unknown)")
        let noted = try sandbox.must("receipt", "note-invoice", number, "--invoice", "No.12345678").stdout
        #expect(noted.contains("noted invoice No.12345678 for \(number)"), "\(noted)")
        let missingInvoice = sandbox.lanzi("receipt", "note-invoice", number)
        #expect(missingInvoice.status == 2 && missingInvoice.stderr.contains("--invoice"), "\(missingInvoice)")
    }

    @Test("export's refusals name the option; nothing is left behind")
    func exportRefusals() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let both = sandbox.lanzi("receipts", "export", "--year", "2026", "--from", "2026-01-01", "--out", sandbox.path("b"))
        #expect(both.status == 1 && both.stderr.contains("--year"), "\(both)")
        let half = sandbox.lanzi("receipts", "export", "--from", "2026-01-01", "--out", sandbox.path("b"))
        #expect(half.status == 1 && half.stderr.contains("--to"), "\(half)")
        let empty = sandbox.lanzi("receipts", "export", "--year", "2001", "--out", sandbox.path("b"))
        #expect(empty.status == 1 && empty.stderr.contains("--from") && empty.stderr.contains("no receipt record"), "\(empty)")
        try FileManager.default.createDirectory(atPath: sandbox.path("full"), withIntermediateDirectories: true)
        try sandbox.write("full/x", "x")
        let full = sandbox.lanzi("receipts", "export", "--year", "2026", "--out", sandbox.path("full"))
        #expect(full.status == 1 && full.stderr.contains("--out") && full.stderr.contains("not empty"), "\(full)")
        #expect(!sandbox.exists("b"))
        let notABundle = sandbox.bare("receipts", "verify", sandbox.path("full"))
        #expect(notABundle.status == 1 && notABundle.stdout.contains("manifest.json"), "\(notABundle)")
    }

    @Test("two processes paying at once: every payment has its receipt, numbers without a gap, the chain unbroken")
    func concurrentPayments() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let before = try sandbox.array("receipt", "list", "--year", "2030").count
        let failures = Failures()
        let group = DispatchGroup()
        let (database, directory) = (sandbox.database, sandbox.directory)
        for runner in 0..<2 {
            group.enter()
            Thread {
                for index in 0..<12 {
                    let result = Lanzi.run(["--db", database, "pay", "--merchant", "\(runner + 1)", "--amount", "1", "--method", "cash",
                                            "--key", "c-\(runner)-\(index)"], in: directory)
                    if result.status != 0 { failures.add("runner \(runner), payment \(index): \(result)") }
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")
        let numbers = try sandbox.array("receipt", "list", "--year", "2030").compactMap { $0["number"] as? String }
        #expect(numbers.count == before + 24)
        #expect(Set(numbers) == Set((1...numbers.count).map { String(format: "BWG-2030-%06d", $0) }), "\(numbers)")
        let check = try sandbox.must("receipts", "verify-db").stdout
        #expect(check.contains("chain unbroken"), "\(check)")
    }

    @Test("with the key file gone a payment is refused whole, saying where the key was and how to go on")
    func paymentWithoutTheKeyFile() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        try FileManager.default.moveItem(atPath: sandbox.database + ".signing-key.pem", toPath: sandbox.path("moved.pem"))
        let before = sandbox.snapshot()
        let refused = sandbox.lanzi("pay", "--merchant", "3", "--amount", "10", "--method", "cash", "--key", "gone")
        #expect(refused.status == 1 && refused.stderr.contains(sandbox.database + ".signing-key.pem") && refused.stderr.contains("nothing was recorded"), "\(refused)")
        #expect(sandbox.snapshot() == before)
    }

    /// Messages gathered from several threads.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
    }
}
