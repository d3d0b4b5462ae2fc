import Foundation
import Testing
@testable import LanziCore

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        String(decoding: try CanonicalJSON.canonicalize(Array(text.utf8), source: "t.json"), as: UTF8.self)
    }

    // MARK: RFC 8785's own examples

    /// RFC 8785 section 3.2.3: members sorted by UTF-16 code units. U+FB33 is last although
    /// U+1F600 is the larger scalar, because U+1F600 is the code units D83D DE00.
    @Test func sortsByUTF16CodeUnitsAsSection323Shows() throws {
        let text = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\","
            + "\"\u{20AC}\":\"Euro Sign\",\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(text) == expected)
        #expect(try JSONValue.parse(text, source: "t").canonicalBytes() == Array(expected.utf8))
        // The example tells the two orders apart: by scalar, U+FB33 would come before U+1F600.
        #expect("\u{FB33}".unicodeScalars.first!.value < "\u{1F600}".unicodeScalars.first!.value)
    }

    /// RFC 8785 section 3.2.2's example without its "numbers" member (JSONValue has no
    /// floating point): escapes are undone and redone the canonical way, `\/` becomes `/`,
    /// U+20AC is literal UTF-8 and U+000F is `\u000f` in lower case.
    @Test func writesStringsAsSection322Shows() throws {
        let text = #"""
            {
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        #expect(try canonical(text) == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    /// The same example whole: its numbers are fractions and exponents, which Lanzi refuses
    /// rather than write in ECMAScript's float form.
    @Test func refusesSection322sNumbers() {
        let text = #"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "literals": [null]}"#
        #expect {
            try CanonicalJSON.canonicalize(Array(text.utf8), source: "t.json")
        } throws: { error in
            (error as? DomainError)?.rule.english.contains("numbers must be whole") == true
        }
    }

    @Test(arguments: ["1.5", "1e3", "1E+30", "1.0", "-0.0", "0.000001", "[4.50]", #"{"a":2e-3}"#])
    func refusesEveryFloat(text: String) {
        #expect {
            try CanonicalJSON.canonicalize(Array(text.utf8), source: "f.json")
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.field.hasPrefix("f.json line 1") && error.rule.english.contains("whole")
        }
    }

    // MARK: The test data of RFC 8785's authors (github.com/cyberphone/json-canonicalization, testdata/)

    /// french.json: sorting ignores locale. The input is given in reverse here, so that the
    /// order is the canonicalizer's doing.
    /// The order worked out on UTF-8 bytes is the UTF-16 order Swift's own UTF-16 view gives,
    /// for every pair of the characters that sort differently by the two, and for names of
    /// up to three of them.
    @Test func nameOrderOnUTF8IsTheUTF16Order() {
        func expected(_ a: String, _ b: String) -> Int {
            a.utf16.elementsEqual(b.utf16) ? 0 : (a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1)
        }
        let singles = TreeGenerator.nameCharacters.map { String($0) } + [""]
        for a in singles {
            for b in singles { #expect(CanonicalJSON.utf16Order(a, b) == expected(a, b), "\(Array(a.unicodeScalars)) \(Array(b.unicodeScalars))") }
        }
        var random = SplitMix64(seed: 8785)
        func name() -> String {
            String(String.UnicodeScalarView((0..<Int.random(in: 0...3, using: &random)).map { _ in TreeGenerator.nameCharacters.randomElement(using: &random)! }))
        }
        var differing = 0
        for _ in 0..<20_000 {
            let (a, b) = (name(), name())
            let order = CanonicalJSON.utf16Order(a, b)
            if order != expected(a, b) { differing += 1 }
            #expect(CanonicalJSON.utf16Order(b, a) == -order)
        }
        #expect(differing == 0)
    }

    @Test func sortingIgnoresLocale() throws {
        let text = #"{"sin": "ignore locale", "pêche": "but canonicalization MUST", "péché": "is wrong according to French", "peach": "This sorting order"}"#
        #expect(try canonical(text) == #"{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ignore locale"}"#)
    }

    /// structures.json, with its one number written 56 instead of 56.0 (a float here).
    @Test func sortsNestedStructures() throws {
        let text = """
            {
              "1": {"f": {"f": "hi","F": 5} ,"\\n": 56},
              "10": { },
              "": "empty",
              "a": { },
              "111": [ { } ],
              "A": { }
            }
            """
        #expect(try canonical(text) == #"{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}"#)
    }

    /// unicode.json: text is not normalized; U+1E0D U+0307 stays as it is.
    @Test func leavesUnicodeUnnormalized() throws {
        let bytes = try CanonicalJSON.canonicalize(Array(#"{"Unnormalized Unicode":"\u1e0d\u0307"}"#.utf8), source: "t")
        #expect(bytes == Array(#"{"Unnormalized Unicode":""#.utf8) + [0xE1, 0xB8, 0x8D, 0xCC, 0x87] + Array(#""}"#.utf8))
    }

    // MARK: The rules one by one

    /// Every character below U+0020, and the few others people expect escaped but ECMAScript
    /// does not escape (DEL, U+2028, U+2029, "/").
    @Test func escapesExactlyAsJSONStringify() throws {
        let short: [UInt32: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        for code in UInt32(0)..<0x20 {
            let text = String(Character(Unicode.Scalar(code)!))
            let hex = String(code, radix: 16)
            let escaped = short[code] ?? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            #expect(String(decoding: try JSONValue.string(text).canonicalBytes(), as: UTF8.self) == "\"\(escaped)\"", "U+\(hex)")
        }
        #expect(try JSONValue.string("\u{1F}\u{1A}").canonicalBytes() == Array(#""\u001f\u001a""#.utf8))
        #expect(try JSONValue.string("\"\\").canonicalBytes() == Array(#""\"\\""#.utf8))
        for literal in ["/", "\u{7F}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "布王戈", "😀", "\u{10FFFF}", "'", "<>&"] {
            #expect(try JSONValue.string(literal).canonicalBytes() == [0x22] + Array(literal.utf8) + [0x22], "\(literal.unicodeScalars.map { $0.value })")
        }
    }

    @Test func writesNoWhitespaceAndKeepsArrayOrder() throws {
        let text = "\u{FEFF} \r\n\t[ 3 ,\n 1, 2 , { \"b\" : [ ] , \"a\" : { } } , \"x y\" ]\n"
        #expect(try canonical(text) == #"[3,1,2,{"a":{},"b":[]},"x y"]"#)
    }

    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("-1", "-1"), ("120050", "120050"),
        ("9007199254740991", "9007199254740991"), ("-9007199254740991", "-9007199254740991"),
    ])
    func writesSafeIntegersInDecimal(text: String, expected: String) throws {
        #expect(try canonical(text) == expected)
    }

    @Test(arguments: [Int64(9_007_199_254_740_992), -9_007_199_254_740_992, .max, .min])
    func refusesIntegersBeyondTheSafeRange(number: Int64) {
        let value = JSONValue.object([("lines", .array([.integer(1), .object([("amount_fen", .integer(number))])]))])
        #expect {
            try value.canonicalBytes()
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.field == "$.lines[1].amount_fen" && error.rule.english.contains("2^53")
        }
        #expect {
            try CanonicalJSON.canonicalize(Array("[\(number)]".utf8), source: "big.json")
        } throws: { error in
            (error as? DomainError)?.field == "big.json $[0]"
        }
    }

    @Test func refusesARepeatedName() {
        let value = JSONValue.object([("b", .integer(1)), ("a", .null), ("b", .integer(2))])
        #expect {
            try value.canonicalBytes()
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.field == "$.b" && error.rule.english.contains("twice")
        }
        let nested = JSONValue.array([.object([("ü", .null), ("ü", .null)])])
        #expect {
            try nested.canonicalBytes()
        } throws: { error in
            (error as? DomainError)?.field == #"$[0]["ü"]"#
        }
        #expect {
            try CanonicalJSON.canonicalize(Array(#"{"a": 1, "a": 1}"#.utf8), source: "d.json")
        } throws: { error in
            (error as? DomainError)?.rule.english.contains("appears twice") == true
        }
    }

    /// Names are compared as UTF-16 code units, never as Swift strings: "é" as one scalar and
    /// "e" with a combining accent are two names (RFC 8785 section 3.1: no normalization).
    /// The text path is stricter, as `CanonicalJSON.canonicalize` says: its parser refuses them.
    @Test func namesAreNotNormalized() throws {
        let value = JSONValue.object([("\u{E9}", .integer(1)), ("e\u{301}", .integer(2))])
        #expect(try value.canonicalBytes() == Array("{\"e\u{301}\":2,\"\u{E9}\":1}".utf8))
        #expect(throws: DomainError.self) {
            try CanonicalJSON.canonicalize(Array("{\"\u{E9}\":1,\"e\u{301}\":2}".utf8), source: "t")
        }
    }

    @Test func canonicalBytesAreAFixedPoint() throws {
        let value = JSONValue.object([
            ("number", .string("BWG-2026-000001")), ("amount_fen", .integer(120_050)), ("paid", .bool(true)),
            ("merchant", .string("张**")), ("previous", .null), ("lines", .array([.object([("kind", .string("rent"))])])),
        ])
        let bytes = try value.canonicalBytes()
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"amount_fen":120050,"lines":[{"kind":"rent"}],"merchant":"张**","number":"BWG-2026-000001","paid":true,"previous":null}"#)
        #expect(try CanonicalJSON.canonicalize(bytes, source: "t") == bytes)
        #expect(try CanonicalJSON.canonicalize(Array(value.serialized(pretty: true).utf8), source: "t") == bytes)
    }

    // MARK: An independent implementation

    /// Random trees, canonicalized by Lanzi and by a separate implementation in Python 3: its
    /// own JSON parser reads the tree, it sorts names by their UTF-16-BE bytes (big-endian, so
    /// byte order is code-unit order) and writes strings with `json.dumps(ensure_ascii=False)`,
    /// whose escapes are ECMAScript's. Python's `sort_keys=True` would sort by code point,
    /// which is not RFC 8785; `oracleIsNotPythonsSortKeys` shows the difference matters.
    @Test(.enabled(if: PythonOracle.shouldRun))
    func randomTreesMatchAnIndependentImplementation() throws {
        let oracle = try #require(PythonOracle.find(), "python3 is missing and CI is set")
        let seed: UInt64 = 0x4C41_4E5A_4938_3735
        var generator = TreeGenerator(seed: seed)
        let values = (0..<400).map { _ in generator.value(depth: 0) }
        let theirs = try oracle.canonicalize(values.enumerated().map { $1.serialized(pretty: $0 % 2 == 0) })
        try #require(theirs.count == values.count)
        for (index, value) in values.enumerated() {
            let ours = try value.canonicalBytes()
            // Compared as bytes (a String comparison would equate Unicode forms); the message shows both.
            #expect(ours.elementsEqual(theirs[index]), "seed \(seed), tree \(index): \(String(decoding: ours, as: UTF8.self)) vs \(String(decoding: theirs[index], as: UTF8.self))")
            // The text path gives the same bytes, from pretty and from compact text.
            #expect(try CanonicalJSON.canonicalize(Array(value.serialized(pretty: true).utf8), source: "t").elementsEqual(ours), "seed \(seed), tree \(index)")
            #expect(try CanonicalJSON.canonicalize(ours, source: "t").elementsEqual(ours), "seed \(seed), tree \(index)")
        }
    }

    @Test(.enabled(if: PythonOracle.shouldRun))
    func oracleIsNotPythonsSortKeys() throws {
        let oracle = try #require(PythonOracle.find(), "python3 is missing and CI is set")
        let text = #"{"\ufb33": 1, "\ud83d\ude00": 2, "\uff5e": 3, "a": 4}"#
        let theirs = try oracle.canonicalize([text])
        #expect(theirs == [Array("{\"a\":4,\"\u{1F600}\":2,\"\u{FB33}\":1,\"\u{FF5E}\":3}".utf8)])
        #expect(try oracle.canonicalize([text], sortKeysByCodePoint: true) == [Array("{\"a\":4,\"\u{FB33}\":1,\"\u{FF5E}\":3,\"\u{1F600}\":2}".utf8)])
        #expect(try canonical(text) == String(decoding: theirs[0], as: UTF8.self))
    }
}

/// Random JSON trees for the property test: names drawn from characters that sort
/// differently by UTF-16 and by scalar (BMP above the surrogates, astral planes), escapes,
/// and text with combining marks (in values only, so that no two names in one object are the
/// same text in two Unicode forms, which the text parser would refuse).
struct TreeGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let nameCharacters: [Unicode.Scalar] = [
        "a", "b", "z", "A", "Z", "0", "1", "9", "_", " ", "\"", "\\", "/", "'",
        "\u{00}", "\u{01}", "\u{08}", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\u{1F}", "\u{7F}",
        "\u{80}", "\u{E9}", "\u{F6}", "\u{FF}", "\u{100}", "\u{2028}", "\u{2029}", "\u{20AC}",
        "\u{5E03}", "\u{738B}", "\u{6208}", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FEFF}", "\u{FF5E}", "\u{FFFD}", "\u{FFFF}",
        "\u{10000}", "\u{1F600}", "\u{1F602}", "\u{20000}", "\u{10FFFF}",
    ]
    static let textCharacters: [Unicode.Scalar] = nameCharacters + ["\u{301}", "\u{308}", "\u{5BC}"]
    static let edgeIntegers: [Int64] = [0, 1, -1, 9, 10, 100, 120_050, -120_050, 1 << 31, -(1 << 31), 1 << 32,
                                        CanonicalJSON.maximumSafeInteger, -CanonicalJSON.maximumSafeInteger, 1_000_000_000_000_000]

    mutating func value(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth >= 4 ? 4 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(integer())
        case 3: return .string(text(from: Self.textCharacters, maximumLength: 10))
        case 4:
            var elements: [JSONValue] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) { elements.append(value(depth: depth + 1)) }
            return .array(elements)
        default:
            var members: [(String, JSONValue)] = []
            var seen: Set<[UInt16]> = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let name = text(from: Self.nameCharacters, maximumLength: 3)
                guard seen.insert(Array(name.utf16)).inserted else { continue }
                members.append((name, value(depth: depth + 1)))
            }
            return .object(members)
        }
    }

    private mutating func integer() -> Int64 {
        if Bool.random(using: &random) { return Self.edgeIntegers.randomElement(using: &random)! }
        let limit = CanonicalJSON.maximumSafeInteger
        return Int64.random(in: -limit...limit, using: &random) >> Int64.random(in: 0...52, using: &random)
    }

    private mutating func text(from characters: [Unicode.Scalar], maximumLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maximumLength, using: &random) { scalars.append(characters.randomElement(using: &random)!) }
        return String(scalars)
    }
}

/// The independent RFC 8785 implementation, in Python 3. Needs python3 on PATH; skipped
/// without it, except where CI is set, where the test fails instead of passing unchecked.
struct PythonOracle {
    let executable: URL

    static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !value.isEmpty && value != "0" && value.lowercased() != "false"
    }

    static var shouldRun: Bool { find() != nil || isCI }

    static func find() -> PythonOracle? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return PythonOracle(executable: candidate) }
        }
        return nil
    }

    /// Reads a JSON array of documents and writes each one's canonical form on a line of its
    /// own (canonical text never holds a raw newline). Integers beyond ±(2^53 − 1), floats and
    /// repeated names make it fail, as RFC 8785's I-JSON rule says.
    static let script = #"""
        import json, sys

        class Members(list):
            pass

        def canonical(value, by_code_point):
            if value is None:
                return 'null'
            if value is True:
                return 'true'
            if value is False:
                return 'false'
            if isinstance(value, int):
                if abs(value) > 2**53 - 1:
                    raise ValueError('unsafe integer %d' % value)
                return str(value)
            if isinstance(value, str):
                return json.dumps(value, ensure_ascii=False)
            if isinstance(value, Members):
                names = [name for name, _ in value]
                if len(set(names)) != len(names):
                    raise ValueError('repeated name')
                order = (lambda member: member[0]) if by_code_point else (lambda member: member[0].encode('utf-16-be'))
                return '{' + ','.join(json.dumps(name, ensure_ascii=False) + ':' + canonical(item, by_code_point)
                                      for name, item in sorted(value, key=order)) + '}'
            if isinstance(value, list):
                return '[' + ','.join(canonical(item, by_code_point) for item in value) + ']'
            raise TypeError('no canonical form for %r' % (value,))

        by_code_point = len(sys.argv) > 1 and sys.argv[1] == 'code-point'
        documents = json.loads(sys.stdin.buffer.read().decode('utf-8'), object_pairs_hook=Members)
        for document in documents:
            sys.stdout.buffer.write(canonical(document, by_code_point).encode('utf-8') + b'\n')
        """#

    /// Each of `documents` (JSON texts) canonicalized by the Python implementation.
    /// `sortKeysByCodePoint` makes it sort as Python's `sort_keys=True` does instead.
    func canonicalize(_ documents: [String], sortKeysByCodePoint: Bool = false) throws -> [[UInt8]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-jcs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.json")
        let output = folder.appendingPathComponent("out")
        let errors = folder.appendingPathComponent("err")
        try Data(("[" + documents.joined(separator: ",\n") + "]").utf8).write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)

        let process = Process()
        process.executableURL = executable
        // -I: isolated from the user's site packages and PYTHON* variables.
        process.arguments = ["-I", "-c", Self.script] + (sortKeysByCodePoint ? ["code-point"] : [])
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        try #require(process.terminationStatus == 0, "python3 failed: \(message)")
        let lines = [UInt8](try Data(contentsOf: output)).split(separator: 0x0A, omittingEmptySubsequences: false)
        return lines.dropLast().map(Array.init)
    }
}
