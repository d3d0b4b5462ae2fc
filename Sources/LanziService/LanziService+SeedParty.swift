import LanziCore
import LanziStore

/// The party branch's part of a seed file: members, households with their contact, visits.
extension SeedLoader {
    mutating func loadPartyMember(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: ["key", "name", "branch", "phone"])
        let key = try object.requiredString("key")
        guard partyMemberIDs[key] == nil else { throw DomainError(field: object.field("key"), rule: "\"\(key)\" is used by an earlier party member") }
        let draft = PartyMemberDraft(name: try object.requiredString("name"), branch: try object.requiredString("branch"), phone: try object.string("phone"))
        do { try draft.validate() } catch { throw error.located(at: path) }
        if let existing = try database.partyMemberID(name: draft.name, branch: draft.branch) {
            if let earlier = partyMembersSeen[existing] {
                throw DomainError(field: object.field("name"), rule: "the same party member is already listed at \(earlier)")
            }
            partyMembersSeen[existing] = path
            partyMemberIDs[key] = existing
            count("party_members", added: false)
        } else {
            let id = try database.insertPartyMember(draft, createdAt: service.clock.timestamp())
            try service.log(database, "party_member.add", "party member \(id)", .object([("name", .string(draft.name))]))
            partyMembersSeen[id] = path
            partyMemberIDs[key] = id
            count("party_members", added: true)
        }
    }

    mutating func loadHousehold(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: ["key", "head", "group", "people", "address", "tags", "merchant", "member", "since"])
        let key = try object.requiredString("key")
        guard householdIDs[key] == nil else { throw DomainError(field: object.field("key"), rule: "\"\(key)\" is used by an earlier household") }
        var merchantID: Int64?
        if let merchantKey = try object.string("merchant") {
            guard let id = merchantIDs[merchantKey] else {
                throw DomainError(field: object.field("merchant"), rule: "names no merchant key \"\(merchantKey)\" of this file")
            }
            merchantID = id
        }
        let tags = try object.array("tags").map { value throws(DomainError) -> String in
            guard case .string(let tag) = value else { throw DomainError(field: object.field("tags"), rule: "must be a list of strings") }
            return tag
        }
        let draft = HouseholdDraft(headName: try object.requiredString("head"), villageGroup: try object.requiredString("group"),
                                   people: Int(try object.integer("people", in: 1...99) ?? 1), address: try object.string("address"),
                                   tags: tags, merchantID: merchantID)
        do { try draft.validate() } catch { throw error.located(at: path) }
        let householdID: Int64
        if let existing = try database.householdID(head: draft.headName, group: draft.villageGroup) {
            if let earlier = householdsSeen[existing] {
                throw DomainError(field: object.field("head"), rule: "the same household is already listed at \(earlier)")
            }
            householdID = existing
            count("households", added: false)
        } else {
            householdID = try database.insertHousehold(draft, createdAt: service.clock.timestamp())
            try service.log(database, "household.add", "household \(householdID)", .object([("head", .string(draft.headName))]))
            count("households", added: true)
        }
        householdsSeen[householdID] = path
        householdIDs[key] = householdID

        guard let memberKey = try object.string("member") else {
            if object.value("since") != nil { throw DomainError(field: object.field("since"), rule: "is given only with member") }
            return
        }
        guard let memberID = partyMemberIDs[memberKey] else {
            throw DomainError(field: object.field("member"), rule: "names no party member key \"\(memberKey)\" of this file")
        }
        guard let since = try object.date("since") else { throw DomainError(field: object.field("since"), rule: "is required with member") }
        let current = try database.household(id: householdID)?.memberID
        if current == memberID {
            count("assignments", added: false)
        } else if let current {
            throw ServiceError.conflict("household \(householdID) is already looked after by party member \(current)", field: object.field("member"))
        } else {
            let maximum = try database.market()?.householdMaximum ?? 5
            guard (try database.activeLoads()[memberID] ?? 0) < maximum else {
                throw ServiceError.conflict("party member \"\(memberKey)\" would look after more than \(maximum) households", field: object.field("member"))
            }
            _ = try database.insertAssignment(householdID: householdID, memberID: memberID, on: since, createdAt: service.clock.timestamp())
            try service.log(database, "assignment.set", "household \(householdID)", .object([("member_id", .integer(memberID))]))
            count("assignments", added: true)
        }
    }

    mutating func loadVisit(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: ["member", "household", "on", "raised", "follow_up", "resolved_on"])
        let memberKey = try object.requiredString("member")
        let householdKey = try object.requiredString("household")
        guard let memberID = partyMemberIDs[memberKey] else {
            throw DomainError(field: object.field("member"), rule: "names no party member key \"\(memberKey)\" of this file")
        }
        guard let householdID = householdIDs[householdKey] else {
            throw DomainError(field: object.field("household"), rule: "names no household key \"\(householdKey)\" of this file")
        }
        guard let on = try object.date("on") else { throw DomainError(field: object.field("on"), rule: "is required") }
        let raised = try object.requiredString("raised")
        guard (1...500).contains(raised.count) else { throw DomainError(field: object.field("raised"), rule: "must be 1 to 500 characters") }
        let followUp = try object.date("follow_up")
        let resolvedOn = try object.date("resolved_on")
        if let followUp, followUp < on { throw DomainError(field: object.field("follow_up"), rule: "must be on or after the visit, \(on)") }
        if let resolvedOn, resolvedOn < on { throw DomainError(field: object.field("resolved_on"), rule: "must be on or after the visit, \(on)") }
        if try database.visitID(memberID: memberID, householdID: householdID, on: on, raised: raised) != nil {
            count("visits", added: false)
            return
        }
        guard try database.contactMemberID(householdID: householdID, on: on) == memberID else {
            throw ServiceError.conflict("party member \"\(memberKey)\" was not the contact of household \"\(householdKey)\" on \(on)", field: path)
        }
        let id = try database.insertVisit(memberID: memberID, householdID: householdID, on: on, raised: raised, followUpOn: followUp, resolvedOn: resolvedOn, createdAt: service.clock.timestamp())
        try service.log(database, "visit.log", "visit \(id)", .object([("member_id", .integer(memberID))]))
        count("visits", added: true)
    }
}
