import Foundation
import Testing
@testable import LanziCore

@Suite("Calendar dates and periods")
struct CalendarDateTests {
    /// Foundation's Gregorian calendar is the independent oracle for day numbers. It switches
    /// to the Julian calendar before 1582-10-15, so the comparison starts after that; ours
    /// is the proleptic Gregorian calendar of ISO 8601 throughout.
    @Test func dayNumbersAgreeWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -141_000, through: 2_900_000, by: 997) {
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let date = CalendarDate(daysSinceEpoch: days)
            let expected: [Int] = [parts.year!, parts.month!, parts.day!]
            #expect([date.year, date.month, date.day] == expected, "day \(days)")
            #expect(date.daysSinceEpoch == days)
        }
    }

    @Test(arguments: ["2026-02-28", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-12-31"])
    func parsesRealDays(text: String) throws {
        #expect(try CalendarDate.parse(text, field: "--start").description == text)
    }

    @Test(arguments: [
        ("2026-02-29", "is not a day of the calendar"), ("1900-02-29", "is not a day of the calendar"),
        ("2026-13-01", "is not a day of the calendar"), ("2026-04-31", "is not a day of the calendar"),
        ("2026-00-10", "is not a day of the calendar"), ("0000-01-01", "is not a day of the calendar"),
        ("2026-1-05", "YYYY-MM-DD"), ("26-01-05", "YYYY-MM-DD"), ("2026/01/05", "YYYY-MM-DD"), ("", "YYYY-MM-DD"),
        ("2026-01-05T00:00", "YYYY-MM-DD"), (" 2026-01-05", "YYYY-MM-DD"), ("2026-0a-05", "YYYY-MM-DD"), ("+026-01-05", "YYYY-MM-DD"),
    ])
    func refusesOtherText(text: String, rule: String) {
        #expect {
            try CalendarDate.parse(text, field: "--start")
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.field == "--start" && error.rule.english.contains(rule)
        }
    }

    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-03-31", -1, "2026-02-28"),
        ("2026-11-15", 3, "2027-02-15"), ("2024-02-29", 12, "2025-02-28"), ("2024-02-29", 48, "2028-02-29"),
        ("2026-01-15", -13, "2024-12-15"),
    ])
    func addingMonthsClampsToTheMonthEnd(start: String, months: Int, expected: String) throws {
        #expect(try CalendarDate.parse(start, field: "d").adding(months: months).description == expected)
    }

    @Test func addingDaysCrossesYearsAndLeapDays() throws {
        let date = try CalendarDate.parse("2024-02-28", field: "d")
        #expect(date.adding(days: 1).description == "2024-02-29")
        #expect(date.adding(days: 2).description == "2024-03-01")
        #expect(date.adding(days: 366).description == "2025-02-28")
        #expect(try CalendarDate.parse("2026-12-31", field: "d").adding(days: 1).description == "2027-01-01")
        #expect(date.days(to: try CalendarDate.parse("2025-02-28", field: "d")) == 366)
    }

    /// China Standard Time is UTC+8 with no daylight saving: 16:00 UTC is already tomorrow.
    @Test func todayIsChinaStandardTime() {
        let lateEvening = Date(timeIntervalSince1970: 1_795_622_400 - 1)   // 2026-11-26T00:00+08:00 is 1_795_622_400
        #expect(CalendarDate.today(now: lateEvening).description == "2026-11-25")
        #expect(CalendarDate.today(now: lateEvening.addingTimeInterval(1)).description == "2026-11-26")
    }

    @Test(arguments: [(2023, 2, 28), (2024, 2, 29), (1900, 2, 28), (2000, 2, 29), (2100, 2, 28), (2026, 4, 30), (2026, 12, 31), (2026, 1, 31)])
    func daysInMonth(year: Int, month: Int, days: Int) {
        #expect(Period(year: year, month: month)!.dayCount == days)
        #expect(Period(year: year, month: month)!.lastDay.day == days)
    }

    @Test func periodsParseAndStepAcrossYears() throws {
        let period = try Period.parse("2026-11", field: "--period")
        #expect(period.adding(months: 2).description == "2027-01")
        #expect(period.adding(months: -11).description == "2025-12")
        #expect(period.adding(months: -23).description == "2024-12")
        #expect(period.months(to: try Period.parse("2028-02", field: "p")) == 15)
        #expect(period.contains(try CalendarDate.parse("2026-11-30", field: "d")))
        #expect(!period.contains(try CalendarDate.parse("2026-12-01", field: "d")))
        for bad in ["2026-13", "2026-00", "2026-1", "202611", "2026-11-01", ""] {
            #expect(throws: DomainError.self) { try Period.parse(bad, field: "--period") }
            #expect(Period(storedText: bad) == nil, "\(bad)")
        }
        // As stored: ASCII digits exactly, the same months parse gives.
        #expect(Period(storedText: "2026-11") == period)
        #expect(Period(storedText: "0001-01") == Period(year: 1, month: 1))
        for bad in ["0000-01", "20a6-11", "２０２６-11", "2026/11", " 2026-11"] { #expect(Period(storedText: bad) == nil, "\(bad)") }
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_622_400.25)) == "2026-11-25T16:00:00.250Z")
    }

    /// Against Foundation's own ISO 8601 formatter, at whole milliseconds from 1900 to 2200,
    /// before 1970 too; and each read back by `parse` to the same instant.
    @Test func timestampsAgreeWithFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &random)
            let instant = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = Timestamp.format(instant)
            #expect(text == formatter.string(from: instant), "\(milliseconds)")
            #expect(Timestamp.parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == milliseconds)
        }
    }
}
