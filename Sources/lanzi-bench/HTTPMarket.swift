import Foundation
import LanziCore
import LanziService
import LanziStore
import LanziAPI
import LanziHTTP

/// The HTTP benchmark's market, the same shape as the yardstick's (`make-db.py` of
/// ../shared/peers/hummingbird-ref): `merchants` merchants, each with one shop leased for
/// 2024–2025 and billed monthly (rent and a management fee: two lines a bill), the first 12
/// bills paid and the last 12 open; a merchant user and a bearer session for each, whose
/// tokens go to `tokensPath`, one a line, for wrk to rotate through.
///
/// Passwords are hashed with few rounds here: the benchmark signs in only to get its tokens,
/// and what it measures (requests with a token) does not hash.
func makeHTTPMarket(at path: String, tokensPath: String, merchants: Int) throws -> JSONValue {
    for suffix in ["", "-wal", "-shm", ".signing-key.pem"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    // The machine's clock: the sessions must still be open when the server, on that clock, is asked.
    let clock = Clock.system
    let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: SchemaLocation.find(), clock: clock)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: clock, passwordHashing: PasswordHashing(iterations: 1_000))
    try service.initialize(market: Market(code: "BENCH", name: "bench", operatorName: "bench", collectiveName: "bench"))
    _ = try service.initializeKey(algorithm: .ed25519, path: path + ".signing-key.pem")
    var generator = SplitMix(seed: 42)
    let setup = try seconds {
        try queue.write { database in
            for index in 0..<merchants {
                _ = try database.insertMerchant(MerchantDraft(name: "Merchant \(String(format: "%04d", index + 1))", phone: "138\(String(format: "%08d", index))"),
                                                createdAt: "2024-01-01T00:00:00.000Z")
                let unitID = try database.insertUnit(UnitDraft(code: "S-\(index + 1)", kind: .shop, area: Area(hundredths: 2000)), createdAt: "2024-01-01T00:00:00.000Z")
                // Rents of 3,000.00 to 20,000.00 yuan in whole yuan, the fee a tenth: as make-db.py.
                let rent = Money(fen: Int64(300_000 + Int(generator.next() % 17_000) * 100))
                _ = try database.insertLease(LeaseDraft(merchantID: Int64(index + 1), unitCodes: ["S-\(index + 1)"], startsOn: CalendarDate(year: 2024, month: 1, day: 1)!,
                                                        endsOn: CalendarDate(year: 2025, month: 12, day: 31)!,
                                                        terms: LeaseTerms(rent: rent, managementFee: .fixed(Money(fen: rent.fen / 10)))),
                                             unitIDs: [unitID], createdAt: "2024-01-01T00:00:00.000Z")
            }
        }
        for month in 0..<24 { _ = try service.runBilling(period: Period(year: 2024 + month / 12, month: month % 12 + 1)!) }
        // One payment a merchant of its first twelve bills' total: oldest first, they are paid.
        for merchant in 1...Int64(merchants) {
            let bills = try service.bills(merchantID: merchant, period: nil, status: nil).sorted { $0.period < $1.period }.prefix(12)
            let total = bills.reduce(Money.zero) { $0 + $1.total }
            _ = try service.pay(PaymentDraft(merchantID: merchant, amount: total, method: .bank, paidOn: CalendarDate(year: 2025, month: 1, day: 10)!,
                                             reference: "bench-\(merchant)", idempotencyKey: "bench-\(merchant)"))
        }
    }
    var tokens: [String] = []
    let signing = try seconds {
        for merchant in 1...merchants {
            _ = try service.addUser(login: "m\(merchant)", role: .merchant, merchantID: Int64(merchant), password: "bench password \(merchant)")
            tokens.append(try service.signIn(login: "m\(merchant)", password: "bench password \(merchant)", address: "bench-\(merchant)", kind: .bearer).token)
        }
    }
    try (tokens.joined(separator: "\n") + "\n").write(toFile: tokensPath, atomically: true, encoding: .utf8)
    let open = try service.bills(merchantID: 1, period: nil, status: .open)
    return .object([
        ("merchants", .integer(Int64(merchants))), ("open_bills_each", .integer(Int64(open.count))),
        ("lines_each", .integer(Int64(open.reduce(0) { $0 + $1.lines.count }))),
        ("setup_ms", milliseconds(setup)), ("sign_in_ms", milliseconds(signing)),
    ])
}

/// A small deterministic generator, so that every run makes the same market.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// The bills route's handler alone, on one thread, with no socket: how much of a request's
/// time is the service's and the JSON's, beside what the server adds.
func benchmarkHandler(database path: String, tokensPath: String, requests: Int) throws -> JSONValue {
    let queue = try LanziService.openDatabase(at: path, create: false, schemaDirectory: SchemaLocation.find(), clock: .system)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: .system)
    let api = HTTPAPI(service: service) { token in try service.authenticate(token: token) }
    let tokens = try String(contentsOfFile: tokensPath, encoding: .utf8).split(separator: "\n").map(String.init)
    let context = HTTPRequestContext(remoteAddress: "127.0.0.1")
    var bytes = 0
    var failures = 0
    let elapsed = seconds {
        for index in 0..<requests {
            var headers = HTTPHeaders()
            headers.add("Host", "bench")
            headers.add("Authorization", "Bearer " + tokens[index % tokens.count])
            let response = api.handle(HTTPRequest(method: "GET", target: "/api/v1/me/bills?status=open", headers: headers), context)
            if response.status.code != 200 { failures += 1 }
            bytes += response.body.count
        }
    }
    return .object([
        ("benchmark", .string("http-handler")), ("requests", .integer(Int64(requests))), ("failures", .integer(Int64(failures))),
        ("microseconds_each", .integer(Int64((elapsed / Double(requests) * 1e6).rounded()))),
        ("bytes_each", .integer(Int64(bytes / max(1, requests)))),
    ])
}
