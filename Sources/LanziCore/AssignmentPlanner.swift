/// Plans who looks after which household: every household gets at most one contact, no
/// member more than `maximum`, loads as even as the bounds allow (the most and least loaded
/// differ by at most one), households of one village group kept with one member where it
/// can, and the same register always gives the same plan (ties go to the lower id).
///
/// Without `rebalance` only households without a contact are placed, on top of the loads
/// members already have. With it, existing contacts may move so that every load is even;
/// as few as possible move.
package enum AssignmentPlanner {
    package struct Household: Hashable, Sendable {
        package var id: Int64
        package var group: String
        /// The active contact, or nil for an uncovered household.
        package var memberID: Int64?

        package init(id: Int64, group: String, memberID: Int64?) {
            self.id = id
            self.group = group
            self.memberID = memberID
        }
    }

    package struct Plan: Hashable, Sendable {
        /// Households to give a contact: those without one, and with `rebalance` those moved.
        package var assignments: [(householdID: Int64, memberID: Int64)] = []
        /// Of `assignments`, the ones that take a household from another member.
        package var moved = 0
        /// Households left without a contact because the members are full.
        package var uncoveredHouseholdIDs: [Int64] = []
        /// Every member's load after the plan.
        package var loads: [Int64: Int] = [:]
        package var householdCount = 0
        package var memberCount = 0
        package var minimum = 0
        package var maximum = 0

        package var membersUnderMinimum: Int { loads.values.filter { $0 < minimum }.count }

        /// Sentences that say, with the numbers, which promise the bounds did not allow.
        package var shortfalls: [Phrase] {
            var lines: [Phrase] = []
            if !uncoveredHouseholdIDs.isEmpty {
                lines.append(Phrase("\(householdCount) households, \(memberCount) members, at most \(maximum) each: \(uncoveredHouseholdIDs.count) household(s) left uncovered"))
            }
            if membersUnderMinimum > 0 {
                lines.append(Phrase("\(householdCount) households, \(memberCount) members, at least \(minimum) each: \(membersUnderMinimum) member(s) stay under the minimum"))
            }
            return lines
        }

        package static func == (a: Plan, b: Plan) -> Bool {
            a.assignments.map(\.householdID) == b.assignments.map(\.householdID)
                && a.assignments.map(\.memberID) == b.assignments.map(\.memberID)
                && a.moved == b.moved && a.uncoveredHouseholdIDs == b.uncoveredHouseholdIDs && a.loads == b.loads
        }

        package func hash(into hasher: inout Hasher) {
            hasher.combine(assignments.map(\.householdID))
            hasher.combine(assignments.map(\.memberID))
        }
    }

    /// - Parameters:
    ///   - memberIDs: the active members (order does not matter).
    ///   - households: every household, with its current contact (which must be among `memberIDs` or nil).
    package static func plan(memberIDs: [Int64], households: [Household], minimum: Int, maximum: Int, rebalance: Bool) -> Plan {
        let members = memberIDs.sorted()
        let households = households.sorted { $0.id < $1.id }
        var plan = Plan(householdCount: households.count, memberCount: members.count, minimum: minimum, maximum: maximum)
        guard !members.isEmpty else {
            plan.uncoveredHouseholdIDs = households.map(\.id)
            return plan
        }
        let active = Set(members)
        var kept: [Int64: [Household]] = Dictionary(uniqueKeysWithValues: members.map { ($0, []) })
        var pool: [Household] = []
        for household in households {
            if let member = household.memberID, active.contains(member) {
                kept[member]!.append(household)
            } else {
                // A contact who is no longer active counts as none: giving the household a
                // member is covering it, not moving it.
                pool.append(Household(id: household.id, group: household.group, memberID: nil))
            }
        }

        var quotas: [Int64: Int] = [:]
        if rebalance {
            // Even loads over everyone: ⌊H/M⌋ or one more, the extra ones going to those who
            // already have the most (fewest moves); members over their target release households.
            let covered = min(households.count, members.count * maximum)
            let base = covered / members.count
            let extra = covered % members.count
            let byLoad = members.sorted { (kept[$0]!.count, -$0) > (kept[$1]!.count, -$1) }
            for (rank, member) in byLoad.enumerated() {
                let target = base + (rank < extra ? 1 : 0)
                if kept[member]!.count > target { pool += release(from: &kept[member]!, keeping: target) }
                quotas[member] = target - kept[member]!.count
            }
        } else {
            // Water-filling on top of the current loads: raise the least loaded to a common
            // level; what does not divide evenly goes one each to members at that level,
            // first to those who already serve a group with households waiting.
            let loads = members.map { min(kept[$0]!.count, maximum) }
            let placed = min(pool.count, loads.reduce(0) { $0 + (maximum - $1) })
            var level = 0
            while level < maximum, loads.reduce(0, { $0 + max(0, level + 1 - $1) }) <= placed { level += 1 }
            var used = 0
            for member in members {
                quotas[member] = max(0, level - kept[member]!.count)
                used += quotas[member]!
            }
            let waiting = Set(pool.map(\.group))
            let atLevel = members.filter { kept[$0]!.count + quotas[$0]! == level && level < maximum }
                .sorted { member, other in
                    let a = kept[member]!.contains { waiting.contains($0.group) }
                    let b = kept[other]!.contains { waiting.contains($0.group) }
                    return a != b ? a : member < other
                }
            for member in atLevel.prefix(placed - used) { quotas[member]! += 1 }
        }

        distribute(pool: pool, members: members, kept: kept, quotas: quotas, maximum: maximum, into: &plan)
        return plan
    }

    /// Takes households from a member down to `keeping`, first from the groups it has the
    /// fewest of (so that the groups it mostly serves stay whole), newest first.
    private static func release(from households: inout [Household], keeping: Int) -> [Household] {
        var counts: [String: Int] = [:]
        for household in households { counts[household.group, default: 0] += 1 }
        let ordered = households.sorted { (counts[$0.group]!, $0.group, -$0.id) < (counts[$1.group]!, $1.group, -$1.id) }
        let released = Array(ordered.prefix(households.count - keeping))
        let releasedIDs = Set(released.map(\.id))
        households.removeAll { releasedIDs.contains($0.id) }
        return released
    }

    /// Gives the households of `pool` to members within their quotas: first to members who
    /// already serve the household's group, then whole groups to the member whose room fits
    /// them best. Members wait in buckets by room, so a choice costs O(maximum · log M).
    private static func distribute(pool: [Household], members: [Int64], kept: [Int64: [Household]], quotas: [Int64: Int],
                                   maximum: Int, into plan: inout Plan) {
        var quotas = quotas
        var loads: [Int64: Int] = [:]
        var served: [String: [Int64: Int]] = [:]     // group → member → households of it
        var buckets = [MinHeap](repeating: MinHeap(), count: (quotas.values.max() ?? 0) + 1)
        for member in members {
            loads[member] = kept[member]!.count
            for household in kept[member]! { served[household.group, default: [:]][member, default: 0] += 1 }
            if quotas[member]! > 0 { buckets[quotas[member]!].push(member) }
        }
        // The lowest id with room `room`; entries whose room has since fallen are dropped.
        func first(inBucket room: Int) -> Int64? {
            while let member = buckets[room].peek {
                if quotas[member]! == room { return member }
                buckets[room].pop()
            }
            return nil
        }
        func give(_ household: Household, to member: Int64) {
            quotas[member]! -= 1
            if quotas[member]! > 0 { buckets[quotas[member]!].push(member) }
            loads[member]! += 1
            served[household.group, default: [:]][member, default: 0] += 1
            plan.assignments.append((household.id, member))
            if household.memberID != nil && household.memberID != member { plan.moved += 1 }
        }

        var byGroup: [String: [Household]] = [:]
        for household in pool { byGroup[household.group, default: []].append(household) }
        // Largest groups first, so that they find a member with room for all of them.
        let groups = byGroup.keys.sorted { (byGroup[$0]!.count, $1) > (byGroup[$1]!.count, $0) }
        for group in groups {
            var remaining = byGroup[group]!.sorted { $0.id < $1.id }[...]
            while let household = remaining.first {
                // A member who already serves the group, most of it first; else the member
                // whose room best fits what is left of the group (the smallest room that holds
                // it all, or failing that the largest room).
                var member = (served[group] ?? [:]).filter { quotas[$0.key]! > 0 }
                    .max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
                if member == nil, !buckets.isEmpty {
                    let need = min(remaining.count, buckets.count - 1)
                    for room in stride(from: need, to: buckets.count, by: 1) where member == nil { member = first(inBucket: room) }
                    for room in stride(from: need - 1, to: 0, by: -1) where member == nil { member = first(inBucket: room) }
                }
                guard let member else { break }
                give(household, to: member)
                remaining = remaining.dropFirst()
            }
            plan.uncoveredHouseholdIDs += remaining.map(\.id)
        }
        plan.uncoveredHouseholdIDs.sort()
        plan.loads = loads
    }
}

/// A binary min-heap of ids: the planner's buckets.
struct MinHeap {
    private var items: [Int64] = []

    var peek: Int64? { items.first }

    mutating func push(_ item: Int64) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Int64? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
