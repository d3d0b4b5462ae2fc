import LanziCore
import LanziStore

/// One member's part in the coverage report.
package struct MemberCoverage: Hashable, Sendable {
    package var member: PartyMember
    package var load: Int
    package var visitsInPeriod: Int
    package var openMatters: Int
}

/// Who is covered, who is under the minimum or at the maximum, and what is left open.
package struct CoverageReport: Sendable {
    package var date: CalendarDate
    package var period: Period
    package var minimum: Int
    package var maximum: Int
    package var households: Int
    package var uncoveredHouseholds: [Household]
    /// Active members only.
    package var members: [MemberCoverage]
    /// Open matters raised more than `staleDays` days before `date`.
    package var staleMatters: [Visit]
    package static let staleDays = 30

    package var membersUnderMinimum: [MemberCoverage] { members.filter { $0.load < minimum } }
    package var membersAtMaximum: [MemberCoverage] { members.filter { $0.load >= maximum } }
}

extension LanziService {
    /// The coverage of the households on `date`, with visits counted in `period`.
    package func coverage(on date: CalendarDate, period: Period) throws -> CoverageReport {
        try look(.showCoverage) { database in
            let market = try Self.requireMarket(database)
            let households = try database.households()
            let loads = try database.activeLoads()
            let visits = try database.visits()
            var inPeriod: [Int64: Int] = [:]
            var open: [Int64: Int] = [:]
            for visit in visits {
                if period.contains(visit.visitedOn) { inPeriod[visit.memberID, default: 0] += 1 }
                if visit.isOpen { open[visit.memberID, default: 0] += 1 }
            }
            let members = try database.partyMembers().filter(\.isActive).map {
                MemberCoverage(member: $0, load: loads[$0.id] ?? 0, visitsInPeriod: inPeriod[$0.id] ?? 0, openMatters: open[$0.id] ?? 0)
            }
            let staleBefore = date.adding(days: -CoverageReport.staleDays)
            return CoverageReport(date: date, period: period, minimum: market.householdMinimum, maximum: market.householdMaximum,
                                  households: households.count, uncoveredHouseholds: households.filter { $0.memberID == nil },
                                  members: members, staleMatters: visits.filter { $0.isOpen && $0.visitedOn < staleBefore })
        }
    }
}
