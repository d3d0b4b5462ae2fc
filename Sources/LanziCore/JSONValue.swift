/// A JSON value with its object members in a fixed order, so that what we print is
/// stable and reads in a sensible order. Numbers are integers only: money is fen, and no
/// floating point ever enters or leaves through JSON.
package enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .integer(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let members):
            for (key, value) in members {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The member named `key` of an object; nil for a missing key or a value that is not an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The text of a string value; nil for any other.
    package var stringValue: String? { if case .string(let text) = self { text } else { nil } }

    /// The number of an integer value; nil for any other.
    package var integerValue: Int64? { if case .integer(let value) = self { value } else { nil } }

    /// The values of an array; nil for any other.
    package var arrayValue: [JSONValue]? { if case .array(let values) = self { values } else { nil } }

    /// Convenience for optional values: `nil` becomes `null`.
    package static func optional<T>(_ value: T?, _ transform: (T) -> JSONValue) -> JSONValue {
        value.map(transform) ?? .null
    }
}

extension JSONValue {
    /// The text of this value: two-space indented when `pretty`, else on one line with no
    /// spaces. Non-ASCII text is written as UTF-8, not escaped.
    package func serialized(pretty: Bool = true) -> String {
        if !pretty { return String(decoding: compactBytes(), as: UTF8.self) }
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    /// The one-line text as UTF-8 bytes, written straight into one buffer: what the HTTP API
    /// sends, for every answer.
    package func compactBytes() -> [UInt8] {
        var output = JSONBytes(capacity: 1_024)
        output.value(self)
        return output.bytes
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        let padding = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closingPadding = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            guard !values.isEmpty else { output += "[]"; return }
            output += "[" + newline
            for (index, value) in values.enumerated() {
                output += padding
                value.write(to: &output, pretty: pretty, indent: indent + 1)
                output += (index < values.count - 1 ? "," : "") + newline
            }
            output += closingPadding + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                output += padding
                Self.writeString(key, to: &output)
                output += pretty ? ": " : ":"
                value.write(to: &output, pretty: pretty, indent: indent + 1)
                output += (index < members.count - 1 ? "," : "") + newline
            }
            output += closingPadding + "}"
        }
    }

    /// Escapes as RFC 8259 requires: the quote, the backslash and control characters.
    static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Most text needs no escape at all: then it goes in whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
