import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// What the service says when the database refuses or fails: a sentence chosen by the
/// constraint's name, never SQLite's own text; anything unforeseen is `internal`, its
/// detail written to the failure log only.
struct ErrorTranslationTests {
    typealias F = ServiceFixture

    /// A service whose failure log is kept for the test to read.
    final class Log: @unchecked Sendable {
        // @unchecked: `lines` is only touched under `lock`.
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    static func service(_ fixture: ServiceFixture, log: Log) -> LanziService {
        LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"), clock: F.clock, failureLog: { log.append($0) })
    }

    @Test("SQLite's messages for each kind of constraint become sentences without table, column or constraint names",
          arguments: [
              ("UNIQUE constraint failed: units.code", ServiceError.Code.conflict, "a unit with this code is already in the register"),
              ("UNIQUE constraint failed: payments.idempotency_key", .conflict, "this payment key has already been used"),
              ("UNIQUE constraint failed: bills.lease_id, bills.period", .conflict, "this lease has already been billed for the period"),
              ("UNIQUE constraint failed: some_table.some_column", .conflict, "the change clashes with a record already there"),
              ("lease_overlap: the unit is already in a lease whose dates overlap", .conflict,
               "the database refused the change: the unit is already in a lease whose dates overlap"),
              ("immutable: bills are never edited; void or adjust", .conflict, "the database refused the change: bills are never edited; void or adjust"),
              ("FOREIGN KEY constraint failed", .conflict, "the change names a record that does not exist, or removes one still named"),
              ("NOT NULL constraint failed: bills.number", .invalid, "a required value is missing"),
              ("CHECK constraint failed: length(code) BETWEEN 1 AND 16", .invalid, "a value breaks a rule of the register"),
              ("some_tag: an unknown trigger's words", .conflict, "the database refused the change"),
          ])
    func constraintSentences(message: String, code: ServiceError.Code, sentence: String) throws {
        let refusal = try #require(StorageRefusal(SQLiteError(code: .constraint, message: message, sql: "INSERT INTO t VALUES (?)")))
        #expect(refusal.serviceError.code == code)
        #expect(refusal.serviceError.message == sentence)
        #expect(!refusal.serviceError.message.contains("INSERT"))
    }

    @Test("an error that is not a constraint's is no refusal")
    func notAConstraint() {
        #expect(StorageRefusal(SQLiteError(code: .error, message: "no such table: x")) == nil)
    }

    @Test("a unique constraint the service did not check first, raised by the real database, is a conflict in words")
    func realConstraint() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let log = Log()
        let service = Self.service(fixture, log: log)
        let draft = UnitDraft(code: "S-001", kind: .shop, area: Area(hundredths: 2000))
        _ = try service.addUnit(draft)
        let before = try fixture.count("units")
        // Inserting straight through the store skips the service's own check of the code.
        let outcome = Outcome.capture {
            _ = try service.change(.addUnit) { database in try database.insertUnit(draft, createdAt: F.now) }
        }
        #expect(outcome.outcome == .conflict)
        #expect(outcome.message == "a unit with this code is already in the register")
        #expect(try fixture.count("units") == before)
        #expect(log.all.isEmpty)
    }

    @Test("an unforeseen SQLite failure is internal: the caller is told only that it was logged, the log has the detail")
    func unforeseenFailure() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let log = Log()
        let service = Self.service(fixture, log: log)
        let outcome = Outcome.capture {
            _ = try service.look(.listUnits) { database in try database.rows("SELECT * FROM no_such_table") }
        }
        #expect(outcome.outcome == .internal)
        #expect(outcome.message == "the request failed; it has been logged")
        #expect(log.all.count == 1)
        #expect(log.all.first?.contains("no such table: no_such_table") == true)
        #expect(log.all.first?.contains("cli:tester") == true)
    }

    @Test("an unbalanced journal entry is a programming error, internal, and nothing of it is written")
    func unbalancedIsInternal() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let log = Log()
        let service = Self.service(fixture, log: log)
        let outcome = Outcome.capture {
            _ = try service.change(.pay) { database in
                try database.post(on: F.date("2026-03-01"), documentKind: "test", documentNumber: "T-1", description: "one-sided",
                                  lines: [JournalLineDraft(accountCode: "101", debit: Money(fen: 500))], createdAt: F.now)
            }
        }
        #expect(outcome.outcome == .internal)
        #expect(log.all.first?.contains("unbalanced journal entry for T-1") == true)
        #expect(try fixture.count("journal_entries") == 0)
    }

    @Test("every code has a stable machine name")
    func codeNames() {
        #expect(ServiceError.Code.allCases.map(\.rawValue) == ["not_found", "conflict", "forbidden", "invalid", "unavailable", "internal"])
    }
}
