import Foundation
import Testing
@testable import LanziCore
@testable import LanziStore

/// Migration 9 keeps each new bill line's phrase beside its English description, so that a
/// line reads in the office's language. Both ways a bill is written (one at a time and the
/// billing run's bulk writer) store it; a line without one, or with text that is not a
/// phrase, is read by its description.
@Suite("migration 9: bill lines keep their phrase")
struct LinePhrasesTests {
    // The billing rules' own templates, filled as they fill them.
    static let march = Period(uncheckedYear: 2026, month: 3)
    static let rent = Phrase("rent \(march) \("S-001")")
    static let fee = Phrase.joined([Phrase("management fee \(march) \("S-001")"), Phrase(", \(17) of \(31) days")])

    static func draft(number: String) -> BillDraft {
        BillDraft(number: number, kind: .regular, merchantID: 1, leaseID: nil, period: Period(uncheckedYear: 2026, month: 3),
                  issuedOn: StoreFixture.date("2026-03-01"), dueOn: StoreFixture.date("2026-03-05"), lines: [
                      BillLine(kind: .rent, period: Period(uncheckedYear: 2026, month: 3), phrase: rent, amount: Money(fen: 30000), accountCode: "50101"),
                      BillLine(kind: .managementFee, period: Period(uncheckedYear: 2026, month: 3), phrase: fee, amount: Money(fen: 1097), accountCode: "50104"),
                  ])
    }

    @Test("a line written one at a time or in bulk reads back in both languages, its description the English")
    func bothWritersStoreThePhrase() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        let single = try database.insertBill(Self.draft(number: "T-B2026-000001"), createdAt: "now")
        var writer = try BillWriter(database, createdAt: "now")
        try writer.add(id: single + 1, bill: Self.draft(number: "T-B2026-000002"))
        try writer.flush()

        for id in [single, single + 1] {
            let lines = try #require(try database.bill(id: id)).lines
            #expect(lines.map(\.description) == ["rent 2026-03 S-001", "management fee 2026-03 S-001, 17 of 31 days"])
            #expect(lines.map { $0.phrase.rendered(in: .zh) } == ["租金 2026-03 S-001", "管理费 2026-03 S-001，按 31 天中的 17 天计"])
        }
        // SQLite's own JSON reader finds the template and the values: the stored text is JSON.
        let templates = try database.rows("""
            SELECT json_extract(phrase_json, '$.template') AS template, json_type(phrase_json, '$.arguments[0]') AS first
            FROM bill_lines WHERE bill_id = ? ORDER BY line_no
            """, [.integer(single)]).map { "\(try $0.text("template")) | \(try $0.text("first"))" }
        #expect(templates == ["rent {} {} | text", "{}{} | object"])
    }

    @Test("a line from before the migration, or with a phrase that is not one, reads as its description in either language")
    func linesWithoutAPhraseFallBack() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        try database.execute("""
            INSERT INTO bills (id, number, kind, merchant_id, period, issued_on, due_on, total_fen, created_at) VALUES
                (1, 'T-B2026-000001', 'regular', 1, '2026-03', '2026-03-01', '2026-03-05', 300, 'now');
            """)
        try database.execute("""
            INSERT INTO bill_lines (bill_id, line_no, kind, period, description, amount_fen, account_code, phrase_json) VALUES
                (1, 1, 'rent', '2026-03', 'rent 2026-03 S-001', 100, '50101', NULL),
                (1, 2, 'rent', '2026-03', 'rent 2026-03 S-002', 100, '50101', '{"template":"rent {} {}","arguments":["2026-03"]}'),
                (1, 3, 'rent', '2026-03', 'rent 2026-03 S-003', 100, '50101', '{"x":1}');
            """)
        let lines = try #require(try database.bill(id: 1)).lines
        #expect(lines.map { $0.phrase.rendered(in: .zh) } == ["rent 2026-03 S-001", "rent 2026-03 S-002", "rent 2026-03 S-003"])
        #expect(lines.allSatisfy { $0.storedPhrase == nil })
    }

    @Test("text that is not JSON is refused as a phrase, and a stored phrase is never edited")
    func theColumnKeepsTheRules() throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        try StoreFixture.insertRawMerchant(database, id: 1)
        let id = try database.insertBill(Self.draft(number: "T-B2026-000001"), createdAt: "now")
        let notJSON = StoreFixture.sqliteError {
            try database.execute("""
                INSERT INTO bill_lines (bill_id, line_no, kind, period, description, amount_fen, account_code, phrase_json)
                VALUES (\(id), 3, 'rent', '2026-03', 'rent', 1, '50101', 'rent {} {')
                """)
        }
        #expect(notJSON?.message.contains("CHECK constraint failed") == true, "\(String(describing: notJSON))")
        let edited = StoreFixture.sqliteError { try database.execute("UPDATE bill_lines SET phrase_json = NULL WHERE bill_id = \(id)") }
        #expect(edited?.message.contains("immutable: bill lines are never edited") == true, "\(String(describing: edited))")
        #expect(try StoreFixture.count(database, "bill_lines") == 2)
    }
}
