import LanziCore
import LanziService

extension HTTPAPI {
    /// `/api/v1/me/…`: a merchant's own records, without naming itself. Staff have none.
    static let ownRoutes: [Entry] = [
        Entry("GET", "/api/v1/me") { call in
            let (merchant, leases) = try call.service.merchant(id: try ownID(call))
            return APIAnswer(json: merchant.json(leases: leases))
        },
        Entry("GET", "/api/v1/me/bills") { call in
            let bills = try call.service.bills(merchantID: try ownID(call), period: try call.queryPeriod("period"),
                                               status: try call.queryBillStatus())
            return try call.page(bills) { bill, output in bill.write(to: &output) }
        },
        Entry("GET", "/api/v1/me/payments") { call in
            APIAnswer(json: try call.page(try call.service.payments(merchantID: try ownID(call)), \.json))
        },
        Entry("GET", "/api/v1/me/receipts") { call in
            let year = try call.queryYear()
            return APIAnswer(json: try call.page(try call.service.receipts(merchantID: try ownID(call), year: year), \.json))
        },
        Entry("GET", "/api/v1/me/statement") { call in
            APIAnswer(json: try call.service.statement(merchantID: try ownID(call), from: try call.queryDate("from"), to: try call.queryDate("to") ?? call.today).json)
        },
    ]

    /// The merchant the caller is; staff are told that these addresses are a merchant's.
    static func ownID(_ call: APICall) throws -> Int64 {
        guard let id = call.service.caller.merchantID else {
            throw ServiceError.notFound("only a merchant has records of its own here; staff use /api/v1/merchants/{id}")
        }
        return id
    }
}
