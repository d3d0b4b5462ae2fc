import Foundation
import LanziCore
import LanziStore

extension LanziService {
    /// Logs a visit. A member logs visits only to households it looked after on that day.
    /// - Throws: `DomainError` for an empty matter or a follow-up before the visit;
    ///   `ServiceError.notFound` for an unknown member or household; `.conflict` when the
    ///   member was not the household's contact on `date`.
    package func logVisit(memberID: Int64, householdID: Int64, on date: CalendarDate, raised: String,
                          isResolved: Bool, followUpOn: CalendarDate?) throws -> Visit {
        try authorize(.logVisit)
        let raised = raised.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(raised.count) else { throw DomainError(field: "raised", rule: "must be 1 to 500 characters") }
        if let followUpOn, followUpOn < date { throw DomainError(field: "follow_up_on", rule: "must be on or after the visit, \(date)") }
        return try change(.logVisit) { database in
            _ = try Self.requirePartyMember(memberID, database, field: "member_id")
            _ = try Self.requireHousehold(householdID, database, field: "household_id")
            guard try database.contactMemberID(householdID: householdID, on: date) == memberID else {
                throw ServiceError.conflict("party member \(memberID) was not the contact of household \(householdID) on \(date); a member logs visits only to its own households")
            }
            let id = try database.insertVisit(memberID: memberID, householdID: householdID, on: date, raised: raised,
                                              followUpOn: followUpOn, resolvedOn: isResolved ? date : nil, createdAt: clock.timestamp())
            try log(database, "visit.log", "visit \(id)", .object([("member_id", .integer(memberID)), ("household_id", .integer(householdID))]))
            return try database.visits(id: id).first!
        }
    }

    package func visits(openOnly: Bool) throws -> [Visit] {
        try look(.listVisits) { database in try database.visits(openOnly: openOnly) }
    }

    /// Marks a visit's matter resolved on `date`.
    /// - Throws: `ServiceError.notFound`, `.conflict` when already resolved, `DomainError` for a day before the visit.
    package func closeVisit(id: Int64, on date: CalendarDate) throws -> Visit {
        try change(.closeVisit) { database in
            guard let visit = try database.visits(id: id).first else { throw ServiceError.notFound("no visit \(id)", field: "id") }
            if let resolved = visit.resolvedOn { throw ServiceError.conflict("visit \(id) was already resolved on \(resolved)") }
            guard date >= visit.visitedOn else { throw DomainError(field: "on", rule: "must be on or after the visit, \(visit.visitedOn)") }
            try database.closeVisit(id: id, on: date)
            try log(database, "visit.close", "visit \(id)", .object([("on", .string(date.description))]))
            return try database.visits(id: id).first!
        }
    }
}
