import Foundation
import Testing
@testable import LanziStore

/// Migration 7 rebuilds bill lines and journal lines keyed by their bill or entry. A database
/// billed before it must keep every line, numbered in the order it was written, and the
/// rebuilt tables must refuse edits and deletions as the old ones did.
@Suite("migration 7: lines keyed by their bill and entry")
struct LineKeysMigrationTests {
    /// A database at migration 6 with two bills (three lines) and their journal entries,
    /// written with plain SQL in the old shape (lines with their own row ids).
    private static func billedBeforeMigration7(in folder: URL) throws -> Database {
        let database = try Database(path: folder.appendingPathComponent("old.db").path, create: true)
        try Migrator.migrate(database, to: try StoreFixture.realMigrations().filter { $0.version <= 6 }, appliedAt: "2026-01-01T00:00:00.000Z")
        try StoreFixture.insertRawMerchant(database, id: 1)
        try database.execute("""
            INSERT INTO bills (id, number, kind, merchant_id, period, issued_on, due_on, total_fen, created_at) VALUES
                (1, 'T-B2026-000001', 'regular', 1, '2026-03', '2026-03-01', '2026-03-05', 32000, 'now'),
                (2, 'T-B2026-000002', 'regular', 1, '2026-04', '2026-04-01', '2026-04-05', 500, 'now');
            INSERT INTO bill_lines (id, bill_id, kind, period, description, amount_fen, account_code) VALUES
                (10, 1, 'rent', '2026-03', 'rent', 30000, '50102'),
                (11, 2, 'rent', '2026-04', 'rent', 500, '50102'),
                (12, 1, 'management_fee', '2026-03', 'fee', 2000, '50104');
            INSERT INTO journal_entries (id, entry_on, document_kind, document_number, description, created_at) VALUES
                (1, '2026-03-01', 'bill', 'T-B2026-000001', 'bill 1', 'now');
            INSERT INTO journal_lines (id, entry_id, account_code, merchant_id, debit_fen, credit_fen) VALUES
                (7, 1, '11201', 1, 32000, 0), (5, 1, '50102', NULL, 0, 30000), (9, 1, '50104', NULL, 0, 2000);
            """)
        return database
    }

    @Test("every line is kept, numbered within its bill or entry in the order of its old id")
    func keepsAndNumbersTheLines() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.billedBeforeMigration7(in: folder)
        let applied = try Migrator.migrate(database, to: try StoreFixture.realMigrations(), appliedAt: "2026-01-01T00:00:00.000Z")
        #expect(applied.first?.version == 7)

        let lines = try database.rows("SELECT bill_id, line_no, kind, amount_fen FROM bill_lines ORDER BY bill_id, line_no").map {
            "\(try $0.int64("bill_id")).\(try $0.int64("line_no")) \(try $0.text("kind")) \(try $0.int64("amount_fen"))"
        }
        #expect(lines == ["1.1 rent 30000", "1.2 management_fee 2000", "2.1 rent 500"])
        let journal = try database.rows("SELECT entry_id, line_no, account_code, debit_fen, credit_fen FROM journal_lines ORDER BY entry_id, line_no").map {
            "\(try $0.int64("entry_id")).\(try $0.int64("line_no")) \(try $0.text("account_code")) \(try $0.int64("debit_fen"))/\(try $0.int64("credit_fen"))"
        }
        #expect(journal == ["1.1 50102 0/30000", "1.2 11201 32000/0", "1.3 50104 0/2000"])
    }

    @Test("the rebuilt tables refuse edits, deletions, a second line with the same number and a line of a missing bill")
    func rebuiltTablesKeepTheRules() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.billedBeforeMigration7(in: folder)
        try Migrator.migrate(database, to: try StoreFixture.realMigrations(), appliedAt: "2026-01-01T00:00:00.000Z")
        let refusals: [(String, String)] = [
            ("UPDATE bill_lines SET amount_fen = 1 WHERE bill_id = 1", "immutable: bill lines are never edited"),
            ("DELETE FROM bill_lines WHERE bill_id = 2", "immutable: bill lines are never deleted"),
            ("UPDATE journal_lines SET debit_fen = 1 WHERE entry_id = 1 AND line_no = 2", "immutable: journal lines are never edited"),
            ("DELETE FROM journal_lines", "immutable: journal lines are never deleted"),
            ("INSERT INTO bill_lines (bill_id, line_no, kind, description, amount_fen, account_code) VALUES (1, 2, 'rent', 'again', 1, '50102')",
             "UNIQUE constraint failed: bill_lines.bill_id, bill_lines.line_no"),
            ("INSERT INTO bill_lines (bill_id, line_no, kind, description, amount_fen, account_code) VALUES (99, 1, 'rent', 'orphan', 1, '50102')",
             "FOREIGN KEY constraint failed"),
            ("INSERT INTO journal_lines (entry_id, line_no, account_code, debit_fen, credit_fen) VALUES (1, 0, '101', 1, 0)",
             "CHECK constraint failed: line_no >= 1"),
        ]
        for (sql, message) in refusals {
            #expect {
                try database.execute(sql)
            } throws: { error in
                (error as? SQLiteError)?.message.contains(message) == true
            }
        }
        #expect(try StoreFixture.count(database, "bill_lines") == 3)
        #expect(try StoreFixture.count(database, "journal_lines") == 3)
    }

    /// Checked with the stock `sqlite3` shell: the merchant index leaves out the revenue
    /// lines, and a merchant's balance is found through it rather than by a scan.
    @Test("the merchant sub-ledger index covers only lines with a merchant and serves the balance query")
    func partialIndexServesTheBalance() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try Self.billedBeforeMigration7(in: folder)
        try Migrator.migrate(database, to: try StoreFixture.realMigrations(), appliedAt: "2026-01-01T00:00:00.000Z")
        func sqlite3(_ sql: String) throws -> String { try StoreFixture.sqlite3(database.path, sql) }
        let plan = try sqlite3("EXPLAIN QUERY PLAN SELECT sum(debit_fen - credit_fen) FROM journal_lines WHERE account_code = '11201' AND merchant_id = 1")
        #expect(plan.contains("USING INDEX journal_lines_by_merchant_account"), "\(plan)")
        let partial = try sqlite3("SELECT partial FROM pragma_index_list('journal_lines') WHERE name = 'journal_lines_by_merchant_account'")
        #expect(partial == "1", "the index is partial")
        let entries = try sqlite3("SELECT count(*) FROM journal_lines INDEXED BY journal_lines_by_merchant_account WHERE merchant_id IS NOT NULL")
        #expect(entries == "1", "one line of the three names a merchant")
        let withoutRowID = try sqlite3("SELECT name FROM sqlite_schema WHERE name IN ('bill_lines', 'journal_lines') AND sql LIKE '%WITHOUT ROWID%' ORDER BY name")
        #expect(withoutRowID == "bill_lines\njournal_lines")
    }
}
