import LanziCore
import LanziService
import LanziAPI

/// `party …`, `household …`, `assign …`, `visit …`.
extension Commands {
    static let onOption = OptionSpec.value("on", "DATE", "the day (default today, China time)")

    static let party: [CommandSpec] = [
        CommandSpec(["party", "member", "add"], "register a party member", options: [
            .value("name", "NAME", "the member's name", required: true),
            .value("branch", "NAME", "the party branch", required: true),
            .value("phone", "PHONE", "phone number"),
        ]) { context in
            let invocation = context.invocation
            let member = try context.service().addPartyMember(
                PartyMemberDraft(name: invocation.required("name"), branch: invocation.required("branch"), phone: invocation.value("phone")))
            context.emit(member.json) { t("added party member \(member.id) \(member.name)") }
        },
        CommandSpec(["party", "member", "list"], "list the party members and how many households each looks after") { context in
            let members = try context.service().partyMembers()
            context.emit(.array(members.map { $0.member.json(load: $0.load) })) { Render.partyMembers(members) }
        },
        CommandSpec(["party", "member", "show"], "show a member, its households and its visits", arguments: ["ID"]) { context in
            let (member, households, visits) = try context.service().partyMember(id: try context.invocation.id())
            context.emit(member.json(households: households, visits: visits)) {
                Render.partyMember(member, households: households, visits: visits)
            }
        },
        CommandSpec(["party", "member", "deactivate"], "deactivate a member; its households become uncovered that day", arguments: ["ID"],
                    options: [onOption]) { context in
            let (member, uncovered) = try context.service().deactivatePartyMember(id: try context.invocation.id(), on: try context.invocation.date("on") ?? context.today)
            context.emit(member.json(uncoveredHouseholdIDs: uncovered)) {
                t("deactivated party member \(member.id) \(member.name)") + (uncovered.isEmpty ? "" : t("; households now uncovered: \(uncovered.map(String.init).joined(separator: ", "))"))
            }
        },
        CommandSpec(["party", "import"], "import party members from CSV (name,branch,phone or 姓名,支部,电话); all rows or none", arguments: ["FILE"]) { context in
            let path = context.invocation.arguments[0]
            let members = try context.service().importPartyMembers(csv: try context.readText(path), source: path)
            context.emit(.array(members.map(\.json))) { t("imported \(members.count) party member(s) from \(path)") }
        },
        CommandSpec(["household", "add"], "register a farming household", options: [
            .value("head", "NAME", "head of household", required: true),
            .value("group", "NAME", "village group", required: true),
            .value("people", "N", "number of people (default 1)"),
            .value("address", "TEXT", "address"),
            .value("tags", "T,T", "tags such as 搬迁户,低保户"),
            .value("merchant", "ID", "the merchant this household runs, if any"),
        ]) { context in
            let invocation = context.invocation
            let household = try context.service().addHousehold(HouseholdDraft(
                headName: invocation.required("head"), villageGroup: invocation.required("group"), people: try invocation.integer("people") ?? 1,
                address: invocation.value("address"), tags: HouseholdDraft.tags(from: invocation.value("tags") ?? ""),
                merchantID: try invocation.integer("merchant").map(Int64.init)))
            context.emit(household.json) { t("added household \(household.id) \(household.headName) (\(household.villageGroup))") }
        },
        CommandSpec(["household", "list"], "list households and their contact members", options: [
            .value("group", "NAME", "only this village group"),
            .flag("uncovered", "only households without a contact member"),
        ]) { context in
            let households = try context.service().households(group: context.invocation.value("group"), uncoveredOnly: context.invocation.flag("uncovered"))
            context.emit(.array(households.map(\.json))) { Render.households(households) }
        },
        CommandSpec(["household", "show"], "show a household, who looked after it when, and its visits", arguments: ["ID"]) { context in
            let (household, assignments, visits) = try context.service().household(id: try context.invocation.id())
            context.emit(household.json(assignments: assignments, visits: visits)) {
                Render.household(household, assignments: assignments, visits: visits)
            }
        },
        CommandSpec(["household", "import"], "import households from CSV (head,group,people,address,tags,merchant or 户主,村民小组,人口,地址,标签,商户); all rows or none",
                    arguments: ["FILE"]) { context in
            let path = context.invocation.arguments[0]
            let households = try context.service().importHouseholds(csv: try context.readText(path), source: path)
            context.emit(.array(households.map(\.json))) { t("imported \(households.count) household(s) from \(path)") }
        },
        CommandSpec(["assign", "set"], "make a member a household's contact (closing the previous contact's assignment)", options: [
            .value("household", "ID", "the household", required: true),
            .value("member", "ID", "the party member", required: true),
            onOption,
        ]) { context in
            let invocation = context.invocation
            let assignment = try context.service().assign(
                householdID: Int64(try Invocation.integer(invocation.required("household"), field: "--household")),
                memberID: Int64(try Invocation.integer(invocation.required("member"), field: "--member")), on: try invocation.date("on") ?? context.today)
            context.emit(assignment.json) { t("party member \(assignment.memberID) looks after household \(assignment.householdID) from \(assignment.startsOn)") }
        },
        CommandSpec(["assign", "end"], "end a household's contact; it is uncovered from that day", options: [
            .value("household", "ID", "the household", required: true), onOption,
        ]) { context in
            let invocation = context.invocation
            let householdID = Int64(try Invocation.integer(invocation.required("household"), field: "--household"))
            let date = try invocation.date("on") ?? context.today
            try context.service().endAssignment(householdID: householdID, on: date)
            context.emit(Assignment.endedJSON(householdID: householdID, on: date)) {
                t("household \(householdID) has no contact from \(date)")
            }
        },
        CommandSpec(["assign", "auto"], "give every uncovered household a member within the bounds, loads balanced, groups kept together", options: [
            .flag("dry-run", "only show the plan"),
            .flag("rebalance", "also move existing contacts so that loads are even"),
            onOption,
        ]) { context in
            let invocation = context.invocation
            let result = try context.service().autoAssign(on: try invocation.date("on") ?? context.today, dryRun: invocation.flag("dry-run"),
                                                          rebalance: invocation.flag("rebalance"))
            context.emit(result.json) { Render.autoAssignment(result) }
        },
        CommandSpec(["assign", "list"], "list assignments, past and present", options: [.value("member", "ID", "only this member's")]) { context in
            let assignments = try context.service().assignments(memberID: try context.invocation.integer("member").map(Int64.init))
            context.emit(.array(assignments.map(\.json))) { Render.assignments(assignments) }
        },
        CommandSpec(["assign", "coverage"], "uncovered households, members under the minimum or at the maximum, loads, visits, old open matters", options: [
            onOption,
            .value("period", "YYYY-MM", "the month whose visits are counted (default the month of --on)"),
            .flag("csv", "print CSV (UTF-8 with BOM) for Excel and WPS"),
        ]) { context in
            let invocation = context.invocation
            let date = try invocation.date("on") ?? context.today
            let period = try invocation.value("period").map { text throws(DomainError) in try Period.parse(text, field: "--period") } ?? date.period
            if invocation.flag("csv") && invocation.global.json { throw UsageError(message: "give --csv or --json, not both", usage: invocation.command.usage) }
            let report = try context.service().coverage(on: date, period: period)
            if invocation.flag("csv") {
                print(Render.coverageCSV(report), terminator: "")
            } else {
                context.emit(report.json) { Render.coverage(report) }
            }
        },
        CommandSpec(["visit", "log"], "log a member's visit to a household it looks after", options: [
            .value("member", "ID", "the party member", required: true),
            .value("household", "ID", "the household", required: true),
            .value("on", "DATE", "the day of the visit", required: true),
            .value("raised", "TEXT", "what the household raised", required: true),
            .flag("resolved", "the matter was resolved on the spot"),
            .value("follow-up", "DATE", "when to follow up"),
        ]) { context in
            let invocation = context.invocation
            let visit = try context.service().logVisit(
                memberID: Int64(try Invocation.integer(invocation.required("member"), field: "--member")),
                householdID: Int64(try Invocation.integer(invocation.required("household"), field: "--household")),
                on: try CalendarDate.parse(invocation.required("on"), field: "--on"), raised: invocation.required("raised"),
                isResolved: invocation.flag("resolved"), followUpOn: try invocation.date("follow-up"))
            context.emit(visit.json) { visit.isOpen ? t("logged visit \(visit.id) (open)") : t("logged visit \(visit.id) (resolved)") }
        },
        CommandSpec(["visit", "list"], "list visits", options: [.flag("open", "only matters still open")]) { context in
            let visits = try context.service().visits(openOnly: context.invocation.flag("open"))
            context.emit(.array(visits.map(\.json))) { Render.visits(visits) }
        },
        CommandSpec(["visit", "close"], "mark a visit's matter resolved", arguments: ["ID"], options: [onOption]) { context in
            let visit = try context.service().closeVisit(id: try context.invocation.id(), on: try context.invocation.date("on") ?? context.today)
            context.emit(visit.json) { t("visit \(visit.id) resolved on \(visit.resolvedOn!)") }
        },
    ]
}
