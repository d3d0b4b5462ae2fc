import Foundation
import Testing
@testable import LanziCore


private typealias Household = AssignmentPlanner.Household

/// One register as `assign auto` sees it: the active members, every household with its
/// current contact, and the market's bounds. Every expectation below is computed from these
/// fields alone, never with the planner's own code.
private struct Register: CustomStringConvertible {
    var seed: UInt64 = 0
    var members: [Int64]
    var households: [Household]
    var minimum: Int
    var maximum: Int

    /// Contact ids that are not active members (a member who has left): such a household
    /// counts as uncovered.
    static let staleIDs: [Int64] = [9_001, 9_002]

    static let bounds: [(Int, Int)] = [(3, 5), (1, 1), (2, 4), (5, 5), (0, 3), (3, 5)]

    /// 0–30 members, 0–200 households in 1–8 groups; existing contacts never over the
    /// maximum; in about a third of the registers some households keep a contact who is no
    /// longer an active member.
    static func random(seed: UInt64) -> Register {
        var rng = SplitMix64(seed: seed)
        let (minimum, maximum) = bounds.randomElement(using: &rng)!
        let memberCount = Int.random(in: 0...30, using: &rng)
        var memberIDs = Set<Int64>()
        while memberIDs.count < memberCount { memberIDs.insert(Int64.random(in: 1...500, using: &rng)) }
        let members = memberIDs.sorted().shuffled(using: &rng)
        // Half the registers are sized around the members' capacity, so that both shortage
        // and room are common.
        let householdCount = Bool.random(using: &rng)
            ? Int.random(in: 0...200, using: &rng)
            : Int.random(in: 0...min(200, memberCount * maximum + 8), using: &rng)
        let groups = (1...Int.random(in: 1...8, using: &rng)).map { "\($0)组" }
        let coverRate = [0.0, 0.3, 0.6, 0.9, 1.0].randomElement(using: &rng)!
        let hasStale = Int.random(in: 0..<3, using: &rng) == 0
        var householdIDs = Set<Int64>()
        while householdIDs.count < householdCount { householdIDs.insert(Int64.random(in: 1...5_000, using: &rng)) }
        var loads: [Int64: Int] = [:]
        var households: [Household] = []
        for id in householdIDs.sorted().shuffled(using: &rng) {
            let group = groups.randomElement(using: &rng)!
            var memberID: Int64?
            if hasStale, Int.random(in: 0..<8, using: &rng) == 0 {
                memberID = staleIDs.randomElement(using: &rng)
            } else if Double.random(in: 0..<1, using: &rng) < coverRate {
                let withRoom = members.filter { loads[$0, default: 0] < maximum }
                if let member = withRoom.randomElement(using: &rng) {
                    memberID = member
                    loads[member, default: 0] += 1
                }
            }
            households.append(Household(id: id, group: group, memberID: memberID))
        }
        return Register(seed: seed, members: members, households: households, minimum: minimum, maximum: maximum)
    }

    /// 600 fixed seeds: the same registers on every run (LANZI_PLANNER_REGISTERS=n runs n).
    static let seeds: [UInt64] = {
        let count = ProcessInfo.processInfo.environment["LANZI_PLANNER_REGISTERS"].flatMap { Int($0) } ?? 600
        return (0..<UInt64(count)).map { 0x1A2B_3C4D_0000 + $0 }
    }()
    static let all: [Register] = seeds.map(random(seed:))

    func plan(rebalance: Bool) -> AssignmentPlanner.Plan {
        AssignmentPlanner.plan(memberIDs: members, households: households, minimum: minimum, maximum: maximum, rebalance: rebalance)
    }

    var active: Set<Int64> { Set(members) }

    /// The household's contact if it is an active member.
    func activeContact(_ household: Household) -> Int64? {
        household.memberID.flatMap { active.contains($0) ? $0 : nil }
    }

    var currentLoads: [Int64: Int] {
        var loads = Dictionary(uniqueKeysWithValues: members.map { ($0, 0) })
        for household in households { if let member = activeContact(household) { loads[member]! += 1 } }
        return loads
    }

    var uncoveredInInput: Int { households.filter { activeContact($0) == nil }.count }

    /// Households whose contact is not an active member.
    var staleContacts: Int { households.filter { $0.memberID != nil && activeContact($0) == nil }.count }

    /// Each household's active contact after the plan is carried out.
    func finalContacts(after plan: AssignmentPlanner.Plan) -> [Int64: Int64] {
        var contacts: [Int64: Int64] = [:]
        for household in households { contacts[household.id] = activeContact(household) }
        for (householdID, memberID) in plan.assignments { contacts[householdID] = memberID }
        return contacts
    }

    func finalLoads(after plan: AssignmentPlanner.Plan) -> [Int64: Int] {
        var loads = Dictionary(uniqueKeysWithValues: members.map { ($0, 0) })
        for member in finalContacts(after: plan).values { loads[member, default: 0] += 1 }
        return loads
    }

    var description: String {
        let list = households.sorted { $0.id < $1.id }
            .map { "\($0.id):\($0.group):\($0.memberID.map(String.init) ?? "-")" }.joined(separator: " ")
        return "seed \(seed): \(members.count) members \(members.sorted()), bounds \(minimum)/\(maximum), "
            + "\(households.count) households [\(list)]"
    }

    var summary: String {
        "seed \(seed) (\(members.count) members, \(households.count) households, bounds \(minimum)/\(maximum), "
            + "\(uncoveredInInput) uncovered in input, \(staleContacts) of them with a contact who left)"
    }
}

/// Runs `check` on every register and reports, in one issue, how many failed, the first few
/// failures with their seeds, and the whole of the first failing register.
private func forAllRegisters(_ property: String, sourceLocation: SourceLocation = #_sourceLocation,
                             _ check: (Register) -> [String]) {
    var failures: [(Register, [String])] = []
    for register in Register.all {
        let problems = check(register)
        if !problems.isEmpty { failures.append((register, problems)) }
    }
    guard let first = failures.first else { return }
    let lines = failures.prefix(6).map { "  \($0.0.summary): \($0.1.prefix(3).joined(separator: "; "))" }
    let stale = failures.filter { $0.0.staleContacts > 0 }.count
    Issue.record("""
        \(property): \(failures.count) of \(Register.all.count) registers fail, \(stale) of them with contacts who left \
        (rebuild one with Register.random(seed:))
        \(lines.joined(separator: "\n"))
        first failing register: \(first.0)
        """, sourceLocation: sourceLocation)
}

@Suite("Assignment planner")
struct AssignmentPlannerTests {
    // MARK: - Properties over random registers

    @Test func theRandomRegistersCoverTheInterestingCases() {
        let registers = Register.all
        #expect(registers.count >= 500)
        #expect(registers.contains { $0.members.isEmpty && !$0.households.isEmpty })
        #expect(registers.contains { $0.households.isEmpty })
        #expect(registers.filter { $0.households.contains { $0.memberID.map(Register.staleIDs.contains) == true } }.count >= 50)
        #expect(registers.filter { $0.uncoveredInInput > $0.currentLoads.values.reduce(0) { $0 + $1 } }.count >= 50)
        // Some registers cannot cover everyone, some leave members under the minimum.
        #expect(registers.filter { $0.households.count > $0.members.count * $0.maximum }.count >= 50)
        #expect(registers.filter { !$0.members.isEmpty && $0.households.count < $0.members.count * $0.minimum }.count >= 50)
        for (minimum, maximum) in Register.bounds {
            #expect(registers.contains { $0.minimum == minimum && $0.maximum == maximum })
        }
    }

    @Test(arguments: [false, true])
    func everyPlanIsValid(rebalance: Bool) {
        forAllRegisters("valid plan, rebalance \(rebalance)") { register in
            let plan = register.plan(rebalance: rebalance)
            var problems: [String] = []
            let assigned = plan.assignments.map(\.householdID)
            if Set(assigned).count != assigned.count { problems.append("a household is assigned twice: \(assigned)") }
            let known = Set(register.households.map(\.id))
            if let stray = assigned.first(where: { !known.contains($0) }) { problems.append("unknown household \(stray) assigned") }
            if let stray = plan.assignments.first(where: { !register.active.contains($0.memberID) }) {
                problems.append("household \(stray.householdID) given to member \(stray.memberID), who is not active")
            }
            let current = Dictionary(uniqueKeysWithValues: register.households.map { ($0.id, register.activeContact($0)) })
            if let noop = plan.assignments.first(where: { current[$0.householdID] == $0.memberID }) {
                problems.append("household \(noop.householdID) is 'assigned' to its own contact \(noop.memberID)")
            }
            let loads = register.finalLoads(after: plan)
            if let over = loads.first(where: { $0.value > register.maximum }) {
                problems.append("member \(over.key) ends with \(over.value) > maximum \(register.maximum)")
            }
            if plan.loads != loads { problems.append("plan.loads \(plan.loads) but recomputed \(loads)") }
            let contacts = register.finalContacts(after: plan)
            let uncovered = register.households.map(\.id).filter { contacts[$0] == nil }.sorted()
            if plan.uncoveredHouseholdIDs != uncovered {
                problems.append("uncoveredHouseholdIDs \(plan.uncoveredHouseholdIDs) but households without a contact \(uncovered)")
            }
            if plan.householdCount != register.households.count || plan.memberCount != register.members.count
                || plan.minimum != register.minimum || plan.maximum != register.maximum {
                problems.append("counts echoed as \(plan.householdCount)/\(plan.memberCount)/\(plan.minimum)/\(plan.maximum)")
            }
            return problems
        }
    }

    @Test(arguments: [false, true])
    func coversAsManyHouseholdsAsTheBoundsAllow(rebalance: Bool) {
        forAllRegisters("coverage, rebalance \(rebalance)") { register in
            let plan = register.plan(rebalance: rebalance)
            let expected: Int
            if rebalance {
                expected = max(0, register.households.count - register.members.count * register.maximum)
            } else {
                let room = register.currentLoads.values.reduce(0) { $0 + (register.maximum - $1) }
                expected = max(0, register.uncoveredInInput - room)
            }
            let actual = plan.uncoveredHouseholdIDs.count
            return actual == expected ? [] : ["\(actual) households left uncovered, expected \(expected)"]
        }
    }

    @Test func withoutRebalanceNoCoveredHouseholdMoves() {
        forAllRegisters("no moves without rebalance") { register in
            let plan = register.plan(rebalance: false)
            var problems: [String] = []
            let covered = Set(register.households.filter { register.activeContact($0) != nil }.map(\.id))
            let touched = plan.assignments.filter { covered.contains($0.householdID) }
            if !touched.isEmpty { problems.append("covered households reassigned: \(touched.map(\.householdID))") }
            if plan.moved != 0 { problems.append("moved = \(plan.moved), expected 0") }
            return problems
        }
    }

    @Test func withoutRebalanceNewHouseholdsGoToTheLeastLoaded() {
        forAllRegisters("balance without rebalance") { register in
            let plan = register.plan(rebalance: false)
            let loads = register.finalLoads(after: plan)
            guard let floor = loads.values.filter({ $0 < register.maximum }).min() else { return [] }
            let receivers = Set(plan.assignments.map(\.memberID))
            let tooHigh = receivers.filter { loads[$0]! > floor + 1 }.sorted()
            return tooHigh.isEmpty ? [] : tooHigh.map {
                "member \($0) received households and ends with \(loads[$0]!), but a member with room has only \(floor)"
            }
        }
    }

    @Test func withRebalanceLoadsDifferByAtMostOne() {
        forAllRegisters("balance with rebalance") { register in
            let plan = register.plan(rebalance: true)
            let loads = register.finalLoads(after: plan)
            guard let most = loads.values.max(), let least = loads.values.min() else { return [] }
            var problems: [String] = []
            if most - least > 1 { problems.append("loads range from \(least) to \(most)") }
            // The covered households split as evenly as possible: ⌊H'/M⌋ each, one more for H' mod M.
            let covered = min(register.households.count, register.members.count * register.maximum)
            let base = covered / register.members.count, extra = covered % register.members.count
            let expected = Array(repeating: base + 1, count: extra) + Array(repeating: base, count: register.members.count - extra)
            let actual = loads.values.sorted(by: >)
            if actual != expected { problems.append("loads \(actual), expected \(expected)") }
            return problems
        }
    }

    // A rebalance must bring every load to ⌊H'/M⌋ or ⌈H'/M⌉. Nobody can keep more than the
    // ceiling, so at least Σ max(0, load − ⌈H'/M⌉) move; and the fewest moves give the
    // H' mod M ceiling targets to the most loaded members (an exchange argument), so the
    // minimum is Σ max(0, i-th largest load − its target).
    //
    // (The bound moved ≤ Σ max(0, load − ⌈H'/M⌉) is not a promise the bounds can keep: with
    // ten members, eleven households and two members holding three each, only one of them may
    // keep two, so three households must move where that bound allows two.)
    @Test func rebalanceMovesAsFewAsPossible() {
        forAllRegisters("fewest moves with rebalance") { register in
            guard !register.members.isEmpty else { return [] }
            let plan = register.plan(rebalance: true)
            var problems: [String] = []
            let current = Dictionary(uniqueKeysWithValues: register.households.map { ($0.id, register.activeContact($0)) })
            // A move takes a household from another active member.
            let moves = plan.assignments.filter { current[$0.householdID]! != nil && current[$0.householdID]! != $0.memberID }.count
            if plan.moved != moves { problems.append("plan.moved = \(plan.moved) but \(moves) assignments take a household from an active member") }
            let covered = min(register.households.count, register.members.count * register.maximum)
            let count = register.members.count
            let base = covered / count, extra = covered % count
            let ceiling = base + (extra > 0 ? 1 : 0)
            let loads = register.currentLoads.values.sorted(by: >)
            let floorOfMoves = loads.reduce(0) { $0 + max(0, $1 - ceiling) }
            let fewest = loads.enumerated().reduce(0) { $0 + max(0, $1.element - (base + ($1.offset < extra ? 1 : 0))) }
            if moves < floorOfMoves { problems.append("\(moves) moves, fewer than the \(floorOfMoves) needed") }
            if moves != fewest { problems.append("\(moves) moves, the fewest possible is \(fewest) (loads \(loads), target \(base)/\(ceiling))") }
            return problems
        }
    }

    @Test func rebalanceMovesWhatTheEvenSplitForcesAndNoMore() {
        // Ten members, eleven households; members 1 and 2 hold three each. Even is one each and
        // one member with two: member 1 (the lower id of the two most loaded) keeps two, member 2
        // keeps one, so 1 + 2 = 3 households move, and the five uncovered are placed.
        let households = (1...11).map { Household(id: Int64($0), group: "A", memberID: $0 <= 3 ? 1 : $0 <= 6 ? 2 : nil) }
        let plan = AssignmentPlanner.plan(memberIDs: Array(1...10), households: households, minimum: 1, maximum: 5, rebalance: true)
        #expect(plan.moved == 3)
        #expect(plan.assignments.count == 8)
        #expect(plan.loads == Dictionary(uniqueKeysWithValues: (1...10).map { (Int64($0), $0 == 1 ? 2 : 1) }))
        #expect(plan.uncoveredHouseholdIDs.isEmpty && plan.shortfalls.isEmpty)
    }

    @Test(arguments: [false, true])
    func isDeterministic(rebalance: Bool) {
        forAllRegisters("determinism, rebalance \(rebalance)") { register in
            let plan = register.plan(rebalance: rebalance)
            var problems: [String] = []
            if register.plan(rebalance: rebalance) != plan { problems.append("the same input gave another plan") }
            var rng = SplitMix64(seed: register.seed ^ 0xD1CE)
            var shuffled = register
            shuffled.members.shuffle(using: &rng)
            shuffled.households.shuffle(using: &rng)
            let other = shuffled.plan(rebalance: rebalance)
            if other != plan {
                problems.append("shuffled input gave another plan: \(plan.assignments.prefix(5)) vs \(other.assignments.prefix(5))")
            }
            return problems
        }
    }

    @Test(arguments: [false, true])
    func shortfallsSayWhatTheBoundsDidNotAllow(rebalance: Bool) {
        forAllRegisters("shortfall sentences, rebalance \(rebalance)") { register in
            let plan = register.plan(rebalance: rebalance)
            let loads = register.finalLoads(after: plan)
            let uncovered = register.households.filter { register.finalContacts(after: plan)[$0.id] == nil }.count
            let under = loads.values.filter { $0 < register.minimum }.count
            let h = register.households.count, m = register.members.count
            var expected: [String] = []
            if uncovered > 0 { expected.append("\(h) households, \(m) members, at most \(register.maximum) each: \(uncovered) household(s) left uncovered") }
            if under > 0 { expected.append("\(h) households, \(m) members, at least \(register.minimum) each: \(under) member(s) stay under the minimum") }
            var problems: [String] = []
            if plan.shortfalls.map(\.english) != expected { problems.append("shortfalls \(plan.shortfalls), expected \(expected)") }
            if plan.membersUnderMinimum != under { problems.append("membersUnderMinimum \(plan.membersUnderMinimum), expected \(under)") }
            if rebalance, m > 0 {
                // Even loads of ⌊H'/M⌋ and ⌈H'/M⌉: who stays under the minimum follows from the figures alone.
                let covered = min(h, m * register.maximum), base = covered / m, extra = covered % m
                let expectedUnder = base + 1 < register.minimum ? m : base < register.minimum ? m - extra : 0
                if under != expectedUnder { problems.append("\(under) members under the minimum, expected \(expectedUnder)") }
            }
            return problems
        }
    }

    // MARK: - Shortfalls, by hand

    @Test func fortyTwoHouseholdsForEightMembersOfFiveLeaveTwo() {
        // 8 × 5 = 40 places for 42 households: 2 left, and every member is at 5 ≥ 3.
        let households = (1...42).map { Household(id: Int64($0), group: "\($0 % 3)组", memberID: nil) }
        for rebalance in [false, true] {
            let plan = AssignmentPlanner.plan(memberIDs: Array(1...8), households: households, minimum: 3, maximum: 5, rebalance: rebalance)
            #expect(plan.shortfalls == ["42 households, 8 members, at most 5 each: 2 household(s) left uncovered"])
            #expect(plan.uncoveredHouseholdIDs.count == 2)
            #expect(plan.assignments.count == 40)
            #expect(plan.loads == Dictionary(uniqueKeysWithValues: (1...8).map { (Int64($0), 5) }))
        }
    }

    @Test func tenHouseholdsForEightMembersLeaveAllUnderTheMinimum() {
        // 10 over 8 evenly is 2, 2, 1, 1, 1, 1, 1, 1: all eight under 3; nobody is left uncovered.
        let households = (1...10).map { Household(id: Int64($0), group: "一组", memberID: nil) }
        let plan = AssignmentPlanner.plan(memberIDs: Array(1...8), households: households, minimum: 3, maximum: 5, rebalance: false)
        #expect(plan.shortfalls == ["10 households, 8 members, at least 3 each: 8 member(s) stay under the minimum"])
        #expect(plan.uncoveredHouseholdIDs.isEmpty)
        #expect(plan.loads.values.sorted() == [1, 1, 1, 1, 1, 1, 2, 2])
    }

    @Test func bothShortfallsAtOnceAndNoneWhenTheBoundsHold() {
        // 1/1 with 3 members and 5 households: 2 uncovered; minimum 1 reached by all.
        let five = (1...5).map { Household(id: Int64($0), group: "A", memberID: nil) }
        let full = AssignmentPlanner.plan(memberIDs: [7, 8, 9], households: five, minimum: 1, maximum: 1, rebalance: false)
        #expect(full.shortfalls == ["5 households, 3 members, at most 1 each: 2 household(s) left uncovered"])
        // No members at all: every household uncovered, and nobody is under the minimum.
        let none = AssignmentPlanner.plan(memberIDs: [], households: five, minimum: 3, maximum: 5, rebalance: false)
        #expect(none.shortfalls == ["5 households, 0 members, at most 5 each: 5 household(s) left uncovered"])
        // 12 households for 3 members at 3–5: 4 each, nothing to say.
        let twelve = (1...12).map { Household(id: Int64($0), group: "A", memberID: nil) }
        let fine = AssignmentPlanner.plan(memberIDs: [7, 8, 9], households: twelve, minimum: 3, maximum: 5, rebalance: false)
        #expect(fine.shortfalls == [])
        #expect(fine.loads == [7: 4, 8: 4, 9: 4])
        // 2 households for 2 members at 5/5: both under the minimum, one household each.
        let two = AssignmentPlanner.plan(memberIDs: [7, 8], households: Array(five.prefix(2)), minimum: 5, maximum: 5, rebalance: true)
        #expect(two.shortfalls == ["2 households, 2 members, at least 5 each: 2 member(s) stay under the minimum"])
    }

    // MARK: - Contacts who are no longer active members

    @Test func aHouseholdWhoseContactLeftIsUncoveredNotMoved() {
        // Household 1's contact 99 is not an active member: it counts as uncovered, and giving
        // it to member 10 fills a gap rather than taking it from anyone.
        let households = [Household(id: 1, group: "A", memberID: 99), Household(id: 2, group: "A", memberID: nil)]
        let plan = AssignmentPlanner.plan(memberIDs: [10], households: households, minimum: 1, maximum: 5, rebalance: false)
        #expect(plan.assignments.map(\.householdID) == [1, 2])
        #expect(plan.loads == [10: 2])
        #expect(plan.moved == 0, "assigning a household whose contact left is not a move")
    }

    @Test func withNoMembersAHouseholdWhoseContactLeftIsUncovered() {
        let households = [Household(id: 1, group: "A", memberID: 99), Household(id: 2, group: "A", memberID: nil)]
        let plan = AssignmentPlanner.plan(memberIDs: [], households: households, minimum: 3, maximum: 5, rebalance: false)
        #expect(plan.uncoveredHouseholdIDs == [1, 2])
        #expect(plan.shortfalls == ["2 households, 0 members, at most 5 each: 2 household(s) left uncovered"])
    }

    // MARK: - Groups, by hand

    @Test func newHouseholdsOfAGroupGoToTheMemberWhoServesIt() {
        // Member 1 serves A, member 2 serves B, two each; two new of each → A to 1, B to 2.
        let households = [
            Household(id: 1, group: "A", memberID: 1), Household(id: 2, group: "A", memberID: 1),
            Household(id: 3, group: "B", memberID: 2), Household(id: 4, group: "B", memberID: 2),
            Household(id: 5, group: "A", memberID: nil), Household(id: 6, group: "B", memberID: nil),
            Household(id: 7, group: "B", memberID: nil), Household(id: 8, group: "A", memberID: nil),
        ]
        let plan = AssignmentPlanner.plan(memberIDs: [1, 2], households: households, minimum: 3, maximum: 5, rebalance: false)
        #expect(Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.householdID, $0.memberID) }) == [5: 1, 8: 1, 6: 2, 7: 2])
        #expect(plan.loads == [1: 4, 2: 4])
    }

    @Test(arguments: [(Int64(1), Int64(2)), (Int64(2), Int64(1))])
    func theOneExtraHouseholdGoesToTheMemberServingItsGroup(servesA: Int64, servesB: Int64) {
        // Loads 2 and 2, one new household of A: either member keeps the balance, so the one
        // serving A gets it, whichever id it has.
        let households = [
            Household(id: 1, group: "A", memberID: servesA), Household(id: 2, group: "A", memberID: servesA),
            Household(id: 3, group: "B", memberID: servesB), Household(id: 4, group: "B", memberID: servesB),
            Household(id: 5, group: "A", memberID: nil),
        ]
        let plan = AssignmentPlanner.plan(memberIDs: [1, 2], households: households, minimum: 3, maximum: 5, rebalance: false)
        #expect(plan.assignments.map(\.householdID) == [5])
        #expect(plan.assignments.map(\.memberID) == [servesA])
    }

    @Test(arguments: [(Int64(1), Int64(2)), (Int64(2), Int64(1))])
    func aMemberServingAGroupTakesItsNewHouseholdsWhileItHasRoom(servesA: Int64, servesB: Int64) {
        // Loads 2 and 2, three new households of A: balance allows 4 and 3, so the member
        // serving A takes two (all the room balance leaves it) and the other member the third.
        let households = [
            Household(id: 1, group: "A", memberID: servesA), Household(id: 2, group: "A", memberID: servesA),
            Household(id: 3, group: "B", memberID: servesB), Household(id: 4, group: "B", memberID: servesB),
            Household(id: 5, group: "A", memberID: nil), Household(id: 6, group: "A", memberID: nil),
            Household(id: 7, group: "A", memberID: nil),
        ]
        let plan = AssignmentPlanner.plan(memberIDs: [1, 2], households: households, minimum: 3, maximum: 5, rebalance: false)
        #expect(plan.assignments.filter { $0.memberID == servesA }.count == 2, "\(plan.assignments)")
        #expect(plan.assignments.filter { $0.memberID == servesB }.count == 1, "\(plan.assignments)")
        #expect(plan.loads == [servesA: 4, servesB: 3])
    }

    @Test func aNewMemberTakesAWholeGroupAndAGroupsMemberItsNewHousehold() {
        // Member 4 serves A with 3, member 3 serves B with 3, member 9 is new. Three new A and one
        // new B: 10 over 3 members is 4/3/3, so member 9 takes 3; the fourth goes to whoever serves
        // the new B (member 3), and the new A stay together with member 9.
        let households = [
            Household(id: 1, group: "A", memberID: 4), Household(id: 5, group: "A", memberID: 4),
            Household(id: 6, group: "A", memberID: 4),
            Household(id: 2, group: "B", memberID: 3), Household(id: 3, group: "B", memberID: 3), Household(id: 4, group: "B", memberID: 3),
            Household(id: 7, group: "A", memberID: nil), Household(id: 8, group: "A", memberID: nil),
            Household(id: 9, group: "A", memberID: nil), Household(id: 10, group: "B", memberID: nil),
        ]
        let plan = AssignmentPlanner.plan(memberIDs: [3, 4, 9], households: households, minimum: 3, maximum: 5, rebalance: false)
        let given = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.householdID, $0.memberID) })
        #expect(given == [7: 9, 8: 9, 9: 9, 10: 3])
        #expect(plan.loads == [3: 4, 4: 3, 9: 3])
    }

    @Test func twoEmptyMembersKeepAGroupOfThreeAndAGroupOfTwoWhole() {
        // 5 households for 2 members, max 5: loads 3 and 2, one group each.
        let households = [
            Household(id: 1, group: "A", memberID: nil), Household(id: 2, group: "B", memberID: nil),
            Household(id: 3, group: "B", memberID: nil), Household(id: 4, group: "A", memberID: nil),
            Household(id: 5, group: "B", memberID: nil),
        ]
        for rebalance in [false, true] {
            let plan = AssignmentPlanner.plan(memberIDs: [20, 10], households: households, minimum: 3, maximum: 5, rebalance: rebalance)
            let given = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.householdID, $0.memberID) })
            #expect(given.count == 5)
            #expect(Set([1, 4].map { given[$0] }).count == 1, "group A split: \(given)")
            #expect(Set([2, 3, 5].map { given[$0] }).count == 1, "group B split: \(given)")
            #expect(given[1] != given[2])
            #expect(plan.loads.values.sorted() == [2, 3])
        }
    }

    @Test(arguments: [
        // (group sizes, members): sizes that divide into equal loads without splitting a group.
        ([4, 2, 2], 2), ([3, 1, 3, 1], 2), ([4, 4, 4], 3), ([2, 2, 2, 2], 4), ([5, 3, 2, 1, 4], 3), ([3, 3, 2, 2, 1, 1], 3),
    ])
    func groupsAreNotSplitNeedlessly(sizes: [Int], memberCount: Int) {
        var households: [Household] = []
        for (index, size) in sizes.enumerated() {
            for _ in 0..<size {
                households.append(Household(id: Int64(households.count + 1), group: "\(index + 1)组", memberID: nil))
            }
        }
        let members = (1...memberCount).map { Int64($0 * 10) }
        for rebalance in [false, true] {
            let plan = AssignmentPlanner.plan(memberIDs: members, households: households, minimum: 1, maximum: 5, rebalance: rebalance)
            let given = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.householdID, $0.memberID) })
            let total = sizes.reduce(0, +)
            #expect(plan.loads.values.allSatisfy { $0 == total / memberCount }, "sizes \(sizes): loads \(plan.loads)")
            for index in sizes.indices {
                let group = "\(index + 1)组"
                let serving = Set(households.filter { $0.group == group }.map { given[$0.id] })
                #expect(serving.count == 1, "sizes \(sizes), rebalance \(rebalance): group \(group) split over \(serving)")
            }
        }
    }

    @Test func rebalanceKeepsWhatItCanAndMovesTheSmallestGroup() {
        // Member 1 holds 4 of A and 1 of B; member 2 holds nothing. Even is 3/2 or 2/3: member 1
        // gives up two, and the lone B goes first, so A stays as whole as it can.
        let households = [
            Household(id: 1, group: "A", memberID: 1), Household(id: 2, group: "A", memberID: 1),
            Household(id: 3, group: "A", memberID: 1), Household(id: 4, group: "A", memberID: 1),
            Household(id: 5, group: "B", memberID: 1),
        ]
        let plan = AssignmentPlanner.plan(memberIDs: [1, 2], households: households, minimum: 1, maximum: 5, rebalance: true)
        #expect(plan.moved == 2)
        #expect(plan.loads == [1: 3, 2: 2])
        #expect(plan.assignments.contains { $0.householdID == 5 && $0.memberID == 2 })
        #expect(plan.assignments.allSatisfy { $0.memberID == 2 })
        // Without rebalance nothing is covered-and-moved, and there is nothing to place.
        let still = AssignmentPlanner.plan(memberIDs: [1, 2], households: households, minimum: 1, maximum: 5, rebalance: false)
        #expect(still.assignments.isEmpty && still.moved == 0)
        #expect(still.shortfalls == ["5 households, 2 members, at least 1 each: 1 member(s) stay under the minimum"])
    }
}
