/// What a Chinese office types, brought to the forms the parsers read.
///
/// A Chinese input method in full-width mode gives `１２００．５０` and `２０２５－０３－０１`;
/// they mean what `1200.50` and `2025-03-01` mean, and refusing them only sends a clerk
/// hunting for the key that switches modes. Only the digits, the full-width point and the
/// full-width hyphen-minus are mapped; the ideographic full stop `。` is not, since it ends
/// sentences and a stray one is more likely a typing slip than a decimal point.
package enum InputText {
    /// `text` with full-width digits ０–９, `．` and `－` replaced by their ASCII forms;
    /// every other character as it is, so that a parser still refuses what it refused.
    package static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isMapped($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // The full-width forms U+FF0D, U+FF0E and U+FF10–U+FF19 sit 0xFEE0 above ASCII.
            if isMapped(scalar), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalars.append(ascii)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    static func isMapped(_ scalar: Unicode.Scalar) -> Bool {
        (0xFF10...0xFF19).contains(scalar.value) || scalar.value == 0xFF0E || scalar.value == 0xFF0D
    }

    /// The value whose English name or Chinese word is `text`: the raw values of `Value`,
    /// and `words` beside them (`商铺` for a shop).
    static func choice<Value: RawRepresentable>(_ text: String, words: [String: Value]) -> Value? where Value.RawValue == String {
        Value(rawValue: text) ?? words[text]
    }
}
