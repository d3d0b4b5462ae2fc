import Foundation
import LanziCore

/// A file to import had bad rows; nothing was imported. Every bad row is listed, by line
/// and field, so that the whole file can be put right in one go.
package struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    package var source: String
    package var problems: [DomainError]

    /// The summary line, without the rows.
    package var summary: Phrase { Phrase("\(problems.count) bad row(s), nothing imported") }

    package var description: String {
        "\(source): \(summary)\n" + problems.map { "  \($0.field): \($0.rule)" }.joined(separator: "\n")
    }
}

/// Every fault of one row of an import, each naming its field.
struct RowProblems: Error {
    var problems: [DomainError]

    /// - Throws: itself, when there is any problem.
    static func check(_ problems: [DomainError]) throws {
        if !problems.isEmpty { throw RowProblems(problems: problems) }
    }
}

/// Reads a CSV file with a header row into records keyed by column, accepting each column
/// under its English name or its Chinese one.
struct CSVTable {
    let source: String
    let records: [CSV.Record]
    let columns: [String: Int]
    /// The column a domain field is read from, where the two are named differently
    /// (`merchant_id` from the column `merchant`), so that a fault names the column.
    let fieldsByColumn: [String: String]

    /// - Parameter columns: canonical name → accepted header spellings; `required` must all be present.
    /// - Throws: `DomainError` for an empty file, an unknown or repeated column, a missing required one.
    init(_ text: String, source: String, columns aliases: [String: [String]], required: [String],
         fieldsByColumn: [String: String] = [:]) throws {
        let all = try CSV.parse(text, source: source)
        guard let header = all.first else { throw DomainError(field: source, rule: "is empty; the first row must name the columns") }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let canonical = aliases.first(where: { $0.key == name || $0.value.contains(name) })?.key else {
                throw DomainError(field: "\(source) line 1", rule: "unknown column \"\(name)\"; the columns are \(aliases.keys.sorted().joined(separator: ", "))")
            }
            guard columns[canonical] == nil else { throw DomainError(field: "\(source) line 1", rule: "column \"\(canonical)\" appears twice") }
            columns[canonical] = index
        }
        for name in required where columns[name] == nil {
            throw DomainError(field: "\(source) line 1", rule: "the column \"\(name)\" is required")
        }
        self.source = source
        self.records = Array(all.dropFirst())
        self.columns = columns
        self.fieldsByColumn = fieldsByColumn
    }

    /// The trimmed value of `column` in `record`, nil when the column is absent or the cell blank.
    func value(_ column: String, in record: CSV.Record) -> String? {
        guard let index = columns[column], index < record.fields.count else { return nil }
        let text = record.fields[index].trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// Runs `parse` on every record and collects the faults of all of them: `parse` throws
    /// `RowProblems` to report every fault of its row, or one error for a single fault.
    /// - Throws: `ImportError` listing every bad row when any is bad.
    func map<T>(_ parse: (CSV.Record) throws -> T) throws -> [T] {
        var results: [T] = []
        var problems: [DomainError] = []
        for record in records {
            if record.fields.count > columns.count {
                problems.append(DomainError(field: "line \(record.line)", rule: "has \(record.fields.count) fields, the header has \(columns.count)"))
                continue
            }
            do {
                results.append(try parse(record))
            } catch let error as RowProblems {
                problems += error.problems.map { DomainError(field: "line \(record.line), \(fieldsByColumn[$0.field] ?? $0.field)", rule: $0.rule) }
            } catch let error as DomainError {
                problems.append(DomainError(field: "line \(record.line), \(fieldsByColumn[error.field] ?? error.field)", rule: error.rule))
            } catch let error as ServiceError {
                problems.append(DomainError(field: "line \(record.line)", rule: error.phrase))
            }
        }
        if !problems.isEmpty { throw ImportError(source: source, problems: problems) }
        return results
    }
}
