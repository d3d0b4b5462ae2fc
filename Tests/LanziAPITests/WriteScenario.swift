import Foundation
import Testing
import LanziCore
import LanziService
@testable import LanziAPI

/// Every write route of the API, called in an order in which each finds what it needs in the
/// demo market on the fixture's day (2030-06-30), by one caller. A call the caller's role is
/// allowed must answer its status, and what it did is read back through the API as an
/// administrator; a call it is not allowed must answer 403 and write nothing.
struct WriteScenario {
    /// One answer, with the route it came from.
    struct Call {
        let method: String
        let pattern: String
        let status: Int
        let json: JSONValue
    }

    let fixture: APIFixture
    let token: String
    let caller: Caller
    private(set) var calls: [Call] = []

    init(_ fixture: APIFixture, token: String) throws {
        self.fixture = fixture
        self.token = token
        self.caller = try APIFixture.caller(of: token)
    }

    /// Sends one write. For a caller `operation` admits: expects `status` and returns the
    /// answer. For any other: expects 403, the database as it was, and returns nil.
    @discardableResult
    mutating func send(_ method: String, _ pattern: String, _ target: String, _ operation: ServiceOperation, _ status: Int,
                       _ body: String?, headers: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue? {
        let before = try fixture.stored()
        let answer = fixture.request(method, target, token: token, headers: headers, body: body)
        calls.append(Call(method: method, pattern: pattern, status: answer.status, json: answer.json))
        if operation.admits(caller) {
            #expect(answer.status == status, "\(method) \(target) by \(token): \(answer.json)", sourceLocation: sourceLocation)
            // A record made is written: the check of nothing written below can fail.
            if answer.status == 201 { #expect(try fixture.stored() != before, sourceLocation: sourceLocation) }
            return answer.status == status ? answer.json : nil
        }
        #expect(answer.status == 403, "\(method) \(target) by \(token): \(answer.json)", sourceLocation: sourceLocation)
        #expect(answer.json[path: "error.code"]?.text == "forbidden", sourceLocation: sourceLocation)
        #expect(try fixture.stored() == before, "\(method) \(target) by \(token) wrote to the database", sourceLocation: sourceLocation)
        return nil
    }

    /// A record as an administrator reads it now.
    func read(_ target: String) -> JSONValue { fixture.request(target).json }

    /// Whether every member of `answer` is in `record` with the same value: a record's fuller shape
    /// (a lease with its schedule) holds the answer's.
    static func holds(_ record: JSONValue, _ answer: JSONValue) -> Bool {
        guard case .object(let members) = answer else { return false }
        return members.allSatisfy { record[$0.0] == $0.1 }
    }

    /// The whole scenario: the register, billing, usage, payments, receipts, the party's
    /// register, users, in that order.
    mutating func run() throws {
        try register()
        try billing()
        try partyRegister()
        try users()
    }

    mutating func register() throws {
        let service = fixture.service
        if let unit = try send("POST", "/api/v1/units", "/api/v1/units", .addUnit, 201, #"{"code":"S-900","kind":"shop","area_m2":"12.50","phase":2}"#) {
            #expect(read("/api/v1/units/S-900") == unit)
        }
        if let unit = try send("POST", "/api/v1/units/{code}/status", "/api/v1/units/S-900/status", .setUnitStatus, 200, #"{"status":"out_of_service"}"#) {
            #expect(unit[path: "status"]?.text == "out_of_service" && read("/api/v1/units/S-900")[path: "status"] == unit[path: "status"])
        }
        if try send("POST", "/api/v1/units/{code}/status", "/api/v1/units/S-900/status", .setUnitStatus, 200, #"{"status":"available","on":"2030-06-30"}"#) != nil {
            #expect(read("/api/v1/units/S-900")[path: "status"]?.text == "available")
        }
        let merchant = try send("POST", "/api/v1/merchants", "/api/v1/merchants", .addMerchant, 201,
                                #"{"name":"测试商户","phone":"139-0000-0900","id_number":"11010519491231002X"}"#)
        let merchantID = merchant?[path: "id"]?.integer ?? 1
        if let merchant {
            #expect(merchant[path: "id_number"]?.text == "1101**********002X", "masked, as everywhere unless asked")
            #expect(read("/api/v1/merchants/\(merchantID)")[path: "name"]?.text == "测试商户")
            #expect(read("/api/v1/merchants/\(merchantID)?reveal_id=1")[path: "id_number"]?.text == "11010519491231002X")
        }
        let lease = try send("POST", "/api/v1/leases", "/api/v1/leases", .createLease, 201, #"""
            {"merchant_id":\#(merchantID),"units":["S-900"],"start_on":"2030-06-01","end_on":"2030-12-31","rent_fen":100000,
             "management_fee_kind":"per_m2","management_fee_fen":150,"deposit_fen":50000,"due_day":10,"cycle":null}
            """#)
        let leaseID = lease?[path: "id"]?.integer ?? 1
        if let lease {
            #expect(Self.holds(read("/api/v1/leases/\(leaseID)"), lease))
            #expect(lease[path: "management_fee_fen"]?.integer == 150 && lease[path: "due_day"]?.integer == 10)
            #expect(read("/api/v1/units/S-900")[path: "lease_id"]?.integer == leaseID)
        }
        if let terminated = try send("POST", "/api/v1/leases/{id}/terminate", "/api/v1/leases/\(leaseID)/terminate", .terminateLease, 200,
                                     #"{"on":"2030-06-20","reason":"测试退租"}"#) {
            #expect(terminated[path: "settlement"] != nil)
            #expect(read("/api/v1/leases/\(leaseID)")[path: "termination"] == .object([("on", .string("2030-06-20")), ("reason", .string("测试退租"))]))
        }
        let mistaken = try send("POST", "/api/v1/leases", "/api/v1/leases", .createLease, 201,
                                #"{"merchant_id":\#(merchantID),"units":["S-900"],"start_on":"2031-01-01","end_on":"2031-12-31","rent_fen":100000}"#)
        let mistakenID = mistaken?[path: "id"]?.integer ?? 1
        if try send("POST", "/api/v1/leases/{id}/cancel", "/api/v1/leases/\(mistakenID)/cancel", .cancelLease, 200, #"{"reason":"录错"}"#) != nil {
            #expect(read("/api/v1/leases/\(mistakenID)")[path: "cancellation.reason"]?.text == "录错")
            #expect(read("/api/v1/units/S-900?on=2031-02-01")[path: "status"]?.text == "available")
        }
        let running = try #require(try service.leases(activeOn: fixture.today).first { $0.renewedByLeaseID == nil })
        if let renewal = try send("POST", "/api/v1/leases/{id}/renew", "/api/v1/leases/\(running.id)/renew", .renewLease, 201,
                                  #"{"end_on":"2031-08-31","rent_fen":65000}"#) {
            let renewalID = try #require(renewal[path: "id"]?.integer)
            #expect(read("/api/v1/leases/\(renewalID)")[path: "previous_lease_id"]?.integer == running.id)
            #expect(read("/api/v1/leases/\(running.id)")[path: "renewed_by_lease_id"]?.integer == renewalID)
            #expect(renewal[path: "rent_fen"]?.integer == 65000 && renewal[path: "start_on"]?.text == running.endsOn.adding(days: 1).description)
        }
        if let market = try send("PATCH", "/api/v1/market", "/api/v1/market", .updateMarket, 200, #"{"name":"布王戈农特产品市场","household_max":6}"#) {
            #expect(read("/api/v1/market") == market)
            #expect(market[path: "name"]?.text == "布王戈农特产品市场" && market[path: "household_min"]?.integer == 3)
        }
    }

    mutating func billing() throws {
        let service = fixture.service
        if let run = try send("POST", "/api/v1/billing-runs", "/api/v1/billing-runs", .runBilling, 200, #"{"period":"2030-07"}"#) {
            let raised = try #require(run[path: "bills"]?.integer)
            #expect(raised > 0 && read("/api/v1/bills?period=2030-07")[path: "total"]?.integer == raised)
            let again = try send("POST", "/api/v1/billing-runs", "/api/v1/billing-runs", .runBilling, 200, #"{"period":"2030-07"}"#)
            #expect(again?[path: "bills"]?.integer == 0 && again?[path: "already_billed"]?.integer == raised, "a second run raises nothing")
        }
        let unpaid = try #require(try service.bills(merchantID: nil, period: nil, status: .open).first { $0.paid == .zero && $0.kind != .deposit })
        if let bill = try send("POST", "/api/v1/bills/{id}/void", "/api/v1/bills/\(unpaid.id)/void", .voidBill, 200, #"{"reason":"录错"}"#) {
            #expect(bill[path: "status"]?.text == "void" && read("/api/v1/bills/\(unpaid.id)") == bill)
        }
        let paid = try #require(try service.bills(merchantID: 1, period: nil, status: .paid).first)
        if let adjustment = try send("POST", "/api/v1/bills/{id}/adjust", "/api/v1/bills/\(paid.id)/adjust", .adjustBill, 201,
                                     #"{"amount_fen":-100,"reason":"优惠"}"#) {
            let id = try #require(adjustment[path: "id"]?.integer)
            #expect(read("/api/v1/bills/\(id)") == adjustment)
            #expect(adjustment[path: "original_bill_id"]?.integer == paid.id && adjustment[path: "total_fen"]?.integer == -100)
        }
        if let fees = try send("POST", "/api/v1/late-fee-assessments", "/api/v1/late-fee-assessments", .assessLateFees, 200, #"{"as_of":"2030-06-30"}"#) {
            let raised = try #require(fees[path: "bills"]?.integer)
            let lateFees = read("/api/v1/bills?period=2030-06&per_page=500").items.filter { $0[path: "kind"]?.text == "late_fee" }
            #expect(raised > 0 && Int64(lateFees.count) == raised)
        }
        let usage = try send("POST", "/api/v1/usage", "/api/v1/usage", .recordUsageIn, 201, #"{"merchant_id":1,"room":"C1-03","kg":100,"on":"2030-06-01"}"#)
        let usageID = usage?[path: "id"]?.integer ?? 1
        if let usage { #expect(read("/api/v1/usage?per_page=500").items.contains(usage)) }
        if let out = try send("POST", "/api/v1/usage/{id}/out", "/api/v1/usage/\(usageID)/out", .recordUsageOut, 200, #"{"on":"2030-06-30"}"#) {
            #expect(out[path: "out_on"]?.text == "2030-06-30" && read("/api/v1/usage?per_page=500").items.contains(out))
        }
        let payment = #"{"merchant_id":1,"amount_fen":500000,"method":"bank","reference":"scenario-1"}"#
        _ = try send("POST", "/api/v1/payments", "/api/v1/payments", .pay, 201, payment, headers: [("Idempotency-Key", "scenario-credit")])
        let mistaken = try send("POST", "/api/v1/payments", "/api/v1/payments", .pay, 201, #"{"merchant_id":1,"amount_fen":2000,"method":"现金"}"#,
                                headers: [("Idempotency-Key", "scenario-mistake")])
        let paymentID = mistaken?[path: "id"]?.integer ?? 1
        if let reversed = try send("POST", "/api/v1/payments/{id}/reverse", "/api/v1/payments/\(paymentID)/reverse", .reversePayment, 200, #"{"reason":"录重"}"#) {
            #expect(reversed[path: "reversed_on"]?.text == "2030-06-30" && read("/api/v1/payments/\(paymentID)") == reversed)
        }
        let refund = #"{"merchant_id":1,"amount_fen":10000,"method":"cash"}"#
        if let recorded = try send("POST", "/api/v1/refunds", "/api/v1/refunds", .refund, 201, refund, headers: [("Idempotency-Key", "scenario-refund")]) {
            #expect(recorded[path: "repeat"] == .bool(false))
            #expect(read("/api/v1/refunds?merchant_id=1&per_page=500").items.contains { $0[path: "id"] == recorded[path: "id"] })
            let again = try send("POST", "/api/v1/refunds", "/api/v1/refunds", .refund, 200, refund, headers: [("Idempotency-Key", "scenario-refund")])
            #expect(again?[path: "id"] == recorded[path: "id"] && again?[path: "repeat"] == .bool(true), "the same key records one refund")
        }
        let receipt = try #require(try service.receipts(merchantID: 1, year: 2026).first { $0.record.kind == .receipt && $0.voidedBy == nil })
        let number = receipt.record.number
        if let note = try send("POST", "/api/v1/receipts/{number}/invoice-notes", "/api/v1/receipts/\(number)/invoice-notes", .noteInvoice, 201,
                               #"{"invoice":"FP-2030-0001"}"#) {
            #expect(note[path: "kind"]?.text == "invoice_note")
            #expect(read("/api/v1/receipts/\(number)")[path: "invoices"] == .array([.string("FP-2030-0001")]))
        }
    }

    mutating func partyRegister() throws {
        let member = try send("POST", "/api/v1/party-members", "/api/v1/party-members", .addPartyMember, 201,
                              #"{"name":"测试党员","branch":"布王戈村党总支","phone":"13900000901"}"#)
        let memberID = member?[path: "id"]?.integer ?? 1
        if let member { #expect(Self.holds(read("/api/v1/party-members/\(memberID)"), member)) }
        let household = try send("POST", "/api/v1/households", "/api/v1/households", .addHousehold, 201,
                                 #"{"head":"测试户","group":"布王戈一组","people":3,"tags":["低保户"],"address":null}"#)
        let householdID = household?[path: "id"]?.integer ?? 1
        if let household { #expect(Self.holds(read("/api/v1/households/\(householdID)"), household)) }
        if let assignment = try send("POST", "/api/v1/assignments", "/api/v1/assignments", .assignHousehold, 201,
                                     #"{"household_id":\#(householdID),"member_id":\#(memberID),"on":"2030-06-01"}"#) {
            #expect(assignment[path: "member_id"]?.integer == memberID && read("/api/v1/households/\(householdID)")[path: "member_id"]?.integer == memberID)
        }
        let visit = try send("POST", "/api/v1/visits", "/api/v1/visits", .logVisit, 201, #"""
            {"member_id":\#(memberID),"household_id":\#(householdID),"on":"2030-06-10","raised":"路灯坏了","follow_up_on":"2030-07-10"}
            """#)
        let visitID = visit?[path: "id"]?.integer ?? 1
        if let visit { #expect(read("/api/v1/visits?open=true&per_page=500").items.contains(visit)) }
        if let closed = try send("POST", "/api/v1/visits/{id}/close", "/api/v1/visits/\(visitID)/close", .closeVisit, 200, nil) {
            #expect(closed[path: "resolved"] == .bool(true) && closed[path: "resolved_on"]?.text == "2030-06-30")
            #expect(!read("/api/v1/visits?open=true&per_page=500").items.contains { $0[path: "id"]?.integer == visitID })
        }
        if try send("POST", "/api/v1/households/{id}/end-assignment", "/api/v1/households/\(householdID)/end-assignment", .endAssignment, 200, "{}") != nil {
            #expect(read("/api/v1/households/\(householdID)")[path: "member_id"] == .null)
        }
        if let deactivated = try send("POST", "/api/v1/party-members/{id}/deactivate", "/api/v1/party-members/\(memberID)/deactivate", .deactivatePartyMember, 200,
                                      #"{"on":"2030-06-30"}"#) {
            #expect(deactivated[path: "uncovered_household_ids"] == .array([]))
            #expect(read("/api/v1/party-members/\(memberID)")[path: "active"] == .bool(false))
        }
        if let auto = try send("POST", "/api/v1/assignments/auto", "/api/v1/assignments/auto", .autoAssign, 200, #"{"on":"2030-06-30"}"#) {
            let made = auto[path: "assignments"]?.values ?? []
            #expect(auto[path: "dry_run"] == .bool(false) && !made.isEmpty)
            for assignment in made {
                let id = try #require(assignment[path: "household_id"]?.integer)
                #expect(read("/api/v1/households/\(id)")[path: "member_id"] == assignment[path: "member_id"])
            }
        }
    }

    mutating func users() throws {
        let secret = "a long enough secret"
        if let added = try send("POST", "/api/v1/users", "/api/v1/users", .addUser, 201, #"{"login":"desk","role":"operator","password":"\#(secret)"}"#) {
            #expect(added[path: "generated_password"] == .null && added[path: "user.role"]?.text == "operator")
            #expect(read("/api/v1/users").items.contains(try #require(added[path: "user"])))
            #expect(signIn("desk", secret) == 201)
        }
        if let added = try send("POST", "/api/v1/users", "/api/v1/users", .addUser, 201, #"{"login":"li-shop","role":"商户","merchant_id":1}"#) {
            let password = try #require(added[path: "generated_password"]?.text)
            #expect(added[path: "user.merchant_id"]?.integer == 1 && signIn("li-shop", password) == 201)
        }
        if let reset = try send("POST", "/api/v1/users/{login}/reset-password", "/api/v1/users/desk/reset-password", .resetPassword, 200, nil) {
            let password = try #require(reset[path: "generated_password"]?.text)
            #expect(reset[path: "sessions_ended"]?.integer == 1, "the sign-in above")
            #expect(signIn("desk", secret) == 401 && signIn("desk", password) == 201)
        }
        if let disabled = try send("POST", "/api/v1/users/{login}/disable", "/api/v1/users/desk/disable", .disableUser, 200, nil) {
            #expect(disabled[path: "user.disabled_at"] != .null && disabled[path: "sessions_ended"]?.integer == 1)
            #expect(read("/api/v1/users").items.first { $0[path: "login"]?.text == "desk" }?[path: "disabled_at"] == disabled[path: "user.disabled_at"])
        }
    }

    /// The status of signing in with the service's own sessions.
    func signIn(_ login: String, _ password: String) -> Int {
        fixture.request("POST", "/api/v1/sessions", token: nil, body: #"{"login":"\#(login)","password":"\#(password)"}"#, through: fixture.sessions).status
    }
}
