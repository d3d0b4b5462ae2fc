import Foundation

/// A calendar date in China Standard Time, with no time of day: business dates (lease
/// start and end, due dates) are these. Written `YYYY-MM-DD`.
package struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    /// Returns nil unless the three numbers name a real day between the years 1 and 9999.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Period.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`, its digits and dashes ASCII or full-width (`２０２６－０３－０１`).
    /// - Throws: `DomainError` naming `field` when the text is not that form or not a real day.
    package static func parse(_ text: String, field: String) throws(DomainError) -> CalendarDate {
        let parts = InputText.halfWidth(text).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = parseDigits(parts[0]), let month = parseDigits(parts[1]), let day = parseDigits(parts[2])
        else { throw DomainError(field: field, rule: "must be a date written YYYY-MM-DD, got \"\(text)\"") }
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            throw DomainError(field: field, rule: "\"\(text)\" is not a day of the calendar")
        }
        return date
    }

    /// The date whose day number (days since 1970-01-01) is `daysSinceEpoch`.
    package init(daysSinceEpoch: Int) {
        // Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (negative before it).
    package var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    package var period: Period { Period(uncheckedYear: year, month: month) }

    package func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day `months` later; a day that the target month lacks becomes its last day
    /// (2026-01-31 plus one month is 2026-02-28).
    package func adding(months: Int) -> CalendarDate {
        let target = period.adding(months: months)
        let lastDay = Period.daysInMonth(year: target.year, month: target.month)
        return CalendarDate(uncheckedYear: target.year, month: target.month, day: Swift.min(day, lastDay))
    }

    package func adding(years: Int) -> CalendarDate { adding(months: 12 * years) }

    /// Days from `self` to `other`: positive when `other` is later.
    package func days(to other: CalendarDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The date in China Standard Time (UTC+8, no daylight saving) at the instant `now`
    /// (which comes from a `Clock`).
    package static func today(now: Date) -> CalendarDate {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return CalendarDate(daysSinceEpoch: days)
    }

    package var description: String {
        // Written digit by digit into the string's own storage (ten bytes fit in a small
        // string, so nothing is allocated): dates are formatted for every row a billing run writes.
        String(unsafeUninitializedCapacity: 10) { bytes in
            Self.writeDigits(year, into: bytes, at: 0, count: 4)
            bytes[4] = 45
            Self.writeDigits(month, into: bytes, at: 5, count: 2)
            bytes[7] = 45
            Self.writeDigits(day, into: bytes, at: 8, count: 2)
            return 10
        }
    }

    /// Writes `value` as `count` decimal digits, zero-padded, at `offset`.
    package static func writeDigits(_ value: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at offset: Int, count: Int) {
        var rest = value
        for index in stride(from: offset + count - 1, through: offset, by: -1) {
            bytes[index] = UInt8(48 + rest % 10)
            rest /= 10
        }
    }

    /// Reads `YYYY-MM-DD` as stored by the store (ASCII, exact form), or nil: the quick path
    /// for reading rows; `parse` is the one that explains a bad input.
    package init?(storedText text: String) {
        let parsed: CalendarDate?? = text.utf8.withContiguousStorageIfAvailable { bytes -> CalendarDate? in
            guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
        guard let date = parsed ?? (try? CalendarDate.parse(text, field: "date")) else { return nil }
        self = date
    }

    package static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }

    static func parseDigits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
