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
                _ = try database.insertPartyMember(PartyMemberDraft(name: "member \(index)", branch: "branch \(index % 50)"))
            }
            for index in 0..<householdCount {
                _ = try database.insertHousehold(HouseholdDraft(headName: "head \(index)", villageGroup: "group \(index * 7919 % groupCount)"))
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

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "assign":
        print(try benchmarkAssign(members: 10_000, households: 40_000, groups: 200).serialized())
    default:
        FileHandle.standardError.write(Data("usage: lanzi-bench assign\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("lanzi-bench: \(error)\n".utf8))
    exit(1)
}
