/// An amount of money in fen (分, 1/100 CNY), held exactly in a 64-bit integer.
///
/// No floating point is ever involved: amounts come in through `parse(_:field:allowsNegative:)`,
/// are combined with checked (`adding`, `subtracting`) or trapping (`+`, `-`) integer arithmetic,
/// and go out as text (`formatted`, `plainDecimal`, `capitalNumerals`). Negative amounts exist
/// for credits, refunds and balances; whether one is acceptable is decided where it is parsed.
package struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var fen: Int64

    package init(fen: Int64) { self.fen = fen }

    package static let zero = Money(fen: 0)

    /// The largest amount: `Int64.max` fen, 92,233,720,368,547,758.07.
    package static let max = Money(fen: Int64.max)

    package static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }

    // MARK: Arithmetic

    /// `self + other`.
    /// - Throws: `DomainError(field: field, rule: "amount overflows")` if the sum leaves the
    ///   range of `Int64` fen, so that an absurd input is refused rather than crashing.
    package func adding(_ other: Money, field: String) throws(DomainError) -> Money {
        let (sum, overflow) = fen.addingReportingOverflow(other.fen)
        guard !overflow else { throw DomainError(field: field, rule: "amount overflows") }
        return Money(fen: sum)
    }

    /// `self - other`.
    /// - Throws: `DomainError(field: field, rule: "amount overflows")` if the difference leaves
    ///   the range of `Int64` fen.
    package func subtracting(_ other: Money, field: String) throws(DomainError) -> Money {
        let (difference, overflow) = fen.subtractingReportingOverflow(other.fen)
        guard !overflow else { throw DomainError(field: field, rule: "amount overflows") }
        return Money(fen: difference)
    }

    /// Traps on overflow: only for sums whose terms validation has already bounded.
    package static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }

    /// Traps on overflow: only for differences whose terms validation has already bounded.
    package static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }

    // MARK: Formatting

    /// "1,200.50", "0.05", "-1,200.50": yuan grouped by thousands, always two decimals.
    package var formatted: String { sign + Self.grouped(yuanMagnitude) + "." + fractionDigits }

    /// "¥1,200.50", "-¥1,200.50": the sign goes before the symbol, as on a printed receipt.
    package var formattedWithSymbol: String { sign + "¥" + Self.grouped(yuanMagnitude) + "." + fractionDigits }

    /// "1200.50", "-0.05": no grouping, always two decimals, for files that other tools read
    /// (hledger journals, CSV) and that `parse` reads back.
    package var plainDecimal: String { sign + String(yuanMagnitude) + "." + fractionDigits }

    /// Same as `formatted`.
    package var description: String { formatted }

    // `magnitude` is a UInt64, so `Int64.min` fen needs no special case anywhere below.
    private var sign: String { fen < 0 ? "-" : "" }
    private var yuanMagnitude: UInt64 { fen.magnitude / 100 }

    private var fractionDigits: String {
        let hundredths = fen.magnitude % 100
        return hundredths < 10 ? "0\(hundredths)" : "\(hundredths)"
    }

    /// "1234567" → "1,234,567".
    private static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var text = ""
        text.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
