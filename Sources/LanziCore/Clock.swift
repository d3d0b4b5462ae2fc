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

    /// The instant of the request in progress, when one is (see `atOneInstant`).
    @TaskLocal static var requestInstant: Date?

    /// The current instant; inside `atOneInstant`, the instant it began.
    package func now() -> Date { Self.requestInstant ?? read() }

    /// Runs `body` with this clock stopped at one instant, so that everything one request
    /// stores — a payment, its journal entry, its activity line, and later the receipt that
    /// signs the instant — carries the same `_at`.
    package func atOneInstant<T>(_ body: () throws -> T) rethrows -> T {
        try Self.$requestInstant.withValue(now(), operation: body)
    }

    /// The current instant as stored: ISO 8601 in UTC with milliseconds.
    package func timestamp() -> String { Timestamp.format(now()) }

    /// Today's business date in China Standard Time.
    package func today() -> CalendarDate { CalendarDate.today(now: now()) }
}
