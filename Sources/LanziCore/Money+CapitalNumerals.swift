extension Money {
    /// The amount in Chinese capital numerals (大写), as printed on receipts, by the People's
    /// Bank rules:
    ///
    /// - digits 零壹贰叁肆伍陆柒捌玖; 拾佰仟 inside each group of four digits; the groups end in
    ///   万, 亿, 万亿 (10^12) and 亿亿 (10^16), which covers the whole `Int64` range;
    /// - one 零 for each run of zeros between two non-zero digits, even when the run crosses a
    ///   group (100000001 → 壹亿零壹元整, 100010000 → 壹亿零壹万元整), and none for the zeros
    ///   just before 元 (1230.45 → 壹仟贰佰叁拾元肆角伍分);
    /// - tens are written 壹拾 (10 → 壹拾元整, 100500 → 壹拾万零伍佰元整);
    /// - 零 after 元 when 角 is zero and 分 is not (1200.05 → 壹仟贰佰元零伍分);
    /// - 整 only after an amount that ends at 元 (1010.10 → 壹仟零壹拾元壹角);
    /// - no 元 when there are no whole yuan but 角 or 分 (0.50 → 伍角, 0.05 → 伍分); 0 → 零元整;
    /// - a negative amount is prefixed 负.
    package var capitalNumerals: String {
        let magnitude = fen.magnitude          // UInt64: Int64.min needs no special case
        let yuan = magnitude / 100
        let jiao = Int(magnitude / 10 % 10)
        let fenDigit = Int(magnitude % 10)

        var text = fen < 0 ? "负" : ""
        if yuan > 0 {
            text += Self.capitalYuan(yuan) + "元"
        }
        switch (jiao, fenDigit) {
        case (0, 0):
            text += yuan > 0 ? "整" : "零元整"
        case (0, _):
            if yuan > 0 { text += "零" }
            text += Self.capitalDigits[fenDigit] + "分"
        default:
            text += Self.capitalDigits[jiao] + "角"
            if fenDigit > 0 { text += Self.capitalDigits[fenDigit] + "分" }
        }
        return text
    }

    private static let capitalDigits = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    /// Indexed by a digit's place inside its group of four.
    private static let placeUnits = ["", "拾", "佰", "仟"]
    /// Indexed by a group's number counted from the right: 10^0, 10^4, 10^8, 10^12, 10^16.
    /// `UInt64.max / 100` has 18 digits, so five groups are always enough.
    private static let groupUnits = ["", "万", "亿", "万亿", "亿亿"]

    /// A positive whole number of yuan in capital numerals, without 元.
    private static func capitalYuan(_ yuan: UInt64) -> String {
        precondition(yuan > 0, "zero yuan is written by the caller")
        var digits: [Int] = []                  // least significant first
        var rest = yuan
        while rest > 0 {
            digits.append(Int(rest % 10))
            rest /= 10
        }

        var text = ""
        // A zero seen since the last written digit. The leading digit is never zero, so a
        // pending zero always follows a written digit; it is written only if another non-zero
        // digit comes, which drops the zeros that end the number and merges every run into one 零.
        var hasPendingZero = false
        var groupHasDigit = false
        for position in digits.indices.reversed() {
            let digit = digits[position]
            if digit == 0 {
                hasPendingZero = true
            } else {
                if hasPendingZero {
                    text += "零"
                    hasPendingZero = false
                }
                text += capitalDigits[digit] + placeUnits[position % 4]
                groupHasDigit = true
            }
            if position % 4 == 0 {
                // A group of four zeros gets no unit: 100000001 is 壹亿零壹, not 壹亿万零壹.
                if groupHasDigit { text += groupUnits[position / 4] }
                groupHasDigit = false
            }
        }
        return text
    }
}
