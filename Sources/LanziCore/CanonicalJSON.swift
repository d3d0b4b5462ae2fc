/// The JSON Canonicalization Scheme (RFC 8785) for the values receipts carry: one exact
/// sequence of bytes for one JSON value, so that a receipt's hash and signature do not depend
/// on how its text was laid out. Receipts hash and sign these bytes and ship them as they are,
/// so that a checker never has to canonicalize again.
///
/// The rules, from RFC 8785 section 3.2:
/// - no whitespace between tokens;
/// - object members sorted by their names' UTF-16 code units, compared as unsigned numbers
///   (not by Unicode scalar: U+FB33 sorts after U+1F600, whose first code unit is 0xD83D);
/// - strings as ECMAScript's `JSON.stringify` writes them: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
///   `\t`, other characters below U+0020 as `\u00XX` in lower-case hex, and everything else,
///   U+007F, U+2028 and every non-ASCII character included, as literal UTF-8;
/// - numbers as ECMAScript writes them. `JSONValue` has integers only (money is fen), so an
///   integer is written in decimal, and only within the I-JSON range ±(2^53 − 1) (RFC 7493),
///   where a checker's IEEE 754 double holds it exactly; a larger one is refused, never
///   rounded. A fraction or exponent in text is refused by the parser.
/// - a repeated member name is refused (RFC 8785 3.1 requires I-JSON, which forbids it).
package enum CanonicalJSON {
    /// 2^53 − 1, the largest integer every JSON reader holds exactly.
    package static let maximumSafeInteger: Int64 = 9_007_199_254_740_991

    /// The canonical bytes of `value`.
    /// - Throws: `DomainError` whose field is the JSON path of the offending value (`$` is the
    ///   whole value), for an integer outside ±(2^53 − 1) or an object with a repeated name.
    package static func bytes(of value: JSONValue) throws(DomainError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1_024)
        var path = Path(root: "$")
        try write(value, path: &path, to: &output)
        return output
    }

    /// The canonical bytes of the JSON text `text`, parsed by `JSONValue.parse`'s strict
    /// parser (which refuses fractions, exponents, repeated names and lone surrogates, and
    /// reads integers up to the Int64 range only).
    ///
    /// One way this is stricter than RFC 8785: that parser compares member names as Swift
    /// strings, so two names that are the same text in different Unicode forms ("é" as one
    /// scalar, or as "e" and a combining accent) count as a repetition and are refused. A
    /// receipt never needs both, and a reader could not tell them apart.
    /// - Throws: `DomainError` whose field is `source` with the line and column of a fault in
    ///   the text, or `source` and the JSON path of a value that has no canonical form.
    package static func canonicalize(_ text: [UInt8], source: String) throws(DomainError) -> [UInt8] {
        var parser = JSONParser(bytes: text, source: source)
        let value = try parser.parseDocument()
        var output: [UInt8] = []
        var path = Path(root: source + " $")
        try write(value, path: &path, to: &output)
        return output
    }

    /// Where the writer is, kept as parts and spelled out only for an error: a verifier
    /// canonicalizes every record it checks, and the path is almost never read.
    struct Path {
        enum Part { case name(String), index(Int) }
        let root: String
        var parts: [Part] = []

        init(root: String) { self.root = root }

        var text: String {
            parts.reduce(root) { path, part in
                switch part {
                case .name(let name): path + pathComponent(name)
                case .index(let index): path + "[\(index)]"
                }
            }
        }
    }

    private static func write(_ value: JSONValue, path: inout Path, to output: inout [UInt8]) throws(DomainError) {
        switch value {
        case .null: output += "null".utf8
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .integer(let number):
            guard number >= -maximumSafeInteger, number <= maximumSafeInteger else {
                throw DomainError(field: path.text, rule: "an integer beyond ±(2^53 − 1) has no exact canonical form; write it as a string")
            }
            output += String(number).utf8
        case .string(let text): writeString(text, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                path.parts.append(.index(index))
                try write(element, path: &path, to: &output)
                path.parts.removeLast()
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            // Sorted by UTF-16 code units; members read from canonical text, or built in order,
            // are sorted already, which is checked first so that they need no sort. Otherwise
            // their positions are sorted, not the members (which would copy every value).
            var isSorted = true
            for index in members.indices.dropFirst() where utf16Order(members[index - 1].0, members[index].0) >= 0 {
                isSorted = false
                break
            }
            let order = isSorted ? Array(members.indices) : members.indices.sorted { utf16Order(members[$0].0, members[$1].0) < 0 }
            output.append(UInt8(ascii: "{"))
            for (place, index) in order.enumerated() {
                let name = members[index].0
                if place > 0 {
                    // Sorted, so a repeated name sits next to its twin.
                    guard utf16Order(members[order[place - 1]].0, name) != 0 else {
                        path.parts.append(.name(name))
                        throw DomainError(field: path.text, rule: "the member name appears twice in one object")
                    }
                    output.append(UInt8(ascii: ","))
                }
                writeString(name, to: &output)
                output.append(UInt8(ascii: ":"))
                path.parts.append(.name(name))
                try write(members[index].1, path: &path, to: &output)
                path.parts.removeLast()
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes `text` in quotes, escaped as RFC 8785 3.2.2.2 says. It works on the UTF-8 bytes:
    /// every byte that needs an escape is ASCII, and the bytes of a multi-byte character are
    /// all 0x80 or above, so they are copied as they are.
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        let isPlain = text.withUTF8 { bytes in
            // Almost every string needs no escape: scanned once, then copied whole.
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if isPlain {
            output.append(UInt8(ascii: "\""))
            return
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                output += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The order of two names by their UTF-16 code units (negative, zero or positive), worked
    /// out on their UTF-8 bytes without transcoding. UTF-8 bytes sort as code points do, and so
    /// do UTF-16 code units but in one case: a character beyond U+FFFF (UTF-8 lead byte F0–F4,
    /// UTF-16 surrogates D800–DBFF) sorts before one of U+E000–U+FFFF (lead byte EE or EF) in
    /// UTF-16 and after it in UTF-8. Where two names first differ, both bytes are lead bytes
    /// or both continuation bytes of characters of one length, so that case is told by them.
    static func utf16Order(_ first: String, _ second: String) -> Int {
        var first = first, second = second
        return first.withUTF8 { a in
            second.withUTF8 { b in
                for index in 0..<min(a.count, b.count) where a[index] != b[index] {
                    let (x, y) = (a[index], b[index])
                    if x >= 0xF0 && (y == 0xEE || y == 0xEF) { return -1 }
                    if y >= 0xF0 && (x == 0xEE || x == 0xEF) { return 1 }
                    return x < y ? -1 : 1
                }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
    }

    /// `.name` for a plain ASCII name, `["…"]` for any other, so that an error's path reads
    /// back unambiguously.
    private static func pathComponent(_ name: String) -> String {
        let isPlain = !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
        if isPlain { return "." + name }
        var quoted: [UInt8] = []
        writeString(name, to: &quoted)
        return "[" + String(decoding: quoted, as: UTF8.self) + "]"
    }
}

extension JSONValue {
    /// The RFC 8785 canonical bytes of this value (see `CanonicalJSON`).
    /// - Throws: `DomainError` for an integer outside ±(2^53 − 1) or a repeated member name.
    package func canonicalBytes() throws(DomainError) -> [UInt8] {
        try CanonicalJSON.bytes(of: self)
    }
}
