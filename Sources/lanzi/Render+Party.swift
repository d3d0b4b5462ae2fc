import LanziCore
import LanziService

/// Text, JSON and CSV forms of the party branch's register.
extension Render {
    static func partyMembers(_ members: [(member: PartyMember, load: Int)]) -> String {
        guard !members.isEmpty else { return "no party members" }
        var table = TextTable([("id", .right), ("name", .left), ("branch", .left), ("phone", .left), ("households", .right), ("state", .left)])
        for (member, load) in members {
            table.append(["\(member.id)", member.name, member.branch, member.phone ?? "", "\(load)",
                          member.deactivatedOn.map { "deactivated \($0)" } ?? "active"])
        }
        return table.rendered() + "\n\(members.count) member(s)"
    }

    static func partyMember(_ member: PartyMember, households: [Household], visits: [Visit]) -> String {
        """
        party member \(member.id): \(member.name)
        branch: \(member.branch) · phone: \(member.phone ?? "—") · \(member.deactivatedOn.map { "deactivated \($0)" } ?? "active")

        \(Render.households(households))

        \(Render.visits(visits))
        """
    }

    static func households(_ households: [Household]) -> String {
        guard !households.isEmpty else { return "no households" }
        var table = TextTable([("id", .right), ("head", .left), ("group", .left), ("people", .right), ("tags", .left), ("contact", .left)])
        for household in households {
            table.append(["\(household.id)", household.headName, household.villageGroup, "\(household.people)", household.tags.joined(separator: ","),
                          household.memberID.map { "\($0) \(household.memberName ?? "")" } ?? "uncovered"])
        }
        return table.rendered() + "\n\(households.count) household(s)"
    }

    static func household(_ household: Household, assignments: [Assignment], visits: [Visit]) -> String {
        """
        household \(household.id): \(household.headName), \(household.villageGroup), \(household.people) people
        address: \(household.address ?? "—") · tags: \(household.tags.isEmpty ? "—" : household.tags.joined(separator: ", "))\
        \(household.merchantID.map { " · merchant \($0)" } ?? "")
        contact: \(household.memberID.map { "\($0) \(household.memberName ?? "")" } ?? "none (uncovered)")

        \(Render.assignments(assignments))

        \(Render.visits(visits))
        """
    }

    static func assignments(_ assignments: [Assignment]) -> String {
        guard !assignments.isEmpty else { return "no assignments" }
        var table = TextTable([("id", .right), ("household", .right), ("member", .right), ("from", .left), ("until", .left)])
        for assignment in assignments {
            table.append(["\(assignment.id)", "\(assignment.householdID)", "\(assignment.memberID)", assignment.startsOn.description,
                          assignment.endedOn?.description ?? "now"])
        }
        return table.rendered() + "\n\(assignments.count) assignment(s)"
    }

    static func visits(_ visits: [Visit]) -> String {
        guard !visits.isEmpty else { return "no visits" }
        var table = TextTable([("id", .right), ("on", .left), ("member", .right), ("household", .right), ("raised", .left),
                               ("follow-up", .left), ("resolved", .left)])
        for visit in visits {
            table.append(["\(visit.id)", visit.visitedOn.description, "\(visit.memberID)", "\(visit.householdID)", visit.raised,
                          visit.followUpOn?.description ?? "", visit.resolvedOn?.description ?? "open"])
        }
        return table.rendered() + "\n\(visits.count) visit(s)"
    }

    static func autoAssignment(_ result: AutoAssignment) -> String {
        let plan = result.plan
        let loads = plan.loads.values
        var lines = [
            (result.isDryRun ? "plan (dry run, nothing changed): " : "") +
            "\(plan.assignments.count) household(s) assigned, \(plan.moved) moved, \(plan.uncoveredHouseholdIDs.count) left uncovered",
            "loads: \(loads.min() ?? 0) to \(loads.max() ?? 0) households per member (bounds \(plan.minimum)–\(plan.maximum))",
        ]
        lines += plan.shortfalls
        return lines.joined(separator: "\n")
    }

    static func coverage(_ report: CoverageReport) -> String {
        var table = TextTable([("member", .right), ("name", .left), ("households", .right), ("visits \(report.period)", .right),
                               ("open matters", .right), ("", .left)])
        for entry in report.members {
            let note = entry.load < report.minimum ? "under the minimum" : entry.load >= report.maximum ? "at the maximum" : ""
            table.append(["\(entry.member.id)", entry.member.name, "\(entry.load)", "\(entry.visitsInPeriod)", "\(entry.openMatters)", note])
        }
        var lines = [
            "coverage on \(report.date): \(report.households - report.uncoveredHouseholds.count) of \(report.households) households covered by \(report.members.count) active members (bounds \(report.minimum)–\(report.maximum))",
            "uncovered households: " + (report.uncoveredHouseholds.isEmpty ? "none" : report.uncoveredHouseholds.map { "\($0.id) \($0.headName) (\($0.villageGroup))" }.joined(separator: ", ")),
            "members under the minimum: \(report.membersUnderMinimum.count) · at the maximum: \(report.membersAtMaximum.count)",
            "",
            table.rendered(),
            "",
            "open matters older than \(CoverageReport.staleDays) days: " + (report.staleMatters.isEmpty ? "none" : ""),
        ]
        if !report.staleMatters.isEmpty { lines.append(visits(report.staleMatters)) }
        return lines.joined(separator: "\n")
    }

    /// One row per member, then one per uncovered household, then one per stale matter,
    /// each row saying what it is in its first column, so that one sheet holds the report.
    static func coverageCSV(_ report: CoverageReport) -> String {
        var rows = [["section", "id", "name", "group_or_household", "households", "visits_\(report.period)", "open_matters", "note"]]
        for entry in report.members {
            let note = entry.load < report.minimum ? "under the minimum" : entry.load >= report.maximum ? "at the maximum" : ""
            rows.append(["member", "\(entry.member.id)", entry.member.name, entry.member.branch, "\(entry.load)", "\(entry.visitsInPeriod)",
                         "\(entry.openMatters)", note])
        }
        for household in report.uncoveredHouseholds {
            rows.append(["uncovered_household", "\(household.id)", household.headName, household.villageGroup, "", "", "", ""])
        }
        for visit in report.staleMatters {
            rows.append(["stale_open_matter", "\(visit.id)", visit.raised, "\(visit.householdID)", "", "", "", "visited \(visit.visitedOn)"])
        }
        return CSV.format(rows)
    }
}
