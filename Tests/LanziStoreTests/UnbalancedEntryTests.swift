import Testing
import LanziCore
@testable import LanziStore

/// An entry whose debits and credits differ, or that moves nothing, is refused before any of
/// it is written, whether it is posted alone or through the billing run's bulk writer.
@Suite("unbalanced journal entries")
struct UnbalancedEntryTests {
    static let cases: [(String, [JournalLineDraft], String)] = [
        ("debits above credits", [JournalLineDraft(accountCode: "101", debit: Money(fen: 500)),
                                  JournalLineDraft(accountCode: "50101", credit: Money(fen: 499))], "debits 500, credits 499"),
        ("credits only", [JournalLineDraft(accountCode: "50101", credit: Money(fen: 1))], "debits 0, credits 1"),
        ("nothing moved", [JournalLineDraft(accountCode: "101"), JournalLineDraft(accountCode: "50101")], "debits 0, credits 0"),
    ]

    @Test("posted alone: refused, nothing written", arguments: cases)
    func postRefuses(name: String, lines: [JournalLineDraft], sums: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        let error = Self.unbalanced {
            try database.post(on: StoreFixture.date("2026-03-01"), documentKind: "test", documentNumber: "T-X2026-000001",
                              description: name, lines: lines, createdAt: "2026-01-01T00:00:00.000Z")
        }
        #expect(error?.description == "unbalanced journal entry for T-X2026-000001: \(sums)")
        #expect(try StoreFixture.sqlite3(database.path, "SELECT (SELECT count(*) FROM journal_entries) + (SELECT count(*) FROM journal_lines)") == "0")
    }

    @Test("through the bulk writer: refused, nothing written", arguments: cases)
    func writerRefuses(name: String, lines: [JournalLineDraft], sums: String) throws {
        let folder = try StoreFixture.makeTemporaryFolder()
        defer { StoreFixture.remove(folder) }
        let database = try StoreFixture.makeDatabase(in: folder)
        var writer = try BillWriter(database, createdAt: "2026-03-01T00:00:00Z")
        let error = Self.unbalanced {
            try writer.add(JournalEntry(id: 1, date: StoreFixture.date("2026-03-01"), documentKind: "test", documentNumber: "T-X2026-000002",
                                        description: name, lines: lines))
        }
        #expect(error?.description == "unbalanced journal entry for T-X2026-000002: \(sums)")
        try writer.flush()
        #expect(try StoreFixture.sqlite3(database.path, "SELECT (SELECT count(*) FROM journal_entries) + (SELECT count(*) FROM journal_lines)") == "0")
    }

    static func unbalanced(_ body: () throws -> Void) -> UnbalancedEntryError? {
        do { try body(); return nil } catch { return error as? UnbalancedEntryError }
    }
}
