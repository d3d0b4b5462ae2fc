/// Calendar arithmetic that leases share: whole lease-months and anniversaries.
package enum LeaseCalendar {
    /// The number of lease-months from `start` through `lastDay`, a part month counting as
    /// one: 2026-01-15…2026-02-14 is 1, 2026-01-15…2026-02-15 is 2.
    package static func monthCount(from start: CalendarDate, through lastDay: CalendarDate) -> Int {
        var months = max(0, start.period.months(to: lastDay.period) - 1)
        while start.adding(months: months) <= lastDay { months += 1 }
        return months
    }

    /// How many anniversaries of `start` fall on or before `date` (0 in the first year). An
    /// anniversary of 29 February falls on 28 February in a common year.
    package static func anniversariesPassed(since start: CalendarDate, on date: CalendarDate) -> Int {
        guard date >= start else { return 0 }
        var years = date.year - start.year
        if start.adding(years: years) > date { years -= 1 }
        return years
    }
}

/// A lease's rent month by month: rent-free months at the start, the yearly escalation on
/// each anniversary (compounding, rounded half up to the fen each year), and proration by
/// days in a month that the lease enters or leaves part way.
///
/// One rule covers every case: a month's rent is Σ(rent in force × chargeable days) ÷ days
/// in the month, rounded half up once. A full month at one rate is exactly that rate; a month
/// with an anniversary or the end of the free period inside it is split by days.
package enum RentSchedule {
    /// One calendar month of a lease.
    package struct Month: Hashable, Sendable {
        package var period: Period
        package var firstDay: CalendarDate
        package var lastDay: CalendarDate
        /// Days of the month inside the lease.
        package var leasedDays: Int
        /// Days of those that are rent-free.
        package var freeDays: Int
        /// The monthly rent in force on the month's last leased day.
        package var rentInForce: Money
        /// Whether an anniversary (a step up in rent) falls in this month.
        package var hasEscalation: Bool
        package var rent: Money
        package var managementFee: Money

        package var total: Money { rent + managementFee }
    }

    /// The monthly rent in force on `date`: the starting rent raised once per anniversary passed.
    package static func rentInForce(on date: CalendarDate, startsOn: CalendarDate, terms: LeaseTerms) -> Money {
        rent(afterAnniversaries: LeaseCalendar.anniversariesPassed(since: startsOn, on: date), terms: terms)
    }

    static func rent(afterAnniversaries count: Int, terms: LeaseTerms) -> Money {
        var fen = terms.rent.fen
        for _ in 0..<count { fen = Rounding.applyBasisPoints(fen, terms.escalationBasisPoints) }
        return Money(fen: fen)
    }

    /// Every month from the lease's first to its last day, or only those from `first`
    /// through `last` (a billing cycle), computed exactly as in the whole schedule.
    package static func make(startsOn: CalendarDate, lastDay: CalendarDate, terms: LeaseTerms, area: Area,
                             from first: Period? = nil, through last: Period? = nil) -> [Month] {
        guard lastDay >= startsOn else { return [] }
        let freeUntil = startsOn.adding(months: terms.freeMonths)   // first day that is not free
        var rentsByYear: [Money] = [terms.rent]
        func rent(year: Int) -> Money {
            while rentsByYear.count <= year {
                rentsByYear.append(Money(fen: Rounding.applyBasisPoints(rentsByYear.last!.fen, terms.escalationBasisPoints)))
            }
            return rentsByYear[year]
        }

        var months: [Month] = []
        var period = max(startsOn.period, first ?? startsOn.period)
        let end = min(lastDay.period, last ?? lastDay.period)
        while period <= end {
            let first = max(period.firstDay, startsOn)
            let last = min(period.lastDay, lastDay)
            // Days where the rate or the free status may change inside the month.
            var breaks: [CalendarDate] = []
            if freeUntil > first && freeUntil <= last { breaks.append(freeUntil) }
            let firstYear = LeaseCalendar.anniversariesPassed(since: startsOn, on: first)
            let lastYear = LeaseCalendar.anniversariesPassed(since: startsOn, on: last)
            let yearBefore = first > startsOn ? LeaseCalendar.anniversariesPassed(since: startsOn, on: first.adding(days: -1)) : 0
            if lastYear > firstYear {
                for year in (firstYear + 1)...lastYear { breaks.append(startsOn.adding(years: year)) }
            }
            breaks.sort()

            var weightedRent: Int128 = 0
            var freeDays = 0
            var segmentStart = first
            for segmentEnd in breaks + [last.adding(days: 1)] where segmentEnd > segmentStart {
                let days = segmentStart.days(to: segmentEnd)
                if segmentStart < freeUntil {
                    freeDays += days
                } else {
                    let year = LeaseCalendar.anniversariesPassed(since: startsOn, on: segmentStart)
                    weightedRent += Int128(rent(year: year).fen) * Int128(days)
                }
                segmentStart = segmentEnd
            }
            let leasedDays = first.days(to: last) + 1
            let dayCount = Int128(period.dayCount)
            let managementFee: Int64
            switch terms.managementFee {
            case .none:
                managementFee = 0
            case .perSquareMetre(let fee):
                managementFee = Rounding.divideHalfUp(Int128(fee.fen) * Int128(area.hundredths) * Int128(leasedDays), by: 100 * dayCount)
            case .fixed(let fee):
                managementFee = Rounding.divideHalfUp(Int128(fee.fen) * Int128(leasedDays), by: dayCount)
            }
            months.append(Month(
                period: period, firstDay: first, lastDay: last, leasedDays: leasedDays, freeDays: freeDays,
                rentInForce: rent(year: lastYear), hasEscalation: lastYear > yearBefore,
                rent: Money(fen: Rounding.divideHalfUp(weightedRent, by: dayCount)),
                managementFee: Money(fen: managementFee)))
            period = period.adding(months: 1)
        }
        return months
    }
}
