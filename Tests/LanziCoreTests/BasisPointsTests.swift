import LanziCore
import Testing

@Suite("basis points as percentages")
struct BasisPointsTests {
    @Test("two decimals always, a leading zero under one percent, the sign kept")
    func percentText() {
        let cases: [(Int64, String)] = [(0, "0.00%"), (5, "0.05%"), (10, "0.10%"), (99, "0.99%"), (100, "1.00%"), (12_345, "123.45%"),
                                        (10_000, "100.00%"), (-5, "-0.05%"), (-23_038, "-230.38%"), (Int64.min, "-92233720368547758.08%")]
        for (value, text) in cases { #expect(BasisPoints.percentText(value) == text, "\(value)") }
    }
}
