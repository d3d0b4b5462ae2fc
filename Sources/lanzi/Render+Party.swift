import LanziCore
import LanziService

/// Text, JSON and CSV forms of the party branch's register.
extension Render {
    static func partyMembers(_ members: [(member: PartyMember, load: Int)]) -> String {
        guard !members.isEmpty else { return t("no party members") }
        var table = TextTable([(t("id"), .right), (t("name"), .left), (t("branch"), .left), (t("phone"), .left), (t("households"), .right), (t("state"), .left)])
        for (member, load) in members {
            table.append(["\(member.id)", member.name, member.branch, member.phone ?? "", "\(load)",
                          member.deactivatedOn.map { t("deactivated \($0)") } ?? t("active")])
        }
        return table.rendered() + "\n" + t("\(members.count) member(s)")
    }

    static func partyMember(_ member: PartyMember, households: [Household], visits: [Visit]) -> String {
        [
            t("party member \(member.id): \(member.name)"),
            t("branch: \(member.branch) · phone: \(member.phone ?? "—") · \(member.deactivatedOn.map { t("deactivated \($0)") } ?? t("active"))"),
            "",
            Render.households(households),
            "",
            Render.visits(visits),
        ].joined(separator: "\n")
    }

    static func households(_ households: [Household]) -> String {
        guard !households.isEmpty else { return t("no households") }
        var table = TextTable([(t("id"), .right), (t("head"), .left), (t("group"), .left), (t("people"), .right), (t("tags"), .left), (t("contact"), .left)])
        for household in households {
            table.append(["\(household.id)", household.headName, household.villageGroup, "\(household.people)", household.tags.joined(separator: ","),
                          household.memberID.map { "\($0) \(household.memberName ?? "")" } ?? t("uncovered")])
        }
        return table.rendered() + "\n" + t("\(households.count) household(s)")
    }

    static func household(_ household: Household, assignments: [Assignment], visits: [Visit]) -> String {
        [
            t("household \(household.id): \(household.headName), \(household.villageGroup), \(household.people) people"),
            t("address: \(household.address ?? "—") · tags: \(household.tags.isEmpty ? "—" : household.tags.joined(separator: ", "))")
                + (household.merchantID.map { t(" · merchant \($0)") } ?? ""),
            t("contact: \(household.memberID.map { "\($0) \(household.memberName ?? "")" } ?? t("none (uncovered)"))"),
            "",
            Render.assignments(assignments),
            "",
            Render.visits(visits),
        ].joined(separator: "\n")
    }

    static func assignments(_ assignments: [Assignment]) -> String {
        guard !assignments.isEmpty else { return t("no assignments") }
        var table = TextTable([(t("id"), .right), (t("household"), .right), (t("member"), .right), (t("from"), .left), (t("until"), .left)])
        for assignment in assignments {
            table.append(["\(assignment.id)", "\(assignment.householdID)", "\(assignment.memberID)", assignment.startsOn.description,
                          assignment.endedOn?.description ?? t("now")])
        }
        return table.rendered() + "\n" + t("\(assignments.count) assignment(s)")
    }

    static func visits(_ visits: [Visit]) -> String {
        guard !visits.isEmpty else { return t("no visits") }
        var table = TextTable([(t("id"), .right), (t("on"), .left), (t("member"), .right), (t("household"), .right), (t("raised"), .left),
                               (t("follow-up"), .left), (t("resolved"), .left)])
        for visit in visits {
            table.append(["\(visit.id)", visit.visitedOn.description, "\(visit.memberID)", "\(visit.householdID)", visit.raised,
                          visit.followUpOn?.description ?? "", visit.resolvedOn?.description ?? t("open")])
        }
        return table.rendered() + "\n" + t("\(visits.count) visit(s)")
    }

    static func autoAssignment(_ result: AutoAssignment) -> String {
        let plan = result.plan
        let loads = plan.loads.values
        var lines = [
            (result.isDryRun ? t("plan (dry run, nothing changed): ") : "") +
            t("\(plan.assignments.count) household(s) assigned, \(plan.moved) moved, \(plan.uncoveredHouseholdIDs.count) left uncovered"),
            t("loads: \(loads.min() ?? 0) to \(loads.max() ?? 0) households per member (bounds \(plan.minimum)–\(plan.maximum))"),
        ]
        lines += plan.shortfalls.map(\.description)
        return lines.joined(separator: "\n")
    }

    static func coverage(_ report: CoverageReport) -> String {
        var table = TextTable([(t("member"), .right), (t("name"), .left), (t("households"), .right), (t("visits \(report.period)"), .right),
                               (t("open matters"), .right), ("", .left)])
        for entry in report.members {
            let note = entry.load < report.minimum ? t("under the minimum") : entry.load >= report.maximum ? t("at the maximum") : ""
            table.append(["\(entry.member.id)", entry.member.name, "\(entry.load)", "\(entry.visitsInPeriod)", "\(entry.openMatters)", note])
        }
        var lines = [
            t("coverage on \(report.date): \(report.households - report.uncoveredHouseholds.count) of \(report.households) households covered by \(report.members.count) active members (bounds \(report.minimum)–\(report.maximum))"),
            t("uncovered households: ") + (report.uncoveredHouseholds.isEmpty ? t("none") : report.uncoveredHouseholds.map { "\($0.id) \($0.headName) (\($0.villageGroup))" }.joined(separator: ", ")),
            t("members under the minimum: \(report.membersUnderMinimum.count) · at the maximum: \(report.membersAtMaximum.count)"),
            "",
            table.rendered(),
            "",
            t("open matters older than \(CoverageReport.staleDays) days: ") + (report.staleMatters.isEmpty ? t("none") : ""),
        ]
        if !report.staleMatters.isEmpty { lines.append(visits(report.staleMatters)) }
        return lines.joined(separator: "\n")
    }

    /// One row per member, then one per uncovered household, then one per stale matter,
    /// each row saying what it is in its first column, so that one sheet holds the report.
    static func coverageCSV(_ report: CoverageReport) -> String {
        var rows = [[t("section"), t("id"), t("name"), t("group_or_household"), t("households"), t("visits_\(report.period)"), t("open_matters"), t("note")]]
        for entry in report.members {
            let note = entry.load < report.minimum ? t("under the minimum") : entry.load >= report.maximum ? t("at the maximum") : ""
            rows.append(["member", "\(entry.member.id)", entry.member.name, entry.member.branch, "\(entry.load)", "\(entry.visitsInPeriod)",
                         "\(entry.openMatters)", note])
        }
        for household in report.uncoveredHouseholds {
            rows.append(["uncovered_household", "\(household.id)", household.headName, household.villageGroup, "", "", "", ""])
        }
        for visit in report.staleMatters {
            rows.append(["stale_open_matter", "\(visit.id)", visit.raised, "\(visit.householdID)", "", "", "", t("visited \(visit.visitedOn)")])
        }
        return CSV.format(rows)
    }
}
