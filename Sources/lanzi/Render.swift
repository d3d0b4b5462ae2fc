import LanziCore
import LanziService
import LanziAPI

/// The text forms of what the commands print; `--json` prints the values' `json` instead.
enum Render {
    static func market(_ market: Market) -> String {
        [
            "\(market.name) (\(market.code))",
            t("operator:    \(market.operatorName)"),
            t("collective:  \(market.collectiveName)"),
            t("households per party member: \(market.householdMinimum)–\(market.householdMaximum)"),
        ].joined(separator: "\n")
    }

    static func kindName(_ kind: UnitKind) -> String {
        switch kind {
        case .shop: t("shops")
        case .stall: t("stalls")
        case .coldRoom: t("cold rooms")
        }
    }

    /// A section of a seed report (`SeedReport.sections`) as a person reads it.
    static func seedSection(_ section: String) -> String {
        switch section {
        case "units": t("units")
        case "merchants": t("merchants")
        case "leases": t("leases")
        case "terminations": t("terminations")
        case "party_members": t("party_members")
        case "households": t("households")
        case "assignments": t("assignments")
        case "visits": t("visits")
        case "bills": t("bills")
        case "payments": t("payments")
        case "late_fee_bills": t("late_fee_bills")
        case "deposit_settlements": t("deposit_settlements")
        case "other_income": t("other_income")
        case "expenses": t("expenses")
        case "expenses_reversals": t("expenses_reversals")
        default: section
        }
    }

    static func summary(_ summary: MarketSummary) -> String {
        var table = TextTable([("", .left), (t("units"), .right), (t("leased"), .right), (t("available"), .right), (t("out of service"), .right),
                               (t("occupancy"), .right), (t("area m²"), .right), (t("leased m²"), .right), (t("by area"), .right)])
        for (name, kind) in summary.kinds.map({ (kindName($0.kind), $0) }) + [(t("all"), summary.all)] {
            table.append([name, "\(kind.total)", "\(kind.leased)", "\(kind.available)", "\(kind.outOfService)",
                          BasisPoints.percentText(kind.occupancyByCountBasisPoints), kind.area.description, kind.leasedArea.description,
                          BasisPoints.percentText(kind.occupancyByAreaBasisPoints)])
        }
        return [
            t("\(summary.market.name) (\(summary.market.code)) on \(summary.date)"),
            t("operator \(summary.market.operatorName) · collective \(summary.market.collectiveName)"),
            "",
            table.rendered(),
            "",
            t("merchants: \(summary.merchantCount) · active leases: \(summary.activeLeaseCount)"),
        ].joined(separator: "\n")
    }

    static func units(_ units: [MarketUnit]) -> String {
        guard !units.isEmpty else { return t("no units") }
        var table = TextTable([(t("code"), .left), (t("kind"), .left), (t("phase"), .right), (t("area m²"), .right), (t("status"), .left),
                               (t("lease"), .right), (t("building"), .left), (t("capacity kg"), .right)])
        for unit in units {
            table.append([unit.code, unit.kind.phrase.description, "\(unit.phase)", unit.area.description, unit.status.phrase.description,
                          unit.currentLeaseID.map(String.init) ?? "", unit.coldRoom?.building ?? "",
                          unit.coldRoom.map { String($0.capacityKilograms) } ?? ""])
        }
        return table.rendered() + "\n" + t("\(units.count) unit(s)")
    }

    static func merchants(_ merchants: [Merchant]) -> String {
        guard !merchants.isEmpty else { return t("no merchants") }
        var table = TextTable([(t("id"), .right), (t("name"), .left), (t("phone"), .left), (t("ID number"), .left)])
        for merchant in merchants {
            table.append(["\(merchant.id)", merchant.name, merchant.phone, merchant.idNumber ?? ""])
        }
        return table.rendered() + "\n" + t("\(merchants.count) merchant(s)")
    }

    static func merchant(_ merchant: Merchant, leases: [Lease], today: CalendarDate) -> String {
        [
            t("merchant \(merchant.id): \(merchant.name)"),
            t("phone:      \(merchant.phone)"),
            t("ID number:  \(merchant.idNumber ?? "—")"),
            "",
            Render.leases(leases, today: today),
        ].joined(separator: "\n")
    }

    static func leaseState(_ lease: Lease, on date: CalendarDate) -> String {
        if lease.cancellation != nil { return t("cancelled") }
        if date < lease.startsOn { return t("future") }
        if date <= lease.lastDay { return lease.termination == nil ? t("active") : t("active, ends early") }
        return lease.termination == nil ? t("ended") : t("terminated")
    }

    /// What `lease terminate` did: the new last day, each credit raised, and the deposit's settlement.
    static func termination(_ lease: Lease, _ settlement: TerminationSettlement) -> String {
        var lines = [t("terminated lease \(lease.id) of \(lease.merchantName) (merchant \(lease.merchantID)): its last day is \(lease.lastDay)")]
        for correction in settlement.corrections {
            // The reason is the adjustment's stored record, shown as it was written.
            lines.append(t("  credit \(correction.number) of \(correction.amount.formattedWithSymbol) on bill \(correction.originalNumber): \(correction.reason)"))
        }
        if settlement.corrections.isEmpty { lines.append(t("  nothing was billed beyond the last day")) }
        if let number = settlement.depositSettlementNumber {
            let applied = settlement.depositApplied.map { t("\($0.amount.formattedWithSymbol) against \($0.billNumber)") }
            lines.append(t("  deposit \(settlement.depositHeld.formattedWithSymbol) settled by \(number): ")
                         + (applied.isEmpty ? t("nothing owed to set it against") : applied.joined(separator: ", "))
                         + t("; \(settlement.depositRefunded.formattedWithSymbol) refunded in cash"))
        } else {
            lines.append(t("  no deposit was held"))
        }
        return lines.joined(separator: "\n")
    }

    static func leases(_ leases: [Lease], today: CalendarDate) -> String {
        guard !leases.isEmpty else { return t("no leases") }
        var table = TextTable([(t("id"), .right), (t("merchant"), .left), (t("units"), .left), (t("start"), .left), (t("last day"), .left),
                               (t("rent/month"), .right), (t("cycle"), .left), (t("state"), .left)])
        for lease in leases {
            table.append(["\(lease.id)", lease.merchantName, lease.units.map(\.code).joined(separator: ","), lease.startsOn.description,
                          lease.lastDay.description, lease.terms.rent.formatted, lease.terms.cycle.phrase.description, leaseState(lease, on: today)])
        }
        return table.rendered() + "\n" + t("\(leases.count) lease(s)")
    }

    static func lease(_ lease: Lease) -> String {
        let terms = lease.terms
        let fee: String = switch terms.managementFee {
        case .none: t("none")
        case .perSquareMetre(let amount): t("\(amount.formatted) per m² a month")
        case .fixed(let amount): t("\(amount.formatted) a month")
        }
        var lines = [
            t("lease \(lease.id): \(lease.merchantName) (merchant \(lease.merchantID))"),
            t("units:        \(lease.units.map { t("\($0.code) (\($0.kind.phrase), \($0.area) m²)") }.joined(separator: ", "))"),
            t("term:         \(lease.startsOn) to \(lease.endsOn)") + (lease.termination.map { t(", terminated: last day \($0.endsOn) (\($0.reasonPhrase))") } ?? ""),
            t("rent:         \(terms.rent.formattedWithSymbol) a month, billed \(terms.cycle.phrase)"),
            t("management:   \(fee)"),
            t("deposit:      \(terms.deposit.formattedWithSymbol)"),
            t("free months:  \(terms.freeMonths) · escalation \(terms.escalationBasisPoints) bp a year"),
            t("due day:      \(terms.dueDay) · grace \(terms.graceDays) days · late fee \(terms.lateFeeBasisPoints) bp a day, capped at \(terms.lateFeeCapBasisPoints) bp"),
        ]
        if let cancellation = lease.cancellation {
            lines.append(t("cancelled:    \(cancellation.reason) (recorded \(cancellation.recordedAt)); the lease never ran"))
        }
        if let previous = lease.previousLeaseID { lines.append(t("renews:       lease \(previous)")) }
        if let next = lease.renewedByLeaseID { lines.append(t("renewed by:   lease \(next)")) }
        var table = TextTable([(t("period"), .left), (t("days"), .right), (t("free"), .right), (t("rent in force"), .right), (t("rent"), .right),
                               (t("management"), .right), (t("total"), .right), ("", .left)])
        let months = lease.schedule
        for month in months {
            let note = [month.hasEscalation ? t("escalation") : nil, month.leasedDays < month.period.dayCount ? t("part month") : nil]
                .compactMap { $0 }.joined(separator: ", ")
            table.append([month.period.description, "\(month.leasedDays)", month.freeDays > 0 ? "\(month.freeDays)" : "",
                          month.rentInForce.formatted, month.rent.formatted, month.managementFee.formatted, month.total.formatted, note])
        }
        let rent = months.reduce(Money.zero) { $0 + $1.rent }
        let management = months.reduce(Money.zero) { $0 + $1.managementFee }
        table.append([t("total"), "", "", "", rent.formatted, management.formatted, (rent + management).formatted, ""])
        lines.append("")
        lines.append(table.rendered())
        return lines.joined(separator: "\n")
    }
}
