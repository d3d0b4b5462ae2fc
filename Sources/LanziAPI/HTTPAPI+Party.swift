import LanziCore
import LanziService

extension HTTPAPI {
    /// The party-member-to-household register.
    static let partyRoutes: [Entry] = [
        Entry("GET", "/api/v1/party-members") { call in
            APIAnswer(json: try call.page(try call.service.partyMembers()) { $0.member.json(load: $0.load) })
        },
        Entry("POST", "/api/v1/party-members") { call in
            let body = try call.body(for: .addPartyMember)
            try body.allowOnly(["name", "branch", "phone"])
            let draft = PartyMemberDraft(name: try body.requiredString("name"), branch: try body.requiredString("branch"), phone: try body.string("phone"))
            return APIAnswer(status: .created, json: try call.service.addPartyMember(draft).json)
        },
        Entry("GET", "/api/v1/party-members/{id}") { call in
            let (member, households, visits) = try call.service.partyMember(id: try call.id())
            return APIAnswer(json: member.json(households: households, visits: visits))
        },
        Entry("POST", "/api/v1/party-members/{id}/deactivate") { call in
            let body = try call.optionalBody(for: .deactivatePartyMember)
            try body.allowOnly(["on"])
            let (member, uncovered) = try call.service.deactivatePartyMember(id: try call.id(), on: try body.date("on") ?? call.today)
            return APIAnswer(json: member.json(uncoveredHouseholdIDs: uncovered))
        },
        Entry("GET", "/api/v1/households") { call in
            let households = try call.service.households(group: try call.query("group"), uncoveredOnly: try call.queryBoolean("uncovered"))
            return APIAnswer(json: try call.page(households, \.json))
        },
        Entry("POST", "/api/v1/households") { call in
            let body = try call.body(for: .addHousehold)
            try body.allowOnly(["head", "group", "people", "address", "tags", "merchant_id"])
            let draft = HouseholdDraft(headName: try body.requiredString("head"), villageGroup: try body.requiredString("group"),
                                       people: Int(try body.integer("people") ?? 1), address: try body.string("address"), tags: try body.strings("tags"),
                                       merchantID: try body.integer("merchant_id"))
            return APIAnswer(status: .created, json: try call.service.addHousehold(draft).json)
        },
        Entry("GET", "/api/v1/households/{id}") { call in
            let (household, assignments, visits) = try call.service.household(id: try call.id())
            return APIAnswer(json: household.json(assignments: assignments, visits: visits))
        },
        Entry("POST", "/api/v1/households/{id}/end-assignment") { call in
            let body = try call.optionalBody(for: .endAssignment)
            try body.allowOnly(["on"])
            let (householdID, date) = (try call.id(), try body.date("on") ?? call.today)
            try call.service.endAssignment(householdID: householdID, on: date)
            return APIAnswer(json: Assignment.endedJSON(householdID: householdID, on: date))
        },
        Entry("GET", "/api/v1/assignments") { call in
            APIAnswer(json: try call.page(try call.service.assignments(memberID: try call.queryInteger("member_id")), \.json))
        },
        Entry("POST", "/api/v1/assignments") { call in
            let body = try call.body(for: .assignHousehold)
            try body.allowOnly(["household_id", "member_id", "on"])
            let assignment = try call.service.assign(householdID: try body.requiredInteger("household_id"), memberID: try body.requiredInteger("member_id"),
                                                     on: try body.date("on") ?? call.today)
            return APIAnswer(status: .created, json: assignment.json)
        },
        // The plan alone is a read (staff may ask); carrying it out is `auto`.
        Entry("GET", "/api/v1/assignments/plan") { call in
            let plan = try call.service.autoAssign(on: try call.queryDate("on") ?? call.today, dryRun: true, rebalance: try call.queryBoolean("rebalance"))
            return APIAnswer(json: plan.json)
        },
        Entry("POST", "/api/v1/assignments/auto") { call in
            let body = try call.optionalBody(for: .autoAssign)
            try body.allowOnly(["on", "rebalance"])
            let result = try call.service.autoAssign(on: try body.date("on") ?? call.today, dryRun: false, rebalance: try body.boolean("rebalance") ?? false)
            return APIAnswer(json: result.json)
        },
        Entry("GET", "/api/v1/coverage") { call in
            let date = try call.queryDate("on") ?? call.today
            return APIAnswer(json: try call.service.coverage(on: date, period: try call.queryPeriod("period") ?? date.period).json)
        },
        Entry("GET", "/api/v1/visits") { call in
            APIAnswer(json: try call.page(try call.service.visits(openOnly: try call.queryBoolean("open")), \.json))
        },
        Entry("POST", "/api/v1/visits") { call in
            let body = try call.body(for: .logVisit)
            try body.allowOnly(["member_id", "household_id", "on", "raised", "resolved", "follow_up_on"])
            let visit = try call.service.logVisit(memberID: try body.requiredInteger("member_id"), householdID: try body.requiredInteger("household_id"),
                                                  on: try body.requiredDate("on"), raised: try body.requiredString("raised"),
                                                  isResolved: try body.boolean("resolved") ?? false, followUpOn: try body.date("follow_up_on"))
            return APIAnswer(status: .created, json: visit.json)
        },
        Entry("POST", "/api/v1/visits/{id}/close") { call in
            let body = try call.optionalBody(for: .closeVisit)
            try body.allowOnly(["on"])
            return APIAnswer(json: try call.service.closeVisit(id: try call.id(), on: try body.date("on") ?? call.today).json)
        },
    ]
}
