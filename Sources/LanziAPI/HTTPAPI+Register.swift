import LanziCore
import LanziService

extension HTTPAPI {
    /// The market, its units, merchants and leases.
    static let registerRoutes: [Entry] = [
        Entry("GET", "/api/v1/market") { call in APIAnswer(json: try call.service.market().json) },
        // A change of some settings: a member left out keeps its value, as `market set` does.
        Entry("PATCH", "/api/v1/market") { call in
            let body = try call.body(for: .updateMarket)
            try body.allowOnly(["name", "operator", "collective", "household_min", "household_max"])
            let market = try call.service.updateMarket(
                name: try body.string("name"), operatorName: try body.string("operator"), collectiveName: try body.string("collective"),
                householdMinimum: try body.integer("household_min").map(Int.init), householdMaximum: try body.integer("household_max").map(Int.init))
            return APIAnswer(json: market.json)
        },
        Entry("GET", "/api/v1/summary") { call in APIAnswer(json: try call.service.summary(on: try call.queryDate("on") ?? call.today).json) },
        Entry("GET", "/api/v1/units") { call in
            let units = try call.service.units(kind: try call.query("kind").map { try UnitKind.parse($0, field: "kind") },
                                               status: try call.query("status").map { try UnitStatus.parse($0, field: "status") },
                                               on: try call.queryDate("on") ?? call.today)
            return APIAnswer(json: try call.page(units, \.json))
        },
        Entry("POST", "/api/v1/units") { call in
            let body = try call.body(for: .addUnit)
            try body.allowOnly(["code", "kind", "phase", "area_m2", "building", "capacity_kg"])
            let draft = UnitDraft(code: try body.requiredString("code"), kind: try UnitKind.parse(try body.requiredString("kind"), field: "kind"),
                                  phase: Int(try body.integer("phase") ?? 1), area: try Area.parse(try body.requiredString("area_m2"), field: "area_m2"),
                                  coldRoom: ColdRoomDetails(building: try body.string("building"), capacityKilograms: try body.integer("capacity_kg")))
            return APIAnswer(status: .created, json: try call.service.addUnit(draft).json)
        },
        Entry("GET", "/api/v1/units/{code}") { call in
            APIAnswer(json: try call.service.unit(code: try call.text("code"), on: try call.queryDate("on") ?? call.today).json)
        },
        Entry("POST", "/api/v1/units/{code}/status") { call in
            let body = try call.body(for: .setUnitStatus)
            try body.allowOnly(["status", "on"])
            let status = try UnitStatus.parseSettable(try body.requiredString("status"), field: "status")
            let unit = try call.service.setUnitStatus(code: try call.text("code"), outOfService: status == .outOfService, on: try body.date("on") ?? call.today)
            return APIAnswer(json: unit.json)
        },
        Entry("GET", "/api/v1/merchants") { call in
            APIAnswer(json: try call.page(try call.service.merchants(revealIDNumbers: try call.queryBoolean("reveal_id")), \.json))
        },
        Entry("POST", "/api/v1/merchants") { call in
            let body = try call.body(for: .addMerchant)
            try body.allowOnly(["name", "phone", "id_number", "again"])
            let draft = MerchantDraft(name: try body.requiredString("name"), phone: try body.requiredString("phone"), idNumber: try body.string("id_number"))
            return APIAnswer(status: .created, json: try call.service.addMerchant(draft, again: try body.boolean("again") ?? false).json)
        },
        Entry("GET", "/api/v1/merchants/{id}") { call in
            let (merchant, leases) = try call.service.merchant(id: try call.id(), revealIDNumber: try call.queryBoolean("reveal_id"))
            return APIAnswer(json: merchant.json(leases: leases))
        },
        Entry("GET", "/api/v1/leases") { call in
            let leases = try call.service.leases(merchantID: try call.queryInteger("merchant_id"), activeOn: try call.queryDate("active_on"))
            return APIAnswer(json: try call.page(leases) { $0.json(withSchedule: false) })
        },
        Entry("POST", "/api/v1/leases") { call in
            let body = try call.body(for: .createLease)
            try body.allowOnly(["merchant_id", "units", "start_on", "end_on", "rent_fen", "rent_free", "cycle", "management_fee_kind", "management_fee_fen",
                                "deposit_fen", "free_months", "escalation_bp", "due_day", "grace_days", "late_fee_bp", "late_fee_cap_bp"])
            let draft = LeaseDraft(merchantID: try body.requiredInteger("merchant_id"), unitCodes: try body.strings("units"),
                                   startsOn: try body.requiredDate("start_on"), endsOn: try body.requiredDate("end_on"), terms: try leaseTerms(body))
            let lease = try call.service.createLease(draft, isRentFree: try body.boolean("rent_free") ?? false)
            return APIAnswer(status: .created, json: lease.json(withSchedule: false))
        },
        Entry("GET", "/api/v1/leases/{id}") { call in APIAnswer(json: try call.service.lease(id: try call.id()).json(withSchedule: true)) },
        // A renewal is a new lease that follows the old one: created, so 201.
        Entry("POST", "/api/v1/leases/{id}/renew") { call in
            let body = try call.body(for: .renewLease)
            try body.allowOnly(["end_on", "rent_fen"])
            let lease = try call.service.renewLease(id: try call.id(), endsOn: try body.requiredDate("end_on"), rent: try body.fen("rent_fen"))
            return APIAnswer(status: .created, json: lease.json(withSchedule: false))
        },
        Entry("POST", "/api/v1/leases/{id}/terminate") { call in
            let body = try call.body(for: .terminateLease)
            try body.allowOnly(["on", "reason"])
            let (lease, settlement) = try call.service.terminateLease(id: try call.id(), endsOn: try body.requiredDate("on"), reason: try body.string("reason") ?? "")
            return APIAnswer(json: lease.json(settlement: settlement))
        },
        Entry("POST", "/api/v1/leases/{id}/cancel") { call in
            let body = try call.body(for: .cancelLease)
            try body.allowOnly(["reason"])
            return APIAnswer(json: try call.service.cancelLease(id: try call.id(), reason: try body.requiredString("reason")).json(withSchedule: false))
        },
    ]

    /// A lease's terms as a body gives them, in the members of the lease's own shape; each one
    /// left out takes `LeaseTerms`' default, as on the command line.
    static func leaseTerms(_ body: APIBody) throws -> LeaseTerms {
        var terms = LeaseTerms(rent: try body.requiredFen("rent_fen"))
        if let cycle = try body.string("cycle") { terms.cycle = try BillingCycle.parse(cycle, field: "cycle") }
        let kind = try body.string("management_fee_kind") ?? "none"
        let fee = try body.fen("management_fee_fen")
        guard let managementFee = ManagementFee(kind: kind, amount: fee ?? .zero) else {
            throw DomainError(field: "management_fee_kind", rule: "must be one of none, per_m2, fixed, got \"\(kind)\"")
        }
        // A fee with no kind would be dropped without a word.
        if managementFee == .none, let fee, fee != .zero {
            throw DomainError(field: "management_fee_fen", rule: "must be 0 or left out when management_fee_kind is none")
        }
        terms.managementFee = managementFee
        if let deposit = try body.fen("deposit_fen") { terms.deposit = deposit }
        if let value = try body.integer("free_months") { terms.freeMonths = Int(value) }
        if let value = try body.integer("escalation_bp") { terms.escalationBasisPoints = Int(value) }
        if let value = try body.integer("due_day") { terms.dueDay = Int(value) }
        if let value = try body.integer("grace_days") { terms.graceDays = Int(value) }
        if let value = try body.integer("late_fee_bp") { terms.lateFeeBasisPoints = Int(value) }
        if let value = try body.integer("late_fee_cap_bp") { terms.lateFeeCapBasisPoints = Int(value) }
        return terms
    }
}
