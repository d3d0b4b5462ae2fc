import Testing
@testable import LanziStore

/// Document numbers are printed on receipts and read aloud at the counter: `CODE-PYYYY-NNNNNN`.
@Suite("document numbers")
struct DocumentNumberTests {
    @Test("six digits, zero-padded; more when a year runs past 999,999", arguments: [
        ("BWG", "B", 2026, Int64(1), "BWG-B2026-000001"),
        ("BWG", "P", 2027, 42, "BWG-P2027-000042"),
        ("BWG", "B", 2026, 999_999, "BWG-B2026-999999"),
        ("BWG", "B", 2026, 1_000_000, "BWG-B2026-1000000"),
        ("NORTH-1", "D", 2030, 123_456_789, "NORTH-1-D2030-123456789"),
        ("BWG", "A", 999, 3, "BWG-A999-000003"),
    ])
    func format(code: String, prefix: String, year: Int, number: Int64, expected: String) {
        #expect(Database.formatNumber(code: code, prefix: prefix, year: year, number: number) == expected)
    }
}
