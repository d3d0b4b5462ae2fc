import LanziCore
import LanziService

extension HTTPAPI {
    /// The party-member-to-household register.
    static let partyRoutes: [Entry] = [
        Entry("GET", "/api/v1/party-members") { call in
            APIAnswer(json: try call.page(try call.service.partyMembers()) { $0.member.json(load: $0.load) })
        },
        Entry("GET", "/api/v1/party-members/{id}") { call in
            let (member, households, visits) = try call.service.partyMember(id: try call.id())
            return APIAnswer(json: member.json(households: households, visits: visits))
        },
        Entry("GET", "/api/v1/households") { call in
            let households = try call.service.households(group: try call.query("group"), uncoveredOnly: try call.queryBoolean("uncovered"))
            return APIAnswer(json: try call.page(households, \.json))
        },
        Entry("GET", "/api/v1/households/{id}") { call in
            let (household, assignments, visits) = try call.service.household(id: try call.id())
            return APIAnswer(json: household.json(assignments: assignments, visits: visits))
        },
        Entry("GET", "/api/v1/assignments") { call in
            APIAnswer(json: try call.page(try call.service.assignments(memberID: try call.queryInteger("member_id")), \.json))
        },
        Entry("GET", "/api/v1/visits") { call in
            APIAnswer(json: try call.page(try call.service.visits(openOnly: try call.queryBoolean("open")), \.json))
        },
    ]
}
