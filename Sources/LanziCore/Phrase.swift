/// A sentence or a word for a person, said once and read in either language.
///
/// Its English text is its key: the literal segments of the string literal with `{}` where
/// each interpolation stood (the *template*, `lease {} overlaps lease {}`), and the
/// interpolated values beside it. `rendered(in:)` fills the template in English, or looks
/// the template up in the `Catalogue` and fills the Chinese one, whose placeholders are
/// numbered (`{2} 与 {1} 重叠`) because Chinese word order differs; a template the catalogue
/// lacks falls back to English rather than to nothing. `description` renders in
/// `Language.current`, so that `"\(error)"` and `print(phrase)` read in the front end's
/// language without each of them passing it along.
///
/// Two phrases are equal when they say the same in English, the language of their keys:
/// `"must be at most \(limit)"` equals the literal `"must be at most 100"`, however either was
/// put together, so that a test compares a refusal with the sentence it expects to read.
package struct Phrase: ExpressibleByStringInterpolation, Hashable, Sendable, CustomStringConvertible {
    /// One interpolated value: text, which is data and never translated, or a phrase of its
    /// own, rendered in the same language as the phrase around it.
    package indirect enum Argument: Hashable, Sendable {
        case text(String)
        case phrase(Phrase)
    }

    /// The English text with `{}` for each argument: the catalogue's key.
    package let template: String
    package let arguments: [Argument]

    package init(template: String, arguments: [Argument]) {
        self.template = template
        self.arguments = arguments
    }

    package init(stringLiteral value: String) {
        self.init(template: value, arguments: [])
    }

    package init(stringInterpolation: StringInterpolation) {
        self.init(template: stringInterpolation.template, arguments: stringInterpolation.arguments)
    }

    /// A phrase written where a value of some other type is expected (a dictionary of
    /// sentences): the same phrase, so that the completeness test can find its literal.
    package init(_ phrase: Phrase) {
        self = phrase
    }

    /// Text that is data — a name, a code, a reason someone typed — shown as it is in every
    /// language.
    package init(verbatim text: String) {
        self.init(template: "{}", arguments: [.text(text)])
    }

    /// Builds the template and arguments of a literal: literal text as it is, `{}` for each
    /// interpolation.
    package struct StringInterpolation: StringInterpolationProtocol {
        var template = ""
        var arguments: [Argument] = []

        package init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 2 * interpolationCount)
        }

        package mutating func appendLiteral(_ literal: String) {
            template += literal
        }

        package mutating func appendInterpolation(_ phrase: Phrase) {
            template += "{}"
            arguments.append(.phrase(phrase))
        }

        /// Any other value by its description, taken now: a date, an amount, a code.
        package mutating func appendInterpolation<Value>(_ value: Value) {
            template += "{}"
            arguments.append(.text(String(describing: value)))
        }
    }

    /// The phrase in `language`: the catalogue's Chinese template for `.zh` where it has
    /// one, else the English template, with the arguments filled in.
    package func rendered(in language: Language) -> String {
        let values = arguments.map { argument in
            switch argument {
            case .text(let text): text
            case .phrase(let phrase): phrase.rendered(in: language)
            }
        }
        if language == .zh, let chinese = Catalogue.chinese[template] {
            return Self.fillNumbered(chinese, with: values)
        }
        return Self.fillInOrder(template, with: values)
    }

    package var description: String { rendered(in: Language.current) }

    /// The phrase in English: what equality and hashing compare.
    package var english: String { rendered(in: .en) }

    package static func == (a: Phrase, b: Phrase) -> Bool { a.english == b.english }

    package func hash(into hasher: inout Hasher) { hasher.combine(english) }

    /// `{}` replaced by the values one after another. Scans the UTF-8 bytes (`{` and `}`
    /// are ASCII, so never part of another character): the billing run renders a phrase for
    /// every line it writes.
    static func fillInOrder(_ template: String, with values: [String]) -> String {
        var result = ""
        var next = values.makeIterator()
        let bytes = template.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            let after = bytes.index(after: index)
            if bytes[index] == UInt8(ascii: "{"), after != bytes.endIndex, bytes[after] == UInt8(ascii: "}") {
                result += template[start..<index]
                result += next.next() ?? "{}"
                index = bytes.index(after: after)
                start = index
            } else {
                index = after
            }
        }
        return result + template[start...]
    }

    /// `{1}`, `{2}` … replaced by the value at that position (counting from 1).
    static func fillNumbered(_ template: String, with values: [String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let position = Int(rest[afterOpen..<close]),
               values.indices.contains(position - 1) {
                result += values[position - 1]
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// Phrases said one after another, each in the language of the whole: a sentence built
    /// of parts that are there or not (a line's "15 of 31 days"). One part is that part.
    package static func joined(_ parts: [Phrase]) -> Phrase {
        if parts.count == 1 { return parts[0] }
        return Phrase(template: String(repeating: "{}", count: parts.count), arguments: parts.map { .phrase($0) })
    }

    /// How many `{}` placeholders an English template has.
    package static func placeholderCount(inEnglish template: String) -> Int {
        template.components(separatedBy: "{}").count - 1
    }

    /// The positions a Chinese template uses, in the order it uses them (`[2, 1]` for
    /// `{2} 与 {1}`), each as often as it occurs.
    package static func placeholderPositions(inChinese template: String) -> [Int] {
        var positions: [Int] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            if let position = Int(rest[afterOpen..<close]) { positions.append(position) }
            rest = rest[rest.index(after: close)...]
        }
        return positions
    }
}

extension Phrase {
    /// The phrase's template and arguments as JSON, for storing it beside the English text
    /// it was rendered to: `{"template":"…","arguments":["…",{"template":…}]}`.
    /// `json` as compact text, written straight out (no tree in between): what a bill line
    /// stores, once for each line the billing run writes.
    package var jsonText: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        output += "{\"template\":"
        JSONValue.writeString(template, to: &output)
        output += ",\"arguments\":["
        for (index, argument) in arguments.enumerated() {
            if index > 0 { output += "," }
            switch argument {
            case .text(let text): JSONValue.writeString(text, to: &output)
            case .phrase(let phrase): phrase.write(to: &output)
            }
        }
        output += "]}"
    }

    package var json: JSONValue {
        .object([
            ("template", .string(template)),
            ("arguments", .array(arguments.map { argument in
                switch argument {
                case .text(let text): .string(text)
                case .phrase(let phrase): phrase.json
                }
            })),
        ])
    }

    /// The phrase stored as the JSON text `jsonText` writes; nil when the text is not one (the
    /// line is then read by its English description, which is what the books hold).
    package static func parse(jsonText text: String) -> Phrase? {
        (try? JSONValue.parse(text, source: "phrase_json")).flatMap(Phrase.init(json:))
    }

    /// The phrase stored as `json`; nil for anything else, so that a reader falls back to
    /// the stored English text.
    package init?(json: JSONValue) {
        guard case .object(let members) = json,
              let templateValue = members.first(where: { $0.0 == "template" })?.1, case .string(let template) = templateValue,
              let argumentsValue = members.first(where: { $0.0 == "arguments" })?.1, case .array(let values) = argumentsValue
        else { return nil }
        var arguments: [Argument] = []
        for value in values {
            if case .string(let text) = value {
                arguments.append(.text(text))
            } else if let phrase = Phrase(json: value) {
                arguments.append(.phrase(phrase))
            } else {
                return nil
            }
        }
        guard Self.placeholderCount(inEnglish: template) == arguments.count else { return nil }
        self.init(template: template, arguments: arguments)
    }
}
