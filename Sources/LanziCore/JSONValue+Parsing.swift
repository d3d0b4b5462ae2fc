/// A strict RFC 8259 parser that keeps object members in document order and reports where
/// the text goes wrong by line and column. Numbers must be integers in the Int64 range: our
/// documents carry money as strings, so a fraction or exponent is refused, never rounded.
extension JSONValue {
    /// - Throws: `DomainError` whose field is `source` (a file name) with the line and column.
    package static func parse(_ text: String, source: String) throws(DomainError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), source: source)
        return try parser.parseDocument()
    }

    /// `parse` of UTF-8 bytes as they were read, with no string made of them first.
    package static func parse(bytes: [UInt8], source: String) throws(DomainError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, source: source)
        return try parser.parseDocument()
    }
}

struct JSONParser {
    let bytes: [UInt8]
    let source: String
    var position = 0
    var depth = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
        // A UTF-8 byte order mark, as Windows editors write, is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    mutating func parseDocument() throws(DomainError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    func failure(_ rule: Phrase) -> DomainError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return DomainError(field: "\(source) line \(line) column \(column)", rule: rule)
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func parseValue() throws(DomainError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of the text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseInteger()
        default: throw failure("expected a JSON value")
        }
    }

    mutating func expectWord(_ word: String) throws(DomainError) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw failure("expected a JSON value")
        }
        position += expected.count
    }

    mutating func enter() throws(DomainError) {
        depth += 1
        guard depth <= 64 else { throw failure("nested more than 64 levels deep") }
    }

    mutating func parseObject() throws(DomainError) -> JSONValue {
        try enter()
        position += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; depth -= 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a member name in quotes") }
            let key = try parseString()
            guard !members.contains(where: { $0.0 == key }) else { throw failure("the member \"\(key)\" appears twice") }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
            position += 1
            members.append((key, try parseValue()))
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of the text inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; depth -= 1; return .object(members) }
            throw failure("expected ',' or '}' in an object")
        }
    }

    mutating func parseArray() throws(DomainError) -> JSONValue {
        try enter()
        position += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; depth -= 1; return .array(values) }
        while true {
            values.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of the text inside an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; depth -= 1; return .array(values) }
            throw failure("expected ',' or ']' in an array")
        }
    }

    mutating func parseInteger() throws(DomainError) -> JSONValue {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        let digits = position - digitsStart
        guard digits > 0 else { throw failure("expected digits") }
        guard !(digits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else { throw failure("a number must not start with 0") }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw failure("numbers must be whole; write amounts as strings such as \"1200.50\"")
        }
        guard let value = Int64(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw failure("the number is too large")
        }
        return .integer(value)
    }

    mutating func parseString() throws(DomainError) -> String {
        position += 1
        // Most strings hold no escape: they are checked and made in one piece.
        var end = position
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            guard let text = String(validating: bytes[position..<end], as: UTF8.self) else { throw failure("a string is not valid UTF-8") }
            position = end + 1
            return text
        }
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw failure("a string is not closed") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else { position -= 1; throw failure("a control character must be escaped inside a string") }
            guard byte == UInt8(ascii: "\\") else { utf8.append(byte); continue }
            guard position < bytes.count else { throw failure("a string is not closed") }
            let escaped = bytes[position]
            position += 1
            let scalar: Unicode.Scalar
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalar = Unicode.Scalar(escaped)
            case UInt8(ascii: "b"): scalar = "\u{08}"
            case UInt8(ascii: "f"): scalar = "\u{0C}"
            case UInt8(ascii: "n"): scalar = "\n"
            case UInt8(ascii: "r"): scalar = "\r"
            case UInt8(ascii: "t"): scalar = "\t"
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw failure("a lone surrogate escape")
                    }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let decoded = Unicode.Scalar(code) else { throw failure("a lone surrogate escape") }
                scalar = decoded
            default:
                throw failure("unknown escape in a string")
            }
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        }
        guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("a string is not valid UTF-8") }
        return text
    }

    mutating func parseHex4() throws(DomainError) -> UInt32 {
        guard position + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw failure("\\u must be followed by four hex digits")
        }
        position += 4
        return value
    }
}
