import LanziCore
import LanziService

extension HTTPAPI {
    /// The market, its units, merchants and leases.
    static let registerRoutes: [Entry] = [
        Entry("GET", "/api/v1/market") { call in APIAnswer(json: try call.service.market().json) },
        Entry("GET", "/api/v1/summary") { call in APIAnswer(json: try call.service.summary(on: try call.queryDate("on") ?? call.today).json) },
        Entry("GET", "/api/v1/units") { call in
            let units = try call.service.units(kind: try call.query("kind").map { try UnitKind.parse($0, field: "kind") },
                                               status: try call.query("status").map { try UnitStatus.parse($0, field: "status") },
                                               on: try call.queryDate("on") ?? call.today)
            return APIAnswer(json: try call.page(units, \.json))
        },
        Entry("GET", "/api/v1/units/{code}") { call in
            APIAnswer(json: try call.service.unit(code: try call.text("code"), on: try call.queryDate("on") ?? call.today).json)
        },
        Entry("GET", "/api/v1/merchants") { call in
            APIAnswer(json: try call.page(try call.service.merchants(revealIDNumbers: try call.queryBoolean("reveal_id")), \.json))
        },
        Entry("GET", "/api/v1/merchants/{id}") { call in
            let (merchant, leases) = try call.service.merchant(id: try call.id(), revealIDNumber: try call.queryBoolean("reveal_id"))
            return APIAnswer(json: merchant.json(leases: leases))
        },
        Entry("GET", "/api/v1/leases") { call in
            let leases = try call.service.leases(merchantID: try call.queryInteger("merchant_id"), activeOn: try call.queryDate("active_on"))
            return APIAnswer(json: try call.page(leases) { $0.json(withSchedule: false) })
        },
        Entry("GET", "/api/v1/leases/{id}") { call in APIAnswer(json: try call.service.lease(id: try call.id()).json(withSchedule: true)) },
    ]
}
