extension Money {
    /// Parses an amount in yuan as a person types it: "1200", "1200.5", "1200.50", "0.05",
    /// and, when `allowsNegative` is true, "-12.30". "1200.5" means 120050 fen.
    ///
    /// Full-width digits, point and minus (`１２００．５０`, as a Chinese input method types them)
    /// read as their ASCII forms (`InputText.halfWidth`); the message quotes what was typed.
    ///
    /// Only ASCII digits, one optional "." followed by one or two decimals, and (when allowed) one
    /// leading "-" are accepted; nothing is trimmed, rounded or guessed. Leading zeros ("007") are
    /// harmless and accepted; "-0" is zero.
    ///
    /// - Throws: `DomainError` whose `field` is `field` and whose `rule` quotes `text` and names
    ///   the rule it breaks: empty or blank text; anything but the forms above ("12a", "1,200",
    ///   ".5", "5.", " 5", "¥5", "1e3"); a sign where none is allowed ("-5",
    ///   and "+5" always); more than two decimals ("1.005", even "1.000": never rounded); an
    ///   amount beyond `Int64` fen.
    package static func parse(_ text: String, field: String, allowsNegative: Bool = false) throws(DomainError) -> Money {
        // String(reflecting:) quotes the text and escapes quotes and control characters, so the
        // message shows exactly what was given, even a stray tab or newline.
        let quoted = String(reflecting: text)
        func refusal(_ rule: Phrase) -> DomainError {
            DomainError(field: field, rule: "\(rule), got \(quoted)")
        }

        let text = InputText.halfWidth(text)
        if text.isEmpty { throw refusal("must not be empty") }
        if text.allSatisfy(\.isWhitespace) { throw refusal("must not be blank") }

        let bytes = Array(text.utf8)
        var index = 0
        var signByte: UInt8?
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            signByte = bytes[index]
            index += 1
        }
        let integerStart = index
        while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        let integerDigits = bytes[integerStart..<index]
        var fractionDigits = bytes[index..<index]
        var hasPoint = false
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            let fractionStart = index
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
            fractionDigits = bytes[fractionStart..<index]
        }
        guard !integerDigits.isEmpty, !(hasPoint && fractionDigits.isEmpty), index == bytes.count else {
            let example = allowsNegative ? "1200, 1200.50 or -1200.50" : "1200 or 1200.50"
            throw refusal(
                "must be written like \(example): ASCII digits, then optionally \".\" and one or two decimals")
        }

        let isNegative = signByte == UInt8(ascii: "-")
        if signByte == UInt8(ascii: "+") { throw refusal("must not have a \"+\" sign") }
        if isNegative && !allowsNegative { throw refusal("must not be negative") }
        if fractionDigits.count > 2 { throw refusal("must have at most two decimals") }

        // The magnitude may be one fen more than Int64.max when negative: Int64.min is in range.
        let limit: UInt64 = isNegative ? Int64.min.magnitude : Int64.max.magnitude
        let outOfRange = isNegative
            ? refusal("must be at least \(Money(fen: Int64.min).plainDecimal)")
            : refusal("must be at most \(Money.max.plainDecimal)")
        var magnitude: UInt64 = 0
        for digit in integerDigits {
            let (shifted, shiftOverflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, sumOverflow) = shifted.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !shiftOverflow, !sumOverflow else { throw outOfRange }
            magnitude = sum
        }
        var hundredths: UInt64 = 0
        for (position, digit) in fractionDigits.enumerated() {
            hundredths += UInt64(digit - UInt8(ascii: "0")) * (position == 0 ? 10 : 1)
        }
        let (yuanInFen, scaleOverflow) = magnitude.multipliedReportingOverflow(by: 100)
        let (total, totalOverflow) = yuanInFen.addingReportingOverflow(hundredths)
        guard !scaleOverflow, !totalOverflow, total <= limit else { throw outOfRange }

        // Two's complement negation in UInt64, read back as Int64: exact for every magnitude up
        // to 2^63, including Int64.min, which `-Int64(total)` would trap on.
        return Money(fen: isNegative ? Int64(bitPattern: 0 &- total) : Int64(total))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
