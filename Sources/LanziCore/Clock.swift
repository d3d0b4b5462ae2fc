import Foundation

/// Where "now" comes from. The service takes one and passes its instants and dates down, so
/// that every stored `_at` and every defaulted date of one request agree, and so that tests
/// run on a fixed clock. Nothing below the service reads the system time.
package struct Clock: Sendable {
    private let read: @Sendable () -> Date

    package init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The machine's clock.
    package static let system = Clock { Date() }

    /// A clock that always says `instant`.
    package static func fixed(_ instant: Date) -> Clock { Clock { instant } }

    /// A clock fixed at noon, China Standard Time, on `date`.
    package static func fixed(on date: CalendarDate) -> Clock {
        fixed(Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch) * 86_400 + 4 * 3600))
    }

    /// The current instant.
    package func now() -> Date { read() }

    /// The current instant as stored: ISO 8601 in UTC with milliseconds.
    package func timestamp() -> String { Timestamp.format(read()) }

    /// Today's business date in China Standard Time.
    package func today() -> CalendarDate { CalendarDate.today(now: read()) }
}
