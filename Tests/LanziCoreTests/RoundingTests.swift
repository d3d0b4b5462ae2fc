import Testing
@testable import LanziCore

@Suite("Half-up rounding")
struct RoundingTests {
    @Test(arguments: [
        (Int64(1), Int64(1), Int64(2), Int64(1)),      // 0.5 → 1
        (1, 1, 3, 0),                                   // 0.33 → 0
        (2, 1, 3, 1),                                   // 0.67 → 1
        (5, 1, 2, 3),                                   // 2.5 → 3
        (-1, 1, 2, -1),                                 // −0.5 → −1: halves go away from zero
        (-5, 1, 2, -3),
        (-1, 1, 3, 0),
        (Int64.max, 1, 1, Int64.max),
        (Int64.max, 2, 2, Int64.max),                   // the product leaves 64 bits; 128-bit arithmetic keeps it exact
        (1_000_000_000_000, 9_000_000, 1_000_000, 9_000_000_000_000),
    ])
    func multiplyDivide(value: Int64, multiplier: Int64, divisor: Int64, expected: Int64) {
        #expect(Rounding.multiplyDivideHalfUp(value, by: multiplier, dividedBy: divisor) == expected)
    }

    @Test func basisPoints() {
        #expect(Rounding.applyBasisPoints(100_000, 300) == 103_000)
        #expect(Rounding.applyBasisPoints(61_000, 300) == 62_830)     // 610.00 + 3% = 628.30
        #expect(Rounding.applyBasisPoints(15, 1000) == 17)            // 16.5 → 17
        #expect(Rounding.applyBasisPoints(100_000, 0) == 100_000)
    }

    @Test func areasParseAsHundredthsOfASquareMetre() throws {
        #expect(try Area.parse("24.5", field: "--area").hundredths == 2450)
        #expect(try Area.parse("24.50", field: "--area").description == "24.50")
        for bad in ["0", "0.00", "-1", "24.505", "abc", "", "100000.01"] {
            #expect(throws: DomainError.self) { try Area.parse(bad, field: "--area") }
        }
    }
}
