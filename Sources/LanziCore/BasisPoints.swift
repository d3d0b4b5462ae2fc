/// Hundredths of a percent, as the report's ratios are kept (integers, so that a rate is
/// the same on every machine and in every front end).
package enum BasisPoints {
    /// `basisPoints` as a percentage with two decimals: 12345 is "123.45%", -5 is "-0.05%".
    package static func percentText(_ basisPoints: Int64) -> String {
        let magnitude = basisPoints.magnitude
        let hundredths = magnitude % 100
        return (basisPoints < 0 ? "-" : "") + "\(magnitude / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }
}
