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

    @Test("the guards' refusals become sentences chosen by their names, without table, column or constraint names",
          arguments: [
              ("UNIQUE constraint failed: units.code", ServiceError.Code.conflict, "a unit with this code is already in the register"),
              ("UNIQUE constraint failed: payments.idempotency_key", .conflict, "this payment key has already been used"),
              ("UNIQUE constraint failed: bills.lease_id, bills.period", .conflict, "this lease has already been billed for the period"),
              ("lease_overlap: the unit is already in a lease whose dates overlap", .conflict,
               "a unit of this lease is already leased on an overlapping day"),
              ("member_maximum: the member already looks after the most households allowed", .conflict,
               "the party member already looks after the most households allowed"),
          ])
    func constraintSentences(message: String, code: ServiceError.Code, sentence: String) throws {
        let refusal = try #require(StorageRefusal(SQLiteError(code: .constraint, message: message, sql: "INSERT INTO t VALUES (?)")))
        #expect(refusal.serviceError.code == code)
        #expect(refusal.serviceError.message.english == sentence)
        #expect(!refusal.serviceError.message.english.contains("INSERT"))
    }

    @Test("what no guard names is no refusal but a bug, which the service reports as internal",
          arguments: [
              "no such table: x", "UNIQUE constraint failed: some_table.some_column", "immutable: bills are never edited; void or adjust",
              "FOREIGN KEY constraint failed", "NOT NULL constraint failed: bills.number", "CHECK constraint failed: length(code) BETWEEN 1 AND 16",
              "some_tag: an unknown trigger's words",
          ])
    func notARefusal(message: String) {
        #expect(StorageRefusal(SQLiteError(code: message.hasPrefix("no such") ? .error : .constraint, message: message)) == nil)
    }

    @Test("an edit of an immutable record behind the service's back is internal and logged, and the record stays")
    func immutableIsInternal() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let log = Log()
        let service = Self.service(fixture, log: log)
        _ = try fixture.addSmallRegister()
        _ = try service.createLease(F.lease(1, ["S-001"], "2026-01-01", "2026-12-31"))
        let outcome = Outcome.capture {
            _ = try service.change(.createLease) { database in try database.run("UPDATE leases SET rent_fen = 1 WHERE id = 1") }
        }
        #expect(outcome.outcome == .internal)
        #expect(log.all.first?.contains("immutable: leases are never edited") == true)
        #expect(try service.lease(id: 1).terms.rent == F.yuan("1000.00"))
    }

    @Test("every write of one request stores one instant, whatever the clock says meanwhile")
    func oneInstantPerRequest() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        // A clock that moves on by a second each time it is read.
        final class Ticks: @unchecked Sendable {
            // @unchecked: `count` is only touched under `lock`.
            private let lock = NSLock()
            private var count = 0.0
            func next() -> Date { lock.withLock { count += 1; return Date(timeIntervalSince1970: 1_900_000_000 + count) } }
        }
        let ticks = Ticks()
        let service = LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"), clock: Clock { ticks.next() })
        _ = try fixture.addSmallRegister()
        _ = try service.createLease(F.lease(1, ["S-001"], "2026-01-01", "2026-12-31", rent: "1000.00") { $0.deposit = F.yuan("500.00") })
        _ = try service.runBilling(period: Period(year: 2026, month: 1)!)
        _ = try service.pay(PaymentDraft(merchantID: 1, amount: F.yuan("1500.00"), method: .cash, paidOn: F.date("2026-01-05"), idempotencyKey: "one"))
        let instants = try fixture.queue.read { database in
            try database.rows("""
                SELECT created_at AS at FROM payments UNION SELECT created_at FROM allocations WHERE payment_id IS NOT NULL
                UNION SELECT created_at FROM journal_entries WHERE document_kind = 'payment'
                UNION SELECT at FROM activity_log WHERE action = 'payment.record'
                """).map { try $0.text("at") }
        }
        #expect(instants.count == 1, "\(instants)")
        let billing = try fixture.queue.read { database in
            try database.rows("SELECT DISTINCT created_at AS at FROM bills").map { try $0.text("at") }
        }
        #expect(billing.count == 1, "\(billing)")
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
        #expect(ServiceError.Code.allCases.map(\.rawValue) == ["not_found", "conflict", "forbidden", "unauthenticated", "throttled", "invalid", "unavailable", "internal"])
    }
}
