import Foundation
import Testing
@testable import LanziCore


/// A random table whose fields mix commas, quotes, line breaks (LF, CRLF, lone CR), spaces and
/// Chinese text. No field starts with = + - @ (those gain an apostrophe, tested apart), and no
/// row is a single empty field (that row is written as a blank line, see
/// `aRowOfOneEmptyFieldSurvives`). Without `crlf` no field holds a CR LF pair, which Swift
/// counts as one Character.
private func randomTable(seed: UInt64, crlf: Bool = true) -> [[String]] {
    var rng = SplitMix64(seed: seed)
    let alphabet = ["a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "\r", "'", "张", "三", "组", "户", "、", "，", "😀", "é", "\t", ";"]
    return (0..<Int.random(in: 1...6, using: &rng)).map { _ in
        var row = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
            var field = (0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            while !crlf, field.contains("\r\n") { field = field.replacingOccurrences(of: "\r\n", with: "\n") }
            return field
        }
        if row == [""] { row.append("") }
        return row
    }
}

private let tableSeeds: [UInt64] = (0..<500).map { 0xC5F0_0000 + UInt64($0) }

/// The `python3` on PATH, if any.
private let python3: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

@Suite("CSV")
struct CSVTests {
    func parse(_ text: String) throws -> [CSV.Record] { try CSV.parse(text, source: "in.csv") }

    func fields(_ text: String) throws -> [[String]] { try parse(text).map(\.fields) }

    /// The `DomainError` that parsing `text` throws, or nil.
    func failure(_ text: String) -> DomainError? {
        do { _ = try CSV.parse(text, source: "in.csv"); return nil } catch { return error }
    }

    // MARK: - Reading

    @Test func readsWithAndWithoutAByteOrderMark() throws {
        let plain = try parse("户主,村民小组\r\n张三,一组\r\n")
        let marked = try parse("\u{FEFF}户主,村民小组\r\n张三,一组\r\n")
        #expect(plain == [CSV.Record(line: 1, fields: ["户主", "村民小组"]), CSV.Record(line: 2, fields: ["张三", "一组"])])
        #expect(marked == plain)
        // Only a leading mark is dropped; one inside a field stays.
        #expect(try fields("a,\u{FEFF}b\n") == [["a", "\u{FEFF}b"]])
    }

    @Test func crlfAndLFEndRecordsAlike() throws {
        let lf = try parse("a,b\nc,d\n")
        #expect(lf == [CSV.Record(line: 1, fields: ["a", "b"]), CSV.Record(line: 2, fields: ["c", "d"])])
        #expect(try parse("a,b\r\nc,d\r\n") == lf)
        #expect(try parse("a,b\r\nc,d\n") == lf)
        // The last record needs no line end.
        #expect(try parse("a,b\nc,d") == lf)
    }

    @Test func emptyFieldsAndTrailingCommasCount() throws {
        #expect(try fields("a,,c\n,\n,x,\n") == [["a", "", "c"], ["", ""], ["", "x", ""]])
        #expect(try fields("\"\"\n") == [[""]])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "name,note\r\n\"Li, Chun\",\"say \"\"hi\"\"\"\r\n\"line one\nline two\r\nline three\",x\r\nlast,\"\"\r\n"
        let records = try parse(text)
        #expect(records.map(\.fields) == [
            ["name", "note"],
            ["Li, Chun", "say \"hi\""],
            ["line one\nline two\r\nline three", "x"],
            ["last", ""],
        ])
        // The third record starts on line 3 and spans lines 3–5, so the fourth is on line 6.
        #expect(records.map(\.line) == [1, 2, 3, 6])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try parse("\n\r\na,b\n\n\nc,d\r\n\r\n\"e\nf\"\n\ng\n\n")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e\nf"], ["g"]])
        #expect(records.map(\.line) == [3, 6, 8, 11])
        #expect(try parse("") == [])
        #expect(try parse("\u{FEFF}") == [])
        #expect(try parse("\r\n\n") == [])
    }

    @Test func readsChineseText() throws {
        let text = "\u{FEFF}户主,村民小组,标签\r\n王建国,\"三组\",\"搬迁户，低保户\"\r\n李春华,四组,\r\n"
        #expect(try fields(text) == [["户主", "村民小组", "标签"], ["王建国", "三组", "搬迁户，低保户"], ["李春华", "四组", ""]])
    }

    @Test(arguments: [
        ("a,b\n\"open,x\ny\n", "in.csv line 2"),               // the record that opens the quote starts on line 2
        ("\"never closed", "in.csv line 1"),
        ("a\n\"x\ny\",1\n\"z\nw", "in.csv line 4"),            // after a record spanning lines 2–3
    ])
    func refusesAnUnclosedQuote(text: String, field: String) {
        let error = failure(text)
        #expect(error?.field == field)
        #expect(error?.rule == "a quoted field is not closed")
    }

    @Test(arguments: [
        ("a\n\"ab\"c,d\n", "in.csv line 2"),
        ("\"x\ny\",1\n\"z\"w\n", "in.csv line 3"),               // the embedded break puts this on line 3
        ("h\n\"a\nb\" ,c\n", "in.csv line 3"),                   // a space after the closing quote is text too
    ])
    func refusesTextAfterAClosingQuote(text: String, field: String) {
        let error = failure(text)
        #expect(error?.field == field)
        #expect(error?.rule == "text after a closing quote; a quoted field must end at the quote")
    }

    @Test(arguments: [("ab\"c\n", "in.csv line 1"), ("x\ny,a\"b\n", "in.csv line 2")])
    func refusesAQuoteInsideAnUnquotedField(text: String, field: String) {
        let error = failure(text)
        #expect(error?.field == field)
        #expect(error?.rule.english.contains("a quote may only open a field") == true)
    }

    // MARK: - Writing

    @Test func writesAByteOrderMarkAndCRLF() {
        let text = CSV.format([["户主", "村民小组"], ["张三", "一组"]])
        #expect(text.unicodeScalars.first == "\u{FEFF}")
        #expect(Array(text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(text == "\u{FEFF}户主,村民小组\r\n张三,一组\r\n")
        #expect(CSV.format([]) == "\u{FEFF}")
    }

    @Test(arguments: [
        ("plain", "plain"), ("张三", "张三"), ("", ""), (" spaced ", " spaced "), ("it's", "it's"),
        ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("\"", "\"\"\"\""),
        ("two\nlines", "\"two\nlines\""), ("two\r\nlines", "\"two\r\nlines\""), ("cr\ronly", "\"cr\ronly\""),
        ("搬迁户，低保户", "搬迁户，低保户"),   // a full-width comma is not a separator
    ])
    func quotesOnlyWhenNeeded(field: String, written: String) {
        #expect(CSV.format([[field, "x"]]) == "\u{FEFF}\(written),x\r\n")
    }

    @Test(arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+1a", "'+1a"), ("@x", "'@x"), ("-x", "'-x"), ("=1+2", "'=1+2"),
        ("-", "'-"), ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("=a,b", "\"'=a,b\""),
        ("-5", "-5"), ("+5", "+5"), ("0", "0"), ("-123456789", "-123456789"), ("5-3", "5-3"), ("a=b", "a=b"),
    ])
    func defusesFormulasButNotNumbers(field: String, written: String) {
        #expect(CSV.format([[field]]) == "\u{FEFF}\(written)\r\n")
    }

    /// `format` promises to leave numbers alone, and a signed decimal such as a credit of
    /// −12.50 yuan is a number to Excel and WPS.
    @Test(arguments: ["-12.50", "-0.5", "+3.25"])
    func leavesSignedDecimalsAlone(field: String) {
        #expect(CSV.format([[field]]) == "\u{FEFF}\(field)\r\n")
    }

    /// A row of one empty field must not be written as an empty line, which the reader (and
    /// Excel) skip as blank. Python's csv writer writes `""` for such a row, and so do we.
    @Test func aRowOfOneEmptyFieldSurvives() throws {
        #expect(try fields(CSV.format([["a"], [""], ["b"]])) == [["a"], [""], ["b"]])
        #expect(CSV.format([[""]]) == "\u{FEFF}\"\"\r\n")
    }

    // MARK: - Round trips

    @Test(arguments: [false, true])
    func randomTablesRoundTrip(crlf: Bool) throws {
        var failures: [String] = []
        for seed in tableSeeds {
            let table = randomTable(seed: seed, crlf: crlf)
            let text = CSV.format(table)
            do {
                let back = try fields(text)
                if back != table { failures.append("seed \(seed): \(table.debugDescription) came back as \(back.debugDescription)") }
            } catch {
                failures.append("seed \(seed): \(table.debugDescription) refused: \(error)")
            }
            // Records are numbered by the physical lines before them.
            if let records = try? parse(text) {
                var line = 1
                for (record, row) in zip(records, table) {
                    if record.line != line { failures.append("seed \(seed): record \(row.debugDescription) on line \(record.line), expected \(line)"); break }
                    line += 1 + row.joined().unicodeScalars.filter { $0 == "\n" }.count
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(tableSeeds.count) tables:\n\(failures.prefix(5).joined(separator: "\n"))")
    }

    @Test func formulaFieldsRoundTripWithTheirApostrophe() throws {
        let table = [["=SUM(A1)", "+1a", "@x", "-x", "-5", "=a,\"b\""]]
        #expect(try fields(CSV.format(table)) == [["'=SUM(A1)", "'+1a", "'@x", "'-x", "-5", "'=a,\"b\""]])
    }

    // MARK: - Python's csv module as an independent reader

    @Test(.enabled(if: python3 != nil, "python3 is not on PATH: the independent reader is unavailable"), arguments: [false, true])
    func pythonReadsWhatWeWrite(crlf: Bool) throws {
        var tables = tableSeeds.prefix(200).map { randomTable(seed: $0, crlf: crlf) }
        tables.append([["户主", "村民小组", "标签"], ["王建国", "三组", "搬迁户,低保户"], ["李\"春\"华", crlf ? "四\r\n组" : "四\n组", ""]])
        tables.append([["=SUM(A1)", "-5", "@x"]])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, table) in tables.enumerated() {
            let url = directory.appendingPathComponent("\(index).csv")
            try Data(CSV.format(table).utf8).write(to: url)
            paths.append(url.path)
        }
        // Reads each file with the excel dialect after dropping the BOM (utf-8-sig), and prints
        // one JSON list of tables; the BOM check makes sure the file really starts with one.
        let script = """
            import csv, json, sys
            out = []
            for path in sys.argv[1:]:
                raw = open(path, 'rb').read()
                if not raw.startswith(b'\\xef\\xbb\\xbf'):
                    sys.exit('no BOM in ' + path)
                with open(path, encoding='utf-8-sig', newline='') as f:
                    out.append(list(csv.reader(f)))
            json.dump(out, sys.stdout)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python3!)
        process.arguments = ["-c", script] + paths
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed: \(message)")
        let read = try #require(try JSONSerialization.jsonObject(with: data) as? [[[String]]])
        try #require(read.count == tables.count)
        var expected = tables
        expected[expected.count - 1] = [["'=SUM(A1)", "-5", "'@x"]]
        let failures = zip(expected, read).enumerated().filter { $0.element.0 != $0.element.1 }.map { index, pair in
            let seed = index < 200 ? "seed \(tableSeeds[index])" : "hand-made table \(index - 200)"
            return "\(seed): wrote \(pair.0.debugDescription), python read \(pair.1.debugDescription)"
        }
        #expect(failures.isEmpty, "\(failures.count) of \(tables.count) tables:\n\(failures.prefix(5).joined(separator: "\n"))")
    }
}
