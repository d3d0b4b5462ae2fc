import Foundation
import LanziCore
import LanziService
import LanziStore

// Benchmarks of Lanzi, each printing its figures as one JSON object. Run through
// tools/bench, which builds this in release mode.

/// Peak resident memory of this process so far, in KiB (VmHWM of /proc/self/status).
func peakMemoryKiB() -> Int64 {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    return Int64(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func milliseconds(_ value: Double) -> JSONValue { .integer(Int64((value * 1000).rounded())) }

func temporaryDatabase(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
}

/// 10,000 members and 40,000 households in 200 village groups, assigned from nothing.
func benchmarkAssign(members memberCount: Int, households householdCount: Int, groups groupCount: Int) throws -> JSONValue {
    let path = temporaryDatabase("assign.db")
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: SchemaLocation.find(), clock: .system)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: .system)
    try service.initialize(market: Market(code: "BENCH", name: "bench", operatorName: "bench", collectiveName: "bench"))
    let setup = try seconds {
        try queue.write { database in
            for index in 0..<memberCount {
                _ = try database.insertPartyMember(PartyMemberDraft(name: "member \(index)", branch: "branch \(index % 50)"), createdAt: "2026-01-01T00:00:00.000Z")
            }
            for index in 0..<householdCount {
                _ = try database.insertHousehold(HouseholdDraft(headName: "head \(index)", villageGroup: "group \(index * 7919 % groupCount)"), createdAt: "2026-01-01T00:00:00.000Z")
            }
        }
    }
    FileHandle.standardError.write(Data("bench assign: \(memberCount) members and \(householdCount) households loaded in \(String(format: "%.2f", setup)) s; assigning…\n".utf8))
    // The planner alone, on the same register, to tell planning from writing.
    let register = try queue.read { database in
        (try database.partyMembers().map(\.id), try database.households().map { AssignmentPlanner.Household(id: $0.id, group: $0.villageGroup, memberID: nil) })
    }
    let planning = seconds { _ = AssignmentPlanner.plan(memberIDs: register.0, households: register.1, minimum: 3, maximum: 5, rebalance: false) }
    var result: AutoAssignment?
    let elapsed = try seconds {
        result = try service.autoAssign(on: CalendarDate(year: 2026, month: 11, day: 25)!, dryRun: false, rebalance: false)
    }
    let plan = result!.plan
    let loads = plan.loads.values
    return .object([
        ("benchmark", .string("assign")), ("members", .integer(Int64(memberCount))), ("households", .integer(Int64(householdCount))),
        ("groups", .integer(Int64(groupCount))), ("setup_ms", milliseconds(setup)), ("assign_ms", milliseconds(elapsed)), ("plan_only_ms", milliseconds(planning)),
        ("households_per_second", .integer(Int64(Double(plan.assignments.count) / elapsed))),
        ("assigned", .integer(Int64(plan.assignments.count))), ("uncovered", .integer(Int64(plan.uncoveredHouseholdIDs.count))),
        ("load_min", .integer(Int64(loads.min() ?? 0))), ("load_max", .integer(Int64(loads.max() ?? 0))),
        ("peak_memory_kib", .integer(peakMemoryKiB())), ("target_ms", .integer(2000)), ("meets_target", .bool(elapsed < 2)),
    ])
}

func currentMemoryKiB() -> Int64 {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return -1 }
    return Int64(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}

/// A database with `leaseCount` active monthly leases from 2026 to 2028, each of one unit
/// with a fixed management fee and a late fee of 0.05 % a day after three days' grace,
/// written at `path` and closed (so its WAL is checkpointed into the file and the file can
/// be copied).
func makeBillingDatabase(at path: String, leases leaseCount: Int) throws {
    let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: SchemaLocation.find(), clock: .system)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: .system)
    try service.initialize(market: Market(code: "BENCH", name: "bench", operatorName: "bench", collectiveName: "bench"))
    let start = CalendarDate(year: 2026, month: 1, day: 1)!
    let end = CalendarDate(year: 2028, month: 12, day: 31)!
    try queue.write { database in
        let merchants = max(1, leaseCount / 5)
        for index in 0..<merchants {
            _ = try database.insertMerchant(MerchantDraft(name: "merchant \(index)", phone: "1380000\(10000 + index % 90000)"), createdAt: "2026-01-01T00:00:00.000Z")
        }
        for index in 0..<leaseCount {
            let unitID = try database.insertUnit(UnitDraft(code: "S-\(index)", kind: index % 3 == 0 ? .stall : .shop, area: Area(hundredths: 2000 + Int64(index % 700))), createdAt: "2026-01-01T00:00:00.000Z")
            let terms = LeaseTerms(rent: Money(fen: 30_000 + Int64(index % 60_000)), managementFee: .fixed(Money(fen: 2_000)),
                                   escalationBasisPoints: 300, dueDay: 5, graceDays: 3, lateFeeBasisPoints: 5)
            _ = try database.insertLease(LeaseDraft(merchantID: Int64(index % merchants + 1), unitCodes: ["S-\(index)"], startsOn: start,
                                                    endsOn: end, terms: terms), unitIDs: [unitID], createdAt: "2026-01-01T00:00:00.000Z")
        }
    }
}

/// One round on a fresh copy of the prepared database: the raw insert rate, the billing run,
/// then late fees at the month's end on every bill (none is paid).
struct BillingRound {
    var rawSeconds: Double
    var billingSeconds: Double
    var bills: Int
    var rows: Int64
    var rssBeforeKiB: Int64
    var rssAfterKiB: Int64
    var lateFeeSeconds: Double
    var lateFees: Int
}

func billingRound(on path: String, rawRows: Int, label: String) throws -> BillingRound {
    let queue = try LanziService.openDatabase(at: path, create: false, schemaDirectory: SchemaLocation.find(), clock: .system)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: .system)
    // The raw rate: rows as wide as a bill line, through one prepared statement, one transaction.
    let raw = try seconds { try queue.write { database in try database.insertScratchRows(count: rawRows) } }
    let before = currentMemoryKiB()
    var report: BillingRunReport?
    let billing = try seconds { report = try service.runBilling(period: Period(year: 2026, month: 3)!) }
    let after = currentMemoryKiB()
    let rows = try queue.read { database in try database.billingRowCount() }
    var lateFees: LateFeeReport?
    let assessing = try seconds { lateFees = try service.assessLateFees(asOf: CalendarDate(year: 2026, month: 3, day: 31)!) }
    FileHandle.standardError.write(Data("""
        bench billing: \(label): raw \(rawRows) rows in \(String(format: "%.2f", raw)) s, billing \(rows) rows in \(String(format: "%.2f", billing)) s, \
        \(lateFees!.bills) late fees in \(String(format: "%.2f", assessing)) s

        """.utf8))
    return BillingRound(rawSeconds: raw, billingSeconds: billing, bills: report!.raised, rows: rows, rssBeforeKiB: before, rssAfterKiB: after,
                        lateFeeSeconds: assessing, lateFees: lateFees!.bills)
}

/// One month's billing run over `leaseCount` active leases beside this machine's raw rate
/// of inserting rows through one prepared statement in one transaction, both measured by
/// this program on the same file. This machine is a shared virtual one whose speed drifts
/// by a third from minute to minute, so each is measured `rounds` times on fresh copies of
/// the same database, raw then billing in each round, and the best of each is compared
/// (every round's figures are printed too).
func benchmarkBilling(leases leaseCount: Int, rounds: Int) throws -> JSONValue {
    let template = temporaryDatabase("billing-template.db")
    let folder = (template as NSString).deletingLastPathComponent
    let keep = ProcessInfo.processInfo.environment["LANZI_BENCH_KEEP"] != nil
    defer {
        if keep {
            FileHandle.standardError.write(Data("bench billing: kept \(folder)\n".utf8))
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
    let setup = try seconds { try makeBillingDatabase(at: template, leases: leaseCount) }
    FileHandle.standardError.write(Data("bench billing: \(leaseCount) leases made in \(String(format: "%.2f", setup)) s; \(rounds) rounds…\n".utf8))
    let rawRows = leaseCount * 7
    var results: [BillingRound] = []
    for round in 1...rounds {
        let path = temporaryDatabase("billing-\(round).db")
        try FileManager.default.copyItem(atPath: template, toPath: path)
        results.append(try billingRound(on: path, rawRows: rawRows, label: "round \(round)/\(rounds)"))
        if !keep {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
    let bestRaw = results.map(\.rawSeconds).min()!
    let bestBilling = results.map(\.billingSeconds).min()!
    let rows = results[0].rows
    let rawRate = Double(rawRows) / bestRaw
    let billingRate = Double(rows) / bestBilling
    func list(_ values: [Double]) -> JSONValue { .array(values.map(milliseconds)) }
    return .object([
        ("benchmark", .string("billing")), ("leases", .integer(Int64(leaseCount))), ("bills", .integer(Int64(results[0].bills))),
        ("rows_written", .integer(rows)), ("rounds", .integer(Int64(rounds))),
        ("billing_ms", milliseconds(bestBilling)), ("billing_ms_each_round", list(results.map(\.billingSeconds))),
        ("bills_per_second", .integer(Int64(Double(results[0].bills) / bestBilling))), ("rows_per_second", .integer(Int64(billingRate))),
        ("raw_rows", .integer(Int64(rawRows))), ("raw_ms", milliseconds(bestRaw)), ("raw_ms_each_round", list(results.map(\.rawSeconds))),
        ("raw_rows_per_second", .integer(Int64(rawRate))),
        ("ratio_to_raw_percent", .integer(Int64((billingRate / rawRate * 100).rounded()))),
        ("ratio_each_round_percent", .array(results.map { .integer(Int64((Double($0.rows) / $0.billingSeconds) / (Double(rawRows) / $0.rawSeconds) * 100)) })),
        ("target_ratio_percent", .integer(50)), ("meets_target", .bool(billingRate >= rawRate / 2)),
        ("rss_before_run_kib", .integer(results.map(\.rssBeforeKiB).max()!)), ("rss_after_run_kib", .integer(results.map(\.rssAfterKiB).max()!)),
        ("late_fee_bills", .integer(Int64(results[0].lateFees))), ("late_fees_ms_each_round", list(results.map(\.lateFeeSeconds))),
        ("peak_memory_kib", .integer(peakMemoryKiB())), ("setup_ms", milliseconds(setup)),
    ])
}

/// The reads of one round, tallied by the phase in which each finished, with the CPU time
/// the reading threads spent on them; shared by the reading threads and the one that
/// measures them.
final class ReadTally: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while holding `lock`.
    enum Phase: Int { case warmUp, quiet, writing, done }
    private let lock = NSLock()
    private var phase = Phase.warmUp
    private var reads = [0, 0, 0, 0]
    private var readerCPU = [0.0, 0.0, 0.0, 0.0]
    private var failure: String?

    var isDone: Bool { lock.withLock { phase == .done } }
    var firstFailure: String? { lock.withLock { failure } }

    func enter(_ next: Phase) { lock.withLock { phase = next } }

    func reads(in phase: Phase) -> Int { lock.withLock { reads[phase.rawValue] } }

    func readerCPUSeconds(in phase: Phase) -> Double { lock.withLock { readerCPU[phase.rawValue] } }

    /// Counts one finished read that took `cpu` seconds of its thread's time.
    func add(cpu: Double) {
        lock.withLock {
            reads[phase.rawValue] += 1
            readerCPU[phase.rawValue] += cpu
        }
    }

    func fail(_ text: String) {
        lock.withLock {
            if failure == nil { failure = text }
            phase = .done
        }
    }
}

/// CPU time the calling thread has used so far, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// What one round of the reads benchmark measured.
struct ReadsRound {
    var quietSeconds: Double
    var quietReads: Int
    var quietReaderCPUSeconds: Double
    var writingSeconds: Double
    var writingReads: Int
    var writingReaderCPUSeconds: Double
    var bills: Int

    var quietRate: Double { Double(quietReads) / quietSeconds }
    var writingRate: Double { Double(writingReads) / writingSeconds }
    /// Reads per second of the reading threads' own CPU time: what a read costs, apart from
    /// how much of the machine's cores the threads were given.
    var quietRatePerCPUSecond: Double { Double(quietReads) / quietReaderCPUSeconds }
    var writingRatePerCPUSecond: Double { Double(writingReads) / writingReaderCPUSeconds }
}

/// One round on a fresh copy of a database billed for March 2026: `threads` threads read
/// March statements of merchants picked at random, through the service, as fast as they can;
/// they are counted for `quietSeconds` with nothing writing, then while April's billing run
/// writes on this thread.
func readsRound(on path: String, merchants: Int, threads: Int, readers: Int, quietSeconds: Double, label: String) throws -> ReadsRound {
    let queue = DatabaseQueue(try Database(path: path, create: false), maximumReaderCount: readers)
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: .system)
    let from = CalendarDate(year: 2026, month: 3, day: 1)!
    let to = CalendarDate(year: 2026, month: 3, day: 31)!
    let tally = ReadTally()
    let finished = DispatchGroup()
    for index in 0..<threads {
        finished.enter()
        Thread {
            defer { finished.leave() }
            // A 64-bit LCG per thread (Knuth's MMIX constants): the same merchants each run.
            var state = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
            var cpu = threadCPUSeconds()
            while !tally.isDone {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let merchantID = Int64((state >> 33) % UInt64(merchants)) + 1
                do {
                    let statement = try service.statement(merchantID: merchantID, from: from, to: to)
                    guard !statement.lines.isEmpty else {
                        tally.fail("merchant \(merchantID)'s March statement has no lines: nothing was read")
                        return
                    }
                    let now = threadCPUSeconds()
                    tally.add(cpu: now - cpu)
                    cpu = now
                } catch {
                    tally.fail("merchant \(merchantID): \(error)")
                }
            }
        }.start()
    }
    // Warm-up, then the quiet window, then the billing run with the reads beside it.
    Thread.sleep(forTimeInterval: 0.5)
    let quietStart = DispatchTime.now().uptimeNanoseconds
    tally.enter(.quiet)
    Thread.sleep(forTimeInterval: quietSeconds)
    let writingStart = DispatchTime.now().uptimeNanoseconds
    tally.enter(.writing)
    var report: BillingRunReport?
    do {
        report = try service.runBilling(period: Period(year: 2026, month: 4)!)
    } catch {
        tally.fail("billing: \(error)")
    }
    tally.enter(.done)
    let writingEnd = DispatchTime.now().uptimeNanoseconds
    finished.wait()
    if let failure = tally.firstFailure { throw BenchmarkFailure(message: failure) }
    let round = ReadsRound(quietSeconds: Double(writingStart - quietStart) / 1e9, quietReads: tally.reads(in: .quiet),
                           quietReaderCPUSeconds: tally.readerCPUSeconds(in: .quiet),
                           writingSeconds: Double(writingEnd - writingStart) / 1e9, writingReads: tally.reads(in: .writing),
                           writingReaderCPUSeconds: tally.readerCPUSeconds(in: .writing), bills: report!.raised)
    FileHandle.standardError.write(Data("""
        bench reads: \(label): \(round.quietReads) statements in \(String(format: "%.2f", round.quietSeconds)) s with nothing writing \
        (\(String(format: "%.2f", round.quietReaderCPUSeconds)) s of the readers' CPU), \(round.writingReads) in \
        \(String(format: "%.2f", round.writingSeconds)) s while \(round.bills) bills were written \
        (\(String(format: "%.2f", round.writingReaderCPUSeconds)) s of CPU)

        """.utf8))
    return round
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Merchant statements read per second while a billing run over `leaseCount` leases writes,
/// beside the same reads with nothing writing (target: at least half). The database is made
/// and billed for March once; each round reads March statements, whose bills a billing run
/// of April does not change, so that the reads do the same work in both windows. Rounds run
/// on fresh copies, and the median round's ratio is the figure, since this machine's speed
/// drifts; every round's figures are printed too. `readers` is the queue's bound on reading
/// connections (0 reads on the writer, as before there were readers).
///
/// Reads per second of the reading threads' own CPU time are printed beside the rates: this
/// kernel gives one process's threads one share of a busy machine's cores (autogroup), so the
/// billing thread takes part of the readers' share, and the CPU figure tells that apart from
/// reads that wait or cost more while the writer works.
func benchmarkReads(leases leaseCount: Int, threads: Int, readers: Int, rounds: Int) throws -> JSONValue {
    let template = temporaryDatabase("reads-template.db")
    let folder = (template as NSString).deletingLastPathComponent
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let setup = try seconds {
        try makeBillingDatabase(at: template, leases: leaseCount)
        let queue = try LanziService.openDatabase(at: template, create: false, schemaDirectory: SchemaLocation.find(), clock: .system)
        _ = try LanziService(queue: queue, caller: .localAdministrator(login: "bench"), clock: .system).runBilling(period: Period(year: 2026, month: 3)!)
    }
    let merchants = max(1, leaseCount / 5)
    FileHandle.standardError.write(Data("bench reads: \(leaseCount) leases made and billed for March in \(String(format: "%.2f", setup)) s; \(rounds) rounds…\n".utf8))
    var results: [ReadsRound] = []
    for round in 1...rounds {
        let path = temporaryDatabase("reads-\(round).db")
        try FileManager.default.copyItem(atPath: template, toPath: path)
        results.append(try readsRound(on: path, merchants: merchants, threads: threads, readers: readers, quietSeconds: 3,
                                      label: "round \(round)/\(rounds)"))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    let ratios = results.map { $0.writingRate / $0.quietRate }
    let ratio = median(ratios)
    func perSecond(_ value: Double) -> JSONValue { .integer(Int64(value.rounded())) }
    return .object([
        ("benchmark", .string("reads")), ("leases", .integer(Int64(leaseCount))), ("merchants", .integer(Int64(merchants))),
        ("reading_threads", .integer(Int64(threads))), ("reader_connections", .integer(Int64(readers))), ("rounds", .integer(Int64(rounds))),
        ("quiet_statements_per_second", perSecond(median(results.map(\.quietRate)))),
        ("writing_statements_per_second", perSecond(median(results.map(\.writingRate)))),
        ("ratio_percent", .integer(Int64((ratio * 100).rounded()))),
        ("quiet_each_round", .array(results.map { perSecond($0.quietRate) })),
        ("writing_each_round", .array(results.map { perSecond($0.writingRate) })),
        ("ratio_each_round_percent", .array(ratios.map { .integer(Int64(($0 * 100).rounded())) })),
        ("quiet_per_reader_cpu_second_each_round", .array(results.map { perSecond($0.quietRatePerCPUSecond) })),
        ("writing_per_reader_cpu_second_each_round", .array(results.map { perSecond($0.writingRatePerCPUSecond) })),
        ("billing_ms_each_round", .array(results.map { milliseconds($0.writingSeconds) })), ("bills_written", .integer(Int64(results[0].bills))),
        ("target_ratio_percent", .integer(50)), ("meets_target", .bool(ratio >= 0.5)),
        ("peak_memory_kib", .integer(peakMemoryKiB())), ("setup_ms", milliseconds(setup)),
    ])
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "assign":
        print(try benchmarkAssign(members: 10_000, households: 40_000, groups: 200).serialized())
    case "billing":
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        print(try benchmarkBilling(leases: count, rounds: 3).serialized())
    case "reads":
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        let threads = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 2) : 2
        let readers = ProcessInfo.processInfo.environment["LANZI_BENCH_READERS"].flatMap { Int($0) } ?? DatabaseQueue.defaultMaximumReaderCount
        print(try benchmarkReads(leases: count, threads: threads, readers: readers, rounds: 3).serialized())
    case "receipt-checks":
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        print(try benchmarkReceiptChecks(records: count).serialized())
    case "http-market":
        // The HTTP benchmark's database and its merchants' tokens (tools/bench http).
        guard arguments.count >= 3 else { throw BenchmarkFailure(message: "usage: lanzi-bench http-market DATABASE TOKENS [MERCHANTS]") }
        print(try makeHTTPMarket(at: arguments[1], tokensPath: arguments[2], merchants: arguments.count > 3 ? Int(arguments[3]) ?? 2_000 : 2_000).serialized())
    case "http-handler":
        guard arguments.count >= 3 else { throw BenchmarkFailure(message: "usage: lanzi-bench http-handler DATABASE TOKENS [REQUESTS]") }
        print(try benchmarkHandler(database: arguments[1], tokensPath: arguments[2], requests: arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000).serialized())
    case "income":
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        print(try benchmarkIncome(leases: count).serialized())
    case "receipts":
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        print(try benchmarkReceipts(payments: count).serialized())
    default:
        FileHandle.standardError.write(Data("usage: lanzi-bench assign | billing [LEASES] | reads [LEASES [THREADS]] | receipts [PAYMENTS]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("lanzi-bench: \(error)\n".utf8))
    exit(1)
}
