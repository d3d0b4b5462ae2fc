import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// One test's database, opened through `LanziService.openDatabase` with the real `schema/`,
/// and services for each kind of caller. The folder is removed by `close()`.
struct ServiceFixture {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // LanziServiceTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()
    static let schemaDirectory = repository.appendingPathComponent("schema", isDirectory: true)
    static let demoSeed = repository.appendingPathComponent("seeds/buwangge.json")

    let folder: URL
    let path: String
    let queue: DatabaseQueue
    let admin: LanziService
    let auditor: LanziService
    let merchantCaller: LanziService
    let operatorCaller: LanziService

    /// Every fixture's clock: 2030-06-30 at noon, China Standard Time, after every day the
    /// tests record money on.
    static let clock = Clock.fixed(on: CalendarDate(year: 2030, month: 6, day: 30)!)
    /// The fixture clock's instant as stored.
    static let now = "2030-06-30T04:00:00.000Z"

    /// How the fixtures' services store passwords: 1,000 rounds instead of production's
    /// 600,000, so that the suite's hundreds of sign-ins take milliseconds. Nothing the tests
    /// check depends on the count; `UserServiceTests` proves that production uses 600,000.
    static let passwordHashing = PasswordHashing(iterations: 1_000)

    static let market = Market(code: "TST", name: "测试市场", operatorName: "测试运营公司", collectiveName: "测试村小组")

    /// Where the fixture's signing key is (made with the market; a seed makes it there too).
    var keyPath: String { folder.appendingPathComponent("lanzi.db.signing-key.pem").path }

    /// A new database; with `market`, set up with the test market and its signing key, so
    /// that payments have their receipts.
    init(market: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-service-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("lanzi.db").path
        queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: Self.schemaDirectory, clock: Self.clock)
        admin = LanziService(queue: queue, caller: .localAdministrator(login: "tester"), clock: Self.clock, passwordHashing: Self.passwordHashing)
        auditor = admin.acting(as: .staff(.auditor, name: "audit:zhang"))
        merchantCaller = admin.acting(as: .merchant(1, name: "merchant:1"))
        operatorCaller = admin.acting(as: .staff(.operator, name: "op:wang"))
        if market {
            try admin.initialize(market: Self.market)
            _ = try admin.initializeKey(algorithm: .ed25519, path: folder.appendingPathComponent("lanzi.db.signing-key.pem").path)
        }
    }

    func close() { try? FileManager.default.removeItem(at: folder) }

    static func date(_ text: String) -> CalendarDate { try! CalendarDate.parse(text, field: "test") }
    static func yuan(_ text: String) -> Money { try! Money.parse(text, field: "test") }

    // MARK: Counting what the database holds, straight from the store

    func count(_ table: String) throws -> Int64 {
        try queue.read { try $0.row("SELECT count(*) AS n FROM \(table)")!.int64("n") }
    }

    func activityCount() throws -> Int { try queue.read { try $0.activityCount() } }

    /// The number of rows in every table the register has: what "nothing changed" compares.
    func tableCounts() throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in ["markets", "units", "merchants", "leases", "lease_units", "lease_terminations", "activity_log"] {
            counts[table] = try count(table)
        }
        return counts
    }

    /// The activity log's lines, oldest first: (actor, action, subject).
    func activity() throws -> [(actor: String, action: String, subject: String)] {
        try queue.read { database in
            try database.rows("SELECT actor, action, subject FROM activity_log ORDER BY id").map {
                (try $0.text("actor"), try $0.text("action"), try $0.text("subject"))
            }
        }
    }

    // MARK: A small register

    /// Shops S-001…S-003, stall T-001 and cold room C1-01, and two merchants (ids returned).
    @discardableResult
    func addSmallRegister() throws -> (li: Int64, wang: Int64) {
        for draft in [UnitDraft(code: "S-001", kind: .shop, area: Area(hundredths: 2450)),
                      UnitDraft(code: "S-002", kind: .shop, area: Area(hundredths: 2000)),
                      UnitDraft(code: "S-003", kind: .shop, area: Area(hundredths: 1915)),
                      UnitDraft(code: "T-001", kind: .stall, area: Area(hundredths: 600)),
                      UnitDraft(code: "C1-01", kind: .coldRoom, area: Area(hundredths: 6000),
                                coldRoom: ColdRoomDetails(building: "1号冷库", capacityKilograms: 30_000))] {
            _ = try admin.addUnit(draft)
        }
        let li = try admin.addMerchant(MerchantDraft(name: "李春华", phone: "13800000000", idNumber: "532504198203170021"))
        let wang = try admin.addMerchant(MerchantDraft(name: "王建国", phone: "13900000001", idNumber: "53250419750531003X"))
        return (li.id, wang.id)
    }

    static func lease(_ merchantID: Int64, _ units: [String], _ start: String, _ end: String, rent: String = "1000.00",
                      _ adjust: (inout LeaseTerms) -> Void = { _ in }) -> LeaseDraft {
        var terms = LeaseTerms(rent: yuan(rent))
        adjust(&terms)
        return LeaseDraft(merchantID: merchantID, unitCodes: units, startsOn: date(start), endsOn: date(end), terms: terms)
    }
}

/// What a call threw, for asserting on its kind and message.
enum Outcome: Equatable {
    case returned
    case domain(field: String)
    case notFound
    case conflict
    case forbidden
    case unavailable
    case invalid
    case `internal`
    case unauthenticated
    case throttled
    case other(String)

    init(_ body: () throws -> Void) {
        self = Self.capture(body).outcome
    }

    /// The outcome and the message of the error, if any.
    static func capture(_ body: () throws -> Void) -> (outcome: Outcome, message: String) {
        do {
            try body()
            return (.returned, "")
        } catch let error as DomainError {
            return (.domain(field: error.field), error.rule.english)
        } catch let error as ServiceError {
            for word in ["constraint failed", "SQLite", "sqlite_", "SELECT ", "INSERT ", "UPDATE ", "RAISE(", ".swift"] {
                #expect(!error.message.english.contains(word), "a refusal shows no internals (\(word)): \(error.message)")
            }
            switch error.code {
            case .notFound: return (.notFound, error.description)
            case .conflict: return (.conflict, error.description)
            case .forbidden: return (.forbidden, error.description)
            case .unavailable: return (.unavailable, error.description)
            case .invalid: return (.invalid, error.description)
            case .internal: return (.internal, error.description)
            case .unauthenticated: return (.unauthenticated, error.description)
            case .throttled: return (.throttled, error.description)
            }
        } catch {
            return (.other("\(type(of: error)): \(error)"), "\(error)")
        }
    }
}
