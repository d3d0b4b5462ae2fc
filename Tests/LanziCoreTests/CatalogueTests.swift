import Foundation
import Testing
@testable import LanziCore

/// The catalogue against the sources: every phrase a person may read has its Chinese, the
/// Chinese has the same placeholders, and no entry is left over from a phrase since
/// changed. A phrase is found where the sources write one: the `rule:` of a `DomainError`,
/// the message of a `ServiceError`, `Phrase("…")`, the command line's `t("…")`, a
/// `UsageError`, a command's summary and an option's help (see `PhraseScanner.positions`).
struct CatalogueTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every phrase template in `Sources/` (the benchmark tool, which prints figures for
    /// developers, and the catalogue itself aside), with the first file it is in.
    static let found: [String: String] = {
        var found: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", !url.path.contains("/lanzi-bench/"), !url.lastPathComponent.hasPrefix("Catalogue"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for template in PhraseScanner.templates(in: text) where found[template] == nil {
                found[template] = url.path.replacingOccurrences(of: sources.path + "/", with: "")
            }
        }
        return found
    }()

    @Test func theScannerFindsThePhrasePositionsAndReadsTheirTemplates() {
        let sample = #"""
            throw DomainError(field: "x", rule: "must be at most \(limit) m², got \"\(text.map { "\($0)" })\"")
            throw ServiceError.conflict("lease \(id) overlaps lease \(other.id)", field: "units")
            let a = ServiceError(.invalid, "plain")
            print(t("no units"), t("\(count) unit(s)"))
            CommandSpec(["bill", "run"], "raise the bills", options: [.value("period", "YYYY-MM", "the month"), .flag("csv", "print CSV")])
            try check(fee.fen > 0, "fee_fixed", "must be more than 0")
            let x = "not a phrase"; let y = Phrase("a\tb\\c")
            throw UsageError(message: "--\(name) is given twice", usage: nil)
            """#
        #expect(PhraseScanner.templates(in: sample) == [
            "must be at most {} m², got \"{}\"", "lease {} overlaps lease {}", "plain", "no units", "{} unit(s)",
            "raise the bills", "the month", "print CSV", "must be more than 0", "a\tb\\c", "--{} is given twice",
        ])
    }

    @Test func theScannerReportsWhatItCannotRead() {
        #expect(PhraseScanner.templates(in: #"t(""" "#) == [PhraseScanner.unreadable])
    }

    @Test func everyPhraseInTheSourcesHasItsChinese() {
        #expect(!Self.found.isEmpty)
        let missing = Self.found.filter { Catalogue.chinese[$0.key] == nil }.map { "\($0.value): \(String(reflecting: $0.key))" }.sorted()
        #expect(missing.isEmpty, "phrases without Chinese (add them to Sources/LanziCore/Catalogue+*.swift):\n\(missing.joined(separator: "\n"))")
    }

    @Test func noEntryIsStale() {
        let stale = Catalogue.chinese.keys.filter { Self.found[$0] == nil }.sorted().map { String(reflecting: $0) }
        #expect(stale.isEmpty, "catalogue entries no source uses:\n\(stale.joined(separator: "\n"))")
    }

    @Test func noEnglishIsInTwoAreas() {
        let total = Catalogue.areas.reduce(0) { $0 + $1.entries.count }
        let twice = Catalogue.chinese.keys.filter { key in Catalogue.areas.filter { $0.entries[key] != nil }.count > 1 }.sorted()
        #expect(total == Catalogue.chinese.count, "in two areas: \(twice)")
    }

    @Test func bothLanguagesHaveTheSamePlaceholders() {
        var problems: [String] = []
        for (english, chinese) in Catalogue.chinese {
            let count = Phrase.placeholderCount(inEnglish: english)
            let positions = Phrase.placeholderPositions(inChinese: chinese)
            if positions.sorted() != Array(stride(from: 1, through: count, by: 1)) {
                problems.append("\(String(reflecting: english)) has \(count) placeholder(s); \(String(reflecting: chinese)) uses \(positions)")
            }
            if chinese.contains("{}") { problems.append("\(String(reflecting: chinese)) has an unnumbered {}") }
            if chinese.isEmpty { problems.append("\(String(reflecting: english)) has empty Chinese") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func phrasesRenderInEitherLanguage() {
        let id = 7
        let phrase: Phrase = "no lease \(id)"
        #expect(phrase.rendered(in: .en) == "no lease 7")
        #expect(phrase.rendered(in: .zh) == "没有租约 7")
        // Chinese reorders: the date before the amount.
        let reordered: Phrase = "payment \(1) \("P-1"): \("¥5.00") by \(PaymentMethod.wechat.phrase) on \("2026-03-01") from \("李春华") (merchant \(3)), "
        #expect(reordered.rendered(in: .zh) == "收款 1 P-1：2026-03-01 以微信收到 李春华（商户 3）¥5.00，")
        #expect(reordered.rendered(in: .en) == "payment 1 P-1: ¥5.00 by wechat on 2026-03-01 from 李春华 (merchant 3), ")
        // Missing from the catalogue: English, not nothing.
        #expect(Phrase("not in the catalogue \(1)").rendered(in: .zh) == "not in the catalogue 1")
        #expect(Phrase(verbatim: "李春华 {}").rendered(in: .zh) == "李春华 {}")
        #expect(Language.$current.withValue(.zh) { DomainError(field: "--kind", rule: "must be more than 0").rule.description } == "须大于 0")
        // Equal by what they say in English, however they were put together.
        #expect(phrase == "no lease 7")
    }

    @Test func phrasesRoundTripThroughJSON() throws {
        let phrase: Phrase = "payment by \(PaymentMethod.cash.phrase), \("¥1.00") to credit"
        let back = try #require(Phrase(json: try JSONValue.parse(phrase.json.serialized(), source: "test")))
        #expect(back.rendered(in: .zh) == "现金收款，¥1.00 转入余额")
        #expect(Phrase(json: .object([("template", .string("{} and {}")), ("arguments", .array([.string("one")]))])) == nil)
    }

    @Test("the compact text a bill line stores is the JSON tree's, escapes and nested phrases included")
    func jsonTextIsTheTreesSerialization() throws {
        let nested: Phrase = .joined([Phrase("rent \("2026-03") \("S-001")"), Phrase(", \(3) of \(31) days"), "\("引号\"、反斜杠\\、\n换行、\u{01}")"])
        for phrase in [nested, Phrase(verbatim: ""), "no values"] {
            #expect(phrase.jsonText == phrase.json.serialized(pretty: false))
            #expect(Phrase(json: try JSONValue.parse(phrase.jsonText, source: "test"))?.english == phrase.english)
        }
        #expect(nested.english == "rent 2026-03 S-001, 3 of 31 days引号\"、反斜杠\\、\n换行、\u{01}")
    }

    @Test("filling a template: braces that are not a placeholder stay, missing values leave the placeholder, extra ones are dropped")
    func fillInOrderEdges() {
        #expect(Phrase.fillInOrder("{}", with: ["a"]) == "a")
        #expect(Phrase.fillInOrder("{} {", with: ["a"]) == "a {")
        #expect(Phrase.fillInOrder("{x}{}}", with: ["a"]) == "{x}a}")
        #expect(Phrase.fillInOrder("{}{}", with: ["a"]) == "a{}")
        #expect(Phrase.fillInOrder("租金{}元", with: ["5", "6"]) == "租金5元")
        #expect(Phrase.fillInOrder("", with: []) == "")
    }

    @Test("the locale picks the language", arguments: [
        (["LANG": "zh_CN.UTF-8"], Language.zh), (["LANG": "en_US.UTF-8"], .en), ([:], .en), (["LANG": "C"], .en),
        (["LC_ALL": "zh_TW.UTF-8", "LANG": "en_US"], .zh), (["LC_ALL": "C", "LANG": "zh_CN"], .en),
        (["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US"], .zh), (["LC_ALL": "", "LANG": "zh_CN"], .zh),
    ])
    func locale(environment: [String: String], language: Language) {
        #expect(Language.from(locale: environment) == language)
    }
}

/// Finds the string literals in phrase positions of Swift source and reads each as the
/// `Phrase` it builds: literal text as written (escapes resolved), `{}` per interpolation.
enum PhraseScanner {
    /// What a phrase is preceded by; the literal starts right after the match.
    static let positions = try! NSRegularExpression(pattern: #"(?:\brule: |\.(?:invalid|notFound|conflict|forbidden|unavailable|unauthenticated|throttled)\(|ServiceError\(\.\w+, |\bPhrase\(|\bt\(|UsageError\(message: |\bfail\(|\bfailure\(|\brefusal\(|\bcheck\([^"\n]*, "[^"\n]*", |CommandSpec\(\[[^\]]*\],\s*|\.value\("[^"]*", "[^"]*", |ReceiptProblem\((?:"[^"\n]*"|[^"\n,]*), |\.flag\("[^"]*", )(?=")"#)

    /// Stands for a literal in a phrase position that the scanner cannot read (a multi-line
    /// or raw string), so that the test fails naming it instead of skipping it.
    static let unreadable = "<a multi-line or raw string literal in a phrase position; write the phrase on one line>"

    static func templates(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        // NSRegularExpression counts UTF-16 units; map them to scalar offsets.
        var scalarIndexByUTF16: [Int: Int] = [:]
        var utf16Offset = 0
        for (index, scalar) in scalars.enumerated() {
            scalarIndexByUTF16[utf16Offset] = index
            utf16Offset += scalar.utf16.count
        }
        scalarIndexByUTF16[utf16Offset] = scalars.count
        let matches = positions.matches(in: text, range: NSRange(location: 0, length: utf16Offset))
        return matches.map { match in
            guard let start = scalarIndexByUTF16[match.range.location + match.range.length] else { return unreadable }
            return literal(scalars, at: start).map { $0.template } ?? unreadable
        }
    }

    /// The template of the literal whose opening quote is at `start`, and the index after its
    /// closing quote; nil for a multi-line or unterminated literal.
    static func literal(_ scalars: [Unicode.Scalar], at start: Int) -> (template: String, end: Int)? {
        guard scalars[start] == "\"", !(start + 2 < scalars.count && scalars[start + 1] == "\"" && scalars[start + 2] == "\"") else { return nil }
        var template = String.UnicodeScalarView()
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" { return (String(template), index + 1) }
            if scalar == "\n" { return nil }
            guard scalar == "\\", index + 1 < scalars.count else {
                template.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            switch next {
            case "(":
                template.append(contentsOf: "{}".unicodeScalars)
                var depth = 1
                index += 2
                while index < scalars.count, depth > 0 {
                    if scalars[index] == "\"" {
                        guard let inner = literal(scalars, at: index) else { return nil }
                        index = inner.end
                        continue
                    }
                    if scalars[index] == "(" { depth += 1 }
                    if scalars[index] == ")" { depth -= 1 }
                    index += 1
                }
            case "u":
                guard let close = scalars[(index + 3)...].firstIndex(of: "}"),
                      let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 3)..<close])), radix: 16),
                      let decoded = Unicode.Scalar(value) else { return nil }
                template.append(decoded)
                index = close + 1
            default:
                let escapes: [Unicode.Scalar: Unicode.Scalar] = ["n": "\n", "t": "\t", "r": "\r", "0": "\0", "\"": "\"", "'": "'", "\\": "\\"]
                guard let decoded = escapes[next] else { return nil }
                template.append(decoded)
                index += 2
            }
        }
        return nil
    }
}
