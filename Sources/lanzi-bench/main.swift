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
    let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: SchemaLocation.find())
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"))
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
    let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: SchemaLocation.find())
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"))
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
    let queue = try LanziService.openDatabase(at: path, create: false, schemaDirectory: SchemaLocation.find())
    let service = LanziService(queue: queue, caller: .localAdministrator(login: "bench"))
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

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "assign":
        print(try benchmarkAssign(members: 10_000, households: 40_000, groups: 200).serialized())
    case "billing":
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        print(try benchmarkBilling(leases: count, rounds: 3).serialized())
    default:
        FileHandle.standardError.write(Data("usage: lanzi-bench assign | billing [LEASES]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("lanzi-bench: \(error)\n".utf8))
    exit(1)
}
