/// What a lease is billed, month by month and cycle by cycle: pure rules, no storage.
package enum BillingRules {
    /// Whether a billing cycle of `lease` starts in `period`: cycles run from the lease's
    /// first month in steps of 1, 3 or 12 months, and none starts after the real last day.
    package static func cycleStarts(_ lease: Lease, in period: Period) -> Bool {
        let offset = lease.startsOn.period.months(to: period)
        return offset >= 0 && period <= lease.lastDay.period && offset % lease.terms.cycle.months == 0
    }

    /// The bill for the cycle of `lease` that starts in `period`, billed in advance: a rent
    /// line and a management-fee line for each month of the cycle (prorated, free months and
    /// escalation applied, each rounded once), zero lines left out. Nil when no cycle starts
    /// then or the cycle owes nothing.
    package static func cycleBill(for lease: Lease, period: Period) -> PlannedBill? {
        guard cycleStarts(lease, in: period) else { return nil }
        let last = period.adding(months: lease.terms.cycle.months - 1)
        let unitCodes = lease.units.map(\.code).joined(separator: ",")
        var lines: [PlannedLine] = []
        var firstDay: CalendarDate?
        let months = RentSchedule.make(startsOn: lease.startsOn, lastDay: lease.lastDay, terms: lease.terms, area: lease.area, from: period, through: last)
        for month in months {
            firstDay = firstDay ?? month.firstDay
            // The parts a whole month leaves out are left out of the phrase, not said empty.
            var parts: [Phrase] = []
            if month.leasedDays < month.period.dayCount { parts.append(Phrase(", \(month.leasedDays) of \(month.period.dayCount) days")) }
            if month.rent.fen > 0 {
                let free = month.freeDays > 0 ? [Phrase(", \(month.freeDays) days free")] : []
                lines.append(PlannedLine(kind: .rent, period: month.period, phrase: .joined([Phrase("rent \(month.period) \(unitCodes)")] + parts + free),
                                         amount: month.rent))
            }
            if month.managementFee.fen > 0 {
                lines.append(PlannedLine(kind: .managementFee, period: month.period,
                                         phrase: .joined([Phrase("management fee \(month.period) \(unitCodes)")] + parts), amount: month.managementFee))
            }
        }
        guard let firstDay, !lines.isEmpty else { return nil }
        return PlannedBill(kind: .regular, period: period, dueOn: dueDate(for: lease, period: period, firstDay: firstDay), lines: lines)
    }

    /// The due day of `period`, or the first billed day when the lease starts after it.
    static func dueDate(for lease: Lease, period: Period, firstDay: CalendarDate) -> CalendarDate {
        let due = CalendarDate(uncheckedYear: period.year, month: period.month, day: lease.terms.dueDay)
        return max(due, firstDay)
    }

    /// The deposit bill of a lease, due on its first day. A renewal is billed only what its
    /// deposit exceeds the deposit already held for the lease it follows.
    package static func depositBill(for lease: Lease, alreadyHeld: Money) -> PlannedBill? {
        let amount = lease.terms.deposit.fen - alreadyHeld.fen
        guard amount > 0 else { return nil }
        var parts = [Phrase("deposit, lease \(lease.id) (\(lease.units.map(\.code).joined(separator: ",")))")]
        if alreadyHeld.fen > 0 { parts.append(Phrase(", above the \(alreadyHeld) already held")) }
        return PlannedBill(kind: .deposit, period: lease.startsOn.period, dueOn: lease.startsOn,
                           lines: [PlannedLine(kind: .deposit, period: nil, phrase: .joined(parts), amount: Money(fen: amount))])
    }

    /// The kind whose rent income account a lease's rent goes to: that of its largest unit
    /// (by area, then code), as a lease of mixed kinds is let for its main unit.
    package static func principalKind(of lease: Lease) -> UnitKind {
        lease.units.max { ($0.area, $1.code) < ($1.area, $0.code) }?.kind ?? .shop
    }
}

/// Late fees: a day's fee is the lease's rate on the principal still unpaid that day, from
/// the day after the due date plus grace days; the total is rounded half up once, and never
/// exceeds the cap (basis points of the principal) nor the principal itself.
package enum LateFeeRule {
    /// - Parameters:
    ///   - principal: the bill's total (late fees are never charged on late fees).
    ///   - firstLateDay: the first day a fee accrues: due date + grace days + 1.
    ///   - payments: money set against the bill, by day (negative for a reversal).
    package static func accrued(principal: Money, firstLateDay: CalendarDate, asOf: CalendarDate,
                                payments: [(on: CalendarDate, amount: Money)], rateBasisPoints: Int, capBasisPoints: Int) -> Money {
        guard asOf >= firstLateDay, principal.fen > 0, rateBasisPoints > 0 else { return .zero }
        let changes = payments.sorted { $0.on < $1.on }
        var unpaid = principal.fen
        var index = 0
        // Payments made before the first late day count from the start.
        while index < changes.count, changes[index].on < firstLateDay { unpaid -= changes[index].amount.fen; index += 1 }
        var weighted: Int128 = 0
        var day = firstLateDay
        while day <= asOf {
            // Apply the payments of `day` (a payment on a day stops that day's fee).
            while index < changes.count, changes[index].on <= day { unpaid -= changes[index].amount.fen; index += 1 }
            let nextChange = index < changes.count ? min(changes[index].on, asOf.adding(days: 1)) : asOf.adding(days: 1)
            let days = day.days(to: nextChange)
            weighted += Int128(max(0, unpaid)) * Int128(days)
            day = nextChange
        }
        let fee = Rounding.divideHalfUp(weighted * Int128(rateBasisPoints), by: 10_000)
        let cap = min(Rounding.multiplyDivideHalfUp(principal.fen, by: Int64(capBasisPoints), dividedBy: 10_000), principal.fen)
        return Money(fen: min(fee, cap))
    }
}

/// Cold-store usage: kilogram-days at the market's rate in fen per tonne per day. Every day
/// the goods are in the room counts, the day in and the day out included, each in the month
/// it falls in.
package enum ColdStoreRule {
    /// Kilogram-days of one record inside `period`; a record still in counts to the period's end.
    package static func kilogramDays(kilograms: Int64, inOn: CalendarDate, outOn: CalendarDate?, period: Period) -> Int64 {
        let first = max(inOn, period.firstDay)
        let last = min(outOn ?? period.lastDay, period.lastDay)
        guard last >= first else { return 0 }
        return kilograms * Int64(first.days(to: last) + 1)
    }

    /// The charge for `kilogramDays`, rounded half up once.
    package static func charge(kilogramDays: Int64, rateFenPerTonneDay: Int64) -> Money {
        Money(fen: Rounding.multiplyDivideHalfUp(kilogramDays, by: rateFenPerTonneDay, dividedBy: 1000))
    }
}
