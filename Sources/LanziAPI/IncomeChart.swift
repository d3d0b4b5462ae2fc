import LanziCore
import LanziService

/// The monthly series as an inline SVG bar chart, in the words of whoever draws it (the
/// disclosure sheet is always Chinese; the committee's page follows its language switch).
enum IncomeChart {
    /// The year month by month: the market's income billed and what was spent, as bars.
    /// Heights in whole pixels by integer arithmetic; the figures themselves are in the tables.
    static func svg(_ months: [MonthFigures], title: String, billed billedLabel: String, billedShort: String, spent spentLabel: String,
                    month monthLabel: (Int) -> String) -> String {
        let width = 700, height = 176, left = 70, bottom = 148, top = 12
        let slot = (width - left - 8) / 12
        let largest = Swift.max(1, months.map { Swift.max($0.billed.fen, $0.expenses.fen) }.max() ?? 1)
        func barHeight(_ fen: Int64) -> Int { Int(Swift.max(0, fen) * Int64(bottom - top) / largest) }
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 4)\" y2=\"\(bottom)\" stroke=\"#000\" stroke-width=\"0.8\"/>\n"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 4)\" text-anchor=\"end\">\(Money(fen: largest).formatted)</text>\n"
        svg += "<text x=\"\(left - 4)\" y=\"\(bottom)\" text-anchor=\"end\">0</text>\n"
        for (index, month) in months.enumerated() {
            let x = left + index * slot + 4
            let billed = barHeight(month.billed.fen), spent = barHeight(month.expenses.fen)
            svg += "<rect x=\"\(x)\" y=\"\(bottom - billed)\" width=\"\(slot / 2 - 4)\" height=\"\(billed)\" fill=\"#333\"><title>\(month.month) \(HTML.escape(billedShort)) \(month.billed.formatted)</title></rect>\n"
            svg += "<rect x=\"\(x + slot / 2 - 3)\" y=\"\(bottom - spent)\" width=\"\(slot / 2 - 4)\" height=\"\(spent)\" fill=\"#aaa\"><title>\(month.month) \(HTML.escape(spentLabel)) \(month.expenses.formatted)</title></rect>\n"
            svg += "<text x=\"\(x + slot / 2 - 4)\" y=\"\(bottom + 11)\" text-anchor=\"middle\">\(HTML.escape(monthLabel(month.month.month)))</text>\n"
        }
        svg += "<rect x=\"\(left)\" y=\"\(height - 8)\" width=\"8\" height=\"6\" fill=\"#333\"/><text x=\"\(left + 11)\" y=\"\(height - 2)\">\(HTML.escape(billedLabel))</text>\n"
        svg += "<rect x=\"\(left + 110)\" y=\"\(height - 8)\" width=\"8\" height=\"6\" fill=\"#aaa\"/><text x=\"\(left + 121)\" y=\"\(height - 2)\">\(HTML.escape(spentLabel))</text>\n"
        return svg + "</svg>"
    }
}
