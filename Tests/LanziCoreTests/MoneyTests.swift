import Testing
@testable import LanziCore

/// `Money`: parsing, formatting and checked arithmetic. Expected values are written by hand.
struct MoneyTests {
    // MARK: Parsing

    @Test("accepted forms", arguments: [
        ("0", false, Int64(0)),
        ("0.00", false, 0),
        ("0.05", false, 5),
        ("0.5", false, 50),
        ("5", false, 500),
        ("1200", false, 120_000),
        ("1200.5", false, 120_050),
        ("1200.50", false, 120_050),
        ("1200.05", false, 120_005),
        ("007", false, 700),                                 // leading zeros change nothing
        ("00.10", false, 10),
        ("１２", false, 1200),                              // full-width digits, as an input method types them
        ("５.00", false, 500),
        ("1．5", false, 150),                               // the full-width point
        ("－１２．３０", true, -1230),                        // the full-width minus, where a sign is allowed
        ("92233720368547758.07", false, Int64.max),
        ("000092233720368547758.07", false, Int64.max),      // leading zeros are not an overflow
        ("12.30", true, 1230),
        ("-12.30", true, -1230),
        ("-12.3", true, -1230),
        ("-0.05", true, -5),
        ("-0", true, 0),
        ("-92233720368547758.07", true, -Int64.max),
        ("-92233720368547758.08", true, Int64.min),         // in range: one fen more than max
    ])
    func parsesAcceptedForms(text: String, allowsNegative: Bool, fen: Int64) throws {
        let money = try Money.parse(text, field: "--rent", allowsNegative: allowsNegative)
        #expect(money.fen == fen)
    }

    static let junk = "must be written like"

    @Test("refused forms name the field, the input and the rule", arguments: [
        ("", false, "must not be empty"),
        ("", true, "must not be empty"),
        (" ", false, "must not be blank"),
        ("\t \n", true, "must not be blank"),
        ("\u{3000}", false, "must not be blank"),             // the ideographic space of Chinese IMEs
        ("1.005", false, "must have at most two decimals"),
        ("1.000", false, "must have at most two decimals"),  // exact, but still refused: never rounded
        ("0.001", false, "must have at most two decimals"),
        ("-1.005", true, "must have at most two decimals"),
        ("-5", false, "must not be negative"),
        ("-0", false, "must not be negative"),
        ("-12.30", false, "must not be negative"),
        ("+5", false, "must not have a \"+\" sign"),
        ("+5", true, "must not have a \"+\" sign"),
        ("92233720368547758.08", false, "must be at most 92233720368547758.07"),
        ("92233720368547759", false, "must be at most 92233720368547758.07"),
        ("100000000000000000", false, "must be at most 92233720368547758.07"),
        ("184467440737095516.16", false, "must be at most 92233720368547758.07"),  // UInt64.max + 1 fen
        ("18446744073709551616", false, "must be at most 92233720368547758.07"),   // 2^64 yuan
        ("99999999999999999999999999.99", false, "must be at most 92233720368547758.07"),
        ("-92233720368547758.09", true, "must be at least -92233720368547758.08"),
        ("-99999999999999999999", true, "must be at least -92233720368547758.08"),
        ("12a", false, junk),
        ("1,200", false, junk),
        ("1 200", false, junk),
        (".5", false, junk),
        ("5.", false, junk),
        ("1.2.3", false, junk),
        ("1.5a", false, junk),
        ("1.-5", true, junk),
        (" 5", false, junk),
        ("5 ", false, junk),
        ("5\n", false, junk),
        ("¥5", false, junk),
        ("5元", false, junk),
        ("1。5", false, junk),                                // the ideographic full stop is no point
        ("１２ａ", false, junk),                               // full-width digits beside a full-width letter
        ("\u{0661}", false, junk),                            // ARABIC-INDIC DIGIT ONE
        ("1e3", false, junk),
        ("0x10", false, junk),
        ("NaN", false, junk),
        ("-", true, junk),
        ("+", false, junk),
        (".", false, junk),
        ("--5", true, junk),
        ("-.5", true, junk),
        ("- 5", true, junk),
        ("5-", true, junk),
    ])
    func refusesBadForms(text: String, allowsNegative: Bool, rule: String) {
        let error = #expect(throws: DomainError.self) {
            try Money.parse(text, field: "leases[3].rent", allowsNegative: allowsNegative)
        }
        #expect(error?.field == "leases[3].rent")
        #expect(error?.rule.english.contains(rule) == true, "\(error?.rule ?? "no error")")
        // The rule quotes what was given, escaped so that a tab or newline shows.
        #expect(error?.rule.english.hasSuffix(", got \(String(reflecting: text))") == true, "\(error?.rule ?? "no error")")
    }

    @Test func junkMessageShowsTheNegativeFormOnlyWhenAllowed() throws {
        let positive = #expect(throws: DomainError.self) { try Money.parse("12a", field: "f") }
        let signed = #expect(throws: DomainError.self) { try Money.parse("12a", field: "f", allowsNegative: true) }
        #expect(positive?.rule == "must be written like 1200 or 1200.50: ASCII digits, then optionally \".\" and one or two decimals, got \"12a\"")
        #expect(signed?.rule.english.contains("-1200.50") == true)
        let decimals = #expect(throws: DomainError.self) { try Money.parse("1.005", field: "--rent") }
        #expect(decimals == DomainError(field: "--rent", rule: "must have at most two decimals, got \"1.005\""))
    }

    @Test("plainDecimal reads back to the same amount", arguments: [
        Int64(0), 5, -5, 50, 120_050, -120_050, 100_000_000_000, Int64.max, Int64.min, Int64.min + 1,
    ])
    func plainDecimalRoundTrips(fen: Int64) throws {
        let money = Money(fen: fen)
        #expect(try Money.parse(money.plainDecimal, field: "x", allowsNegative: true) == money)
    }

    // MARK: Formatting

    @Test("grouping at every length", arguments: [
        (Int64(5), "0.05", "0.05"),
        (50, "0.50", "0.50"),
        (100, "1.00", "1.00"),
        (1_200, "12.00", "12.00"),
        (12_300, "123.00", "123.00"),
        (99_999, "999.99", "999.99"),
        (100_000, "1,000.00", "1000.00"),
        (123_400, "1,234.00", "1234.00"),
        (120_050, "1,200.50", "1200.50"),
        (1_234_500, "12,345.00", "12345.00"),
        (12_345_600, "123,456.00", "123456.00"),
        (99_999_999, "999,999.99", "999999.99"),
        (100_000_000, "1,000,000.00", "1000000.00"),
        (123_456_700, "1,234,567.00", "1234567.00"),
        (1_234_567_800, "12,345,678.00", "12345678.00"),
        (12_345_678_900, "123,456,789.00", "123456789.00"),
        (123_456_789_000, "1,234,567,890.00", "1234567890.00"),
        (1_234_567_890_100, "12,345,678,901.00", "12345678901.00"),
        (12_345_678_901_200, "123,456,789,012.00", "123456789012.00"),
        (123_456_789_012_300, "1,234,567,890,123.00", "1234567890123.00"),
        (1_234_567_890_123_400, "12,345,678,901,234.00", "12345678901234.00"),
        (12_345_678_901_234_500, "123,456,789,012,345.00", "123456789012345.00"),
        (123_456_789_012_345_600, "1,234,567,890,123,456.00", "1234567890123456.00"),
        (1_234_567_890_123_456_700, "12,345,678,901,234,567.00", "12345678901234567.00"),
        // Int64.max = 9,223,372,036,854,775,807 fen (2^63 − 1, see CapitalNumeralsTests).
        (Int64.max, "92,233,720,368,547,758.07", "92233720368547758.07"),
    ])
    func formatsPositiveAmounts(fen: Int64, formatted: String, plain: String) {
        let money = Money(fen: fen)
        #expect(money.formatted == formatted)
        #expect(money.description == formatted)
        #expect("\(money)" == formatted)
        #expect(money.plainDecimal == plain)
        #expect(money.formattedWithSymbol == "¥" + formatted)
    }

    @Test("negative amounts", arguments: [
        (Int64(-5), "-0.05", "-0.05", "-¥0.05"),
        (-50, "-0.50", "-0.50", "-¥0.50"),
        (-100_000, "-1,000.00", "-1000.00", "-¥1,000.00"),
        (-120_050, "-1,200.50", "-1200.50", "-¥1,200.50"),
        (Int64.min, "-92,233,720,368,547,758.08", "-92233720368547758.08", "-¥92,233,720,368,547,758.08"),
    ])
    func formatsNegativeAmounts(fen: Int64, formatted: String, plain: String, withSymbol: String) {
        let money = Money(fen: fen)
        #expect(money.formatted == formatted)
        #expect(money.description == formatted)
        #expect(money.plainDecimal == plain)
        #expect(money.formattedWithSymbol == withSymbol)
    }

    @Test func zeroAndSymbol() {
        #expect(Money.zero.formatted == "0.00")
        #expect(Money.zero.plainDecimal == "0.00")
        #expect(Money.zero.formattedWithSymbol == "¥0.00")
        #expect(Money(fen: 120_050).formattedWithSymbol == "¥1,200.50")
    }

    // MARK: Constants, comparison, arithmetic

    @Test func constants() {
        #expect(Money.zero.fen == 0)
        #expect(Money.max.fen == Int64.max)
        #expect(Money(fen: 42).fen == 42)
    }

    @Test func comparesByFen() {
        let shuffled = [Money.max, Money(fen: 1), Money(fen: Int64.min), Money.zero, Money(fen: -1)]
        #expect(shuffled.sorted().map(\.fen) == [Int64.min, -1, 0, 1, Int64.max])
        #expect(Money(fen: 5) == Money(fen: 5))
        #expect(Money(fen: 5) != Money(fen: 6))
        #expect(Set([Money(fen: 5), Money(fen: 5), Money(fen: 6)]).count == 2)
    }

    @Test("checked arithmetic in range", arguments: [
        (Int64(100), Int64(250), Int64(350), Int64(-150)),
        (-100, 250, 150, -350),
        (Int64.max, 0, Int64.max, Int64.max),
        (Int64.max, Int64.min, -1, nil),                 // the difference overflows
        (Int64.min, Int64.max, -1, nil),
        (-1, Int64.max, Int64.max - 1, Int64.min),       // exactly reaches Int64.min
        (Int64.max, Int64.max, nil, 0),                  // the sum overflows
        (Int64.min, -1, nil, Int64.min + 1),
        (Int64.max, 1, nil, Int64.max - 1),
        (Int64.min, 1, Int64.min + 1, nil),
        (0, Int64.min, Int64.min, nil),                  // 0 − Int64.min would be 2^63
    ] as [(Int64, Int64, Int64?, Int64?)])
    func checkedArithmetic(a: Int64, b: Int64, sum: Int64?, difference: Int64?) throws {
        let left = Money(fen: a), right = Money(fen: b)
        if let sum {
            #expect(try left.adding(right, field: "total") == Money(fen: sum))
        } else {
            #expect(throws: DomainError(field: "bills[2].total", rule: "amount overflows")) {
                try left.adding(right, field: "bills[2].total")
            }
        }
        if let difference {
            #expect(try left.subtracting(right, field: "balance") == Money(fen: difference))
        } else {
            #expect(throws: DomainError(field: "merchants[7].balance", rule: "amount overflows")) {
                try left.subtracting(right, field: "merchants[7].balance")
            }
        }
    }

    @Test func trappingOperators() {
        #expect(Money(fen: 120_000) + Money(fen: 5) == Money(fen: 120_005))
        #expect(Money(fen: 5) - Money(fen: 120_000) == Money(fen: -119_995))
        #expect(Money.max - Money.max == .zero)
        #expect(Money(fen: Int64.min) + Money.max == Money(fen: -1))
    }
}
