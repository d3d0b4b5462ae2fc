/// The days an income report covers, always inside one calendar year, so that its 本年累计
/// (the year to date) is the same year's January 1 to the period's last day.
package struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    package enum Span: Hashable, Sendable {
        case year
        case month(Int)
        case quarter(Int)
        case days
    }

    package let year: Int
    package let span: Span
    package let from: CalendarDate
    package let to: CalendarDate

    /// The whole of `year`.
    /// - Throws: `DomainError` on `year` outside 1...9999.
    package init(year: Int) throws(DomainError) {
        guard (2...9999).contains(year) else { throw DomainError(field: "year", rule: "must be a year from 2 to 9999, got \(year)") }
        self.year = year
        span = .year
        from = CalendarDate(uncheckedYear: year, month: 1, day: 1)
        to = CalendarDate(uncheckedYear: year, month: 12, day: 31)
    }

    /// One month of `year`.
    /// - Throws: `DomainError` on `month` when it lies in another year.
    package init(year: Int, month: Period) throws(DomainError) {
        _ = try ReportPeriod(year: year)
        guard month.year == year else { throw DomainError(field: "month", rule: "must be a month of \(year), got \(month)") }
        self.year = year
        span = .month(month.month)
        from = month.firstDay
        to = month.lastDay
    }

    /// Quarter 1 to 4 of `year`.
    /// - Throws: `DomainError` on `quarter` outside 1...4.
    package init(year: Int, quarter: Int) throws(DomainError) {
        _ = try ReportPeriod(year: year)
        guard (1...4).contains(quarter) else { throw DomainError(field: "quarter", rule: "must be 1, 2, 3 or 4, got \(quarter)") }
        self.year = year
        span = .quarter(quarter)
        from = CalendarDate(uncheckedYear: year, month: 3 * quarter - 2, day: 1)
        to = Period(uncheckedYear: year, month: 3 * quarter).lastDay
    }

    /// The days `from` to `to` (inclusive) of `year`.
    /// - Throws: `DomainError` on `from` or `to` outside the year, or `from` after `to`.
    package init(year: Int, from: CalendarDate, to: CalendarDate) throws(DomainError) {
        _ = try ReportPeriod(year: year)
        guard from.year == year else { throw DomainError(field: "from", rule: "must be a day of \(year), got \(from)") }
        guard to.year == year else { throw DomainError(field: "to", rule: "must be a day of \(year), got \(to)") }
        guard from <= to else { throw DomainError(field: "from", rule: "must be on or before the last day, \(to)") }
        self.year = year
        span = .days
        self.from = from
        self.to = to
    }

    /// Reads a period as `description` writes it: `2025`, `2025-03`, `2025Q2` or
    /// `2025-03-01..2025-05-31`.
    /// - Throws: `DomainError` naming `field` for any other text, or a period outside its year.
    package static func parse(_ typed: String, field: String) throws(DomainError) -> ReportPeriod {
        let text = InputText.halfWidth(typed).trimmingCharacters(in: .whitespaces)
        let wrong = DomainError(field: field, rule: "must be a year (2025), a month (2025-03), a quarter (2025Q2) or days (2025-03-01..2025-05-31), got \"\(typed)\"")
        if text.contains("..") {
            let ends = text.components(separatedBy: "..")
            guard ends.count == 2, let from = try? CalendarDate.parse(ends[0], field: field), let to = try? CalendarDate.parse(ends[1], field: field) else { throw wrong }
            return try ReportPeriod(year: from.year, from: from, to: to)
        }
        if let q = text.firstIndex(where: { $0 == "Q" || $0 == "q" }) {
            guard let year = Int(text[..<q]), let quarter = Int(text[text.index(after: q)...]), text[..<q].count == 4 else { throw wrong }
            return try ReportPeriod(year: year, quarter: quarter)
        }
        if text.count == 7, let month = try? Period.parse(text, field: field) { return try ReportPeriod(year: month.year, month: month) }
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text) else { throw wrong }
        return try ReportPeriod(year: year)
    }

    /// January 1 of the period's year: where the year to date begins.
    package var yearStart: CalendarDate { CalendarDate(uncheckedYear: year, month: 1, day: 1) }

    /// The same days a year before (February 29 becomes the 28th).
    package func yearBefore(_ date: CalendarDate) -> CalendarDate { date.adding(years: -1) }

    /// `2025`, `2025-03`, `2025Q2` or `2025-03-01..2025-05-31`: the period as files and
    /// headings name it.
    package var description: String {
        switch span {
        case .year: "\(year)"
        case .month: from.period.description
        case .quarter(let quarter): "\(year)Q\(quarter)"
        case .days: "\(from)..\(to)"
        }
    }
}
