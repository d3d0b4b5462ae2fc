/// A value bound to or read from SQL. Money and dates travel as `.integer` and `.text`;
/// `.real` exists only because SQLite has it, and nothing of ours writes it.
package enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    package init(integerLiteral value: Int64) { self = .integer(value) }
    package init(stringLiteral value: String) { self = .text(value) }
    package init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    package init(_ value: Int) { self = .integer(Int64(value)) }
    package init(_ value: Int64) { self = .integer(value) }
    package init(_ value: Bool) { self = .integer(value ? 1 : 0) }
    package init(_ value: String) { self = .text(value) }
    package init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    package init(_ value: Int64?) { self = value.map(SQLValue.integer) ?? .null }
}
