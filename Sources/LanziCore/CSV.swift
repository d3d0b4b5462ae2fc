import Foundation

/// Comma-separated values as RFC 4180 writes them, read and written the way Excel and WPS
/// expect: UTF-8 with a byte order mark, CRLF line ends, quotes doubled inside quoted fields.
package enum CSV {
    /// One record of a file, with the line it starts on (1-based, the header being line 1).
    package struct Record: Hashable, Sendable {
        package var line: Int
        package var fields: [String]
    }

    /// Splits `text` into records. A leading byte order mark is skipped; LF and CRLF both end
    /// a record; blank lines are skipped.
    /// - Throws: `DomainError` naming `source` and the line of an unclosed or stray quote.
    package static func parse(_ text: String, source: String) throws(DomainError) -> [Record] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var index = 0
        var isQuoted = false
        var fieldWasQuoted = false

        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            fieldWasQuoted = false
        }

        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if isQuoted {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        isQuoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty else {
                    throw DomainError(field: "\(source) line \(line)", rule: "a quote may only open a field; write \"\" inside a quoted field")
                }
                isQuoted = true
                fieldWasQuoted = true
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\r" where index < scalars.count && scalars[index] == "\n":
                break
            case "\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    throw DomainError(field: "\(source) line \(line)", rule: "text after a closing quote; a quoted field must end at the quote")
                }
                field.append(scalar)
            }
        }
        if isQuoted { throw DomainError(field: "\(source) line \(recordLine)", rule: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// The text of a CSV file: a byte order mark, the rows with CRLF ends, fields quoted when
    /// they hold a comma, quote or line break. A field that a spreadsheet would run as a
    /// formula (starting with =, +, -, @) gets a leading apostrophe, unless it is a number.
    package static func format(_ rows: [[String]]) -> String {
        // A row of one empty field is written "" so that it is not read back as a blank line.
        "\u{FEFF}" + rows.map { ($0 == [""] ? "\"\"" : $0.map(escape).joined(separator: ",")) + "\r\n" }.joined()
    }

    static func escape(_ field: String) -> String {
        var text = field
        if let first = text.first, "=+-@".contains(first), !isNumber(text) {
            text = "'" + text
        }
        // Scalars, not Characters: "\r\n" is one Character and would match neither.
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A plain decimal number, such as -5, +3.25 or -0.5: a spreadsheet shows it as a number,
    /// so it needs no guard against formulas.
    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let first = scalars.first, first == "-" || first == "+" { scalars = scalars.dropFirst() }
        let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }
}
