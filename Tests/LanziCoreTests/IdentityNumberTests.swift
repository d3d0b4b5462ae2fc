import Foundation
import Testing
@testable import LanziCore

/// The rules for a merchant's ID card, business-licence or other number (`IdentityNumber`).
///
/// Where the examples come from:
/// - GB 11643-1999, appendix A: 11010519491231002X (Beijing, Chaoyang) and
///   440524188001010014 (Guangdong, Shantou), as reproduced at
///   https://download.csdn.net/download/kudy21/2033732 and http://8miu.fun/bangzhuzhongxin/2146.html.
/// - GB 32100-2015's worked example of the check: 91350100M000100Y4Z is refused because the
///   check character of its first 17 is 3 (sum 1640, 1640 mod 31 = 28, 31 - 28 = 3), as
///   reproduced at https://www.yc00.com/web/1713075042a2177900.html; so 91350100M000100Y43.
/// - python-stdnum's tests (arthurdejong/python-stdnum, tests/test_cn_ric.doctest and
///   tests/test_cn_uscc.doctest): resident ID numbers made up for its tests, and credit codes
///   "found online", which include all-digit ones such as 911522010783710635.
/// - aarioai/id-rule (chinese_org_id.go) lists real early codes from Fujian's pilot that do
///   not pass GB 32100's check, e.g. 91350100M0001TGQXM.
/// - The rest are made up here, their check characters worked out with a few lines of
///   Python written from the standards (not from this code); the oracle test at the end
///   does the same for random numbers on every run.
///
/// Every published example was checked by computation before it went in here.
struct IdentityNumberTests {
    static let field = "id_number"

    static func rule(_ text: String) -> String? {
        do {
            _ = try IdentityNumber.validate(text, field: field)
            return nil
        } catch {
            return error.rule.english
        }
    }

    static func kind(_ text: String) -> IdentityNumber.Kind? { try? IdentityNumber.validate(text, field: field) }

    // MARK: Valid numbers

    @Test("published resident ID numbers are taken for resident IDs", arguments: [
        "11010519491231002X",   // GB 11643 appendix A
        "360426199101010071",   // python-stdnum
        "44011320141005001X",   // python-stdnum (written there with a small x)
        "412723199010050012",   // python-stdnum
        "110102199101010078",   // python-stdnum
        "120110198012010073",   // python-stdnum
        "120110199212010072",   // python-stdnum
    ])
    func publishedResidentIDs(text: String) throws {
        #expect(try IdentityNumber.validate(text, field: Self.field) == .residentID)
        #expect(IdentityNumber.residentIDCheckDigit(for: String(text.prefix(17))) == text.last)
    }

    /// Made up, one for each of the eleven check digits, in the order of "10X98765432"
    /// (a weighted sum mod 11 of 0, 1, …, 10); the birth dates include the first and last
    /// days allowed and a 29 February.
    static let madeUpResidentIDs: [(text: String, sumModEleven: Int)] = [
        ("350102190001010031", 0),
        ("350102200002290000", 1),
        ("35010219000101004X", 2),
        ("350102200002290019", 3),
        ("350102209912310008", 4),
        ("350102190001010007", 5),
        ("350102198506140006", 6),
        ("350102190001010015", 7),
        ("350102198506140014", 8),
        ("350102190001010023", 9),
        ("350102198506140022", 10),
    ]

    @Test("made-up resident ID numbers, one for each check digit", arguments: madeUpResidentIDs)
    func madeUpResidentID(text: String, sumModEleven: Int) throws {
        let body = text.prefix(17)
        var sum = 0
        for (digit, weight) in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) { sum += digit.wholeNumberValue! * weight }
        #expect(sum % 11 == sumModEleven)
        #expect(IdentityNumber.residentIDCheckDigit(for: String(body)) == text.last)
        #expect(try IdentityNumber.validate(text, field: Self.field) == .residentID)
    }

    @Test("published credit codes are taken for credit codes, all-digit ones and ones ending in X among them", arguments: [
        "91350100M000100Y43",   // GB 32100's worked example, with the check character it computes
        "91110000600037341L",   // python-stdnum, and those below
        "121200004013590816",   // all digits
        "911522010783710635",   // all digits
        "913101127033980359",   // all digits
        "91152201078371135X",   // 17 digits and X: the shape of a resident ID number
        "9131012056010553X5",   // X as the organisation code's check digit
        "9144030071526726XG",
        "91620105L015101280",   // an individual business's code (L)
        "91310115MA1K3BTP2B",   // a code given since 2015 (MA)
        "92340603MA2PBN17X5",
        "91340600MA2PBM9HXD",
    ])
    func publishedCreditCodes(text: String) throws {
        #expect(try IdentityNumber.validate(text, field: Self.field) == .socialCreditCode)
        #expect(IdentityNumber.creditCodeCheckCharacter(for: String(text.prefix(17))) == text.last)
    }

    /// Made up: one for each of the 31 check characters, in the alphabet's order, so that
    /// 92350100MA00000240 is the one whose sum is a multiple of 31 (check 31, written 0).
    static let madeUpCreditCodes = [
        "92350100MA00000240", "92350100MA00000051", "92350100MA00000152", "92350100MA00000253",
        "92350100MA00000064", "92350100MA00000165", "92350100MA00000266", "92350100MA00000077",
        "92350100MA00000178", "92350100MA00000279", "92350100MA0000008A", "92350100MA0000018B",
        "92350100MA0000028C", "92350100MA0000009D", "92350100MA0000019E", "92350100MA0000029F",
        "92350100MA0000039G", "92350100MA0000000H", "92350100MA0000010J", "92350100MA0000020K",
        "92350100MA0000001L", "92350100MA0000011M", "92350100MA0000021N", "92350100MA0000002P",
        "92350100MA0000012Q", "92350100MA0000022R", "92350100MA0000003T", "92350100MA0000013U",
        "92350100MA0000023W", "92350100MA0000004X", "92350100MA0000014Y",
    ]

    @Test("made-up credit codes, one for each check character, 0 standing for 31")
    func madeUpCreditCodesAreValid() throws {
        #expect(Self.madeUpCreditCodes.map { $0.last! } == Array("0123456789ABCDEFGHJKLMNPQRTUWXY"))
        for text in Self.madeUpCreditCodes {
            #expect(try IdentityNumber.validate(text, field: Self.field) == .socialCreditCode, "\(text)")
        }
        // All digits, check 0, and its organisation code's own check right: digits 7 to 14
        // (00000000) are no birth date, so it is read as a credit code.
        #expect(try IdentityNumber.validate("913501000000001660", field: Self.field) == .socialCreditCode)
    }

    @Test("GB 11714's check digit of organisation codes inside published credit codes", arguments: [
        ("07837106", "3"),   // 911522010783710635
        ("60003734", "1"),   // 91110000600037341L
        ("56010553", "X"),   // 9131012056010553X5
        ("07838201", "0"),   // 91152201078382010M: 11, written 0
        ("M000100Y", "4"),   // GB 32100's example 91350100M000100Y43
        ("MA1K3BTP", "2"),   // 91310115MA1K3BTP2B
    ])
    func organisationCodeChecks(body: String, expected: Character) {
        #expect(IdentityNumber.organisationCodeCheckCharacter(for: body) == expected)
    }

    @Test("other documents' numbers of 6 to 20 capitals and digits are taken as they are", arguments: [
        "E12345678",                // a Chinese passport's form
        "G12345678",
        "H12345678",                // a Home Return Permit's form
        "AB1234",                   // six, the fewest
        "ABCDEFGHIJ0123456789",     // twenty, the most
        "1234567890123",            // 13 digits: an older business-licence number
        "1234567890123456",         // 16 digits
        "A1234567890123456",        // 17 characters, not all digits
        "12345678901234567890",     // 20 digits
    ])
    func others(text: String) throws {
        #expect(try IdentityNumber.validate(text, field: Self.field) == .other)
    }

    // MARK: Refusals, and what they say

    @Test("refusals name what is wrong, and the check character that belongs", arguments: [
        // GB 32100's own example of a wrong code.
        ("91350100M000100Y4Z", "is not a valid unified social credit code: its check character should be 3, not Z (GB 32100)"),
        // python-stdnum's wrong check character.
        ("91110000600037341N", "is not a valid unified social credit code: its check character should be L, not N (GB 32100)"),
        // python-stdnum's wrong check digit.
        ("36042619910102009X", "is not a valid resident ID number: its check digit should be 3, not X (GB 11643)"),
        // GB 11643's example with digit 17 mistyped (2 → 3), and with its X mistyped.
        ("11010519491231003X", "is not a valid resident ID number: its check digit should be 8, not X (GB 11643)"),
        ("110105194912310021", "is not a valid resident ID number: its check digit should be X, not 1 (GB 11643)"),
        // Made up: a credit code with all-digit characters whose digits 7 to 14 read as
        // 2001-02-03 (district 310120, then an organisation code starting 010203).
        ("913101200102030049", "is not a valid resident ID number: its check digit should be 7, not 9 (GB 11643); it would pass as a unified social credit code, but its digits 7 to 14 read as a birth date, so it is checked as an ID number"),
        // Birth dates that are no day, with the check digit right for them.
        ("350102199902310016", "is not a valid resident ID number: its birth date (digits 7 to 14), 19990231, is not a day of the calendar (GB 11643)"),
        ("350102199913010019", "is not a valid resident ID number: its birth date (digits 7 to 14), 19991301, is not a day of the calendar (GB 11643)"),
        ("360426199113010079", "is not a valid resident ID number: its birth date (digits 7 to 14), 19911301, is not a day of the calendar (GB 11643)"),   // python-stdnum
        ("350102189912310010", "is not a valid resident ID number: its birth date (digits 7 to 14), 1899-12-31, is before 1900"),
        ("350102210001010010", "is not a valid resident ID number: its birth date (digits 7 to 14), 2100-01-01, is after 2099"),
        // GB 11643's own second example: right check digit, but born in 1880.
        ("440524188001010014", "is not a valid resident ID number: its birth date (digits 7 to 14), 1880-01-01, is before 1900"),
        // No birth date and no check digit right: it could be either.
        ("350102199913310010", "is neither a valid resident ID number, as its birth date (digits 7 to 14), 19991331, is not a day of the calendar (GB 11643), nor a valid unified social credit code, as its check character should be M, not 0 (GB 32100)"),
        // Made up from 911522010783710635 with the organisation code's check changed (3 → 4)
        // and GB 32100's check worked out again: only GB 11714 catches it.
        ("911522010783710648", "is neither a valid resident ID number, as its birth date (digits 7 to 14), 01078371, is not a day of the calendar (GB 11643), nor a valid unified social credit code, as its organisation code (characters 9 to 17) should end in 3, not 4 (GB 11714)"),
        ("Y1152201078371064J", "is not a valid unified social credit code: its organisation code (characters 9 to 17) should end in 3, not 4 (GB 11714)"),
        // python-stdnum's code with letters the alphabet leaves out.
        ("9111000060003IOZSV", "is not a valid unified social credit code: it contains I, which the code never uses (GB 32100 leaves out I, O, S, V and Z); perhaps 1 was meant"),
        // Real early codes from Fujian's pilot fail GB 32100's check and are refused with
        // the rest (aarioai/id-rule): a known cost of checking.
        ("91350100M0001TGQXM", "is not a valid unified social credit code: its check character should be 1, not M (GB 32100)"),
    ])
    func refusals(text: String, expected: String) {
        #expect(Self.rule(text) == expected)
    }

    @Test("each letter that the credit code leaves out is named, with the digit it is likely a slip for", arguments: [
        ("I", "; perhaps 1 was meant"), ("O", "; perhaps 0 was meant"), ("S", "; perhaps 5 was meant"),
        ("V", ""), ("Z", "; perhaps 2 was meant"),
    ])
    func lettersOutsideTheAlphabet(letter: String, hint: String) {
        // GB 32100's example with its M replaced, and with its 0 at character 10 replaced.
        for text in ["91350100\(letter)000100Y43", "91350100M\(letter)00100Y43"] {
            #expect(Self.rule(text) == "is not a valid unified social credit code: it contains \(letter), which the code never uses (GB 32100 leaves out I, O, S, V and Z)\(hint)", "\(text)")
        }
    }

    @Test("small letters are refused with the capital that was meant, not quietly accepted", arguments: [
        ("11010519491231002x", "X", "x"),
        ("44011320141005001x", "X", "x"),   // as python-stdnum writes it
        ("91350100m000100Y43", "M", "m"),
        ("e12345678", "E", "e"),
    ])
    func smallLetters(text: String, capital: String, small: String) throws {
        #expect(Self.rule(text) == "must be written in capital letters: \(capital), not \(small)")
        // Upper-cased, as MerchantDraft does with what an operator types, each one is valid.
        _ = try IdentityNumber.validate(text.uppercased(), field: Self.field)
    }

    @Test("15-digit numbers of the old kind are refused, with what to give instead", arguments: [
        "110105491231002",   // GB 11643's example in the first-generation form
        "350102850614002",
        "123456789012345",
    ])
    func fifteenDigits(text: String) {
        #expect(Self.rule(text) == "is a 15-digit number of the old kind (a first-generation ID card or an old business-licence registration number); give the 18-character number of the current ID card or business licence")
    }

    @Test("a resident ID number with a digit dropped or doubled is refused, not stored as another document's", arguments: [
        ("1101051949123102X", 17, "one short of"),
        ("11010519491231002", 17, "one short of"),
        ("110105194912310002X", 19, "one more than"),
        ("1101051994912310021", 19, "one more than"),
    ])
    func digitDroppedOrDoubled(text: String, count: Int, difference: String) {
        #expect(Self.rule(text) == "is \(count) digits long, \(difference) the 18 of a resident ID number: check it against the card")
    }

    @Test("wrong lengths and characters outside ASCII capitals and digits", arguments: [
        "", "12345", "ABCDEFGHIJ01234567890",
        "1101051949 1231002X", "110105-19491231-002X", " 11010519491231002X",
        "１１０１０５１９４９１２３１００２Ｘ",   // full-width digits, as some input methods type them
        "11010519491231002Ⅹ",                 // the Roman numeral ten, not the letter X
        "营业执照123456",
    ])
    func shape(text: String) {
        #expect(Self.rule(text) == "must be 6 to 20 letters and digits (an ID card or business-licence number)")
    }

    @Test("the rule names the field it was given")
    func fieldIsNamed() {
        #expect(throws: DomainError(field: "merchant.id_number", rule: "is not a valid resident ID number: its check digit should be 8, not X (GB 11643)")) {
            try IdentityNumber.validate("11010519491231003X", field: "merchant.id_number")
        }
    }

    // MARK: Typos

    /// Resident ID numbers to mistype: the published and made-up ones and `count` random
    /// ones (birth dates from 1930 on, checked by the code under test, which the oracle
    /// test checks in turn).
    static func residentIDs(random count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        var numbers = ["11010519491231002X", "360426199101010071", "44011320141005001X", "412723199010050012",
                       "110102199101010078", "120110198012010073", "120110199212010072"] + madeUpResidentIDs.map(\.text)
        let first = CalendarDate(year: 1930, month: 1, day: 1)!
        for _ in 0..<count {
            let district = Int.random(in: 110_000..<660_000, using: &generator)
            let birthDate = first.adding(days: Int.random(in: 0..<30_000, using: &generator))
            let sequence = Int.random(in: 0..<1000, using: &generator)
            let body = String(district) + String(describing: birthDate).filter { $0 != "-" } + CalendarDate.pad(sequence, 3)
            numbers.append(body + String(IdentityNumber.residentIDCheckDigit(for: body)!))
        }
        return numbers
    }

    /// Whether a mistyped ID number still has an ID number's shape and birth date, so that
    /// only its check digit can catch the mistake.
    static func looksLikeResidentID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return text.prefix(17).allSatisfy(\.isNumber) && (text.last!.isNumber || text.last == "X")
            && IdentityNumber.residentIDBirthDateProblem(bytes) == nil
    }

    @Test("the check digit alone catches every single substitution and every swap of neighbours, in every position")
    func checkDigitCatchesSingleErrors() {
        let seed: UInt64 = 0x11643
        let digits = Array("0123456789")
        for text in Self.residentIDs(random: 300, seed: seed) {
            let characters = Array(text)
            func passes(_ candidate: [Character]) -> Bool {
                IdentityNumber.residentIDCheckDigit(for: String(candidate.prefix(17))) == candidate[17]
            }
            #expect(passes(characters), "\(text)")
            for position in 0..<18 {
                for replacement in position == 17 ? digits + ["X"] : digits where replacement != characters[position] {
                    var mistyped = characters
                    mistyped[position] = replacement
                    #expect(!passes(mistyped), "seed \(seed): \(String(mistyped)) from \(text)")
                }
            }
            // Swaps of neighbours among the digits (a check X cannot move into the body).
            for position in 0..<17 where characters[position] != characters[position + 1] && characters[position + 1] != "X" {
                var swapped = characters
                swapped.swapAt(position, position + 1)
                #expect(!passes(swapped), "seed \(seed): \(String(swapped)) from \(text)")
            }
        }
    }

    /// A mistyped ID number is never taken for a valid one. It is refused outright whenever it
    /// still looks like an ID number with a birth date; one whose birth date the mistake made
    /// impossible, or that gained an X inside, is tried as a credit code as well, and passes
    /// as one when both of that code's checks happen to agree: about 1 in 341 of those.
    func checkMistyped(_ mistyped: String, from text: String, seed: UInt64, slips: inout Int) {
        switch Self.kind(mistyped) {
        case nil: break
        case .socialCreditCode where !Self.looksLikeResidentID(mistyped): slips += 1
        case let kind: Issue.record("seed \(seed): \(mistyped), mistyped from \(text), was taken for \(String(describing: kind))")
        }
    }

    @Test("every single substitution in a resident ID number is refused, bar a rare one that no longer looks like one and passes as a credit code")
    func residentIDSubstitutions() {
        let seed: UInt64 = 0x1164_3199
        var tried = 0
        var slips = 0
        for text in Self.residentIDs(random: 300, seed: seed) {
            let characters = Array(text)
            for position in 0..<18 {
                for replacement in "0123456789X" where replacement != characters[position] {
                    var mistyped = characters
                    mistyped[position] = replacement
                    tried += 1
                    checkMistyped(String(mistyped), from: text, seed: seed, slips: &slips)
                }
            }
        }
        // Expected: about 1 in 1,200 (most substitutions keep the birth date a day).
        #expect(slips * 400 < tried, "seed \(seed): \(slips) of \(tried) mistyped numbers passed as credit codes")
    }

    @Test("every swap of neighbours in a resident ID number is refused, bar a rare one that no longer looks like one and passes as a credit code")
    func residentIDTranspositions() {
        let seed: UInt64 = 0x1164_3200
        var tried = 0
        var slips = 0
        for text in Self.residentIDs(random: 2000, seed: seed) {
            let characters = Array(text)
            for position in 0..<17 where characters[position] != characters[position + 1] {
                var swapped = characters
                swapped.swapAt(position, position + 1)
                tried += 1
                checkMistyped(String(swapped), from: text, seed: seed, slips: &slips)
            }
        }
        #expect(slips * 200 < tried, "seed \(seed): \(slips) of \(tried) swapped numbers passed as credit codes")
    }

    @Test("a slip pinned: an ID number's 1985 mistyped as 1885 is no birth date of anyone alive, and passes as a credit code")
    func pinnedSlip() throws {
        #expect(try IdentityNumber.validate("35010219850612011X", field: Self.field) == .residentID)
        #expect(try IdentityNumber.validate("35010218850612011X", field: Self.field) == .socialCreditCode)
    }

    /// Credit codes to mistype: the published and made-up ones.
    static let creditCodes = ["91350100M000100Y43", "91110000600037341L", "121200004013590816", "911522010783710635",
                              "913101127033980359", "91152201078371135X", "9131012056010553X5", "9144030071526726XG",
                              "91620105L015101280", "91310115MA1K3BTP2B", "92340603MA2PBN17X5", "91340600MA2PBM9HXD",
                              "913501000000001660"] + madeUpCreditCodes

    @Test("every single substitution in a credit code, by any of the 31 characters or a left-out letter, is refused unless it now is an ID number")
    func creditCodeSubstitutions() {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        for text in Self.creditCodes {
            let characters = Array(text)
            for position in 0..<18 {
                for replacement in alphabet + ["I", "O", "S", "V", "Z"] where replacement != characters[position] {
                    var mistyped = characters
                    mistyped[position] = replacement
                    let kind = Self.kind(String(mistyped))
                    // Mod 31 with weights that are powers of 3 sees every substitution; a code
                    // that becomes 18 digits with a birth date is checked, by mod 11, as an ID number.
                    #expect(kind == nil || (kind == .residentID && Self.looksLikeResidentID(String(mistyped))),
                            "\(String(mistyped)) from \(text) was taken for \(String(describing: kind))")
                }
            }
        }
    }

    @Test("every swap of neighbours among a credit code's first 17 characters is refused unless it now is an ID number")
    func creditCodeTranspositions() {
        for text in Self.creditCodes {
            let characters = Array(text)
            for position in 0..<16 where characters[position] != characters[position + 1] {
                var swapped = characters
                swapped.swapAt(position, position + 1)
                let kind = Self.kind(String(swapped))
                #expect(kind == nil || (kind == .residentID && Self.looksLikeResidentID(String(swapped))),
                        "\(String(swapped)) from \(text) was taken for \(String(describing: kind))")
            }
        }
    }

    // MARK: An independent oracle

    /// The three checks written again in Python from the standards' own definitions (the
    /// weights as powers, not as copied tables), one line of input per number: R, C or O and
    /// the body; one check character out per line.
    static let oracleScript = """
        import sys
        ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        for line in sys.stdin.read().split("\\n"):
            if not line:
                continue
            kind, body = line.split(" ")
            if kind == "R":    # GB 11643, ISO 7064 MOD 11-2
                total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body))
                value = (12 - total % 11) % 11
                print("X" if value == 10 else str(value))
            elif kind == "C":  # GB 32100
                total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
                print(ALPHABET[(31 - total % 31) % 31])
            else:              # GB 11714
                total = sum(int(c, 36) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
                value = 11 - total % 11
                print({10: "X", 11: "0"}.get(value, str(value)))
        """

    /// `python3` from `PATH`, by the rule of `ExternalTool` in the other test targets: when
    /// it is missing the test is skipped with a note, unless `CI` is set (to anything but
    /// the empty string), when it fails. (LanziCoreTests has no copy of `ExternalTool`.)
    static func python3() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where folder.hasPrefix("/") {
            let candidate = URL(fileURLWithPath: String(folder), isDirectory: true).appendingPathComponent("python3")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        let missing = "python3 is not on PATH (\(searchPath))"
        if !(environment["CI"] ?? "").isEmpty {
            struct Missing: Error, CustomStringConvertible { let description: String }
            throw Missing(description: "\(missing). CI is set, so the check against python3 fails instead of being skipped")
        }
        try Test.cancel(Comment(rawValue: "skipped: \(missing)"))
    }

    @Test("random numbers' check characters agree with Python's, for all three standards")
    func pythonOracle() throws {
        let python = try Self.python3()
        let seed = UInt64(Date().timeIntervalSince1970)
        var generator = SplitMix64(seed: seed)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let organisationCharacters = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        func randomBody(_ count: Int, of characters: [Character]) -> String {
            String((0..<count).map { _ in characters.randomElement(using: &generator)! })
        }
        var lines: [String] = []
        var expected: [Character] = []
        for _ in 0..<2000 {
            let resident = randomBody(17, of: Array("0123456789"))
            lines.append("R \(resident)")
            expected.append(IdentityNumber.residentIDCheckDigit(for: resident)!)
            let credit = randomBody(17, of: alphabet)
            lines.append("C \(credit)")
            expected.append(IdentityNumber.creditCodeCheckCharacter(for: credit)!)
            let organisation = randomBody(8, of: organisationCharacters)
            lines.append("O \(organisation)")
            expected.append(IdentityNumber.organisationCodeCheckCharacter(for: organisation)!)
        }

        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", Self.oracleScript]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Python reads all of its input before it writes, so writing first cannot deadlock.
        try input.fileHandleForWriting.write(contentsOf: Data(lines.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let answers = answer.split(separator: "\n").map(String.init)
        try #require(answers.count == expected.count, "seed \(seed): \(answers.count) answers for \(expected.count) numbers")
        for (index, (ours, python)) in zip(expected, answers).enumerated() where String(ours) != python {
            Issue.record("seed \(seed): \(lines[index]) → ours \(ours), Python's \(python)")
        }
    }
}
