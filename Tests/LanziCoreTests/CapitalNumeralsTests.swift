import Testing
@testable import LanziCore

/// Capital numerals (大写) by the People's Bank rules of PRODUCT.md.
///
/// Every expected string below was worked out by hand from the rules, not copied from output.
/// Amounts are written as fen literals grouped the Chinese way: groups of four yuan digits,
/// then `_` and the two fen digits, so `10_0500_00` is 100500.00 (壹拾万 | 零伍佰 | 元整) and
/// `1_0000_0001_00` is 100000001.00 (壹亿 | 零壹 | 元整).
struct CapitalNumeralsTests {
    @Test("examples from PRODUCT.md", arguments: [
        (Int64(1200_00), "壹仟贰佰元整"),
        (1200_05, "壹仟贰佰元零伍分"),
        (10_0500_00, "壹拾万零伍佰元整"),
        (1010_10, "壹仟零壹拾元壹角"),
        (0_50, "伍角"),
        (0_00, "零元整"),
    ])
    func productExamples(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    @Test("zeros in every position, one 零 per run, none before 元", arguments: [
        (Int64(1_00), "壹元整"),
        (10_00, "壹拾元整"),
        (100_00, "壹佰元整"),
        (1000_00, "壹仟元整"),
        (1_0000_00, "壹万元整"),
        (10_0000_00, "壹拾万元整"),
        (100_0000_00, "壹佰万元整"),
        (1000_0000_00, "壹仟万元整"),
        (101_00, "壹佰零壹元整"),
        (110_00, "壹佰壹拾元整"),
        (1001_00, "壹仟零壹元整"),
        (1010_00, "壹仟零壹拾元整"),
        (1100_00, "壹仟壹佰元整"),
        (1_0001_00, "壹万零壹元整"),
        (1_0010_00, "壹万零壹拾元整"),
        (1_0100_00, "壹万零壹佰元整"),
        (1_1000_00, "壹万壹仟元整"),              // 万 digit then 仟 digit: no zero between
        (10_0001_00, "壹拾万零壹元整"),
        (10_1000_00, "壹拾万零壹仟元整"),           // the zero is in the 万 place itself
        (100_0001_00, "壹佰万零壹元整"),
        (1000_1000_00, "壹仟万零壹仟元整"),         // a run of three zeros crossing into the low group
        (1001_0000_00, "壹仟零壹万元整"),
        (1_0000_0001_00, "壹亿零壹元整"),          // run of seven zeros, across the whole 万 group
        (1_0001_0000_00, "壹亿零壹万元整"),
        (1_0010_0000_00, "壹亿零壹拾万元整"),
        (1230_45, "壹仟贰佰叁拾元肆角伍分"),        // no 零 before 元 because the yuan digit is zero
        (10_1010_1010_10, "壹拾亿零壹仟零壹拾万零壹仟零壹拾元壹角"),
    ])
    func zeros(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    @Test("the 万, 亿, 万亿 and 亿亿 boundaries", arguments: [
        (Int64(9999_99), "玖仟玖佰玖拾玖元玖角玖分"),
        (1_0000_00, "壹万元整"),
        (9999_9999_00, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"),
        (1_0000_0000_00, "壹亿元整"),
        (1_0000_0001_00, "壹亿零壹元整"),
        (10_0000_0000_00, "壹拾亿元整"),
        (9999_9999_9999_00, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"),
        (1_0000_0000_0000_00, "壹万亿元整"),
        (1_0000_0000_0001_00, "壹万亿零壹元整"),
        // Each group of four carries its own unit, so the 亿 group below a 万亿 group is
        // written with its own 亿 (traditional usage would also accept 壹万零壹亿).
        (1_0001_0000_0000_00, "壹万亿零壹亿元整"),
        // 7890 ends in the 万 place with a zero, so a 零 joins it to the 仟 of the next group.
        (12_3456_7890_1234_00, "壹拾贰万亿叁仟肆佰伍拾陆亿柒仟捌佰玖拾万零壹仟贰佰叁拾肆元整"),
        (1_0000_0000_0000_0000_00, "壹亿亿元整"),
        (1_0000_0000_0000_0001_00, "壹亿亿零壹元整"),
        (1_0000_0001_0000_0000_00, "壹亿亿零壹亿元整"),
        (1_0001_0000_0000_0000_00, "壹亿亿零壹万亿元整"),
    ])
    func groupBoundaries(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    @Test("角 and 分: 零 after 元 only when 角 is zero and 分 is not; 整 only after 元", arguments: [
        (Int64(0_01), "壹分"),
        (0_05, "伍分"),                          // no 元 and no 零 without whole yuan
        (0_09, "玖分"),
        (0_10, "壹角"),
        (0_90, "玖角"),
        (0_55, "伍角伍分"),
        (1_01, "壹元零壹分"),
        (1_10, "壹元壹角"),
        (1_11, "壹元壹角壹分"),
        (10_05, "壹拾元零伍分"),
        (100_50, "壹佰元伍角"),
        (1000_01, "壹仟元零壹分"),
        (1_0000_10, "壹万元壹角"),
        (325_04, "叁佰贰拾伍元零肆分"),             // the People's Bank's own example
        (1409_50, "壹仟肆佰零玖元伍角"),            // the People's Bank's own example
        (6007_14, "陆仟零柒元壹角肆分"),            // the People's Bank's own example
        // The People's Bank accepts 壹仟陆佰捌拾元零叁角贰分 too; our rule writes no 零 before a 角.
        (1680_32, "壹仟陆佰捌拾元叁角贰分"),
        // The People's Bank accepts 壹拾万柒仟元零伍角叁分 too; our rule puts the one 零 where
        // the zero run between 拾 and 柒 is, and none before a non-zero 角.
        (10_7000_53, "壹拾万零柒仟元伍角叁分"),
    ])
    func jiaoAndFen(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    @Test("tens are written 壹拾 and every digit has its character", arguments: [
        (Int64(15_00), "壹拾伍元整"),
        (21_0000_00, "贰拾壹万元整"),
        (11_1111_11, "壹拾壹万壹仟壹佰壹拾壹元壹角壹分"),
        (123_4567_89, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (9876_5432_10, "玖仟捌佰柒拾陆万伍仟肆佰叁拾贰元壹角"),
    ])
    func tensAndDigits(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    // Int64.max by hand: 2^63 = 2^31 × 2^32 = 2,147,483,648 × 4,294,967,296
    // = 9,223,372,036,854,775,808, so Int64.max = 9,223,372,036,854,775,807 fen, that is
    // 92,233,720,368,547,758 yuan, 0 角, 7 分. In groups of four from the right the yuan are
    // 9 | 2233 | 7203 | 6854 | 7758, read 玖亿亿 | 贰仟贰佰叁拾叁万亿 | 柒仟贰佰零叁亿 (the zero
    // in the 拾 place of 7203 gives one 零) | 陆仟捌佰伍拾肆万 | 柒仟柒佰伍拾捌, then 元, then 零柒分
    // because 角 is zero and 分 is not. Int64.min is one fen more in magnitude: 零捌分, with 负.
    @Test("the largest and smallest amounts", arguments: [
        (Int64.max, "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"),
        (Int64.min, "负玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"),
    ])
    func extremes(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    @Test("negative amounts are prefixed 负", arguments: [
        (Int64(-1_00), "负壹元整"),
        (-1200_05, "负壹仟贰佰元零伍分"),
        (-0_50, "负伍角"),
        (-0_05, "负伍分"),
        (-1_0000_0001_00, "负壹亿零壹元整"),
    ])
    func negatives(fen: Int64, expected: String) {
        #expect(Money(fen: fen).capitalNumerals == expected)
    }

    /// Many amounts with many zeros, checked against rules restated independently of the
    /// implementation: reading the numerals back gives the amount, the number of 零 is the
    /// number of zero runs, and 整, 元 and 负 appear exactly when the rules say.
    @Test func manyAmountsObeyTheRules() {
        var generator = SplitMix64(seed: 0x6C61_6E7A_69)
        var amounts: [Int64] = [0, 1, -1, Int64.max, Int64.min, Int64.max - 99, Int64.min + 100]
        while amounts.count < 3_000 {
            // 1 to 19 digits, each zero half of the time, so that runs of zeros are common.
            let length = Int(generator.next() % 19) + 1
            var magnitude: UInt64 = 0
            var fits = true
            for _ in 0..<length {
                let digit = generator.next() % 2 == 0 ? 0 : generator.next() % 9 + 1
                let (shifted, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = shifted.addingReportingOverflow(digit)
                if overflowA || overflowB { fits = false; break }
                magnitude = sum
            }
            guard fits, magnitude <= UInt64(Int64.max) else { continue }
            let isNegative = generator.next() % 4 == 0
            amounts.append(isNegative ? -Int64(magnitude) : Int64(magnitude))
        }

        for fen in amounts {
            let text = Money(fen: fen).capitalNumerals
            let magnitude = fen.magnitude
            let yuan = magnitude / 100, jiao = magnitude / 10 % 10, fenDigit = magnitude % 10

            #expect(readCapitalNumerals(text) == fen, "\(fen) → \(text) does not read back")
            #expect(text.hasPrefix("负") == (fen < 0), "\(fen) → \(text)")
            #expect(text.hasSuffix("整") == (jiao == 0 && fenDigit == 0), "\(fen) → \(text)")
            #expect(text.contains("元") == (yuan > 0 || magnitude == 0), "\(fen) → \(text)")
            #expect(!text.contains("零零"), "\(fen) → \(text)")

            // Zero runs inside the yuan digits once the trailing zeros are dropped; one more 零
            // after 元 when 角 is zero and 分 is not; and the 零 of 零元整.
            var yuanDigits = String(yuan)
            while yuanDigits.hasSuffix("0") { yuanDigits.removeLast() }
            var expectedZeros = 0
            var previous: Character = "x"
            for digit in yuanDigits {
                if digit == "0" && previous != "0" { expectedZeros += 1 }
                previous = digit
            }
            if yuan > 0 && jiao == 0 && fenDigit > 0 { expectedZeros += 1 }
            if magnitude == 0 { expectedZeros = 1 }
            #expect(text.filter { $0 == "零" }.count == expectedZeros, "\(fen) → \(text)")
        }
    }

    @Test func theReaderUsedAboveCanFail() {
        // The reader must not accept what the rules forbid, or the round trip proves nothing.
        #expect(readCapitalNumerals("壹仟贰佰元零伍分") == 1200_05)
        #expect(readCapitalNumerals("壹万亿零壹亿元整") == 1_0001_0000_0000_00)
        #expect(readCapitalNumerals("拾元整") == nil)          // a bare 拾 has no digit
        #expect(readCapitalNumerals("壹仟贰佰元伍") == nil)     // a digit without its unit
        #expect(readCapitalNumerals("壹佰元X") == nil)
    }
}

/// Reads capital numerals back into fen, independently of the code under test: a digit is
/// multiplied by the 拾/佰/仟 after it; 万, 亿, 万亿 and 亿亿 close a group; 零 and 整 carry no
/// value. Returns nil for text it cannot read.
private func readCapitalNumerals(_ text: String) -> Int64? {
    let digitValues: [Character: UInt64] = [
        "零": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
    ]
    let placeValues: [Character: UInt64] = ["拾": 10, "佰": 100, "仟": 1000]
    var characters = Array(text)
    let isNegative = characters.first == "负"
    if isNegative { characters.removeFirst() }

    var yuan: UInt64 = 0, group: UInt64 = 0, fen: UInt64 = 0
    var pendingDigit: UInt64?
    var index = 0
    while index < characters.count {
        let character = characters[index]
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if let digit = digitValues[character] {
            if character != "零" {
                guard pendingDigit == nil else { return nil }
                pendingDigit = digit
            }
        } else if let place = placeValues[character] {
            guard let digit = pendingDigit else { return nil }
            group += digit * place
            pendingDigit = nil
        } else if character == "万" || character == "亿" {
            var unit: UInt64 = character == "万" ? 1_0000 : 1_0000_0000
            if next == "亿" {
                unit = character == "万" ? 1_0000_0000_0000 : 1_0000_0000_0000_0000
                index += 1
            }
            yuan += (group + (pendingDigit ?? 0)) * unit
            group = 0
            pendingDigit = nil
        } else if character == "元" {
            yuan += group + (pendingDigit ?? 0)
            group = 0
            pendingDigit = nil
        } else if character == "角" || character == "分" {
            guard let digit = pendingDigit else { return nil }
            fen += digit * (character == "角" ? 10 : 1)
            pendingDigit = nil
        } else if character != "整" {
            return nil
        }
        index += 1
    }
    guard pendingDigit == nil, group == 0, yuan <= UInt64(Int64.max) / 100 + 1 else { return nil }
    let magnitude = yuan * 100 + fen
    if isNegative {
        return magnitude <= Int64.min.magnitude ? Int64(bitPattern: 0 &- magnitude) : nil
    }
    return Int64(exactly: magnitude)
}

