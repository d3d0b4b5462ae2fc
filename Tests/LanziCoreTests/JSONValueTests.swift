import Testing
@testable import LanziCore

@Suite("JSON values")
struct JSONValueTests {
    @Test func parsesAndKeepsMemberOrder() throws {
        let value = try JSONValue.parse(#"{"b": 1, "a": [true, false, null], "c": "布王戈\n\u00e9\ud83d\ude00"}"#, source: "t.json")
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["b", "a", "c"])
        #expect(value["b"] == .integer(1))
        #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["c"] == .string("布王戈\né😀"))
    }

    @Test func serializesWithEscapesAndRoundTrips() throws {
        let value = JSONValue.object([("name", .string("李\"春\\华\t\u{01}")), ("n", .integer(-5)), ("list", .array([])), ("o", .object([]))])
        #expect(value.serialized(pretty: false) == #"{"name":"李\"春\\华\t\u0001","n":-5,"list":[],"o":{}}"#)
        #expect(try JSONValue.parse(value.serialized(), source: "t") == value)
        #expect(try JSONValue.parse(value.serialized(pretty: false), source: "t") == value)
    }

    @Test("the one-line bytes of random values parse back to the same values, extremes and every control character included")
    func compactRoundTrips() throws {
        #expect(JSONValue.array([.integer(.min), .integer(.max), .integer(0)]).serialized(pretty: false) == "[-9223372036854775808,9223372036854775807,0]")
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        #expect(try JSONValue.parse(bytes: JSONValue.string(controls).compactBytes(), source: "t") == .string(controls))
        for seed in 1...200 as ClosedRange<UInt64> {
            var generator = SplitMix64(seed: seed)
            func value(_ depth: Int) -> JSONValue {
                switch Int.random(in: 0...(depth > 3 ? 3 : 5), using: &generator) {
                case 0: return .null
                case 1: return .bool(Bool.random(using: &generator))
                case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
                case 3: return .string(String((0..<Int.random(in: 0...8, using: &generator)).map { _ in "a\"\\\n\u{1}李😀 ".randomElement(using: &generator)! }))
                case 4: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth + 1) })
                default: return .object((0..<Int.random(in: 0...4, using: &generator)).map { ("k\($0)\"", value(depth + 1)) })
                }
            }
            let original = value(0)
            #expect(try JSONValue.parse(bytes: original.compactBytes(), source: "t") == original, "seed \(seed)")
            // Written through either output of JSONOutput, the same value and the same bytes.
            var bytes = JSONBytes()
            bytes.value(original)
            #expect(bytes.bytes == original.compactBytes(), "seed \(seed)")
            var tree = JSONTree()
            tree.value(original)
            #expect(tree.value == original, "seed \(seed)")
            #expect(try JSONValue.parse(original.serialized(), source: "t") == original, "seed \(seed)")
        }
    }

    @Test("bytes written exactly: escapes, the extreme integers, containers nested past 64, beyond the first capacity, and a copy that writes on alone")
    func jsonBytesExactly() throws {
        let text = String(decoding: JSONValue.object([
            ("q\"", .string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}李😀")), ("min", .integer(.min)), ("max", .integer(.max)),
            ("zero", .integer(0)), ("neg", .integer(-7)), ("t", .bool(true)), ("f", .bool(false)), ("n", .null), ("e", .array([])), ("o", .object([])),
        ]).compactBytes(), as: UTF8.self)
        #expect(text == #"{"q\"":"a\"b\\c\n\r\t\b\f\u0001\u001f李😀","min":-9223372036854775808,"max":9223372036854775807,"zero":0,"neg":-7,"t":true,"f":false,"n":null,"e":[],"o":{}}"#)

        var deep = JSONValue.array([.integer(1), .integer(2)])
        for level in 0..<70 { deep = level % 2 == 0 ? .array([deep, .integer(Int64(level))]) : .object([("k", deep), ("l", .integer(Int64(level)))]) }
        var small = JSONBytes(capacity: 1)
        small.value(deep)
        // Deeper than the parser takes: checked against the indented writer, which is other code.
        #expect(String(decoding: small.bytes, as: UTF8.self) == deep.serialized(pretty: true).filter { $0 != " " && $0 != "\n" })

        var first = JSONBytes(capacity: 1)
        first.beginArray()
        first.string("shared")
        var second = first
        second.integer(2)
        second.endArray()
        first.bool(false)
        first.endArray()
        #expect(String(decoding: first.bytes, as: UTF8.self) == #"["shared",false]"#)
        #expect(String(decoding: second.bytes, as: UTF8.self) == #"["shared",2]"#)
    }

    @Test func acceptsAByteOrderMark() throws {
        #expect(try JSONValue.parse("\u{FEFF}[1]", source: "t") == .array([.integer(1)]))
    }

    @Test(arguments: [
        (#"{"a": 1.5}"#, "numbers must be whole"), (#"{"a": 1e3}"#, "numbers must be whole"),
        (#"{"a": 1, "a": 2}"#, "appears twice"), (#"{"a": 1,}"#, "member name"), ("[1,]", "expected a JSON value"),
        (#"{"a": 01}"#, "must not start with 0"), ("[1] x", "after the JSON value"), (#"["a"#, "not closed"),
        ("\"a\u{01}\"", "control character"), (#""\x""#, "unknown escape"), (#""\ud800""#, "surrogate"),
        ("[99999999999999999999]", "too large"), ("", "end of the text"), ("nul", "expected a JSON value"),
    ])
    func refusesMalformedText(text: String, rule: String) {
        #expect {
            try JSONValue.parse(text, source: "seed.json")
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.field.hasPrefix("seed.json line 1 column") && error.rule.english.contains(rule)
        }
    }

    @Test func reportsTheLineOfAFault() {
        #expect {
            try JSONValue.parse("{\n  \"a\": 1,\n  \"b\": 2.5\n}", source: "f")
        } throws: { error in
            (error as? DomainError)?.field == "f line 3 column 9"
        }
    }

    @Test func refusesDeepNesting() {
        #expect(throws: DomainError.self) { try JSONValue.parse(String(repeating: "[", count: 100), source: "t") }
    }
}
