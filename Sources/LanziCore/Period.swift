/// A billing period: one calendar month, written `YYYY-MM`.
package struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let year: Int
    package let month: Int

    /// Returns nil unless the year is 1...9999 and the month 1...12.
    package init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM`.
    /// - Throws: `DomainError` naming `field` for any other text or a month outside 1...12.
    package static func parse(_ text: String, field: String) throws(DomainError) -> Period {
        let parts = InputText.halfWidth(text).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = CalendarDate.parseDigits(parts[0]), let month = CalendarDate.parseDigits(parts[1])
        else { throw DomainError(field: field, rule: "must be a month written YYYY-MM, got \"\(text)\"") }
        guard let period = Period(year: year, month: month) else {
            throw DomainError(field: field, rule: "\"\(text)\" is not a month of the calendar")
        }
        return period
    }

    /// Exactly `YYYY-MM` in ASCII digits, as the database stores a period, read a byte at a
    /// time: a merchant's bills are read with two periods a line. (What a person types goes
    /// through `parse`, which also takes full-width digits.)
    package init?(storedText text: String) {
        var text = text
        let parsed: Period?? = text.withUTF8 { bytes -> Period? in
            guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
            var year = 0
            for index in 0..<4 {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                year = year * 10 + digit
            }
            let high = Int(bytes[5]) - 48, low = Int(bytes[6]) - 48
            guard (0...9).contains(high), (0...9).contains(low) else { return nil }
            return Period(year: year, month: high * 10 + low)
        }
        guard let period = parsed ?? nil else { return nil }
        self = period
    }

    package static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    package var dayCount: Int { Self.daysInMonth(year: year, month: month) }
    package var firstDay: CalendarDate { CalendarDate(uncheckedYear: year, month: month, day: 1) }
    package var lastDay: CalendarDate { CalendarDate(uncheckedYear: year, month: month, day: dayCount) }

    /// The period `months` later (earlier when negative).
    package func adding(months: Int) -> Period {
        let index = year * 12 + (month - 1) + months
        return Period(uncheckedYear: index / 12, month: index % 12 + 1)
    }

    /// Whole months from `self` to `other`: positive when `other` is later.
    package func months(to other: Period) -> Int {
        (other.year * 12 + other.month) - (year * 12 + month)
    }

    package func contains(_ date: CalendarDate) -> Bool { date.year == year && date.month == month }

    package var description: String {
        String(unsafeUninitializedCapacity: 7) { bytes in
            CalendarDate.writeDigits(year, into: bytes, at: 0, count: 4)
            bytes[4] = 45
            CalendarDate.writeDigits(month, into: bytes, at: 5, count: 2)
            return 7
        }
    }

    package static func < (a: Period, b: Period) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
