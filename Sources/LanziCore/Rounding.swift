/// Division of money with the one rounding rule of the product: half up, to the fen, once,
/// at the line level. "Half up" rounds halves away from zero, so a credit line of −0.5 fen
/// becomes −1 fen just as a charge of 0.5 fen becomes 1.
package enum Rounding {
    /// `value × multiplier ÷ divisor`, computed exactly in 128 bits and rounded half up once.
    /// The inputs are bounded by validation (amounts, areas, days, basis points), so the
    /// result fits in 64 bits; a caller that breaks that bound is a programming error.
    package static func multiplyDivideHalfUp(_ value: Int64, by multiplier: Int64, dividedBy divisor: Int64) -> Int64 {
        precondition(divisor > 0, "divisor must be positive")
        return divideHalfUp(Int128(value) * Int128(multiplier), by: Int128(divisor))
    }

    /// `numerator ÷ divisor` rounded half away from zero; traps if the result leaves Int64.
    package static func divideHalfUp(_ numerator: Int128, by divisor: Int128) -> Int64 {
        precondition(divisor > 0, "divisor must be positive")
        let magnitude = numerator.magnitude
        let quotient = (magnitude + UInt128(divisor.magnitude) / 2) / UInt128(divisor.magnitude)
        let result = numerator < 0 ? -Int128(quotient) : Int128(quotient)
        return Int64(result)
    }

    /// `amount` raised by `basisPoints` (1 bp = 0.01%), rounded half up to the fen.
    package static func applyBasisPoints(_ amount: Int64, _ basisPoints: Int) -> Int64 {
        multiplyDivideHalfUp(amount, by: 10_000 + Int64(basisPoints), dividedBy: 10_000)
    }
}
