import LanziCore

/// A well-formed request for each write route, against the demo market, keyed by
/// "METHOD pattern": every member each route reads, of the right type, so that a test can
/// break one member at a time, or name a record that is not there. (Sent whole, a request
/// may still be refused by a rule of the market: these are well-formed, not all acceptable.)
enum WriteBodies {
    struct Request {
        let target: String
        let body: String
    }

    static let valid: [String: Request] = [
        "PATCH /api/v1/market": Request(target: "/api/v1/market", body: #"""
            {"name":"布王戈市场","operator":"弥勒浩瑞商业运营管理有限公司","collective":"布王戈村小组","household_min":3,"household_max":5}
            """#),
        "POST /api/v1/units": Request(target: "/api/v1/units", body: #"""
            {"code":"C9-01","kind":"cold_room","phase":1,"area_m2":"20.00","building":"9号冷库","capacity_kg":1000}
            """#),
        "POST /api/v1/units/{code}/status": Request(target: "/api/v1/units/S-001/status", body: #"{"status":"available","on":"2030-06-30"}"#),
        "POST /api/v1/merchants": Request(target: "/api/v1/merchants", body: #"{"name":"赵小红","phone":"13700000000","id_number":"11010519491231002X","again":false}"#),
        "POST /api/v1/leases": Request(target: "/api/v1/leases", body: #"""
            {"merchant_id":1,"units":["S-001"],"start_on":"2030-07-01","end_on":"2031-06-30","rent_fen":100000,"rent_free":false,"cycle":"monthly",
             "management_fee_kind":"fixed","management_fee_fen":5000,"deposit_fen":0,"free_months":0,"escalation_bp":0,"due_day":5,
             "grace_days":0,"late_fee_bp":0,"late_fee_cap_bp":10000}
            """#),
        "POST /api/v1/leases/{id}/renew": Request(target: "/api/v1/leases/1/renew", body: #"{"end_on":"2031-08-31","rent_fen":65000}"#),
        "POST /api/v1/leases/{id}/terminate": Request(target: "/api/v1/leases/1/terminate", body: #"{"on":"2030-06-20","reason":"测试退租"}"#),
        "POST /api/v1/leases/{id}/cancel": Request(target: "/api/v1/leases/1/cancel", body: #"{"reason":"录错"}"#),
        "POST /api/v1/billing-runs": Request(target: "/api/v1/billing-runs", body: #"{"period":"2030-07"}"#),
        "POST /api/v1/bills/{id}/void": Request(target: "/api/v1/bills/1/void", body: #"{"reason":"录错","on":"2030-06-30"}"#),
        "POST /api/v1/bills/{id}/adjust": Request(target: "/api/v1/bills/1/adjust", body: #"{"amount_fen":-100,"reason":"优惠","on":"2030-06-30"}"#),
        "POST /api/v1/late-fee-assessments": Request(target: "/api/v1/late-fee-assessments", body: #"{"as_of":"2030-06-30"}"#),
        "POST /api/v1/payments": Request(target: "/api/v1/payments", body: #"""
            {"merchant_id":1,"amount_fen":1000,"method":"cash","paid_on":"2030-06-29","reference":"r-1","bill_ids":[],"duplicate_reference_ok":false}
            """#),
        "POST /api/v1/payments/{id}/reverse": Request(target: "/api/v1/payments/1/reverse", body: #"{"reason":"录重","on":"2030-06-30"}"#),
        "POST /api/v1/usage": Request(target: "/api/v1/usage", body: #"{"merchant_id":1,"room":"C1-03","kg":100,"on":"2030-06-01"}"#),
        "POST /api/v1/usage/{id}/out": Request(target: "/api/v1/usage/1/out", body: #"{"on":"2030-06-30"}"#),
        "POST /api/v1/refunds": Request(target: "/api/v1/refunds", body: #"{"merchant_id":1,"amount_fen":100,"method":"cash","on":"2030-06-30","reference":"退款"}"#),
        "POST /api/v1/receipts/{number}/invoice-notes": Request(target: "/api/v1/receipts/BWG-2026-000001/invoice-notes", body: #"{"invoice":"FP-1"}"#),
        "POST /api/v1/party-members": Request(target: "/api/v1/party-members", body: #"{"name":"钱七","branch":"第一支部","phone":"13900000001"}"#),
        "POST /api/v1/party-members/{id}/deactivate": Request(target: "/api/v1/party-members/1/deactivate", body: #"{"on":"2030-06-30"}"#),
        "POST /api/v1/households": Request(target: "/api/v1/households", body: #"""
            {"head":"孙八","group":"二组","people":3,"address":"二组8号","tags":["低保户"],"merchant_id":1}
            """#),
        "POST /api/v1/households/{id}/end-assignment": Request(target: "/api/v1/households/1/end-assignment", body: #"{"on":"2030-06-30"}"#),
        "POST /api/v1/assignments": Request(target: "/api/v1/assignments", body: #"{"household_id":1,"member_id":2,"on":"2030-06-30"}"#),
        "POST /api/v1/assignments/auto": Request(target: "/api/v1/assignments/auto", body: #"{"on":"2030-06-30","rebalance":false}"#),
        "POST /api/v1/visits": Request(target: "/api/v1/visits", body: #"""
            {"member_id":1,"household_id":1,"on":"2030-06-01","raised":"路灯坏了","resolved":false,"follow_up_on":"2030-07-01"}
            """#),
        "POST /api/v1/visits/{id}/close": Request(target: "/api/v1/visits/1/close", body: #"{"on":"2030-06-30"}"#),
        "POST /api/v1/users": Request(target: "/api/v1/users", body: #"{"login":"desk","role":"operator","merchant_id":null,"password":"a long enough secret"}"#),
        "POST /api/v1/users/{login}/disable": Request(target: "/api/v1/users/desk/disable", body: "{}"),
        "POST /api/v1/users/{login}/reset-password": Request(target: "/api/v1/users/desk/reset-password", body: #"{"password":"a long enough secret"}"#),
    ]

    /// The request's body as members, in order.
    static func members(_ request: Request) throws -> [(String, JSONValue)] {
        guard case .object(let members) = try JSONValue.parse(request.body, source: request.target) else { return [] }
        return members
    }

    /// The route's address with each path parameter naming a record the demo market does not have.
    static func missing(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "{id}", with: "999999").replacingOccurrences(of: "{code}", with: "Z-404")
            .replacingOccurrences(of: "{number}", with: "BWG-2030-999999").replacingOccurrences(of: "{login}", with: "nobody")
    }
}
