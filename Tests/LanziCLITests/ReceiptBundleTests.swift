import Foundation
import Testing
import LanziTestSupport

/// `lanzi receipts export` and the two checkers of its bundle, which must agree:
/// `lanzi receipts verify` (Swift, ReceiptBundle.swift) and `tools/verify-receipts` (bash,
/// coreutils and the stock openssl, for a committee that trusts neither Lanzi nor the
/// operator). A bundle that is whole passes both; every way of spoiling one fails both,
/// naming the file.
@Suite("receipt bundles: lanzi receipts verify and tools/verify-receipts")
struct ReceiptBundleTests {
    @Test("the demo's 2026 export passes lanzi receipts verify, tools/verify-receipts and tools/verify-receipts --all")
    func demoExportVerifies() throws {
        let tools = try StockTools.require()
        let sandbox = try Sandbox()
        let bundle = try exportDemo(sandbox)
        let manifest = try Manifest(bundle)
        let records = try recordFiles(bundle)
        try #require(records.count > 100, "the demo's 2026 export should hold hundreds of records: \(records.count)")
        #expect(manifest.count == records.count, "the manifest counts \(manifest.count), records/ holds \(records.count)")
        let summary = "\(records.count) record(s) verified, \(manifest.firstNumber) to \(manifest.lastNumber)"

        let lanzi = sandbox.lanzi("receipts", "verify", bundle)
        #expect(lanzi.status == 0, "\(lanzi)")
        #expect(lanzi.stdout.contains(summary), "\(lanzi)")

        let sampled = tools.verifyReceipts([bundle], in: sandbox)
        #expect(sampled.status == 0, "\(sampled)")
        #expect(sampled.stdout.contains(summary), "\(sampled)")
        #expect(sampled.stdout.contains("the signatures of 22 (first, last and 20 at random"), "\(sampled)")
        #expect(sampled.stdout.contains("keys \(manifest.signedBy.prefix(16))"), "the summary names the key's fingerprint: \(sampled)")
        #expect(sampled.stdout.split(separator: "\n").count == 1, "a clean bundle gives one line: \(sampled)")

        let all = tools.verifyReceipts(["--all", bundle], in: sandbox)
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout.contains(summary), "\(all)")
        #expect(all.stdout.contains("all \(records.count) signatures"), "\(all)")
    }

    @Test("a spoiled copy of the demo's export fails both checkers, which name the file", arguments: Tamper.allCases)
    func tamperedBundleFails(tamper: Tamper) throws {
        let tools = try StockTools.require()
        let sandbox = try Sandbox()
        let bundle = try exportDemo(sandbox)
        let spoiled = sandbox.path("spoiled")
        try FileManager.default.copyItem(atPath: bundle, toPath: spoiled)
        let expected = try tamper.apply(to: spoiled, tools: tools, in: sandbox)

        let lanzi = sandbox.lanzi("receipts", "verify", spoiled)
        #expect(lanzi.status == 1, "\(tamper): \(lanzi)")
        #expect(lanzi.stdout.contains("\(expected.subject): "), "\(tamper): lanzi should name \(expected.subject): \(lanzi)")

        // Without --all the script checks only a random sample of signatures, so what it must
        // say here is a digest, chain or key problem, which it finds whichever records it samples.
        let sampled = tools.verifyReceipts([spoiled], in: sandbox)
        #expect(sampled.status == 1, "\(tamper): \(sampled)")
        #expect(sampled.stdout.contains("\(expected.subject): \(expected.problem)"), "\(tamper): the script should say \(expected.subject): \(expected.problem)…: \(sampled)")
        #expect(sampled.stdout.contains("problem(s)"), "\(tamper): \(sampled)")

        // A record changed in place no longer matches its own signature: --all, which checks
        // every one, must say so (a sample could miss it).
        if expected.breaksItsSignature {
            let all = tools.verifyReceipts(["--all", spoiled], in: sandbox)
            #expect(all.status == 1, "\(tamper): \(all)")
            #expect(all.stdout.contains("\(expected.subject): its signature (\(expected.subject).sig) does not verify"), "\(tamper): \(all)")
        }
    }

    @Test("an SM2 market: both checkers pass its export, and stock openssl verifies a record with the SM2 options")
    func sm2Market() throws {
        let tools = try StockTools.require()
        let sandbox = try Sandbox()
        try sandbox.must("init", "--code", "SMT", "--name", "国密市场", "--operator", "国密运营公司", "--collective", "国密村小组")
        try sandbox.must("key", "init", "--algorithm", "sm2")
        try sandbox.must("unit", "add", "--code", "S-001", "--kind", "shop", "--area", "20")
        try sandbox.must("merchant", "add", "--name", "李春华", "--phone", "13800000000")
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "500")
        try sandbox.must("bill", "run", "--period", "2026-01")
        try sandbox.must("pay", "--merchant", "1", "--amount", "200", "--method", "cash", "--key", "p1", "--on", "2026-01-10")
        try sandbox.must("pay", "--merchant", "1", "--amount", "300", "--method", "wechat", "--key", "p2", "--on", "2026-01-20", "--reference", "wx-0120")
        let bundle = sandbox.path("bundle")
        // A wide range, as the demo asks: the report gives the dates of what it found.
        let exported = try sandbox.must("receipts", "export", "--from", "2000-01-01", "--to", "2026-12-31", "--out", bundle).stdout
        #expect(exported.contains("exported 2 record(s), SMT-2026-000001 to SMT-2026-000002, dated 2026-01-10 to 2026-01-20"), "\(exported)")
        let report = try sandbox.object("receipts", "export", "--from", "2000-01-01", "--to", "2026-12-31", "--out", sandbox.path("again"), "--json")
        #expect(report["from"] as? String == "2000-01-01" && report["first_date"] as? String == "2026-01-10"
                && report["last_date"] as? String == "2026-01-20", "\(report)")

        let manifest = try Manifest(bundle)
        #expect(manifest.algorithms == ["sm2"], "\(manifest.algorithms)")
        let records = try recordFiles(bundle)
        #expect(records == ["records/00000001_SMT-2026-000001.json", "records/00000002_SMT-2026-000002.json"], "\(records)")
        let summary = "2 record(s) verified, SMT-2026-000001 to SMT-2026-000002"

        let lanzi = sandbox.lanzi("receipts", "verify", bundle)
        #expect(lanzi.status == 0 && lanzi.stdout.contains(summary), "\(lanzi)")
        let script = tools.verifyReceipts(["--all", bundle], in: sandbox)
        #expect(script.status == 0 && script.stdout.contains(summary), "\(script)")
        #expect(script.stdout.contains("keys \(manifest.signedBy.prefix(16))"), "\(script)")

        // The record checked by hand, as VERIFY.md tells a committee to; without the SM2
        // options (SM3, the default distinguishing id) the same signature does not verify.
        let record = "\(bundle)/\(records[1])"
        let key = "\(bundle)/keys/\(manifest.signedBy).pem"
        let direct = tools.openssl(["pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
                                    "-in", record, "-sigfile", record + ".sig"], in: sandbox)
        #expect(direct.status == 0 && direct.stdout.contains("Signature Verified Successfully"), "\(direct)")
        let plain = tools.openssl(["pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", record, "-sigfile", record + ".sig"], in: sandbox)
        #expect(plain.status != 0, "an SM2 signature should not verify without the SM2 options: \(plain)")
    }

    @Test("tools/verify-receipts: no DIR, an unknown option or a bad --sample is a usage error (2); --help says what it checks")
    func scriptUsage() throws {
        let tools = try StockTools.require()
        let sandbox = try Sandbox()
        for arguments in [[], ["--bogus", sandbox.directory.path], ["--sample"], ["--sample", "many", sandbox.directory.path],
                          [sandbox.directory.path, sandbox.directory.path], ["--all"]] {
            let result = tools.verifyReceipts(arguments, in: sandbox)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.contains("usage: tools/verify-receipts"), "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
        }
        let help = tools.verifyReceipts(["--help"], in: sandbox)
        #expect(help.status == 0, "\(help)")
        for text in ["usage: tools/verify-receipts [--all] [--sample N] DIR", "prev_hash", "--all", "--sample N", "ed25519", "sm2"] {
            #expect(help.stdout.contains(text), "--help should say \(text): \(help)")
        }
    }

    @Test("a folder that is not a bundle (empty, or missing) fails both checkers with a message")
    func notABundle() throws {
        let tools = try StockTools.require()
        let sandbox = try Sandbox()
        let empty = sandbox.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for folder in [empty, sandbox.path("nothing-here")] {
            let script = tools.verifyReceipts([folder], in: sandbox)
            #expect(script.status == 1, "\(script)")
            #expect(script.stdout.contains("\(folder): manifest.json is missing: \(folder) is not a receipt bundle"), "\(script)")
            let lanzi = sandbox.lanzi("receipts", "verify", folder)
            #expect(lanzi.status == 1, "\(lanzi)")
            #expect(lanzi.stdout.contains("is not a receipt bundle"), "\(lanzi)")
        }
    }
}

// MARK: - Ways of spoiling a bundle

/// One way a bundle is spoiled after it was exported, and what both checkers must then say.
enum Tamper: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case amountChanged = "a record's amount_fen changed"
    case merchantRenamed = "a record's merchant name changed"
    case recordDeleted = "a middle record and its signature deleted"
    case recordInserted = "a copy of a record added under a name between two others"
    case recordsSwapped = "two records swapped, each with its own signature"
    case foreignKey = "a record re-signed by a key not in the bundle (its public key dropped into keys/)"
    case manifestEdited = "the manifest's count edited"

    var testDescription: String { rawValue }

    /// What the checkers must report: the file (as the bundle names it) and the start of the
    /// script's problem for it that no sample of signatures decides.
    struct Expected {
        var subject: String
        var problem: String
        /// Whether the record no longer matches its own signature.
        var breaksItsSignature = false
    }

    /// Spoils the bundle at `bundle` and says what must be reported; checks that the change
    /// took, so that a test never passes on an untouched bundle.
    func apply(to bundle: String, tools: StockTools, in sandbox: Sandbox) throws -> Expected {
        let records = try recordFiles(bundle)
        let middle = records[records.count / 2]
        let next = records[records.count / 2 + 1]
        let file = { (name: String) in "\(bundle)/\(name)" }
        switch self {
        case .amountChanged:
            try edit(file(middle)) { text in
                let match = try #require(text.firstMatch(of: /"amount_fen":([0-9]+)/), "no amount_fen in \(middle)")
                return text.replacingCharacters(in: match.range, with: "\"amount_fen\":\(Int(match.1)! + 100)")
            }
            return Expected(subject: middle, problem: "does not have the SHA-256 the manifest gives", breaksItsSignature: true)
        case .merchantRenamed:
            try edit(file(middle)) { text in
                let match = try #require(text.firstMatch(of: /"merchant":\{[^}]*"name":"([^"]*)"/), "no merchant name in \(middle)")
                let name = match.1 == "张冒名" ? "李冒名" : "张冒名"
                return text.replacingCharacters(in: match.1.startIndex..<match.1.endIndex, with: name)
            }
            return Expected(subject: middle, problem: "does not have the SHA-256 the manifest gives", breaksItsSignature: true)
        case .recordDeleted:
            try FileManager.default.removeItem(atPath: file(middle))
            try FileManager.default.removeItem(atPath: file(middle) + ".sig")
            return Expected(subject: middle, problem: "is listed in the manifest but missing")
        case .recordInserted:
            // "…_BWG-2026-000428.json" < "…_BWG-2026-0004285.json" < the next sequence's name.
            let inserted = String(middle.dropLast(".json".count)) + "5.json"
            try #require(middle < inserted && inserted < next, "\(inserted) does not sort between \(middle) and \(next)")
            try FileManager.default.copyItem(atPath: file(middle), toPath: file(inserted))
            try FileManager.default.copyItem(atPath: file(middle) + ".sig", toPath: file(inserted) + ".sig")
            return Expected(subject: inserted, problem: "is not in the manifest: it was added to the bundle")
        case .recordsSwapped:
            for suffix in ["", ".sig"] {
                let (first, second) = (try Data(contentsOf: URL(fileURLWithPath: file(middle) + suffix)),
                                       try Data(contentsOf: URL(fileURLWithPath: file(next) + suffix)))
                try #require(first != second, "\(middle)\(suffix) and \(next)\(suffix) are the same")
                try second.write(to: URL(fileURLWithPath: file(middle) + suffix))
                try first.write(to: URL(fileURLWithPath: file(next) + suffix))
            }
            return Expected(subject: middle, problem: "does not have the SHA-256 the manifest gives")
        case .foreignKey:
            let privateKey = sandbox.path("forger.pem")
            let publicKey = sandbox.path("forger.pub.pem")
            try tools.mustOpenSSL(["genpkey", "-algorithm", "ed25519", "-out", privateKey], in: sandbox)
            try tools.mustOpenSSL(["pkey", "-in", privateKey, "-pubout", "-out", publicKey], in: sandbox)
            try tools.mustOpenSSL(["pkey", "-pubin", "-in", publicKey, "-outform", "DER", "-out", sandbox.path("forger.der")], in: sandbox)
            let digest = try tools.mustOpenSSL(["dgst", "-sha256", "-r", sandbox.path("forger.der")], in: sandbox)
            let keyID = String(digest.stdout.prefix(64))
            try #require(keyID.count == 64 && keyID.allSatisfy(\.isHexDigit), "\(digest)")
            // The key id is a string member of the record: replacing its value keeps the
            // record canonical (same keys, same order, no whitespace).
            try edit(file(middle)) { text in
                let match = try #require(text.firstMatch(of: /"key_id":"([0-9a-f]{64})"/), "no key_id in \(middle)")
                return text.replacingCharacters(in: match.1.startIndex..<match.1.endIndex, with: keyID)
            }
            try tools.mustOpenSSL(["pkeyutl", "-sign", "-inkey", privateKey, "-rawin", "-in", file(middle), "-out", file(middle) + ".sig"], in: sandbox)
            // The forgery is good of its kind: the record verifies with the forger's key.
            try tools.mustOpenSSL(["pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-rawin", "-in", file(middle), "-sigfile", file(middle) + ".sig"], in: sandbox)
            try FileManager.default.copyItem(atPath: publicKey, toPath: "\(bundle)/keys/\(keyID).pem")
            return Expected(subject: middle, problem: "is signed by key \(keyID), which is not in the bundle")
        case .manifestEdited:
            let manifest = try Manifest(bundle)
            try edit(file("manifest.json")) { text in
                text.replacingOccurrences(of: "\"count\":\(manifest.count),", with: "\"count\":\(manifest.count - 1),")
            }
            return Expected(subject: "manifest.json", problem: "its signature (manifest.json.sig) does not verify")
        }
    }
}

// MARK: - Helpers

/// The stock commands these tests run, found by `ExternalTool`'s rule (skipped locally when
/// missing, failed under CI): bash for the script, openssl for it and for the tests' own checks.
struct StockTools {
    let bashExecutable: URL
    let opensslExecutable: URL

    static let script = Lanzi.packageRoot.appendingPathComponent("tools/verify-receipts").path

    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> StockTools {
        StockTools(bashExecutable: try ExternalTool(name: "bash").require(sourceLocation: sourceLocation),
                   opensslExecutable: try ExternalTool.openssl.require(sourceLocation: sourceLocation))
    }

    /// `tools/verify-receipts arguments…`, run by bash in the sandbox.
    func verifyReceipts(_ arguments: [String], in sandbox: Sandbox) -> RunResult {
        Lanzi.run(bashExecutable, [Self.script] + arguments, in: sandbox.directory)
    }

    func openssl(_ arguments: [String], in sandbox: Sandbox) -> RunResult {
        Lanzi.run(opensslExecutable, arguments, in: sandbox.directory)
    }

    /// `openssl arguments…`, which must succeed.
    @discardableResult
    func mustOpenSSL(_ arguments: [String], in sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = openssl(arguments, in: sandbox)
        try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }
}

/// The members of a bundle's manifest.json that the tests compare with.
struct Manifest {
    let count: Int
    let firstNumber: String
    let lastNumber: String
    let signedBy: String
    let algorithms: [String]

    init(_ bundle: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: bundle).appendingPathComponent("manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], sourceLocation: sourceLocation)
        count = try #require(object.int("count"), sourceLocation: sourceLocation)
        firstNumber = try #require(object.string("first_number"), sourceLocation: sourceLocation)
        lastNumber = try #require(object.string("last_number"), sourceLocation: sourceLocation)
        signedBy = try #require(object.string("signed_by"), sourceLocation: sourceLocation)
        algorithms = try #require(object.objects("keys"), sourceLocation: sourceLocation).compactMap { $0.string("algorithm") }
    }
}

/// Seeds the demo (on the harness's `LANZI_TODAY`) and exports 2026 into `bundle`; its path.
func exportDemo(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try sandbox.must("seed", Lanzi.demoSeed, sourceLocation: sourceLocation)
    let bundle = sandbox.path("bundle")
    try sandbox.must("receipts", "export", "--year", "2026", "--out", bundle, sourceLocation: sourceLocation)
    return bundle
}

/// The bundle's records, `records/SSSSSSSS_NUMBER.json`, in chain order.
func recordFiles(_ bundle: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: bundle + "/records")
        .filter { $0.hasSuffix(".json") }.sorted().map { "records/" + $0 }
}

/// Rewrites the text file at `path` with `change`, which must change it.
func edit(_ path: String, sourceLocation: SourceLocation = #_sourceLocation, _ change: (String) throws -> String) throws {
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let after = try change(before)
    try #require(after != before, "the edit left \(path) as it was", sourceLocation: sourceLocation)
    try Data(after.utf8).write(to: URL(fileURLWithPath: path))
}
