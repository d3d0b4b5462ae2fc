import Foundation
import Testing
import LanziTestSupport

/// `lanzi audit verify` against a database changed behind the software's back with the
/// stock `sqlite3` shell (its triggers dropped first, as a tamperer would): every case is
/// caught, each by the check that names it, and the clean database passes.
@Suite("audit verify")
struct AuditCommandTests {
    /// January and February billed; merchant 1 pays 3000.00 and 500.00, the second
    /// reversed; an expense.
    static func sandbox() throws -> Sandbox {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01", "2026-02"])
        try sandbox.must("pay", "--merchant", "1", "--amount", "3000", "--method", "wechat", "--key", "k-1", "--on", "2026-02-01")
        let second = try sandbox.object("pay", "--merchant", "1", "--amount", "500", "--method", "cash", "--key", "k-2", "--on", "2026-02-02")
        try sandbox.must("payment", "reverse", "\(second.object("payment")?.int("id") ?? second.int("id") ?? 0)", "--reason", "收错了", "--on", "2026-02-03")
        try sandbox.must("pay", "--merchant", "2", "--amount", "960", "--method", "bank", "--key", "k-3", "--on", "2026-02-04")
        try sandbox.must("expense", "add", "--category", "保洁", "--amount", "1200", "--payee", "保洁队", "--method", "现金", "--date", "2026-02-05")
        return sandbox
    }

    @Test("a clean database passes with a one-line summary and exit 0, in text and in JSON")
    func clean() throws {
        let sandbox = try Self.sandbox()
        let text = try sandbox.must("audit", "verify").stdout
        #expect(text.hasPrefix("audit: clean — ") && text.contains("4 receipt signatures checked") && text.split(separator: "\n").count == 1, "\(text)")
        let json = try sandbox.object("audit", "verify", "--json")
        #expect(json.bool("clean") == true && json.objects("findings")?.isEmpty == true)
    }

    /// A change made with the sqlite3 shell, and the check that must name it.
    struct Tamper: CustomTestStringConvertible, Sendable {
        let name: String
        let sql: String
        let caughtBy: [String]
        var testDescription: String { name }
    }

    static let tampers: [Tamper] = [
        Tamper(name: "an amount on a bill line", sql: """
            DROP TRIGGER bill_lines_never_updated; UPDATE bill_lines SET amount_fen = amount_fen + 100 WHERE bill_id = 2 AND line_no = 1;
            """, caughtBy: ["bill_totals: TST-B2026-000002", "postings: bill TST-B2026-000002"]),
        Tamper(name: "a payment's amount", sql: """
            DROP TRIGGER payments_never_updated; UPDATE payments SET amount_fen = amount_fen + 100 WHERE id = 1;
            """, caughtBy: ["payment_allocations: TST-P2026-000001", "receipts: TST-P2026-000001", "postings: payment TST-P2026-000001"]),
        Tamper(name: "a receipt's signed bytes", sql: """
            DROP TRIGGER receipt_records_never_updated;
            UPDATE receipt_records SET canonical = CAST(replace(CAST(canonical AS TEXT), '"amount_fen":300000', '"amount_fen":30000') AS BLOB) WHERE sequence = 1;
            """, caughtBy: ["receipt_chain: TST-2026-000001", "receipts: TST-P2026-000001"]),
        Tamper(name: "a journal line", sql: """
            DROP TRIGGER journal_lines_never_updated; UPDATE journal_lines SET credit_fen = credit_fen + 1 WHERE entry_id = 1 AND credit_fen > 0 AND line_no = 2;
            """, caughtBy: ["journal_balance: bill TST-B2026-000001", "postings: bill TST-B2026-000001"]),
        Tamper(name: "an expense", sql: """
            DROP TRIGGER expenses_never_updated; UPDATE expenses SET amount_fen = 12000 WHERE number = 'TST-E2026-000001';
            """, caughtBy: ["postings: expense TST-E2026-000001"]),
        Tamper(name: "a deleted receipt", sql: """
            DROP TRIGGER receipt_records_never_deleted; DELETE FROM receipt_records WHERE sequence = 4;
            """, caughtBy: ["receipts: TST-P2026-000003", "numbering: receipts 2026"]),
        Tamper(name: "a deleted journal line", sql: """
            DROP TRIGGER journal_lines_never_deleted; DELETE FROM journal_lines WHERE entry_id = (SELECT id FROM journal_entries WHERE document_kind = 'expense') AND line_no = 2;
            """, caughtBy: ["journal_balance: expense TST-E2026-000001", "postings: expense TST-E2026-000001"]),
        Tamper(name: "the year's last bill deleted", sql: """
            DROP TRIGGER bills_never_deleted; DELETE FROM bills WHERE id = (SELECT max(id) FROM bills);
            """, caughtBy: ["numbering: bills 2026"]),
        // A copy of the first receipt, numbered and linked as the chain's next, for the same payment.
        Tamper(name: "a payment receipted twice", sql: """
            DROP INDEX one_receipt_per_payment; DROP TRIGGER receipt_records_extend_the_chain;
            INSERT INTO receipt_records (sequence, number, kind, payment_id, receipt_number, merchant_id, record_on, key_id, canonical, hash, prev_hash, signature, issued_at)
                SELECT (SELECT max(sequence) + 1 FROM receipt_records), 'TST-2026-000099', kind, payment_id, NULL, merchant_id, record_on, key_id, canonical, hash,
                       (SELECT hash FROM receipt_records ORDER BY sequence DESC LIMIT 1), signature, issued_at FROM receipt_records WHERE sequence = 1;
            """, caughtBy: ["receipts: TST-P2026-000001: has 2 receipts", "receipt_chain: TST-2026-000099"]),
        // The journal is read beside the documents: a missing or an extra entry puts the two out of step.
        Tamper(name: "a deleted journal entry", sql: """
            DROP TRIGGER journal_entries_never_deleted; DROP TRIGGER journal_lines_never_deleted;
            DELETE FROM journal_lines WHERE entry_id = (SELECT id FROM journal_entries WHERE document_kind = 'bill' AND document_number = 'TST-B2026-000002');
            DELETE FROM journal_entries WHERE document_kind = 'bill' AND document_number = 'TST-B2026-000002';
            """, caughtBy: ["postings: bill TST-B2026-000002"]),
        Tamper(name: "a bill posted twice", sql: """
            INSERT INTO journal_entries (entry_on, document_kind, document_number, description, created_at)
                SELECT entry_on, document_kind, document_number, description, created_at FROM journal_entries WHERE document_kind = 'bill' AND document_number = 'TST-B2026-000001';
            INSERT INTO journal_lines (entry_id, line_no, account_code, merchant_id, debit_fen, credit_fen)
                SELECT (SELECT max(id) FROM journal_entries), line_no, account_code, merchant_id, debit_fen, credit_fen FROM journal_lines
                WHERE entry_id = (SELECT min(id) FROM journal_entries WHERE document_kind = 'bill' AND document_number = 'TST-B2026-000001');
            """, caughtBy: ["postings: bill TST-B2026-000001"]),
    ]

    @Test("two receipts that trade payments are each held against the payment they name, and neither payment is called unreceipted")
    func receiptsOutOfOrder() throws {
        let sqlite3 = try ExternalTool.sqlite3.require()
        let sandbox = try Self.sandbox()
        let changed = Lanzi.run(sqlite3, [sandbox.database, """
            DROP INDEX one_receipt_per_payment; DROP TRIGGER receipt_records_never_updated;
            UPDATE receipt_records SET payment_id = 3 - payment_id WHERE kind = 'receipt' AND payment_id IN (1, 2);
            """], in: sandbox.directory)
        try #require(changed.status == 0, "\(changed)")
        let result = sandbox.lanzi(["audit", "verify"])
        #expect(result.status == 1)
        // Payment 1 was 3,000.00 and payment 2 was 500.00: each receipt now names the other.
        #expect(result.stdout.contains("receipts: TST-P2026-000001: its receipt TST-2026-000002 says") &&
                result.stdout.contains("receipts: TST-P2026-000002: its receipt TST-2026-000001 says"), "\(result.stdout)")
        #expect(!result.stdout.contains("has no receipt") && !result.stdout.contains("receipts: TST-P2026-000001: has"), "\(result.stdout)")
    }

    @Test("entries written out of their documents' order are still each matched with their own document")
    func entriesOutOfOrder() throws {
        let sqlite3 = try ExternalTool.sqlite3.require()
        let sandbox = try Self.sandbox()
        // The first two bills' entries trade places in the journal, each keeping its own lines.
        let changed = Lanzi.run(sqlite3, [sandbox.database, """
            DROP TRIGGER journal_entries_never_updated; DROP TRIGGER journal_lines_never_updated;
            UPDATE journal_lines SET entry_id = entry_id + 1000000 WHERE entry_id IN (1, 2);
            UPDATE journal_entries SET id = id + 1000000 WHERE id IN (1, 2);
            UPDATE journal_lines SET entry_id = 1000003 - entry_id WHERE entry_id IN (1000001, 1000002);
            UPDATE journal_entries SET id = 1000003 - id WHERE id IN (1000001, 1000002);
            SELECT group_concat(document_number) FROM (SELECT document_number FROM journal_entries WHERE id IN (1, 2) ORDER BY id);
            """], in: sandbox.directory)
        try #require(changed.status == 0 && changed.stdout.contains("TST-B2026-000002,TST-B2026-000001"), "\(changed)")
        let result = sandbox.lanzi(["audit", "verify"])
        #expect(result.status == 0 && result.stdout.hasPrefix("audit: clean"), "\(result)")
    }

    @Test("each change behind the software's back is caught, by name", arguments: tampers)
    func tampered(_ tamper: Tamper) throws {
        let sqlite3 = try ExternalTool.sqlite3.require()
        let sandbox = try Self.sandbox()
        let changed = Lanzi.run(sqlite3, [sandbox.database, tamper.sql], in: sandbox.directory)
        try #require(changed.status == 0, "\(changed)")
        let result = sandbox.lanzi(["audit", "verify"])
        #expect(result.status == 1, "\(result)")
        for name in tamper.caughtBy { #expect(result.stdout.contains(name), "\(tamper.name): \(name) not in \(result.stdout)") }
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("audit: ") == true)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(sandbox.lanzi(["audit", "verify", "--json"]).stdout.utf8)) as? [String: Any])
        #expect(json.bool("clean") == false)
        // In Chinese every finding's words are Chinese: only its check, subject, figures and codes stay.
        let chinese = sandbox.lanzi(["--lang", "zh", "audit", "verify"])
        #expect(chinese.status == 1)
        let findings = chinese.stdout.split(separator: "\n").filter { $0.hasPrefix(tamper.caughtBy[0].split(separator: ":")[0] + ":") }
        #expect(!findings.isEmpty, "\(chinese.stdout)")
        for line in findings {
            let words = line.split(separator: ": ", maxSplits: 2).last.map(String.init) ?? ""
            #expect(words.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(line)")
            #expect(!words.contains(" the ") && !words.contains("its "), "\(line)")
        }
    }

    @Test("a receipt re-signed with another key (made with stock openssl) is caught by its signature")
    func resigned() throws {
        let sqlite3 = try ExternalTool.sqlite3.require()
        let openssl = try ExternalTool.openssl.require()
        let sandbox = try Self.sandbox()
        for arguments in [["genpkey", "-algorithm", "ed25519", "-out", sandbox.path("other.pem")]] {
            try #require(Lanzi.run(openssl, arguments, in: sandbox.directory).status == 0)
        }
        try #require(Lanzi.run(sqlite3, [sandbox.database, "SELECT writefile('record.bin', canonical) FROM receipt_records WHERE sequence = 2;"],
                               in: sandbox.directory).status == 0)
        let signed = Lanzi.run(openssl, ["pkeyutl", "-sign", "-inkey", sandbox.path("other.pem"), "-rawin", "-in", sandbox.path("record.bin"),
                                         "-out", sandbox.path("signature.bin")], in: sandbox.directory)
        try #require(signed.status == 0, "\(signed)")
        let changed = Lanzi.run(sqlite3, [sandbox.database, """
            DROP TRIGGER receipt_records_never_updated; UPDATE receipt_records SET signature = readfile('signature.bin') WHERE sequence = 2;
            """], in: sandbox.directory)
        try #require(changed.status == 0, "\(changed)")
        let result = sandbox.lanzi(["audit", "verify"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("receipt_chain: TST-2026-000002") && result.stdout.contains("signature"), "\(result.stdout)")
    }
}
