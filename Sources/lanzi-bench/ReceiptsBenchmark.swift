import Foundation
import LanziCore
import LanziSigning
import LanziService
import LanziStore

/// `openssl speed`'s rates for one algorithm on `processes` processes at once (`-multi`):
/// signatures and verifications a second, all processes together.
func opensslSpeed(_ algorithm: String, processes: Int) -> (sign: Double, verify: Double)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "speed", "-seconds", "3"] + (processes > 1 ? ["-multi", "\(processes)"] : []) + [algorithm]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // The result line names the curve and ends with the two rates: "… sign/s verify/s".
    let marker = algorithm == "ed25519" ? "Ed25519" : "SM2"
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.contains(marker) {
        let numbers = line.split(separator: " ").compactMap { Double($0) }
        if numbers.count >= 2, !line.contains("sign/s") { return (numbers[numbers.count - 2], numbers[numbers.count - 1]) }
    }
    return nil
}

/// A market of `merchants` merchants, each leasing one shop, January 2026 billed, and the
/// market's Ed25519 key beside the database.
func makeReceiptsMarket(at path: String, merchants: Int, clock: Clock) throws -> LanziService {
    let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: SchemaLocation.find(), clock: clock)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: clock)
    try service.initialize(market: Market(code: "BENCH", name: "bench", operatorName: "bench", collectiveName: "bench"))
    _ = try service.initializeKey(algorithm: .ed25519, path: path + ".signing-key.pem")
    let start = CalendarDate(year: 2026, month: 1, day: 1)!
    try queue.write { database in
        for index in 0..<merchants {
            _ = try database.insertMerchant(MerchantDraft(name: "merchant \(index)", phone: "1380000\(10000 + index)"), createdAt: "2026-01-01T00:00:00.000Z")
            let unitID = try database.insertUnit(UnitDraft(code: "S-\(index)", kind: .shop, area: Area(hundredths: 2000)), createdAt: "2026-01-01T00:00:00.000Z")
            _ = try database.insertLease(LeaseDraft(merchantID: Int64(index + 1), unitCodes: ["S-\(index)"], startsOn: start,
                                                    endsOn: CalendarDate(year: 2026, month: 12, day: 31)!,
                                                    terms: LeaseTerms(rent: Money(fen: 50_000_000), managementFee: .fixed(Money(fen: 2_000)))),
                                         unitIDs: [unitID], createdAt: "2026-01-01T00:00:00.000Z")
        }
    }
    _ = try service.runBilling(period: Period(year: 2026, month: 1)!)
    return service
}

/// `payments` payments of 1.00, each one command's transaction with its receipt, against the
/// merchants' January bills; then the year's export and its verification, beside
/// `openssl speed` on every core and the stock-tools script.
func benchmarkReceipts(payments count: Int) throws -> JSONValue {
    let path = temporaryDatabase("receipts.db")
    // LANZI_BENCH_KEEP=1 keeps the database and the bundle, to time the checkers by hand.
    let keep = ProcessInfo.processInfo.environment["LANZI_BENCH_KEEP"] != nil
    defer { if !keep { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) } }
    let clock = Clock.fixed(on: CalendarDate(year: 2026, month: 6, day: 30)!)
    let merchants = 1_000
    var service: LanziService!
    let setup = try seconds { service = try makeReceiptsMarket(at: path, merchants: merchants, clock: clock) }
    FileHandle.standardError.write(Data("bench receipts: \(merchants) merchants billed in \(String(format: "%.2f", setup)) s; \(count) payments…\n".utf8))

    let receiptsBefore = ReceiptCost.seconds
    let paying = try seconds {
        for index in 0..<count {
            _ = try service.pay(PaymentDraft(merchantID: Int64(index % merchants + 1), amount: Money(fen: 100), method: .cash,
                                             paidOn: CalendarDate(year: 2026, month: 1, day: 5)!, idempotencyKey: "bench-\(index)"))
            if (index + 1) % 20_000 == 0 { FileHandle.standardError.write(Data("bench receipts: \(index + 1) payments…\n".utf8)) }
        }
    }
    let receipts = ReceiptCost.seconds - receiptsBefore
    let alone = paying - receipts

    let bundle = temporaryDatabase("bundle")
    if keep { FileHandle.standardError.write(Data("bench receipts: keeping \(path) and \(bundle)\n".utf8)) }
    var exported: ReceiptExportReport!
    let exporting = try seconds {
        exported = try service.exportReceipts(from: CalendarDate(year: 2026, month: 1, day: 1)!, to: CalendarDate(year: 2026, month: 12, day: 31)!, directory: bundle)
    }
    // A committee checks a bundle that is on its disk already: the export's files are
    // written back first, so that the kernel's writeback of 200,000 new files does not run
    // beside the first round of the check.
    sync()
    // The check and its yardstick take turns, five rounds: this machine's speed drifts by
    // a third from minute to minute, and a ratio of two runs minutes apart measures the drift;
    // the first round also reads files that the kernel has dropped since the export wrote them.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    FileHandle.standardError.write(Data("bench receipts: exported in \(String(format: "%.2f", exporting)) s; verify and openssl speed, 5 rounds…\n".utf8))
    var rounds: [(verify: Double, openssl: Double?)] = []
    // The fastest round's rates, as the figures of openssl speed.
    var ed25519: (sign: Double, verify: Double)?
    for _ in 0..<5 {
        var check: ReceiptCheck!
        let verifying = seconds { check = ReceiptBundle.verify(directory: bundle) }
        guard check.isClean, check.count == count else { throw BenchmarkFailure(message: "the export did not verify: \(check.problems.prefix(3))") }
        let speed = opensslSpeed("ed25519", processes: cores)
        if let speed, speed.verify > (ed25519?.verify ?? 0) { ed25519 = speed }
        rounds.append((verifying, speed.map { Double(count) / $0.verify }))
        FileHandle.standardError.write(Data("bench receipts: verified in \(String(format: "%.2f", verifying)) s; openssl's rate gives \(rounds.last!.openssl.map { String(format: "%.2f", $0) } ?? "-") s\n".utf8))
    }
    let sm2 = opensslSpeed("sm2", processes: cores)
    func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
    let verifying = median(rounds.map(\.verify))!
    let opensslVerifySeconds = median(rounds.compactMap(\.openssl))
    let roundRatios = rounds.compactMap { round in round.openssl.map { round.verify / $0 } }

    // The stock-tools script's default check (first, last and a sample), when it is there.
    var scriptSeconds: Double?
    if FileManager.default.isExecutableFile(atPath: "tools/verify-receipts") {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "tools/verify-receipts")
        process.arguments = [bundle]
        process.standardOutput = FileHandle.nullDevice
        let time = try seconds { try process.run(); process.waitUntilExit() }
        guard process.terminationStatus == 0 else { throw BenchmarkFailure(message: "tools/verify-receipts refused the export (exit \(process.terminationStatus))") }
        scriptSeconds = time
    }
    let overhead = Int((receipts / alone * 100).rounded())
    // Each round's check beside the yardstick run just after it; the median round decides.
    let verifyRatio = median(roundRatios)
    return .object([
        ("benchmark", .string("receipts")), ("payments", .integer(Int64(count))), ("merchants", .integer(Int64(merchants))),
        ("paying_ms", milliseconds(paying)), ("receipts_ms", milliseconds(receipts)), ("payments_alone_ms", milliseconds(alone)),
        ("receipt_overhead_percent", .integer(Int64(overhead))), ("target_overhead_percent", .integer(20)),
        ("export_ms", milliseconds(exporting)), ("exported_records", .integer(Int64(exported.count))),
        ("verify_ms", milliseconds(verifying)), ("cores", .integer(Int64(cores))),
        ("openssl_ed25519_verify_per_second", .optional(ed25519) { .integer(Int64($0.verify.rounded())) }),
        ("openssl_ed25519_sign_per_second", .optional(ed25519) { .integer(Int64($0.sign.rounded())) }),
        ("openssl_sm2_verify_per_second", .optional(sm2) { .integer(Int64($0.verify.rounded())) }),
        ("openssl_sm2_sign_per_second", .optional(sm2) { .integer(Int64($0.sign.rounded())) }),
        ("openssl_verify_ms_for_all", .optional(opensslVerifySeconds, milliseconds)),
        ("verify_to_openssl_ratio_percent", .optional(verifyRatio) { .integer(Int64(($0 * 100).rounded())) }),
        ("round_verify_ms", .array(rounds.map { milliseconds($0.verify) })),
        ("round_openssl_ms_for_all", .array(rounds.map { .optional($0.openssl, milliseconds) })),
        ("round_ratio_percent", .array(roundRatios.map { .integer(Int64(($0 * 100).rounded())) })),
        ("target_verify_ratio_percent", .integer(130)),
        ("script_default_ms", .optional(scriptSeconds, milliseconds)), ("target_script_ms", .integer(30_000)),
        ("meets_targets", .bool(overhead <= 20 && (verifyRatio ?? 9) <= 1.3 && (scriptSeconds ?? 0) < 30)),
        ("setup_ms", milliseconds(setup)), ("peak_memory_kib", .integer(peakMemoryKiB())),
    ])
}

/// Where a verification's time goes, without a database or files: `count` receipt-sized
/// records signed in memory, then parsed and canonicalized, hashed, and checked, each step
/// on every core, beside `openssl speed`'s verify rate.
func benchmarkReceiptChecks(records count: Int) throws -> JSONValue {
    let key = try SigningKey(generating: .ed25519)
    let market = Market(code: "BENCH", name: "bench", operatorName: "bench", collectiveName: "bench")
    var links: [ChainLink] = []
    var previous = ReceiptDocument.firstPreviousHash
    for index in 0..<count {
        let header = ReceiptHeader(number: "BENCH-2026-\(String(format: "%06d", index + 1))", sequence: Int64(index + 1), previousHash: previous,
                                   issuedAt: "2026-01-05T04:00:00.000Z", date: CalendarDate(year: 2026, month: 1, day: 5)!, market: market,
                                   merchantID: 7, merchantName: "李春华", maskedIDNumber: "5325**********0021", operatorName: "cli:bench",
                                   keyID: key.verifyingKey.keyID)
        let payment = Payment(id: Int64(index + 1), number: "BENCH-P2026-\(index + 1)", merchantID: 7, amount: Money(fen: 100), method: .cash,
                              paidOn: header.date, reference: "", idempotencyKey: "k\(index)", namedBillIDs: [], credit: .zero,
                              allocations: [(billID: 1, amount: Money(fen: 100))], reversedOn: nil, reversalNumber: nil)
        let canonical = try CanonicalJSON.bytes(of: ReceiptDocument.receipt(header, payment: payment, items: [
            ReceiptItem(billNumber: "BENCH-B2026-000001", unitCodes: ["S-001"], period: Period(year: 2026, month: 1)!, lineKinds: [.rent, .managementFee],
                        amount: Money(fen: 100))]))
        previous = Digest.hex(try Digest.sha256(canonical))
        links.append(ChainLink(subject: header.number, canonical: canonical, signature: try key.signature(for: canonical)))
    }
    let verifying = key.verifyingKey
    let all = links
    let parsing = seconds { _ = Parallel.map(count) { index in (try? CanonicalJSON.bytes(of: JSONValue.parse(bytes: all[index].canonical, source: "x"))) != nil } }
    let hashing = seconds { _ = Parallel.map(count) { index in (try? Digest.sha256(all[index].canonical))?.count ?? 0 } }
    let signatures = seconds { _ = Parallel.map(count) { index in (try? verifying.isValidSignature(all[index].signature, for: all[index].canonical)) ?? false } }
    var check: ReceiptCheck!
    let whole = seconds { check = ReceiptChainChecker.check(all, previousHash: ReceiptDocument.firstPreviousHash, fromTheStart: true, keys: [verifying.keyID: verifying]) }
    guard check.isClean else { throw BenchmarkFailure(message: "the records did not check: \(check.problems.prefix(3))") }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let openssl = opensslSpeed("ed25519", processes: cores)
    return .object([
        ("benchmark", .string("receipt-checks")), ("records", .integer(Int64(count))), ("cores", .integer(Int64(cores))),
        ("record_bytes", .integer(Int64(links.first?.canonical.count ?? 0))),
        ("parse_and_canonicalize_ms", milliseconds(parsing)), ("sha256_ms", milliseconds(hashing)), ("signatures_ms", milliseconds(signatures)),
        ("whole_check_ms", milliseconds(whole)),
        ("openssl_verify_ms_for_all", .optional(openssl) { milliseconds(Double(count) / $0.verify) }),
    ])
}
