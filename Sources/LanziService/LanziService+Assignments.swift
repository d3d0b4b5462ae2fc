import LanziCore
import LanziStore

/// What `assign auto` planned and, unless it was a dry run, did.
package struct AutoAssignment: Sendable {
    package var plan: AssignmentPlanner.Plan
    package var isDryRun: Bool
}

extension LanziService {
    /// Makes `memberID` the household's contact from `date`, closing the previous contact's
    /// assignment that day.
    /// - Throws: `ServiceError.notFound` for an unknown household or member; `.conflict` for a
    ///   deactivated member, a member already the contact, or a member at the maximum;
    ///   `DomainError` for a date before the previous assignment began.
    package func assign(householdID: Int64, memberID: Int64, on date: CalendarDate) throws -> Assignment {
        try change(.assignHousehold) { database in
            let household = try Self.requireHousehold(householdID, database, field: "household_id")
            let member = try Self.requirePartyMember(memberID, database, field: "member_id")
            if let since = member.deactivatedOn { throw ServiceError.conflict("party member \(memberID) was deactivated on \(since)", field: "member_id") }
            if household.memberID == memberID {
                throw ServiceError.conflict("party member \(memberID) already looks after household \(householdID)")
            }
            let market = try Self.requireMarket(database)
            let load = try database.activeLoads()[memberID] ?? 0
            guard load < market.householdMaximum else {
                throw ServiceError.conflict("party member \(memberID) (\(member.name)) already looks after \(load) households, the most allowed (household_max \(market.householdMaximum))", field: "member_id")
            }
            if household.memberID != nil { try closeAssignment(householdID, database, on: date) }
            let id = try database.insertAssignment(householdID: householdID, memberID: memberID, on: date, createdAt: clock.timestamp())
            try log(database, "assignment.set", "household \(householdID)", .object([
                ("member_id", .integer(memberID)), ("previous_member_id", .optional(household.memberID, JSONValue.integer)), ("on", .string(date.description))]))
            return try database.assignments(householdID: householdID).first { $0.id == id }!
        }
    }

    /// Ends the household's contact on `date`; it is uncovered from that day.
    /// - Throws: `ServiceError.notFound` for an unknown household, `.conflict` when it has no contact.
    package func endAssignment(householdID: Int64, on date: CalendarDate) throws {
        try change(.endAssignment) { database in
            let household = try Self.requireHousehold(householdID, database, field: "household_id")
            guard let memberID = household.memberID else { throw ServiceError.conflict("household \(householdID) has no contact to end") }
            try closeAssignment(householdID, database, on: date)
            try log(database, "assignment.end", "household \(householdID)", .object([("member_id", .integer(memberID)), ("on", .string(date.description))]))
        }
    }

    private func closeAssignment(_ householdID: Int64, _ database: Database, on date: CalendarDate) throws {
        if let open = try database.assignments(householdID: householdID).last(where: { $0.endedOn == nil }), date < open.startsOn {
            throw DomainError(field: "on", rule: "must be on or after \(open.startsOn), when the current assignment began")
        }
        try database.endAssignment(householdID: householdID, on: date)
    }

    /// Gives every uncovered household a contact within the bounds (see `AssignmentPlanner`),
    /// moving existing contacts only with `rebalance`; with `dryRun` it only plans.
    package func autoAssign(on date: CalendarDate, dryRun: Bool, rebalance: Bool) throws -> AutoAssignment {
        let body = { (database: Database) throws -> AutoAssignment in
            let market = try Self.requireMarket(database)
            let members = try database.partyMembers().filter(\.isActive).map(\.id)
            let households = try database.households().map {
                AssignmentPlanner.Household(id: $0.id, group: $0.villageGroup, memberID: $0.memberID)
            }
            let plan = AssignmentPlanner.plan(memberIDs: members, households: households, minimum: market.householdMinimum,
                                              maximum: market.householdMaximum, rebalance: rebalance)
            if !dryRun {
                // Close every moved household first, so that no member is over the maximum
                // while its old households are still open.
                let current = Dictionary(uniqueKeysWithValues: households.map { ($0.id, $0.memberID) })
                for (householdID, _) in plan.assignments where current[householdID] != nil {
                    try closeAssignment(householdID, database, on: date)
                }
                for (householdID, memberID) in plan.assignments {
                    _ = try database.insertAssignment(householdID: householdID, memberID: memberID, on: date, createdAt: clock.timestamp())
                }
                try log(database, "assignment.auto", "households", .object([
                    ("assigned", .integer(Int64(plan.assignments.count))), ("moved", .integer(Int64(plan.moved))),
                    ("uncovered", .integer(Int64(plan.uncoveredHouseholdIDs.count))), ("rebalance", .bool(rebalance)),
                    ("on", .string(date.description))]))
            }
            return AutoAssignment(plan: plan, isDryRun: dryRun)
        }
        return dryRun ? try look(.planAssignments, body) : try change(.autoAssign, body)
    }

    /// Assignments, oldest first, optionally one member's.
    package func assignments(memberID: Int64? = nil) throws -> [Assignment] {
        try look(.listAssignments) { database in
            if let memberID { _ = try Self.requirePartyMember(memberID, database, field: "member_id") }
            return try database.assignments(memberID: memberID)
        }
    }
}
