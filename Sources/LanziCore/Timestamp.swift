import Foundation

/// Instants are stored as ISO 8601 text in UTC with milliseconds, so that they sort as text.
package enum Timestamp {
    /// `date` as stored, e.g. "2026-11-25T04:41:21.123Z". (The current instant comes from a `Clock`.)
    package static func format(_ date: Date) -> String {
        // To the microsecond first, then down to the millisecond: an instant made of whole
        // milliseconds (2.695 s) is not exact in binary and would otherwise floor to 2.694.
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds >= 0 ? microseconds / 1000 : (microseconds - 999) / 1000
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let day = CalendarDate(daysSinceEpoch: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
        let secondOfDay = Int(seconds - Int64(day.daysSinceEpoch) * 86_400)
        // Written byte by byte as CalendarDate's description is: every receipt, payment and
        // log line takes one.
        return String(unsafeUninitializedCapacity: 24) { bytes in
            CalendarDate.writeDigits(day.year, into: bytes, at: 0, count: 4)
            bytes[4] = UInt8(ascii: "-")
            CalendarDate.writeDigits(day.month, into: bytes, at: 5, count: 2)
            bytes[7] = UInt8(ascii: "-")
            CalendarDate.writeDigits(day.day, into: bytes, at: 8, count: 2)
            bytes[10] = UInt8(ascii: "T")
            CalendarDate.writeDigits(secondOfDay / 3600, into: bytes, at: 11, count: 2)
            bytes[13] = UInt8(ascii: ":")
            CalendarDate.writeDigits(secondOfDay / 60 % 60, into: bytes, at: 14, count: 2)
            bytes[16] = UInt8(ascii: ":")
            CalendarDate.writeDigits(secondOfDay % 60, into: bytes, at: 17, count: 2)
            bytes[19] = UInt8(ascii: ".")
            CalendarDate.writeDigits(Int(milliseconds - seconds * 1000), into: bytes, at: 20, count: 3)
            bytes[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// The instant of a stored text (`format`'s form exactly); nil for any other text.
    package static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z"),
              let day = CalendarDate(storedText: String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
              let millisecond = number(bytes[20..<23]), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: Double(seconds * 1000 + Int64(millisecond)) / 1000)
    }

    /// `date` as a person in China reads it: "2026-11-25 12:41:21", China Standard Time, to the second.
    package static func chinaStandardTime(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        return "\(CalendarDate(daysSinceEpoch: Int(days))) \(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
