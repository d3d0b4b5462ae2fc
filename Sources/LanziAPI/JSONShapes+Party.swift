import LanziCore
import LanziService

// The party branch's register and its reports, in the shapes of JSONShapes.swift.

extension PartyMember {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("name", .string(name)), ("branch", .string(branch)), ("phone", .optional(phone, JSONValue.string)),
            ("active", .bool(isActive)), ("deactivated_on", .optional(deactivatedOn) { .string($0.description) }),
        ])
    }
}

extension Household {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("head", .string(headName)), ("group", .string(villageGroup)), ("people", .integer(Int64(people))),
            ("address", .optional(address, JSONValue.string)), ("tags", .array(tags.map(JSONValue.string))),
            ("merchant_id", .optional(merchantID, JSONValue.integer)), ("member_id", .optional(memberID, JSONValue.integer)),
            ("member_name", .optional(memberName, JSONValue.string)),
        ])
    }
}

extension Assignment {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("household_id", .integer(householdID)), ("member_id", .integer(memberID)),
            ("start_on", .string(startsOn.description)), ("ended_on", .optional(endedOn) { .string($0.description) }),
        ])
    }
}

extension Assignment {
    /// What ending a household's contact answers: the household, and the day it is uncovered from.
    package static func endedJSON(householdID: Int64, on date: CalendarDate) -> JSONValue {
        .object([("household_id", .integer(householdID)), ("ended_on", .string(date.description))])
    }
}

extension Visit {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("member_id", .integer(memberID)), ("household_id", .integer(householdID)),
            ("visited_on", .string(visitedOn.description)), ("raised", .string(raised)),
            ("follow_up_on", .optional(followUpOn) { .string($0.description) }), ("resolved", .bool(!isOpen)),
            ("resolved_on", .optional(resolvedOn) { .string($0.description) }),
        ])
    }
}

extension AutoAssignment {
    package var json: JSONValue {
        .object([
            ("dry_run", .bool(isDryRun)),
            ("assignments", .array(plan.assignments.map { .object([("household_id", .integer($0.householdID)), ("member_id", .integer($0.memberID))]) })),
            ("assigned", .integer(Int64(plan.assignments.count))), ("moved", .integer(Int64(plan.moved))),
            ("uncovered_household_ids", .array(plan.uncoveredHouseholdIDs.map(JSONValue.integer))),
            ("members_under_minimum", .integer(Int64(plan.membersUnderMinimum))),
            ("loads", .array(plan.loads.sorted { $0.key < $1.key }.map { .object([("member_id", .integer($0.key)), ("households", .integer(Int64($0.value)))]) })),
            ("shortfalls", .array(plan.shortfalls.map { .string($0.description) })),
        ])
    }
}

extension CoverageReport {
    package var json: JSONValue {
        .object([
                ("on", .string(date.description)), ("period", .string(period.description)),
                ("household_min", .integer(Int64(minimum))), ("household_max", .integer(Int64(maximum))),
                ("households", .integer(Int64(households))),
                ("uncovered_households", .array(uncoveredHouseholds.map(\.json))),
                ("members_under_minimum", .array(membersUnderMinimum.map { .integer($0.member.id) })),
                ("members_at_maximum", .array(membersAtMaximum.map { .integer($0.member.id) })),
                ("members", .array(members.map {
                    .object([("id", .integer($0.member.id)), ("name", .string($0.member.name)), ("households", .integer(Int64($0.load))),
                             ("visits_in_period", .integer(Int64($0.visitsInPeriod))), ("open_matters", .integer(Int64($0.openMatters)))])
                })),
                ("stale_open_matters", .array(staleMatters.map(\.json))),
            ])
    }
}

extension PartyMember {
    /// A member in a list, with the number of households it looks after now.
    package func json(load: Int) -> JSONValue { json.appending(("households", .integer(Int64(load)))) }

    /// A member with its households and visits.
    package func json(households: [Household], visits: [Visit]) -> JSONValue {
        json.appending(("households", .array(households.map(\.json))), ("visits", .array(visits.map(\.json))))
    }

    /// A member just deactivated, with the households that became uncovered.
    package func json(uncoveredHouseholdIDs: [Int64]) -> JSONValue {
        json.appending(("uncovered_household_ids", .array(uncoveredHouseholdIDs.map(JSONValue.integer))))
    }
}

extension Household {
    /// A household with its assignment history and visits.
    package func json(assignments: [Assignment], visits: [Visit]) -> JSONValue {
        json.appending(("assignments", .array(assignments.map(\.json))), ("visits", .array(visits.map(\.json))))
    }
}
