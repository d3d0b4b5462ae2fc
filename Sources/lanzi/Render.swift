import LanziCore
import LanziService
import LanziAPI

/// The text forms of what the commands print; `--json` prints the values' `json` instead.
enum Render {
    static func market(_ market: Market) -> String {
        """
        \(market.name) (\(market.code))
        operator:    \(market.operatorName)
        collective:  \(market.collectiveName)
        households per party member: \(market.householdMinimum)–\(market.householdMaximum)
        """
    }

    static func percent(_ basisPoints: Int64) -> String {
        "\(basisPoints / 100).\((basisPoints % 100 < 10 ? "0" : "") + String(basisPoints % 100))%"
    }

    static func kindName(_ kind: UnitKind) -> String {
        switch kind {
        case .shop: "shops"
        case .stall: "stalls"
        case .coldRoom: "cold rooms"
        }
    }

    static func summary(_ summary: MarketSummary) -> String {
        var table = TextTable([("", .left), ("units", .right), ("leased", .right), ("available", .right), ("out of service", .right),
                               ("occupancy", .right), ("area m²", .right), ("leased m²", .right), ("by area", .right)])
        for (name, kind) in summary.kinds.map({ (kindName($0.kind), $0) }) + [("all", summary.all)] {
            table.append([name, "\(kind.total)", "\(kind.leased)", "\(kind.available)", "\(kind.outOfService)",
                          percent(kind.occupancyByCountBasisPoints), kind.area.description, kind.leasedArea.description,
                          percent(kind.occupancyByAreaBasisPoints)])
        }
        return """
            \(summary.market.name) (\(summary.market.code)) on \(summary.date)
            operator \(summary.market.operatorName) · collective \(summary.market.collectiveName)

            \(table.rendered())

            merchants: \(summary.merchantCount) · active leases: \(summary.activeLeaseCount)
            """
    }

    static func units(_ units: [MarketUnit]) -> String {
        guard !units.isEmpty else { return "no units" }
        var table = TextTable([("code", .left), ("kind", .left), ("phase", .right), ("area m²", .right), ("status", .left),
                               ("lease", .right), ("building", .left), ("capacity kg", .right)])
        for unit in units {
            table.append([unit.code, unit.kind.rawValue, "\(unit.phase)", unit.area.description, unit.status.rawValue,
                          unit.currentLeaseID.map(String.init) ?? "", unit.coldRoom?.building ?? "",
                          unit.coldRoom.map { String($0.capacityKilograms) } ?? ""])
        }
        return table.rendered() + "\n\(units.count) unit(s)"
    }

    static func merchants(_ merchants: [Merchant]) -> String {
        guard !merchants.isEmpty else { return "no merchants" }
        var table = TextTable([("id", .right), ("name", .left), ("phone", .left), ("ID number", .left)])
        for merchant in merchants {
            table.append(["\(merchant.id)", merchant.name, merchant.phone, merchant.idNumber ?? ""])
        }
        return table.rendered() + "\n\(merchants.count) merchant(s)"
    }

    static func merchant(_ merchant: Merchant, leases: [Lease], today: CalendarDate) -> String {
        """
        merchant \(merchant.id): \(merchant.name)
        phone:      \(merchant.phone)
        ID number:  \(merchant.idNumber ?? "—")

        \(Render.leases(leases, today: today))
        """
    }

    static func leaseState(_ lease: Lease, on date: CalendarDate) -> String {
        if lease.cancellation != nil { return "cancelled" }
        if date < lease.startsOn { return "future" }
        if date <= lease.lastDay { return lease.termination == nil ? "active" : "active, ends early" }
        return lease.termination == nil ? "ended" : "terminated"
    }

    /// What `lease terminate` did: the new last day, each credit raised, and the deposit's settlement.
    static func termination(_ lease: Lease, _ settlement: TerminationSettlement) -> String {
        var lines = ["terminated lease \(lease.id) of \(lease.merchantName) (merchant \(lease.merchantID)): its last day is \(lease.lastDay)"]
        for correction in settlement.corrections {
            lines.append("  credit \(correction.number) of \(correction.amount.formattedWithSymbol) on bill \(correction.originalNumber): \(correction.reason)")
        }
        if settlement.corrections.isEmpty { lines.append("  nothing was billed beyond the last day") }
        if let number = settlement.depositSettlementNumber {
            let applied = settlement.depositApplied.map { "\($0.amount.formattedWithSymbol) against \($0.billNumber)" }
            lines.append("  deposit \(settlement.depositHeld.formattedWithSymbol) settled by \(number): "
                         + (applied.isEmpty ? "nothing owed to set it against" : applied.joined(separator: ", "))
                         + "; \(settlement.depositRefunded.formattedWithSymbol) refunded in cash")
        } else {
            lines.append("  no deposit was held")
        }
        return lines.joined(separator: "\n")
    }

    static func leases(_ leases: [Lease], today: CalendarDate) -> String {
        guard !leases.isEmpty else { return "no leases" }
        var table = TextTable([("id", .right), ("merchant", .left), ("units", .left), ("start", .left), ("last day", .left),
                               ("rent/month", .right), ("cycle", .left), ("state", .left)])
        for lease in leases {
            table.append(["\(lease.id)", lease.merchantName, lease.units.map(\.code).joined(separator: ","), lease.startsOn.description,
                          lease.lastDay.description, lease.terms.rent.formatted, lease.terms.cycle.rawValue, leaseState(lease, on: today)])
        }
        return table.rendered() + "\n\(leases.count) lease(s)"
    }

    static func lease(_ lease: Lease) -> String {
        let terms = lease.terms
        let fee: String = switch terms.managementFee {
        case .none: "none"
        case .perSquareMetre(let amount): "\(amount.formatted) per m² a month"
        case .fixed(let amount): "\(amount.formatted) a month"
        }
        var lines = [
            "lease \(lease.id): \(lease.merchantName) (merchant \(lease.merchantID))",
            "units:        \(lease.units.map { "\($0.code) (\($0.kind.rawValue), \($0.area) m²)" }.joined(separator: ", "))",
            "term:         \(lease.startsOn) to \(lease.endsOn)" + (lease.termination.map { ", terminated: last day \($0.endsOn) (\($0.reason))" } ?? ""),
            "rent:         \(terms.rent.formattedWithSymbol) a month, billed \(terms.cycle.rawValue)",
            "management:   \(fee)",
            "deposit:      \(terms.deposit.formattedWithSymbol)",
            "free months:  \(terms.freeMonths) · escalation \(terms.escalationBasisPoints) bp a year",
            "due day:      \(terms.dueDay) · grace \(terms.graceDays) days · late fee \(terms.lateFeeBasisPoints) bp a day, capped at \(terms.lateFeeCapBasisPoints) bp",
        ]
        if let cancellation = lease.cancellation { lines.append("cancelled:    \(cancellation.reason) (recorded \(cancellation.recordedAt)); the lease never ran") }
        if let previous = lease.previousLeaseID { lines.append("renews:       lease \(previous)") }
        if let next = lease.renewedByLeaseID { lines.append("renewed by:   lease \(next)") }
        var table = TextTable([("period", .left), ("days", .right), ("free", .right), ("rent in force", .right), ("rent", .right),
                               ("management", .right), ("total", .right), ("", .left)])
        let months = lease.schedule
        for month in months {
            let note = [month.hasEscalation ? "escalation" : nil, month.leasedDays < month.period.dayCount ? "part month" : nil]
                .compactMap { $0 }.joined(separator: ", ")
            table.append([month.period.description, "\(month.leasedDays)", month.freeDays > 0 ? "\(month.freeDays)" : "",
                          month.rentInForce.formatted, month.rent.formatted, month.managementFee.formatted, month.total.formatted, note])
        }
        let rent = months.reduce(Money.zero) { $0 + $1.rent }
        let management = months.reduce(Money.zero) { $0 + $1.managementFee }
        table.append(["total", "", "", "", rent.formatted, management.formatted, (rent + management).formatted, ""])
        lines.append("")
        lines.append(table.rendered())
        return lines.joined(separator: "\n")
    }
}
