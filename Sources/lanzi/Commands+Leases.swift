import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `lease …`.
extension Commands {
    static let leases: [CommandSpec] = [
        CommandSpec(["lease", "create"], "lease one or more units to a merchant", options: [
            .value("merchant", "ID", "the merchant", required: true),
            .value("units", "CODE[,CODE]", "the units, comma-separated", required: true),
            .value("start", "DATE", "first day", required: true),
            .value("end", "DATE", "last day (inclusive)", required: true),
            .value("rent", "AMOUNT", "rent per month for all the units, in CNY (1200.50)", required: true),
            .value("cycle", "CYCLE", "monthly (default), quarterly or yearly; billed in advance"),
            .value("fee-per-m2", "AMOUNT", "management fee per m² per month"),
            .value("fee-fixed", "AMOUNT", "management fee per month, fixed"),
            .value("deposit", "AMOUNT", "deposit (default 0)"),
            .value("free-months", "N", "rent-free months at the start (default 0)"),
            .value("escalation-bp", "N", "yearly rent rise on each anniversary, basis points (default 0)"),
            .value("due-day", "N", "day of the month bills fall due, 1–28 (default 5)"),
            .value("grace-days", "N", "days after the due day before late fees (default 0)"),
            .value("late-fee-bp", "N", "late fee per day, basis points of the overdue amount (default 0)"),
            .value("late-fee-cap-bp", "N", "cap on a bill's late fees, basis points of the overdue amount (default 10000)"),
            .flag("free", "confirm a rent of 0: the lease is rent-free on purpose"),
        ]) { context in
            let invocation = context.invocation
            let merchantID = try Invocation.integer(invocation.required("merchant"), field: "--merchant")
            let lease = try context.service().createLease(LeaseDraft(
                merchantID: Int64(merchantID),
                unitCodes: invocation.required("units").split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) },
                startsOn: try CalendarDate.parse(invocation.required("start"), field: "--start"),
                endsOn: try CalendarDate.parse(invocation.required("end"), field: "--end"),
                terms: try terms(invocation)), isRentFree: invocation.flag("free"))
            context.emit(lease.json(withSchedule: false)) {
                t("created lease \(lease.id): \(lease.units.map(\.code).joined(separator: ",")) to \(lease.merchantName), \(lease.startsOn) to \(lease.endsOn), rent \(lease.terms.rent) a month")
            }
        },
        CommandSpec(["lease", "list"], "list leases", options: [
            .value("merchant", "ID", "only this merchant's"),
            .value("active-on", "DATE", "only those running on this day"),
        ]) { context in
            let invocation = context.invocation
            let leases = try context.service().leases(
                merchantID: try invocation.integer("merchant").map(Int64.init), activeOn: try invocation.date("active-on"))
            context.emit(.array(leases.map { $0.json(withSchedule: false) })) { Render.leases(leases, today: context.today) }
        },
        CommandSpec(["lease", "show"], "show a lease with its month-by-month rent schedule", arguments: ["ID"]) { context in
            let lease = try context.service().lease(id: try context.invocation.id())
            context.emit(lease.json(withSchedule: true)) { Render.lease(lease) }
        },
        CommandSpec(["lease", "renew"], "renew a lease: a new lease from the day after it ends, same merchant, units and terms", arguments: ["ID"], options: [
            .value("end", "DATE", "the renewal's last day", required: true),
            .value("rent", "AMOUNT", "rent per month (default: the rent in force at the old lease's end)"),
        ]) { context in
            let invocation = context.invocation
            let lease = try context.service().renewLease(id: try invocation.id(), endsOn: try CalendarDate.parse(invocation.required("end"), field: "--end"),
                                                         rent: try invocation.money("rent"))
            context.emit(lease.json(withSchedule: false)) {
                t("renewed lease \(lease.previousLeaseID ?? 0) as lease \(lease.id): \(lease.startsOn) to \(lease.endsOn), rent \(lease.terms.rent) a month")
            }
        },
        CommandSpec(["lease", "terminate"], "end a lease early; --on is its new last day", arguments: ["ID"], options: [
            .value("on", "DATE", "the lease's new last day (inclusive)", required: true),
            .value("reason", "TEXT", "why (default \"early termination\")"),
        ]) { context in
            let invocation = context.invocation
            let (lease, settlement) = try context.service().terminateLease(id: try invocation.id(), endsOn: try CalendarDate.parse(invocation.required("on"), field: "--on"),
                                                                           reason: invocation.value("reason") ?? "")
            context.emit(lease.json(settlement: settlement)) { Render.termination(lease, settlement) }
        },
        CommandSpec(["lease", "cancel"], "withdraw a lease entered by mistake, while nothing has been billed on it (its units are free again)",
                    arguments: ["ID"], options: [
            .value("reason", "TEXT", "why it is withdrawn", required: true),
        ]) { context in
            let invocation = context.invocation
            let lease = try context.service().cancelLease(id: try invocation.id(), reason: invocation.required("reason"))
            context.emit(lease.json(withSchedule: false)) {
                t("cancelled lease \(lease.id) of \(lease.merchantName) (merchant \(lease.merchantID)): \(lease.units.map(\.code).joined(separator: ", ")) free again from \(lease.startsOn)")
            }
        },
    ]

    static func terms(_ invocation: Invocation) throws -> LeaseTerms {
        var terms = LeaseTerms(rent: try Money.parse(invocation.required("rent"), field: "--rent"))
        if let cycle = invocation.value("cycle") { terms.cycle = try BillingCycle.parse(cycle, field: "--cycle") }
        switch (try invocation.money("fee-per-m2"), try invocation.money("fee-fixed")) {
        case (.some, .some): throw DomainError(field: "--fee-fixed", rule: "give --fee-per-m2 or --fee-fixed, not both")
        case (let fee?, nil): terms.managementFee = .perSquareMetre(fee)
        case (nil, let fee?): terms.managementFee = .fixed(fee)
        case (nil, nil): break
        }
        if let deposit = try invocation.money("deposit") { terms.deposit = deposit }
        if let value = try invocation.integer("free-months") { terms.freeMonths = value }
        if let value = try invocation.integer("escalation-bp") { terms.escalationBasisPoints = value }
        if let value = try invocation.integer("due-day") { terms.dueDay = value }
        if let value = try invocation.integer("grace-days") { terms.graceDays = value }
        if let value = try invocation.integer("late-fee-bp") { terms.lateFeeBasisPoints = value }
        if let value = try invocation.integer("late-fee-cap-bp") { terms.lateFeeCapBasisPoints = value }
        return terms
    }
}
