/// The number a merchant registers by (`MerchantDraft.idNumber`): a resident identity number
/// (公民身份号码), a unified social credit code (统一社会信用代码) from a business licence, or
/// some other document's number (a passport, a permit). Pure rules, no I/O.
///
/// Both Chinese numbers carry a check character, so a typo can be caught at the counter
/// instead of on a lease or a receipt months later. How an 18-character value is read:
///
/// - 17 digits and then a digit or `X`, whose digits 7 to 14 are a day from 1900-01-01 to
///   2099-12-31, is a resident ID number, and must have GB 11643's check digit. It is not
///   also tried as a credit code, so that a mistyped digit or a swap of neighbours that
///   leaves such a birth date is always caught (mod 11 with these weights sees every one).
/// - Any other 18 characters are a unified social credit code: GB 32100's 31 characters
///   and check character. Where its organisation code (characters 9 to 17) is digits, with
///   `X` allowed last (an old GB 11714 organisation code carried over, as most all-digit
///   credit codes are), that code's own check digit must be right too: an ID number whose
///   birth date was mistyped into an impossible day is then taken for a credit code only
///   about once in 341 times, not once in 31.
/// - An 18-digit credit code whose digits 7 to 14 happen to read as a day between 1900 and
///   2099 is therefore refused, as a mistyped ID number; its error says that it would pass
///   as a credit code. That needs district digits (7 and 8) of 19 or 20 and an organisation
///   code that goes on with a month and a day, which few codes have.
///
/// Other rules: 6 to 20 ASCII capital letters and digits, as the register has always asked;
/// lower-case letters are refused with a note that says which capital was meant, not quietly
/// accepted, so that what was checked is what is stored (`MerchantDraft` upper-cases what an
/// operator types before it validates). A 15-digit number is refused: it is a
/// first-generation ID card's (void since 2013) or an old business-licence registration
/// number, and neither identifies anyone today. So is one of 17 or 19 digits (an `X`
/// allowed last): a resident ID number with a digit dropped or doubled. Anything else of
/// that shape is `.other` and accepted as it is.
///
/// Not checked: whether a birth date is in the future (these rules have no clock), the
/// district code's existence, the first two characters of a credit code (registration
/// authority and type, whose lists change), and GB 11714 for an organisation code with
/// letters in it (early pilot codes are not all consistent).
package enum IdentityNumber {
    /// What a valid number was taken for.
    package enum Kind: Hashable, Sendable {
        /// An 18-digit resident identity number (GB 11643-1999), also the form of the
        /// residence permits of Hong Kong, Macao and Taiwan residents and of the 2023
        /// foreign permanent residence card, which follow the same standard.
        case residentID
        /// An 18-character unified social credit code (GB 32100-2015) of a business
        /// licence or another organisation's registration.
        case socialCreditCode
        /// Another document's number, of 6 to 20 capital letters and digits.
        case other
    }

    /// Checks `text` as the number of a merchant's ID card, business licence or other document.
    /// - Returns: what the number was taken for (see the type's rules).
    /// - Throws: `DomainError` naming `field`, whose rule says what is wrong in words an
    ///   operator can act on: the check character that the rest of the number calls for, the
    ///   birth date that is not a day, the letter a credit code never uses. The whole number is
    ///   not repeated in it, since errors are logged and an ID number is not for logs.
    package static func validate(_ text: String, field: String) throws(DomainError) -> Kind {
        let characters = Array(text.utf8)
        guard (6...20).contains(characters.count),
              characters.allSatisfy({ isCapitalOrDigit($0) || isLowercase($0) }) else {
            throw DomainError(field: field, rule: "must be 6 to 20 letters and digits (an ID card or business-licence number)")
        }
        if let lowercase = characters.first(where: isLowercase) {
            throw DomainError(field: field, rule: "must be written in capital letters: \(character(lowercase - 32)), not \(character(lowercase))")
        }
        if characters.count == 15, characters.allSatisfy(isDigit) {
            // 15 digits is a first-generation ID card's number (GB 11643-1989, cards void
            // since 2013-01-01) or an old business-licence registration number (replaced by
            // the credit code from 2015): neither identifies anyone today.
            throw DomainError(field: field, rule: "is a 15-digit number of the old kind (a first-generation ID card or an old business-licence registration number); give the 18-character number of the current ID card or business licence")
        }
        if characters.count == 17 || characters.count == 19,
           characters.dropLast().allSatisfy(isDigit), let last = characters.last, isDigit(last) || last == x {
            // No other document's number looks like this; a dropped or doubled digit of an
            // ID number does, and would otherwise be stored as `.other`.
            let difference = characters.count == 17 ? Phrase("one short of") : Phrase("one more than")
            throw DomainError(field: field, rule: "is \(characters.count) digits long, \(difference) the 18 of a resident ID number: check it against the card")
        }
        guard characters.count == 18 else { return .other }

        let isResidentIDShaped = characters[0..<17].allSatisfy(isDigit) && (isDigit(characters[17]) || characters[17] == x)
        guard isResidentIDShaped else {
            if let problem = creditCodeProblem(characters) {
                throw DomainError(field: field, rule: "is not a valid unified social credit code: \(problem)")
            }
            return .socialCreditCode
        }
        let expectedDigit = residentIDCheck(characters[0..<17])
        guard let birthDateProblem = residentIDBirthDateProblem(characters) else {
            guard expectedDigit == characters[17] else {
                let problem = checkDigitProblem(expected: expectedDigit, found: characters[17])
                guard creditCodeProblem(characters) == nil else {
                    throw DomainError(field: field, rule: "is not a valid resident ID number: \(problem)")
                }
                throw DomainError(field: field, rule: "is not a valid resident ID number: \(problem); it would pass as a unified social credit code, but its digits 7 to 14 read as a birth date, so it is checked as an ID number")
            }
            return .residentID
        }
        // Digits 7 to 14 are no birth date of anyone alive: a credit code whose
        // organisation code is digits, or an ID number with a mistyped birth date.
        guard let creditProblem = creditCodeProblem(characters) else { return .socialCreditCode }
        if expectedDigit == characters[17] {
            // The check digit agrees, so the birth date was written so on purpose, or two
            // mistakes cancelled out: either way it is an ID number with a wrong date.
            throw DomainError(field: field, rule: "is not a valid resident ID number: \(birthDateProblem)")
        }
        throw DomainError(field: field, rule: "is neither a valid resident ID number, as \(birthDateProblem), nor a valid unified social credit code, as \(creditProblem)")
    }

    // MARK: Check characters

    /// GB 11643-1999's check digit for `body`, the first 17 digits of a resident ID number:
    /// ISO 7064 MOD 11-2, with `X` for ten. Nil unless `body` is 17 ASCII digits.
    package static func residentIDCheckDigit(for body: String) -> Character? {
        let digits = Array(body.utf8)
        guard digits.count == 17, digits.allSatisfy(isDigit) else { return nil }
        return character(residentIDCheck(digits[...]))
    }

    /// GB 32100-2015's check character for `body`, the first 17 characters of a unified
    /// social credit code. Nil unless `body` is 17 characters of the code's alphabet.
    package static func creditCodeCheckCharacter(for body: String) -> Character? {
        let characters = Array(body.utf8)
        guard characters.count == 17, characters.allSatisfy({ creditCodeValue($0) != nil }) else { return nil }
        return character(creditCodeCheck(characters[...]))
    }

    /// GB 11714-1997's check character for `body`, the first 8 characters of an organisation
    /// code (characters 9 to 16 of a credit code): a digit, or `X` for ten. Nil unless
    /// `body` is 8 ASCII digits or capital letters.
    package static func organisationCodeCheckCharacter(for body: String) -> Character? {
        let characters = Array(body.utf8)
        guard characters.count == 8, characters.allSatisfy(isCapitalOrDigit) else { return nil }
        return character(organisationCodeCheck(characters[...]))
    }

    /// GB 11643's weights: 2^(17 - i) mod 11 for the digit at position i (counting from 0).
    static let residentIDWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    /// The check digit for a weighted sum mod 11 of 0, 1, …, 10.
    static let residentIDCheckDigits = Array("10X98765432".utf8)

    /// The credit code's characters, each worth its place: digits and capitals without I, O,
    /// S, V and Z, which are too easily read as 1, 0, 5, U and 2.
    static let creditCodeAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// GB 32100's weights: 3^i mod 31 for the character at position i (counting from 0).
    static let creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// GB 11714's weights for the eight characters of an organisation code before its check.
    static let organisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    static func residentIDCheck(_ digits: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (digit, weight) in zip(digits, residentIDWeights) { sum += Int(digit - zero) * weight }
        return residentIDCheckDigits[sum % 11]
    }

    /// The check character for 17 characters that are all in the alphabet.
    static func creditCodeCheck(_ characters: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (character, weight) in zip(characters, creditCodeWeights) { sum += (creditCodeValue(character) ?? 0) * weight }
        // 31 - (sum mod 31), where 31 means 0.
        return creditCodeAlphabet[(31 - sum % 31) % 31]
    }

    /// The check character for 8 digits or capitals (worth 10 to 35 for A to Z).
    static func organisationCodeCheck(_ characters: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (character, weight) in zip(characters, organisationCodeWeights) {
            sum += (isDigit(character) ? Int(character - zero) : Int(character - capitalA) + 10) * weight
        }
        // 11 - (sum mod 11), where 10 is written X and 11 is 0.
        switch 11 - sum % 11 {
        case 10: return x
        case 11: return zero
        case let value: return zero + UInt8(value)
        }
    }

    // MARK: Problems, in words

    static func checkDigitProblem(expected: UInt8, found: UInt8) -> Phrase {
        Phrase("its check digit should be \(character(expected)), not \(character(found)) (GB 11643)")
    }

    /// What is wrong with digits 7 to 14 as a birth date, or nil when they are a day from
    /// 1900-01-01 to 2099-12-31. The lower bound keeps out the long dead; the upper keeps a
    /// credit code's district code of 21 to 99 from being read as a year.
    static func residentIDBirthDateProblem(_ characters: [UInt8]) -> Phrase? {
        func number(_ range: Range<Int>) -> Int { characters[range].reduce(0) { $0 * 10 + Int($1 - zero) } }
        let digits = String(decoding: characters[6..<14], as: UTF8.self)
        guard let date = CalendarDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)) else {
            return Phrase("its birth date (digits 7 to 14), \(digits), is not a day of the calendar (GB 11643)")
        }
        guard date.year >= 1900 else { return Phrase("its birth date (digits 7 to 14), \(date), is before 1900") }
        guard date.year <= 2099 else { return Phrase("its birth date (digits 7 to 14), \(date), is after 2099") }
        return nil
    }

    /// What is wrong with 18 characters as a credit code, or nil when they are one.
    static func creditCodeProblem(_ characters: [UInt8]) -> Phrase? {
        // The 18th character is only compared, so a wrong one there is reported as the
        // check character that belongs, whatever it is.
        if let stranger = characters[0..<17].first(where: { creditCodeValue($0) == nil }) {
            let meant: [UInt8: Character] = [capitalI: "1", capitalO: "0", capitalS: "5", capitalZ: "2"]
            let problem = Phrase("it contains \(character(stranger)), which the code never uses (GB 32100 leaves out I, O, S, V and Z)")
            if let likely = meant[stranger] { return Phrase("\(problem); perhaps \(likely) was meant") }
            return problem
        }
        let expected = creditCodeCheck(characters[0..<17])
        guard expected == characters[17] else {
            return Phrase("its check character should be \(character(expected)), not \(character(characters[17])) (GB 32100)")
        }
        let organisationCode = characters[8..<17]
        if organisationCode.dropLast().allSatisfy(isDigit), isDigit(characters[16]) || characters[16] == x {
            let expectedOrganisationCheck = organisationCodeCheck(organisationCode.dropLast())
            guard expectedOrganisationCheck == characters[16] else {
                return Phrase("its organisation code (characters 9 to 17) should end in \(character(expectedOrganisationCheck)), not \(character(characters[16])) (GB 11714)")
            }
        }
        return nil
    }

    // MARK: ASCII

    static let zero = UInt8(ascii: "0")
    static let x = UInt8(ascii: "X")
    static let capitalA = UInt8(ascii: "A")
    static let capitalI = UInt8(ascii: "I")
    static let capitalO = UInt8(ascii: "O")
    static let capitalS = UInt8(ascii: "S")
    static let capitalZ = UInt8(ascii: "Z")

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    static func isCapitalOrDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    static func isLowercase(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }

    /// The character's worth in the credit code's alphabet, or nil when it has none.
    static func creditCodeValue(_ byte: UInt8) -> Int? { creditCodeAlphabet.firstIndex(of: byte) }

    static func character(_ byte: UInt8) -> Character { Character(Unicode.Scalar(byte)) }
}
