import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

// The machinery of `BillingInvariantTests`: a seeded generator, a template database copied
// for each sequence, random operations on bills, payments and leases, and the books checked
// by our own SQL on the journal and the documents after every operation.

// MARK: - A seeded generator

/// SplitMix64 (Steele, Lea and Flood, 2014): 64 bits of state, so a seed alone reproduces a
/// sequence. Ranges are reduced by our own modulo, not by the standard library's algorithm,
/// so that a printed seed replays the same operations on any toolchain.
struct SplitMix64 {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// One of `choices`, each as likely as its weight.
    mutating func weighted<T>(_ choices: [(Int, T)]) -> T {
        var roll = int(0...(choices.reduce(0) { $0 + $1.0 } - 1))
        for (weight, choice) in choices {
            if roll < weight { return choice }
            roll -= weight
        }
        return choices[choices.count - 1].1
    }

    /// The seed of the `index`th sequence after `base`: spread out, so that neighbouring
    /// sequences share nothing.
    static func seed(base: UInt64, index: Int) -> UInt64 {
        var generator = SplitMix64(seed: base &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        return generator.next()
    }
}

// MARK: - A template database

/// One database with the real schema, a market, six units and three merchants, built once
/// and closed; each sequence runs on its own copy. Kept in /dev/shm when there is one, so
/// that `synchronous=FULL` costs no disk flush.
struct BillingTemplate {
    static let unitCodes = ["S-001", "S-002", "S-003", "T-001", "C1-01", "C1-02"]
    static let coldRooms = ["C1-01", "C1-02"]
    static let coldRoomCapacity: Int64 = 30_000
    static let merchantCount: Int64 = 3

    let folder: URL
    let path: String

    init() throws {
        let shm = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
        var isDirectory: ObjCBool = false
        let base = FileManager.default.fileExists(atPath: shm.path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        folder = base.appendingPathComponent("lanzi-billing-invariants-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("template.db").path
        try Self.build(at: path)
    }

    private static func build(at path: String) throws {
        let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: ServiceFixture.schemaDirectory, clock: ServiceFixture.clock)
        let admin = LanziService(queue: queue, caller: .localAdministrator(login: "tester"), clock: ServiceFixture.clock)
        _ = try admin.initialize(market: ServiceFixture.market)
        _ = try admin.initializeKey(algorithm: .ed25519, path: path + ".signing-key.pem")
        for draft in [UnitDraft(code: "S-001", kind: .shop, area: Area(hundredths: 2450)),
                      UnitDraft(code: "S-002", kind: .shop, area: Area(hundredths: 2000)),
                      UnitDraft(code: "S-003", kind: .shop, area: Area(hundredths: 1915)),
                      UnitDraft(code: "T-001", kind: .stall, area: Area(hundredths: 600)),
                      UnitDraft(code: "C1-01", kind: .coldRoom, area: Area(hundredths: 6000),
                                coldRoom: ColdRoomDetails(building: "1号冷库", capacityKilograms: coldRoomCapacity)),
                      UnitDraft(code: "C1-02", kind: .coldRoom, area: Area(hundredths: 4000),
                                coldRoom: ColdRoomDetails(building: "1号冷库", capacityKilograms: coldRoomCapacity))] {
            _ = try admin.addUnit(draft)
        }
        _ = try admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000000", idNumber: "532504198203170021"))
        _ = try admin.addMerchant(MerchantDraft(name: "王建国", phone: "13900000001", idNumber: "53250419750531003X"))
        _ = try admin.addMerchant(MerchantDraft(name: "赵丽", phone: "13700000002"))
        // Everything into the main file, so that the file alone is the database once closed.
        try queue.withConnection { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }   // the last reference to the connection goes here, which closes it

    /// A fresh copy of the template, opened on its own connection.
    func copy(named name: String) throws -> (queue: DatabaseQueue, path: String) {
        let target = folder.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return (DatabaseQueue(try Database(path: target, create: false)), target)
    }

    static func remove(databaseAt path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func close() { try? FileManager.default.removeItem(at: folder) }
}

// MARK: - The books, checked from the documents

/// The invariants of the money, each computed by our own SQL from the documents (bills,
/// lines, voids, payments, reversals, allocations, settlements) and compared with the
/// journal. Nothing here calls the service's code.
enum BooksInvariants {
    static let receivable = "11201"
    static let merchantCredit = "21102"
    static let depositsHeld = "21101"
    /// Where each method's money goes: 库存现金 and the three 银行存款 sub-accounts.
    static let cashAccounts: [(method: String, code: String)] = [("cash", "101"), ("wechat", "10201"), ("alipay", "10202"), ("bank", "10203")]

    /// Every broken invariant, in words; empty when the books are right.
    static func violations(_ db: Database) throws -> [String] {
        var problems: [String] = []

        // Debits equal credits, over the whole journal and in every entry.
        let totals = try db.row("SELECT coalesce(sum(debit_fen), 0) AS d, coalesce(sum(credit_fen), 0) AS c FROM journal_lines")!
        if try totals.int64("d") != totals.int64("c") {
            problems.append("journal: Σ debit \(try totals.int64("d")) ≠ Σ credit \(try totals.int64("c"))")
        }
        for row in try db.rows("""
            SELECT e.id, e.document_number, coalesce(sum(l.debit_fen), 0) AS d, coalesce(sum(l.credit_fen), 0) AS c, count(l.line_no) AS n
            FROM journal_entries AS e LEFT JOIN journal_lines AS l ON l.entry_id = e.id
            GROUP BY e.id HAVING d <> c OR n = 0
            """) {
            problems.append("journal entry \(try row.int64("id")) (\(try row.text("document_number"))): debit \(try row.int64("d")), credit \(try row.int64("c")), \(try row.int64("n")) lines")
        }
        for row in try db.rows("SELECT entry_id, line_no FROM journal_lines WHERE debit_fen < 0 OR credit_fen < 0 OR (debit_fen = 0) = (credit_fen = 0)") {
            problems.append("journal line \(try row.int64("entry_id")).\(try row.int64("line_no")) is not one positive debit or credit")
        }
        for row in try db.rows("SELECT entry_id, line_no, account_code FROM journal_lines WHERE account_code IN (?, ?, ?) AND merchant_id IS NULL",
                               [.text(receivable), .text(merchantCredit), .text(depositsHeld)]) {
            problems.append("journal line \(try row.int64("entry_id")).\(try row.int64("line_no")) on \(try row.text("account_code")) names no merchant")
        }
        let known = [receivable, merchantCredit, depositsHeld] + cashAccounts.map(\.code)
        for row in try db.rows("""
            SELECT DISTINCT account_code FROM journal_lines
            WHERE account_code NOT IN (\(known.map { "'\($0)'" }.joined(separator: ", ")))
              AND account_code NOT IN (SELECT code FROM accounts WHERE type = 'income')
            """) {
            problems.append("journal posts to account \(try row.text("account_code")), which no document explains")
        }

        // Each merchant: receivable = open bills; credit = money in − money set against bills, never negative;
        // deposits held = deposits billed − deposits settled.
        for row in try db.rows("""
            SELECT m.id AS merchant,
              (SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM journal_lines WHERE account_code = ?1 AND merchant_id = m.id) AS receivable,
              (SELECT coalesce(sum(max(0, b.total_fen - coalesce((SELECT sum(a.amount_fen) FROM allocations AS a WHERE a.bill_id = b.id), 0))), 0)
                 FROM bills AS b WHERE b.merchant_id = m.id AND b.total_fen > 0 AND b.id NOT IN (SELECT bill_id FROM bill_voids)) AS open_bills,
              (SELECT coalesce(sum(credit_fen - debit_fen), 0) FROM journal_lines WHERE account_code = ?2 AND merchant_id = m.id) AS credit,
              (SELECT coalesce(sum(p.amount_fen), 0) FROM payments AS p
                 WHERE p.merchant_id = m.id AND p.id NOT IN (SELECT payment_id FROM payment_reversals)) AS paid_in,
              (SELECT coalesce(sum(-b.total_fen), 0) FROM bills AS b
                 WHERE b.merchant_id = m.id AND b.total_fen < 0 AND b.id NOT IN (SELECT bill_id FROM bill_voids)) AS credited,
              (SELECT coalesce(sum(a.amount_fen), 0) FROM allocations AS a WHERE a.merchant_id = m.id AND a.source IN ('payment', 'credit')) AS set_against,
              (SELECT coalesce(sum(credit_fen - debit_fen), 0) FROM journal_lines WHERE account_code = ?3 AND merchant_id = m.id) AS deposits,
              (SELECT coalesce(sum(l.amount_fen), 0) FROM bill_lines AS l JOIN bills AS b ON b.id = l.bill_id
                 WHERE b.merchant_id = m.id AND l.account_code = ?3 AND b.id NOT IN (SELECT bill_id FROM bill_voids)) AS deposits_billed,
              (SELECT coalesce(sum(held_fen), 0) FROM deposit_settlements WHERE merchant_id = m.id) AS deposits_settled
            FROM merchants AS m ORDER BY m.id
            """, [.text(receivable), .text(merchantCredit), .text(depositsHeld)]) {
            let merchant = try row.int64("merchant")
            let ledger = try row.int64("receivable"), open = try row.int64("open_bills")
            if ledger != open { problems.append("merchant \(merchant): receivable \(receivable) is \(ledger), its open bills owe \(open)") }
            let credit = try row.int64("credit")
            let expectedCredit = try row.int64("paid_in") + row.int64("credited") - row.int64("set_against")
            if credit != expectedCredit {
                problems.append("merchant \(merchant): credit \(merchantCredit) is \(credit), expected \(expectedCredit) (payments \(try row.int64("paid_in")) + credit bills \(try row.int64("credited")) − set against bills \(try row.int64("set_against")))")
            }
            if credit < 0 { problems.append("merchant \(merchant): credit \(merchantCredit) is negative, \(credit)") }
            let deposits = try row.int64("deposits")
            let expectedDeposits = try row.int64("deposits_billed") - row.int64("deposits_settled")
            if deposits != expectedDeposits {
                problems.append("merchant \(merchant): deposits held \(depositsHeld) are \(deposits), expected \(expectedDeposits) (billed \(try row.int64("deposits_billed")) − settled \(try row.int64("deposits_settled")))")
            }
            if deposits < 0 { problems.append("merchant \(merchant): deposits held \(depositsHeld) are negative, \(deposits)") }
        }

        // Cash and bank = payments − reversed payments − deposits refunded (in cash), account by account.
        var ledgerCash: Int64 = 0, expectedCash: Int64 = 0
        for (method, code) in cashAccounts {
            let row = try db.row("""
                SELECT (SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM journal_lines WHERE account_code = ?1) AS ledger,
                       (SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE method = ?2) AS received,
                       (SELECT coalesce(sum(p.amount_fen), 0) FROM payments AS p JOIN payment_reversals AS r ON r.payment_id = p.id WHERE p.method = ?2) AS reversed,
                       (SELECT coalesce(sum(refunded_fen), 0) FROM deposit_settlements) AS refunded
                """, [.text(code), .text(method)])!
            let ledger = try row.int64("ledger")
            let expected = try row.int64("received") - row.int64("reversed") - (method == "cash" ? row.int64("refunded") : 0)
            if ledger != expected {
                problems.append("account \(code) (\(method)) is \(ledger), expected \(expected) (received \(try row.int64("received")) − reversed \(try row.int64("reversed"))" + (method == "cash" ? " − refunded \(try row.int64("refunded")))" : ")"))
            }
            ledgerCash += ledger
            expectedCash += expected
        }
        if ledgerCash != expectedCash { problems.append("cash and bank are \(ledgerCash), expected \(expectedCash)") }

        // Income, account by account = the lines of the bills not voided.
        for row in try db.rows("""
            SELECT a.code,
              (SELECT coalesce(sum(credit_fen - debit_fen), 0) FROM journal_lines WHERE account_code = a.code) AS ledger,
              (SELECT coalesce(sum(l.amount_fen), 0) FROM bill_lines AS l WHERE l.account_code = a.code AND l.bill_id NOT IN (SELECT bill_id FROM bill_voids)) AS billed
            FROM accounts AS a WHERE a.type = 'income'
            """) where try row.int64("ledger") != row.int64("billed") {
            problems.append("income \(try row.text("code")) is \(try row.int64("ledger")), the bills say \(try row.int64("billed"))")
        }

        // Bills: a total that is the sum of its lines; never overpaid; nothing left on a void bill.
        for row in try db.rows("SELECT b.id, b.number, b.total_fen FROM bills AS b WHERE b.total_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM bill_lines WHERE bill_id = b.id)") {
            problems.append("bill \(try row.text("number")): total \(try row.int64("total_fen")) is not the sum of its lines")
        }
        for row in try db.rows("""
            SELECT b.id, b.number, b.total_fen AS total, coalesce(sum(a.amount_fen), 0) AS paid, (b.id IN (SELECT bill_id FROM bill_voids)) AS void
            FROM bills AS b LEFT JOIN allocations AS a ON a.bill_id = b.id
            GROUP BY b.id HAVING paid < 0 OR paid > max(total, 0) OR (void AND paid <> 0)
            """) {
            problems.append("bill \(try row.text("number")) (id \(try row.int64("id"))): \(try row.int64("paid")) set against a total of \(try row.int64("total"))" + (try row.bool("void") ? " although void" : ""))
        }

        // Allocations: a negative one only as the reversal of an earlier positive one, same bill, same source, same amount.
        for row in try db.rows("""
            SELECT a.id, a.amount_fen, a.reverses_allocation_id FROM allocations AS a
            LEFT JOIN allocations AS o ON o.id = a.reverses_allocation_id
            WHERE (a.amount_fen < 0 AND (o.id IS NULL OR o.id >= a.id OR o.amount_fen <> -a.amount_fen OR o.bill_id <> a.bill_id
                                          OR o.source <> a.source OR o.amount_fen <= 0 OR o.payment_id IS NOT a.payment_id))
               OR (a.amount_fen >= 0 AND a.reverses_allocation_id IS NOT NULL)
            """) {
            problems.append("allocation \(try row.int64("id")) of \(try row.int64("amount_fen")) is negative without reversing an earlier allocation (names \(String(describing: try row.optionalInt64("reverses_allocation_id"))))")
        }
        for row in try db.rows("""
            SELECT a.id FROM allocations AS a JOIN bills AS b ON b.id = a.bill_id
            LEFT JOIN payments AS p ON p.id = a.payment_id
            WHERE a.merchant_id <> b.merchant_id
               OR (a.source = 'payment') <> (a.payment_id IS NOT NULL)
               OR (a.source = 'deposit') <> (a.deposit_settlement_id IS NOT NULL)
               OR (p.id IS NOT NULL AND p.merchant_id <> a.merchant_id)
            """) {
            problems.append("allocation \(try row.int64("id")) names another merchant or the wrong source")
        }

        // Payments: what was set against bills plus the credit is the amount; a reversed payment leaves nothing set.
        for row in try db.rows("""
            SELECT p.id, p.number, p.amount_fen, p.credit_fen,
              coalesce((SELECT sum(amount_fen) FROM allocations WHERE payment_id = p.id AND amount_fen > 0), 0) AS allocated,
              coalesce((SELECT sum(amount_fen) FROM allocations WHERE payment_id = p.id), 0) AS net,
              (p.id IN (SELECT payment_id FROM payment_reversals)) AS reversed
            FROM payments AS p
            """) {
            let number = try row.text("number"), amount = try row.int64("amount_fen"), allocated = try row.int64("allocated")
            if allocated + (try row.int64("credit_fen")) != amount {
                problems.append("payment \(number): \(allocated) set against bills + \(try row.int64("credit_fen")) credit ≠ amount \(amount)")
            }
            let expectedNet = try row.bool("reversed") ? 0 : allocated
            if try row.int64("net") != expectedNet {
                problems.append("payment \(number)" + (try row.bool("reversed") ? " (reversed)" : "") + ": \(try row.int64("net")) still set against bills, expected \(expectedNet)")
            }
        }

        // Document numbers: one gapless sequence per kind of document and year, none used twice.
        var used: [String: [Int64]] = [:]
        for row in try db.rows("""
            SELECT 'B' AS prefix, number FROM bills UNION ALL SELECT 'P', number FROM payments
            UNION ALL SELECT 'R', number FROM payment_reversals UNION ALL SELECT 'D', number FROM deposit_settlements
            """) {
            let prefix = try row.text("prefix"), number = try row.text("number")
            let parts = number.split(separator: "-")
            guard parts.count == 3, parts[1].hasPrefix(prefix), let year = Int(parts[1].dropFirst()), let serial = Int64(parts[2]), parts[2].count == 6 else {
                problems.append("document number \(number) is not CODE-\(prefix)YYYY-NNNNNN")
                continue
            }
            used["\(prefix)\(year)", default: []].append(serial)
        }
        var taken: [String: Int64] = [:]
        for row in try db.rows("SELECT prefix, year, last_number FROM number_sequences WHERE prefix IN ('B', 'P', 'R', 'D')") {
            taken["\(try row.text("prefix"))\(try row.int64("year"))"] = try row.int64("last_number")
        }
        for key in Set(used.keys).union(taken.keys).sorted() {
            let serials = (used[key] ?? []).sorted()
            if serials != Array(1...max(1, taken[key] ?? 0)).prefix(Int(taken[key] ?? 0)).map({ $0 }) {
                problems.append("numbers \(key): \(serials.count) documents numbered \(serials.first ?? 0)…\(serials.last ?? 0), the sequence is at \(taken[key] ?? 0)")
            }
        }

        // Every document posted once, and every journal entry names a document.
        for row in try db.rows("""
            SELECT kind, number, n FROM (
              SELECT 'bill' AS kind, b.number, (SELECT count(*) FROM journal_entries AS e WHERE e.document_kind = 'bill' AND e.document_number = b.number) AS n FROM bills AS b
              UNION ALL SELECT 'void', b.number, (SELECT count(*) FROM journal_entries AS e WHERE e.document_kind = 'void' AND e.document_number = b.number)
                FROM bill_voids AS v JOIN bills AS b ON b.id = v.bill_id
              UNION ALL SELECT 'payment', p.number, (SELECT count(*) FROM journal_entries AS e WHERE e.document_kind = 'payment' AND e.document_number = p.number) FROM payments AS p
              UNION ALL SELECT 'reversal', r.number, (SELECT count(*) FROM journal_entries AS e WHERE e.document_kind = 'reversal' AND e.document_number = r.number) FROM payment_reversals AS r
              UNION ALL SELECT 'deposit_settlement', s.number, (SELECT count(*) FROM journal_entries AS e WHERE e.document_kind = 'deposit_settlement' AND e.document_number = s.number)
                FROM deposit_settlements AS s
            ) WHERE n <> 1
            """) {
            problems.append("\(try row.text("kind")) \(try row.text("number")) has \(try row.int64("n")) journal entries, not 1")
        }
        for row in try db.rows("""
            SELECT e.id, e.document_kind, e.document_number FROM journal_entries AS e WHERE NOT (
                 (e.document_kind IN ('bill', 'credit') AND e.document_number IN (SELECT number FROM bills))
              OR (e.document_kind = 'void' AND e.document_number IN (SELECT b.number FROM bills AS b JOIN bill_voids AS v ON v.bill_id = b.id))
              OR (e.document_kind = 'payment' AND e.document_number IN (SELECT number FROM payments))
              OR (e.document_kind = 'reversal' AND e.document_number IN (SELECT number FROM payment_reversals))
              OR (e.document_kind = 'deposit_settlement' AND e.document_number IN (SELECT number FROM deposit_settlements)))
            """) {
            problems.append("journal entry \(try row.int64("id")) (\(try row.text("document_kind")) \(try row.text("document_number"))) names no document")
        }
        let credit = try db.row("""
            SELECT (SELECT count(*) FROM journal_entries WHERE document_kind = 'credit') AS entries,
                   (SELECT count(*) FROM allocations WHERE source = 'credit' AND amount_fen > 0) AS allocations
            """)!
        if try credit.int64("entries") != credit.int64("allocations") {
            problems.append("\(try credit.int64("entries")) credit entries in the journal for \(try credit.int64("allocations")) allocations of credit")
        }

        // Deposit settlements: what was applied is what was set against bills; only a terminated lease is settled.
        for row in try db.rows("""
            SELECT s.number, s.applied_fen, coalesce((SELECT sum(amount_fen) FROM allocations WHERE deposit_settlement_id = s.id), 0) AS allocated,
                   (s.lease_id IN (SELECT lease_id FROM lease_terminations)) AS terminated
            FROM deposit_settlements AS s
            """) where try row.int64("applied_fen") != row.int64("allocated") || !row.bool("terminated") {
            problems.append("settlement \(try row.text("number")): applied \(try row.int64("applied_fen")), set against bills \(try row.int64("allocated")), lease terminated: \(try row.bool("terminated"))")
        }
        return problems
    }
}

// MARK: - Snapshots of the whole database

/// Every table's row count, plus what changes without adding a row (numbers taken, goods
/// taken out): what "a refused operation changed nothing" compares.
struct Fingerprint: Equatable {
    var values: [String: SQLValue]

    static func query(_ db: Database) throws -> String {
        let tables = try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map { try $0.text("name") }
        let counts = tables.map { "(SELECT count(*) FROM \"\($0)\") AS \"\($0)\"" }
        return "SELECT " + (counts + ["(SELECT coalesce(sum(last_number), 0) FROM number_sequences) AS \"numbers taken\"",
                                      "(SELECT count(out_on) FROM usage_records) AS \"usage records closed\""]).joined(separator: ", ")
    }

    init(_ db: Database, query: String) throws {
        let row = try db.row(query)!
        values = Dictionary(uniqueKeysWithValues: row.columns.map { ($0.key, row.values[$0.value]) })
    }

    func difference(from before: Fingerprint) -> String {
        values.keys.sorted().compactMap { key in
            before.values[key] == values[key] ? nil : "\(key) \(Self.text(before.values[key])) → \(Self.text(values[key]))"
        }.joined(separator: ", ")
    }

    private static func text(_ value: SQLValue?) -> String {
        if case .integer(let number)? = value { return String(number) }
        return String(describing: value)
    }
}

// MARK: - A random sequence of operations

/// One random sequence on its own database: leases, billing runs, payments (some repeating
/// an earlier idempotency key), reversals, voids, adjustments, late fees, terminations and
/// cold-store usage, each expected to succeed or to be refused, and the books checked after
/// every one.
final class BillingSequence {
    /// What the test expects of an operation, worked out from the documents beforehand.
    enum Expectation: CustomStringConvertible {
        case succeeds, refused, either
        var description: String { self == .succeeds ? "success" : self == .refused ? "a refusal" : "either" }
    }

    let seed: UInt64
    private var random: SplitMix64
    private let queue: DatabaseQueue
    private let service: LanziService
    private let fingerprintQuery: String
    private var fingerprint: Fingerprint
    private var nextPeriod: Period?
    private var recordedPayments: [PaymentDraft] = []
    private var keys = 0
    /// The operations so far, numbered, with what each returned: the report of a failure.
    private(set) var log: [String] = []
    private(set) var refusals = 0

    static let firstDay = CalendarDate(year: 2026, month: 1, day: 1)!
    static let days = 730   // 2026 and 2027

    init(seed: UInt64, queue: DatabaseQueue) throws {
        self.seed = seed
        random = SplitMix64(seed: seed)
        self.queue = queue
        service = LanziService(queue: queue, caller: .localAdministrator(login: "tester"), clock: ServiceFixture.clock)
        fingerprintQuery = try queue.read { try Fingerprint.query($0) }
        fingerprint = try queue.read { [fingerprintQuery] in try Fingerprint($0, query: fingerprintQuery) }
    }

    /// Runs `count` operations. After each: a refused (or repeated) operation changed
    /// nothing, the operation's own expectations held, and the books balance.
    /// - Returns: a report naming the seed, the operations and what broke; nil when all held.
    func run(operations count: Int) throws -> String? {
        for index in 0..<count {
            let before = fingerprint
            var step = try index < 2 ? createLease() : randomOperation()
            let after = try queue.read { [fingerprintQuery] in try Fingerprint($0, query: fingerprintQuery) }
            fingerprint = after
            if step.changesNothing && after != before {
                step.problems.append("a refused or repeated operation changed the database: \(after.difference(from: before))")
            }
            if step.refused { refusals += 1 }
            log.append("\(index + 1). \(step.description) → \(step.result)")
            // The books after every operation; the service's reports only when something changed.
            let problems = step.problems + (try queue.read { try BooksInvariants.violations($0) }) + (after == before ? [] : try reportProblems())
            if !problems.isEmpty {
                return """
                    billing invariants broken: seed \(seed) (replay with LANZI_BILLING_SEED=\(seed) LANZI_BILLING_OPERATIONS=\(count - Int(seed % 16))), after operation \(index + 1) of \(count)
                    operations:
                    \(log.map { "  " + $0 }.joined(separator: "\n"))
                    broken:
                    \(problems.map { "  - " + $0 }.joined(separator: "\n"))
                    """
            }
        }
        return nil
    }

    /// The service's own reports against our sums: each merchant's statement closes on what
    /// it owes less its credit, its arrears add up to its open bills, and the trial balance
    /// is the journal's.
    private func reportProblems() throws -> [String] {
        var problems: [String] = []
        let far = CalendarDate(year: 2099, month: 12, day: 31)!
        for merchant in 1...BillingTemplate.merchantCount {
            let statement = try service.statement(merchantID: merchant, from: nil, to: far)
            let row = try rows("""
                SELECT (SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM journal_lines WHERE account_code = ?1 AND merchant_id = ?3) AS owed,
                       (SELECT coalesce(sum(credit_fen - debit_fen), 0) FROM journal_lines WHERE account_code = ?2 AND merchant_id = ?3) AS credit
                """, [.text(BooksInvariants.receivable), .text(BooksInvariants.merchantCredit), .integer(merchant)])[0]
            let owed = try row.int64("owed"), credit = try row.int64("credit")
            if statement.closing.fen != owed - credit {
                problems.append("merchant \(merchant): the statement closes on \(statement.closing), the books say \(Money(fen: owed)) owed less \(Money(fen: credit)) credit")
            }
            if let last = statement.lines.last, last.balance != statement.closing {
                problems.append("merchant \(merchant): the statement's last line has balance \(last.balance), its closing is \(statement.closing)")
            }
            let arrears = statement.arrears.reduce(Int64(0)) { $0 + $1.amount.fen }
            if arrears != owed { problems.append("merchant \(merchant): arrears add up to \(Money(fen: arrears)), the receivable is \(Money(fen: owed))") }
        }
        let trial = try service.trialBalance(asOf: nil)
        if trial.totalDebit != trial.totalCredit { problems.append("trial balance: debit \(trial.totalDebit) ≠ credit \(trial.totalCredit)") }
        let sums = try rows("SELECT account_code, sum(debit_fen) AS d, sum(credit_fen) AS c FROM journal_lines GROUP BY account_code ORDER BY account_code")
            .map { "\(try $0.text("account_code")) \(try $0.int64("d")) \(try $0.int64("c"))" }
        let lines = trial.lines.map { "\($0.code) \($0.debit.fen) \($0.credit.fen)" }
        if lines != sums { problems.append("trial balance \(lines) ≠ journal \(sums)") }
        return problems
    }

    /// What one operation did.
    struct Step {
        var description: String
        var result = ""
        var refused = false
        /// A refusal, or a repeat that must record nothing: the database must not change.
        var changesNothing = false
        var problems: [String] = []
    }

    private func randomOperation() throws -> Step {
        let operation = random.weighted([
            (12, createLease), (3, renewLease), (18, runBilling), (24, pay), (8, reversePayment), (7, voidBill),
            (8, adjustBill), (6, assessLateFees), (8, terminateLease), (5, usageIn), (3, usageOut),
        ] as [(Int, () throws -> Step)])
        return try operation()
    }

    /// Runs `body` and judges its outcome against `expected`: a refusal must be a domain
    /// error, a missing thing or a conflict the service foresaw, never a database failure.
    private func attempt(_ description: String, expected: Expectation, _ body: () throws -> Void) -> Step {
        let (outcome, message) = Outcome.capture(body)
        var step = Step(description: description)
        switch outcome {
        case .returned:
            step.result = "ok"
        case .domain, .notFound, .conflict:
            step.refused = true
            step.changesNothing = true
            step.result = "refused (\(outcome)): \(message)"
            if message.hasPrefix("the database refused the change") {
                step.problems.append("refused by the database, not by the service: \(message)")
            }
        default:
            step.refused = true
            step.changesNothing = true
            step.result = "failed (\(outcome)): \(message)"
            step.problems.append("unexpected failure \(outcome): \(message)")
        }
        switch (expected, step.refused) {
        case (.succeeds, true): step.problems.append("expected success, got \(step.result)")
        case (.refused, false): step.problems.append("expected a refusal, but it succeeded")
        default: break
        }
        return step
    }

    // MARK: Random values

    private func randomDate() -> CalendarDate { Self.firstDay.adding(days: random.int(0...(Self.days - 1))) }

    private func randomPeriod() -> Period { Period(year: 2026 + random.int(0...1), month: random.int(1...12))! }

    private func randomMerchant() -> Int64 { random.percent(4) ? 99 : random.int64(1...BillingTemplate.merchantCount) }

    private func newKey() -> String {
        keys += 1
        return "k\(seed)-\(keys)"
    }

    private func rows(_ sql: String, _ arguments: [SQLValue] = []) throws -> [Row] {
        try queue.read { try $0.rows(sql, arguments) }
    }

    // MARK: Leases

    /// Whether every unit is free of other leases from `start` through `end`.
    private func unitsAreFree(_ codes: [String], from start: CalendarDate, through end: CalendarDate) throws -> Bool {
        guard !codes.isEmpty else { return true }
        return try rows("""
            SELECT 1 FROM lease_units AS lu JOIN units AS u ON u.id = lu.unit_id JOIN leases AS l ON l.id = lu.lease_id
            LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
            WHERE u.code IN (\(codes.map { _ in "?" }.joined(separator: ", "))) AND l.starts_on <= ? AND coalesce(t.ends_on, l.ends_on) >= ?
            """, codes.map { .text($0) } + [.text(end.description), .text(start.description)]).isEmpty
    }

    private func createLease() throws -> Step {
        let merchant = randomMerchant()
        var codes: [String] = [random.pick(BillingTemplate.unitCodes)]
        if random.percent(25) {
            let other = random.pick(BillingTemplate.unitCodes)
            if other != codes[0] { codes.append(other) }
        }
        if random.percent(4) { codes.append("Z-999") }
        let start = random.percent(50) ? Self.firstDay.adding(days: random.int(0...545)).period.firstDay : Self.firstDay.adding(days: random.int(0...545))
        let months = random.int(1...18)
        var end = start.adding(months: months).adding(days: -1)
        var terms = LeaseTerms(rent: Money(fen: random.percent(5) ? 0 : random.int64(1...600_000)))
        terms.cycle = random.pick(BillingCycle.allCases)
        let perSquareMetre = random.int64(100...2_000), fixed = random.int64(5_000...30_000)
        terms.managementFee = random.weighted([(2, ManagementFee.none), (1, .perSquareMetre(Money(fen: perSquareMetre))), (1, .fixed(Money(fen: fixed)))])
        terms.deposit = random.percent(50) ? .zero : Money(fen: random.int64(50_000...500_000))
        terms.freeMonths = random.percent(20) ? random.int(0...(months - 1)) : 0
        terms.escalationBasisPoints = random.percent(30) ? random.int(100...1_000) : 0
        terms.dueDay = random.int(1...28)
        terms.graceDays = random.percent(50) ? 0 : random.int(1...15)
        terms.lateFeeBasisPoints = random.percent(40) ? 0 : random.int(5...100)
        terms.lateFeeCapBasisPoints = random.int(500...10_000)
        var expected: Expectation = .succeeds
        if terms.freeMonths == 0 && random.percent(10) {
            end = end.adding(days: random.int(-40...10))   // an odd last day, sometimes before the start
            if end < start { expected = .refused }
        }
        if merchant > BillingTemplate.merchantCount || codes.contains("Z-999") { expected = .refused }
        if expected == .succeeds, try !unitsAreFree(codes, from: start, through: end) { expected = .refused }
        let draft = LeaseDraft(merchantID: merchant, unitCodes: codes, startsOn: start, endsOn: end, terms: terms)
        let description = "lease merchant \(merchant) \(codes.joined(separator: ",")) \(start)…\(end) rent \(terms.rent) \(terms.cycle.rawValue) fee \(terms.managementFee) deposit \(terms.deposit) free \(terms.freeMonths) esc \(terms.escalationBasisPoints)bp due \(terms.dueDay) grace \(terms.graceDays) late \(terms.lateFeeBasisPoints)bp cap \(terms.lateFeeCapBasisPoints)bp"
        var lease: Lease?
        var step = attempt(description, expected: expected) { lease = try service.createLease(draft, isRentFree: draft.terms.rent.fen == 0) }
        if let lease { step.result += ": lease \(lease.id)" }
        return step
    }

    /// A lease of the sequence, half the time one with a deposit billed, paid if there is one
    /// (so that terminations settle deposits).
    private func randomLease() throws -> (id: Int64, start: CalendarDate, end: CalendarDate, terminated: Bool, renewed: Bool, units: [String])? {
        let depositBilled = random.percent(50)
        let leases = try rows("""
            SELECT l.id, l.starts_on, l.ends_on, (l.id IN (SELECT lease_id FROM lease_terminations)) AS terminated,
                   EXISTS (SELECT 1 FROM leases AS r WHERE r.previous_lease_id = l.id) AS renewed,
                   (SELECT group_concat(u.code, ',') FROM lease_units AS lu JOIN units AS u ON u.id = lu.unit_id WHERE lu.lease_id = l.id) AS units,
                   EXISTS (SELECT 1 FROM bills AS b WHERE b.lease_id = l.id AND b.kind = 'deposit') AS has_deposit_bill,
                   EXISTS (SELECT 1 FROM bills AS b JOIN allocations AS a ON a.bill_id = b.id WHERE b.lease_id = l.id AND b.kind = 'deposit') AS has_deposit_paid
            FROM leases AS l ORDER BY l.id
            """)
        guard !leases.isEmpty else { return nil }
        let withDeposit = try leases.filter { try $0.bool("has_deposit_bill") }
        let withDepositPaid = try withDeposit.filter { try $0.bool("has_deposit_paid") }
        let row = random.pick(depositBilled && !withDepositPaid.isEmpty ? withDepositPaid : depositBilled && !withDeposit.isEmpty ? withDeposit : leases)
        return (try row.int64("id"), try row.date("starts_on"), try row.date("ends_on"), try row.bool("terminated"), try row.bool("renewed"),
                try row.text("units").split(separator: ",").map(String.init))
    }

    private func renewLease() throws -> Step {
        if random.percent(4) {
            return attempt("renew lease 999", expected: .refused) { _ = try service.renewLease(id: 999, endsOn: randomDate(), rent: nil) }
        }
        guard let lease = try randomLease() else { return try createLease() }
        let endsOn = lease.end.adding(months: random.int(1...12))
        let rent: Money? = random.percent(50) ? nil : Money(fen: random.int64(1...600_000))
        var expected: Expectation = .succeeds
        if lease.terminated || lease.renewed { expected = .refused }
        if expected == .succeeds, try !unitsAreFree(lease.units, from: lease.end.adding(days: 1), through: endsOn) { expected = .refused }
        var renewal: Lease?
        var step = attempt("renew lease \(lease.id) to \(endsOn) rent \(rent.map(\.description) ?? "as in force")", expected: expected) {
            renewal = try service.renewLease(id: lease.id, endsOn: endsOn, rent: rent)
        }
        if let renewal { step.result += ": lease \(renewal.id)" }
        return step
    }

    private func terminateLease() throws -> Step {
        if random.percent(4) {
            return attempt("terminate lease 999", expected: .refused) { _ = try service.terminateLease(id: 999, endsOn: randomDate(), reason: "") }
        }
        guard let lease = try randomLease() else { return try createLease() }
        let span = lease.start.days(to: lease.end)
        let endsOn = random.percent(85) && span > 0 ? lease.start.adding(days: random.int(0...(span - 1)))
            : random.percent(50) ? lease.end.adding(days: random.int(0...20)) : lease.start.adding(days: -random.int(1...20))
        let expected: Expectation = lease.terminated || lease.renewed || endsOn < lease.start || endsOn >= lease.end ? .refused : .succeeds
        return attempt("terminate lease \(lease.id) (\(lease.start)…\(lease.end)) on \(endsOn)", expected: expected) {
            _ = try service.terminateLease(id: lease.id, endsOn: endsOn, reason: "merchant leaves")
        }
    }

    // MARK: Billing

    private func billCount() throws -> Int64 { try rows("SELECT count(*) AS n FROM bills")[0].int64("n") }

    private func runBilling() throws -> Step {
        let period: Period
        let starts = try rows("SELECT starts_on FROM leases ORDER BY id").map { try $0.date("starts_on").period }
        if !starts.isEmpty && random.percent(30) {
            period = random.pick(starts)   // a lease's first month: its deposit and first bill
        } else if random.percent(55) {
            if nextPeriod == nil, let first = try rows("SELECT min(starts_on) AS first FROM leases")[0].optionalDate("first") {
                nextPeriod = first.period
            }
            period = nextPeriod ?? randomPeriod()
            nextPeriod = nextPeriod?.adding(months: 1)
        } else {
            period = randomPeriod()
        }
        let before = try billCount()
        var report: BillingRunReport?
        // A period before the first lease is refused: there is nothing it could bill.
        let first = try rows("SELECT min(starts_on) AS first FROM leases")[0].optionalDate("first")
        let expected: Expectation = first.map { period < $0.period } == true ? .refused : .succeeds
        var step = attempt("bill run \(period)", expected: expected) { report = try service.runBilling(period: period) }
        guard let report else { return step }
        step.result += ": \(report.regularBills) regular, \(report.depositBills) deposit, \(report.usageBills) usage, \(report.total)"
        let after = try billCount()
        if after - before != Int64(report.raised) {
            step.problems.append("the run reported \(report.raised) bills but \(after - before) were stored")
        }
        if random.percent(50) {
            // The same period again, at once: nothing new, not even a number taken.
            let first = try queue.read { [fingerprintQuery] in try Fingerprint($0, query: fingerprintQuery) }
            step.description += ", twice"
            do {
                let again = try service.runBilling(period: period)
                let second = try queue.read { [fingerprintQuery] in try Fingerprint($0, query: fingerprintQuery) }
                if again.raised != 0 || second != first {
                    step.problems.append("the second run of \(period) raised \(again.raised) bills (\(again.total)); changed: \(second.difference(from: first))")
                }
            } catch {
                step.problems.append("the second run of \(period) failed: \(error)")
            }
        }
        return step
    }

    private func assessLateFees() throws -> Step {
        let asOf = randomDate()
        var report: LateFeeReport?
        var step = attempt("late fees as of \(asOf)", expected: .succeeds) { report = try service.assessLateFees(asOf: asOf) }
        guard let report else { return step }
        step.result += ": \(report.bills) bills, \(report.total)"
        if random.percent(40) {
            let first = try queue.read { [fingerprintQuery] in try Fingerprint($0, query: fingerprintQuery) }
            step.description += ", twice"
            do {
                let again = try service.assessLateFees(asOf: asOf)
                let second = try queue.read { [fingerprintQuery] in try Fingerprint($0, query: fingerprintQuery) }
                if again.bills != 0 || second != first {
                    step.problems.append("late fees as of \(asOf) again raised \(again.bills) bills (\(again.total)); changed: \(second.difference(from: first))")
                }
            } catch {
                step.problems.append("late fees as of \(asOf) again failed: \(error)")
            }
        }
        return step
    }

    // MARK: Bills

    /// Every bill with what is owed on it, by our own arithmetic.
    private struct BillState {
        var id: Int64, number: String, merchant: Int64, total: Int64, net: Int64, void: Bool, issuedOn: CalendarDate, dueOn: CalendarDate
        var owed: Int64 { void || total <= 0 ? 0 : max(0, total - net) }
    }

    private func billStates(merchant: Int64? = nil) throws -> [BillState] {
        try rows("""
            SELECT b.id, b.number, b.merchant_id, b.total_fen, b.issued_on, b.due_on, (b.id IN (SELECT bill_id FROM bill_voids)) AS void,
                   coalesce((SELECT sum(amount_fen) FROM allocations WHERE bill_id = b.id), 0) AS net
            FROM bills AS b WHERE ?1 IS NULL OR b.merchant_id = ?1 ORDER BY b.due_on, b.number
            """, [SQLValue(merchant)]).map {
            BillState(id: try $0.int64("id"), number: try $0.text("number"), merchant: try $0.int64("merchant_id"), total: try $0.int64("total_fen"),
                      net: try $0.int64("net"), void: try $0.bool("void"), issuedOn: try $0.date("issued_on"), dueOn: try $0.date("due_on"))
        }
    }

    private func voidBill() throws -> Step {
        let bills = try billStates()
        if random.percent(4) {
            return attempt("void bill 9999", expected: .refused) { _ = try service.voidBill(id: 9999, reason: "wrong", on: randomDate()) }
        }
        guard !bills.isEmpty else { return try runBilling() }   // nothing to void yet
        let bill = random.pick(bills)
        let date = random.percent(90) ? bill.issuedOn.adding(days: random.int(0...40)) : bill.issuedOn.adding(days: -random.int(1...10))
        let expected: Expectation = bill.void || bill.total <= 0 || bill.net != 0 || date < bill.issuedOn ? .refused : .succeeds
        return attempt("void bill \(bill.id) \(bill.number) (total \(bill.total), set against it \(bill.net)\(bill.void ? ", void" : "")) on \(date)", expected: expected) {
            _ = try service.voidBill(id: bill.id, reason: "raised in error", on: date)
        }
    }

    private func adjustBill() throws -> Step {
        let bills = try billStates()
        if random.percent(4) {
            return attempt("adjust bill 9999", expected: .refused) { _ = try service.adjustBill(id: 9999, amount: Money(fen: -100), reason: "x", on: randomDate()) }
        }
        guard !bills.isEmpty else { return try runBilling() }   // nothing to adjust yet
        let bill = random.pick(bills)
        let credited = try rows("SELECT coalesce(sum(total_fen), 0) AS c FROM bills WHERE kind = 'adjustment' AND original_bill_id = ? AND total_fen < 0",
                                [.integer(bill.id)])[0].int64("c")
        let amount: Int64
        if random.percent(60) {
            let room = max(1, bill.total + credited)
            amount = random.percent(85) ? -random.int64(1...room) : -(room + random.int64(1...10_000))
        } else {
            amount = random.int64(1...50_000)
        }
        let date = randomDate()
        // An adjustment is not adjusted again (its original is), and a settled deposit is closed.
        let isAdjustment = try rows("SELECT kind FROM bills WHERE id = ?", [.integer(bill.id)])[0].text("kind") == "adjustment"
        let depositSettled = try rows("""
            WITH RECURSIVE chain(id) AS (SELECT lease_id FROM bills WHERE id = ?1 AND kind = 'deposit'
                                         UNION SELECT l.id FROM leases AS l JOIN chain ON l.previous_lease_id = chain.id)
            SELECT count(*) AS n FROM deposit_settlements WHERE lease_id IN (SELECT id FROM chain)
            """, [.integer(bill.id)])[0].int64("n") > 0
        let expected: Expectation = bill.void || isAdjustment || depositSettled || (amount < 0 && -(amount + credited) > bill.total) ? .refused : .succeeds
        var adjustment: Bill?
        var step = attempt("adjust bill \(bill.id) \(bill.number) (total \(bill.total), credited before \(-credited)\(bill.void ? ", void" : "")) by \(Money(fen: amount)) on \(date)",
                           expected: expected) {
            adjustment = try service.adjustBill(id: bill.id, amount: Money(fen: amount), reason: "correction", on: date)
        }
        if let adjustment { step.result += ": \(adjustment.number)" }
        return step
    }

    // MARK: Payments

    private func pay() throws -> Step {
        if !recordedPayments.isEmpty && random.percent(15) { return try repeatPayment() }
        let bills = try billStates()
        // Mostly a merchant that owes something, so that payments meet bills.
        let debtors = Array(Set(bills.filter { $0.owed > 0 }.map(\.merchant))).sorted()
        let merchant = !debtors.isEmpty && random.percent(60) ? random.pick(debtors) : randomMerchant()
        let open = bills.filter { $0.merchant == merchant && $0.owed > 0 }
        var named: [Int64] = []
        if random.percent(30) {
            for _ in 0..<random.int(1...2) {
                let own = random.pick(bills.filter { $0.merchant == merchant }.map(\.id) + [9999])
                let any = random.pick(bills.map(\.id) + [9999])
                let id = random.weighted([(6, own), (2, any), (1, 9999)])
                if !named.contains(id) { named.append(id) }
            }
        }
        var amount = random.int64(1...300_000)
        if random.percent(55), !open.isEmpty {
            let bill = random.pick(open)
            let near = max(1, bill.owed + random.int64(-500...500))
            amount = random.weighted([(3, bill.owed), (2, open.reduce(0) { $0 + $1.owed }), (1, near)])
        }
        let draft = PaymentDraft(merchantID: merchant, amount: Money(fen: amount), method: random.pick(PaymentMethod.allCases), paidOn: randomDate(),
                                 reference: random.percent(30) ? "ref \(random.int(1...999))" : "", idempotencyKey: newKey(), billIDs: named)
        // What the service should do, worked out from the bills.
        var expected: Expectation = merchant > BillingTemplate.merchantCount ? .refused : .succeeds
        // A reference already recorded by the same method is a probable double entry.
        if !draft.reference.isEmpty, try !rows("SELECT 1 FROM payments WHERE method = ? AND reference = ?",
                                                [.text(draft.method.rawValue), .text(draft.reference)]).isEmpty {
            expected = .refused
        }
        var targets = open
        if !named.isEmpty {
            targets = []
            for id in named {
                guard let bill = bills.first(where: { $0.id == id }), bill.merchant == merchant, bill.owed > 0 else { expected = .refused; break }
                targets.append(bill)
            }
        }
        var left = amount
        var planned: [(Int64, Int64)] = []
        for bill in targets where left > 0 {
            planned.append((bill.id, min(left, bill.owed)))
            left -= min(left, bill.owed)
        }
        var result: (payment: Payment, isRepeat: Bool)?
        var step = attempt("pay merchant \(merchant) \(draft.amount) by \(draft.method.rawValue) on \(draft.paidOn) key \(draft.idempotencyKey)"
                           + (named.isEmpty ? "" : " for bills \(named.map(String.init).joined(separator: ","))"), expected: expected) {
            result = try service.pay(draft)
        }
        guard let result else { return step }
        recordedPayments.append(draft)
        step.result += ": \(result.payment.number), credit \(result.payment.credit)"
        if result.isRepeat { step.problems.append("a new key was taken for a repeat") }
        let actual = try rows("SELECT bill_id, amount_fen FROM allocations WHERE payment_id = ? ORDER BY id", [.integer(result.payment.id)])
            .map { (try $0.int64("bill_id"), try $0.int64("amount_fen")) }
        if actual.map({ "\($0.0):\($0.1)" }) != planned.map({ "\($0.0):\($0.1)" }) || result.payment.credit.fen != left {
            step.problems.append("payment set \(actual.map { "\($0.1) on bill \($0.0)" }) and \(result.payment.credit) to credit; expected \(planned.map { "\($0.1) on bill \($0.0)" }) and \(Money(fen: left)) to credit")
        }
        return step
    }

    /// An earlier key again: with the same details it returns the first payment and records
    /// nothing; with other details it is refused.
    private func repeatPayment() throws -> Step {
        var draft = random.pick(recordedPayments)
        let same = random.percent(50)
        if !same {
            switch random.int(0...3) {
            case 0: draft.amount = draft.amount + Money(fen: random.int64(1...1_000))
            case 1: draft.method = PaymentMethod.allCases.first { $0 != draft.method }!
            case 2: draft.paidOn = draft.paidOn.adding(days: random.int(1...30))
            default: draft.merchantID = draft.merchantID % BillingTemplate.merchantCount + 1
            }
        }
        let first = try rows("SELECT id FROM payments WHERE idempotency_key = ?", [.text(draft.idempotencyKey)]).first?.int64("id")
        var result: (payment: Payment, isRepeat: Bool)?
        var step = attempt("pay again with key \(draft.idempotencyKey), \(same ? "same details" : "other details: merchant \(draft.merchantID) \(draft.amount) by \(draft.method.rawValue) on \(draft.paidOn)")",
                           expected: same ? .succeeds : .refused) {
            result = try service.pay(draft)
        }
        step.changesNothing = true
        if let result {
            step.result += ": \(result.payment.number), repeat \(result.isRepeat)"
            if !result.isRepeat || result.payment.id != first { step.problems.append("the repeat did not return the first payment (id \(String(describing: first)))") }
        }
        return step
    }

    private func reversePayment() throws -> Step {
        let payments = try rows("SELECT p.id, p.number, p.paid_on, (p.id IN (SELECT payment_id FROM payment_reversals)) AS reversed FROM payments AS p")
        if random.percent(4) {
            return attempt("reverse payment 9999", expected: .refused) { _ = try service.reversePayment(id: 9999, reason: "bounced", on: randomDate()) }
        }
        guard !payments.isEmpty else { return try pay() }   // nothing to reverse yet
        let payment = random.pick(payments)
        let id = try payment.int64("id"), paidOn = try payment.date("paid_on"), reversed = try payment.bool("reversed")
        let date = random.percent(90) ? paidOn.adding(days: random.int(0...60)) : paidOn.adding(days: -random.int(1...5))
        return attempt("reverse payment \(id) \(try payment.text("number")) (paid \(paidOn)\(reversed ? ", reversed" : "")) on \(date)",
                       expected: reversed || date < paidOn ? .refused : .succeeds) {
            _ = try service.reversePayment(id: id, reason: "bounced", on: date)
        }
    }

    // MARK: Cold-store usage

    private func usageIn() throws -> Step {
        let merchant = randomMerchant()
        let coldRoom = random.pick(BillingTemplate.coldRooms)
        let room = random.weighted([(10, coldRoom), (1, "S-001"), (1, "C9-99")])
        let kilograms = random.int64(500...20_000)
        let date = randomDate()
        var expected: Expectation = merchant > BillingTemplate.merchantCount || !BillingTemplate.coldRooms.contains(room) ? .refused : .succeeds
        if expected == .succeeds {
            let stored = try rows("""
                SELECT coalesce(sum(r.kilograms), 0) AS kg FROM usage_records AS r JOIN units AS u ON u.id = r.unit_id
                WHERE u.code = ? AND (r.out_on IS NULL OR r.out_on >= ?)
                """, [.text(room), .text(date.description)])[0].int64("kg")
            if stored + kilograms > BillingTemplate.coldRoomCapacity { expected = .refused }
        }
        var record: UsageRecord?
        var step = attempt("usage in merchant \(merchant) \(room) \(kilograms) kg on \(date)", expected: expected) {
            record = try service.usageIn(merchantID: merchant, roomCode: room, kilograms: kilograms, on: date)
        }
        if let record { step.result += ": usage \(record.id)" }
        return step
    }

    private func usageOut() throws -> Step {
        let records = try rows("SELECT id, in_on, out_on FROM usage_records ORDER BY id")
        if random.percent(4) {
            return attempt("usage out 9999", expected: .refused) { _ = try service.usageOut(id: 9999, on: randomDate()) }
        }
        guard !records.isEmpty else { return try usageIn() }   // no goods in yet
        let record = random.pick(records)
        let id = try record.int64("id"), inOn = try record.date("in_on"), out = try record.optionalDate("out_on")
        let date = random.percent(90) ? inOn.adding(days: random.int(0...60)) : inOn.adding(days: -random.int(1...5))
        return attempt("usage out \(id) (in \(inOn)\(out.map { ", out \($0)" } ?? "")) on \(date)", expected: out != nil || date < inOn ? .refused : .succeeds) {
            _ = try service.usageOut(id: id, on: date)
        }
    }
}
