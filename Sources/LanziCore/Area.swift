/// A floor area in hundredths of a square metre, so that "24.50" m² is exact.
package struct Area: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var hundredths: Int64

    package init(hundredths: Int64) { self.hundredths = hundredths }

    /// The largest area a unit may have: 100,000 m² (a whole market is far smaller).
    package static let maximum = Area(hundredths: 10_000_000)

    /// Parses "24", "24.5" or "24.50" m²: positive, at most two decimals, at most 100,000.
    /// - Throws: `DomainError` naming `field`.
    package static func parse(_ text: String, field: String) throws(DomainError) -> Area {
        let hundredths: Int64
        do {
            hundredths = try Money.parse(text, field: field).fen
        } catch {
            throw DomainError(field: field, rule: "must be an area in m² with at most two decimals, such as 24.50, got \"\(text)\"")
        }
        guard hundredths > 0 else { throw DomainError(field: field, rule: "must be more than 0 m²") }
        guard hundredths <= maximum.hundredths else {
            throw DomainError(field: field, rule: "must be at most \(maximum) m²")
        }
        return Area(hundredths: hundredths)
    }

    /// "24.50", the area in m² with two decimals.
    package var description: String { Money(fen: hundredths).plainDecimal }

    package static func + (a: Area, b: Area) -> Area { Area(hundredths: a.hundredths + b.hundredths) }

    package static func < (a: Area, b: Area) -> Bool { a.hundredths < b.hundredths }
}
