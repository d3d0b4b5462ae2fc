import Foundation
import LanziCore
import LanziStore

extension LanziService {
    /// Registers a party member.
    /// - Throws: `DomainError` for a bad value.
    package func addPartyMember(_ draft: PartyMemberDraft) throws -> PartyMember {
        try authorize(.addPartyMember)
        try draft.validate()
        return try change(.addPartyMember) { database in try insertPartyMember(draft, database) }
    }

    private func insertPartyMember(_ draft: PartyMemberDraft, _ database: Database) throws -> PartyMember {
        let id = try database.insertPartyMember(draft, createdAt: clock.timestamp())
        try log(database, "party_member.add", "party member \(id)", .object([("name", .string(draft.name)), ("branch", .string(draft.branch))]))
        return try database.partyMember(id: id)!
    }

    /// Every party member with the number of households it looks after now.
    package func partyMembers() throws -> [(member: PartyMember, load: Int)] {
        try look(.listPartyMembers) { database in
            let loads = try database.activeLoads()
            return try database.partyMembers().map { ($0, loads[$0.id] ?? 0) }
        }
    }

    /// One member, the households it looks after now, and its visits.
    /// - Throws: `ServiceError.notFound` for an unknown id.
    package func partyMember(id: Int64) throws -> (member: PartyMember, households: [Household], visits: [Visit]) {
        try look(.showPartyMember) { database in
            let member = try Self.requirePartyMember(id, database, field: "id")
            return (member, try database.households().filter { $0.memberID == id }, try database.visits().filter { $0.memberID == id })
        }
    }

    static func requirePartyMember(_ id: Int64, _ database: Database, field: String) throws -> PartyMember {
        guard let member = try database.partyMember(id: id) else { throw ServiceError.notFound("no party member \(id)", field: field) }
        return member
    }

    /// Deactivates a member on `date`: its households lose their contact that day (they show
    /// as uncovered until reassigned).
    /// - Returns: the member and the households that became uncovered.
    /// - Throws: `ServiceError.notFound`, or `.conflict` for a member already deactivated.
    package func deactivatePartyMember(id: Int64, on date: CalendarDate) throws -> (member: PartyMember, uncovered: [Int64]) {
        try change(.deactivatePartyMember) { database in
            let member = try Self.requirePartyMember(id, database, field: "id")
            if let since = member.deactivatedOn { throw ServiceError.conflict("party member \(id) was already deactivated on \(since)") }
            for assignment in try database.assignments(memberID: id) where assignment.endedOn == nil && assignment.startsOn > date {
                throw DomainError(field: "on", rule: "must be on or after \(assignment.startsOn), when the member took on household \(assignment.householdID)")
            }
            let uncovered = try database.endAssignments(memberID: id, on: date)
            try database.deactivatePartyMember(id: id, on: date)
            try log(database, "party_member.deactivate", "party member \(id)", .object([
                ("on", .string(date.description)), ("uncovered", .array(uncovered.map(JSONValue.integer)))]))
            return (try database.partyMember(id: id)!, uncovered)
        }
    }

    /// Imports party members from CSV (columns name/姓名, branch/支部, phone/电话; a header
    /// row; UTF-8 with or without a byte order mark). All rows or none.
    /// - Throws: `ImportError` listing every bad row by line and field.
    package func importPartyMembers(csv text: String, source: String) throws -> [PartyMember] {
        try authorize(.importPartyMembers)
        let table = try CSVTable(text, source: source, columns: ["name": ["姓名"], "branch": ["支部"], "phone": ["电话", "手机"]],
                                 required: ["name", "branch"])
        let drafts = try table.map { record in
            let draft = PartyMemberDraft(name: table.value("name", in: record) ?? "", branch: table.value("branch", in: record) ?? "",
                                         phone: table.value("phone", in: record))
            try RowProblems.check(draft.problems)
            return draft
        }
        return try change(.importPartyMembers) { database in try drafts.map { try insertPartyMember($0, database) } }
    }

    /// Registers a farming household.
    /// - Throws: `DomainError` for a bad value; `ServiceError.notFound` for an unknown merchant.
    package func addHousehold(_ draft: HouseholdDraft) throws -> Household {
        try authorize(.addHousehold)
        try draft.validate()
        return try change(.addHousehold) { database in try insertHousehold(draft, database, field: "merchant_id") }
    }

    private func insertHousehold(_ draft: HouseholdDraft, _ database: Database, field: String) throws -> Household {
        if let merchantID = draft.merchantID { _ = try requireMerchant(merchantID, database, field: field) }
        let id = try database.insertHousehold(draft, createdAt: clock.timestamp())
        try log(database, "household.add", "household \(id)", .object([("head", .string(draft.headName)), ("group", .string(draft.villageGroup))]))
        return try database.household(id: id)!
    }

    /// Imports households from CSV (columns head/户主, group/村民小组, people/人口, address/地址,
    /// tags/标签 separated by , ; or 、, merchant/商户 id). All rows or none.
    /// A row that repeats a household already registered, or an earlier row, with the same
    /// head, village group and address is refused: the same file imported twice, or a
    /// household typed twice, must not make two households.
    /// - Throws: `ImportError` listing every bad row by line and field.
    package func importHouseholds(csv text: String, source: String) throws -> [Household] {
        try authorize(.importHouseholds)
        let table = try CSVTable(text, source: source, columns: [
            "head": ["户主"], "group": ["村民小组", "小组"], "people": ["人口", "人数"], "address": ["地址"], "tags": ["标签"], "merchant": ["商户"],
        ], required: ["head", "group"], fieldsByColumn: ["merchant_id": "merchant"])
        return try change(.importHouseholds) { database in
            func identity(_ head: String, _ group: String, _ address: String?) -> [String] { [head, group, address ?? ""] }
            var registered: [[String]: Int64] = [:]
            for household in try database.households() {
                registered[identity(household.headName, household.villageGroup, household.address)] = household.id
            }
            var linesSeen: [[String]: Int] = [:]
            let drafts = try table.map { record in
                // Every fault of the row is gathered, so that the file is put right in one go.
                var problems: [DomainError] = []
                var people = 1
                if let text = table.value("people", in: record) {
                    if let value = Int(text) { people = value } else { problems.append(DomainError(field: "people", rule: "must be a whole number, got \"\(text)\"")) }
                }
                var merchantID: Int64?
                if let text = table.value("merchant", in: record) {
                    if let value = Int64(text), try database.merchant(id: value) != nil {
                        merchantID = value
                    } else {
                        problems.append(DomainError(field: "merchant", rule: "must be the id of a registered merchant, got \"\(text)\""))
                    }
                }
                let draft = HouseholdDraft(headName: table.value("head", in: record) ?? "", villageGroup: table.value("group", in: record) ?? "",
                                           people: people, address: table.value("address", in: record),
                                           tags: HouseholdDraft.tags(from: table.value("tags", in: record) ?? ""), merchantID: merchantID)
                problems += draft.problems   // an unreadable people count stands at 1 here, told once above
                let key = identity(draft.headName, draft.villageGroup, draft.address)
                if let id = registered[key] {
                    problems.append(DomainError(field: "head", rule: "household \(id) with the same head, group and address is already registered"))
                } else if let line = linesSeen[key] {
                    problems.append(DomainError(field: "head", rule: "repeats line \(line): the same head, group and address"))
                }
                try RowProblems.check(problems)
                linesSeen[key] = record.line
                return draft
            }
            return try drafts.map { try insertHousehold($0, database, field: "merchant") }
        }
    }

    /// Households, optionally of one village group and only those without a contact.
    package func households(group: String? = nil, uncoveredOnly: Bool = false) throws -> [Household] {
        try look(.listHouseholds) { database in
            try database.households().filter { (group == nil || $0.villageGroup == group) && (!uncoveredOnly || $0.memberID == nil) }
        }
    }

    /// One household, its assignment history and its visits.
    /// - Throws: `ServiceError.notFound` for an unknown id.
    package func household(id: Int64) throws -> (household: Household, assignments: [Assignment], visits: [Visit]) {
        try look(.showHousehold) { database in
            let household = try Self.requireHousehold(id, database, field: "id")
            return (household, try database.assignments(householdID: id), try database.visits().filter { $0.householdID == id })
        }
    }

    static func requireHousehold(_ id: Int64, _ database: Database, field: String) throws -> Household {
        guard let household = try database.household(id: id) else { throw ServiceError.notFound("no household \(id)", field: field) }
        return household
    }
}
