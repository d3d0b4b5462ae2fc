import Foundation
import Testing
import LanziTestSupport

/// `lanzi income publish`, `income verify`, `tools/verify-publication` (bash and the stock
/// openssl) and `audit verify --checkpoint`: a publication checks out with no database, a
/// changed file is caught by both checkers, and a history rewritten after publication is
/// caught by the audit (the report no longer computes the same) and against the checkpoint.
@Suite("income publication")
struct PublicationCommandTests {
    static let script = Lanzi.packageRoot.appendingPathComponent("tools/verify-publication")

    static func published() throws -> (sandbox: Sandbox, folder: String) {
        let sandbox = try IncomeCommandTests.sandbox()
        try sandbox.must("expense", "add", "--category", "保洁", "--amount", "800", "--payee", "保洁队", "--method", "现金", "--date", "2026-02-10")
        let folder = sandbox.path("board-2026Q1")
        let answer = try sandbox.object("income", "publish", "--period", "2026Q1", "--out", folder, "--json")
        #expect(answer.strings("files")?.count == 7 && answer.string("period") == "2026Q1")
        return (sandbox, folder)
    }

    static func script(_ folder: String, in sandbox: Sandbox) -> RunResult {
        Lanzi.run(URL(fileURLWithPath: "/bin/bash"), [Self.script.path, folder], in: sandbox.directory)
    }

    @Test("a publication passes income verify, tools/verify-publication and openssl itself, and the database passes against it")
    func roundTrip() throws {
        let openssl = try ExternalTool.openssl.require()
        let (sandbox, folder) = try Self.published()
        #expect(try sandbox.must("income", "verify", folder).stdout.contains("verified, period 2026Q1"))
        let script = Self.script(folder, in: sandbox)
        #expect(script.status == 0 && script.stdout.contains("period 2026Q1"), "\(script)")
        let verified = Lanzi.run(openssl, ["pkeyutl", "-verify", "-pubin", "-inkey", "\(folder)/key.pem", "-rawin", "-in", "\(folder)/report.json",
                                           "-sigfile", "\(folder)/report.json.sig"], in: sandbox.directory)
        #expect(verified.status == 0 && verified.stdout.contains("Signature Verified Successfully"), "\(verified)")
        #expect(try sandbox.must("audit", "verify", "--checkpoint", folder).stdout.contains("verified"))
        #expect(try sandbox.must("audit", "verify").stdout.hasPrefix("audit: clean"))
        // A market renamed after publication changes no figure: the audit still passes.
        try sandbox.must("market", "set", "--name", "新布王戈农贸市场", "--collective", "新集体")
        #expect(try sandbox.must("audit", "verify").stdout.hasPrefix("audit: clean"))
        // The report is the one income --json prints for the same period.
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/report.json"))) as? [String: Any])
        let printed = try sandbox.object("income", "--year", "2026", "--quarter", "1", "--json")
        #expect((report["statement"] as? NSArray) == (printed["statement"] as? NSArray))
        // No personal data anywhere: the fixture's merchants by name, phone and ID number.
        for file in ["report.json", "checkpoint.json", "sheet.html"] {
            let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
            for secret in ["李春华", "王永富", "13800000000", "15069697585", "532504198203170021", "532504198001010011"] {
                #expect(!text.contains(secret), "\(file) shows \(secret)")
            }
        }
        sandbox.expectRefusal(["income", "publish", "--period", "2026Q1", "--out", folder], naming: "--out", ["not empty"])
        sandbox.expectRefusal(["income", "publish", "--period", "2026Q5", "--out", sandbox.path("x")], naming: "--quarter")
        sandbox.expectRefusal(["income", "publish", "--period", "spring", "--out", sandbox.path("x")], naming: "--period")
    }

    @Test("a changed report or sheet is caught by income verify and by tools/verify-publication alike")
    func changedFiles() throws {
        let (sandbox, folder) = try Self.published()
        for (file, from, to) in [("report.json", "\"period_fen\":", "\"period_fen\":1"), ("sheet.html", "收益总额", "收益合计")] {
            let path = "\(folder)/\(file)"
            let original = try String(contentsOfFile: path, encoding: .utf8)
            try original.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
            let lanzi = sandbox.lanzi(["income", "verify", folder])
            #expect(lanzi.status == 1 && lanzi.stdout.contains("\(file): does not have the SHA-256 the checkpoint signs"), "\(lanzi)")
            let script = Self.script(folder, in: sandbox)
            #expect(script.status == 1 && script.stderr.contains("\(file) does not have the SHA-256"), "\(script)")
            try original.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(sandbox.lanzi(["income", "verify", folder]).status == 0)
    }

    @Test("a publication missing any of its files fails income verify and tools/verify-publication, naming the file; a folder that is not one is refused")
    func missingFiles() throws {
        let (sandbox, folder) = try Self.published()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 7)
        for name in names {
            let path = "\(folder)/\(name)"
            let kept = try Data(contentsOf: URL(fileURLWithPath: path))
            try FileManager.default.removeItem(atPath: path)
            let lanzi = sandbox.lanzi(["income", "verify", folder])
            #expect(lanzi.status == 1 && lanzi.stdout.contains("\(name): is missing"), "\(name): \(lanzi)")
            let script = Self.script(folder, in: sandbox)
            #expect(script.status != 0 && script.stderr.contains(name), "\(name): \(script)")
            try kept.write(to: URL(fileURLWithPath: path))
        }
        #expect(sandbox.lanzi(["income", "verify", folder]).status == 0)
        sandbox.expectRefusal(["income", "verify", "\(folder)/report.json"], naming: "DIR", ["not a folder"])
        sandbox.expectRefusal(["income", "verify", sandbox.path("nowhere")], naming: "DIR", ["not a folder"])
    }

    @Test("a history rewritten after publication, consistently enough to fool the other checks, is caught twice")
    func rewrittenHistory() throws {
        let sqlite3 = try ExternalTool.sqlite3.require()
        let (sandbox, folder) = try Self.published()
        // The expense made smaller, with both of its journal lines: the books still balance
        // and the entry still posts the record — only the published report and the
        // checkpoint remember what it was.
        let rewritten = Lanzi.run(sqlite3, [sandbox.database, """
            DROP TRIGGER expenses_never_updated; DROP TRIGGER journal_lines_never_updated;
            UPDATE expenses SET amount_fen = 50000 WHERE number = 'TST-E2026-000001';
            UPDATE journal_lines SET debit_fen = 50000 WHERE debit_fen = 80000 AND entry_id = (SELECT id FROM journal_entries WHERE document_number = 'TST-E2026-000001');
            UPDATE journal_lines SET credit_fen = 50000 WHERE credit_fen = 80000 AND entry_id = (SELECT id FROM journal_entries WHERE document_number = 'TST-E2026-000001');
            """], in: sandbox.directory)
        try #require(rewritten.status == 0, "\(rewritten)")
        let audit = sandbox.lanzi(["audit", "verify"])
        #expect(audit.status == 1 && audit.stdout.contains("publications: 2026Q1") && !audit.stdout.contains("postings:"), "\(audit)")
        let against = sandbox.lanzi(["audit", "verify", "--checkpoint", folder])
        #expect(against.status == 1 && against.stdout.contains("journal: the entries up to"), "\(against)")
        // The publication itself still verifies: it is the database that changed.
        #expect(sandbox.lanzi(["income", "verify", folder]).status == 0)
    }

    @Test("a published report's stored digest changed behind the software's back is caught by audit verify")
    func storedDigestChanged() throws {
        let sqlite3 = try ExternalTool.sqlite3.require()
        let (sandbox, _) = try Self.published()
        let sql = "DROP TRIGGER publications_never_updated; UPDATE publications SET report_sha256 = replace(hex(zeroblob(32)), '0', 'a');"
        let changed = Lanzi.run(sqlite3, [sandbox.database, sql], in: sandbox.directory)
        try #require(changed.status == 0, "\(changed)")
        let audit = sandbox.lanzi(["audit", "verify"])
        #expect(audit.status == 1 && audit.stdout.contains("publications: 2026Q1") && audit.stdout.contains("no longer has the digest recorded with it"), "\(audit)")
    }
}
