import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// The committee's pages: the income report of a period on both bases, its disclosure
    /// sheet and CSV, the audit, and the signed receipts export to take away.
    static let committeePages: [Entry] = [
        Entry("GET", "/income") { call in
            let period = try reportPeriod(call)
            let report = try call.service.incomeReport(period)
            return .page(title: "\(t("Income")) \(period)", body: incomeBody(report, typed: try call.query("period") ?? period.description))
        },
        Entry("GET", "/income/sheet") { call in
            .document(HTML(trusted: DisclosureSheet(try call.service.incomeReport(try reportPeriod(call)), publishedOn: call.today).html))
        },
        Entry("GET", "/income/csv") { call in
            let period = try reportPeriod(call)
            let csv = IncomeCSV.text(try call.service.incomeReport(period))
            return .file(type: "text/csv; charset=utf-8", name: "income-\(period).csv", bytes: Array(csv.utf8))
        },
        Entry("GET", "/audit") { call in
            try call.service.authorize(.auditVerify)
            return .page(title: t("Audit"), body: auditForm(call))
        },
        Entry("POST", "/audit") { call in
            let report = try call.service.auditVerify()
            var body = auditForm(call)
            body += report.isClean
                ? "<div class=\"notice\" role=\"status\"><b>\(t("Clean: the books balance, every document agrees with them, and every receipt's signature and link verify."))</b></div>"
                : "<div class=\"notice bad\" role=\"alert\"><b>\(t("\(report.findings.count) finding(s):"))</b></div>"
            body += Piece.table([t("Check"), t("Record"), t("Found")], report.findings.map { ["\($0.check)", "\($0.subject)", "\($0.found)"] })
            body += "<p class=\"muted\">\(t("Receipts checked")): \(report.receiptsChecked)</p>"
            body += Piece.table([t("Table"), t("Rows")], numeric: [1], report.counts.map { ["\($0.table)", "\($0.count)"] })
            return .page(title: t("Audit"), body: body)
        },
        Entry("GET", "/receipts/export") { call in
            let year = Int(try call.queryInteger("year", in: 2000...2999) ?? Int64(call.today.year))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-export-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            guard let first = CalendarDate(year: year, month: 1, day: 1), let last = CalendarDate(year: year, month: 12, day: 31) else { throw APIError.notFound }
            let report = try call.service.exportReceipts(from: first, to: min(call.today, last), directory: folder.path)
            let archive = try TarArchive.folder(folder, as: "receipts-\(year)")
            return .file(type: "application/x-tar", name: "receipts-\(year)-\(report.count).tar", bytes: archive)
        },
    ]

    /// The period a committee page is asked for (`period=2025`, `2025Q2`, `2025-03`), else this year.
    static func reportPeriod(_ call: PageCall) throws -> ReportPeriod {
        try call.query("period").map { try ReportPeriod.parse($0, field: "period") } ?? ReportPeriod(year: call.today.year)
    }

    static func auditForm(_ call: PageCall) -> HTML {
        """
        <form method="post" action="/audit">\(Piece.formToken(call))<button class="primary" type="submit">\(t("Check the books and the receipts now"))</button></form>
        <p class="muted">\(t("The check reads everything and changes nothing; on a large market it takes a while."))</p>
        """
    }

    static func incomeBody(_ report: IncomeReport, typed: String) -> HTML {
        let query = "period=" + PageAnswer.percentEncoded(report.period.description)
        var body: HTML = """
            <form class="noprint" method="get" action="/income"><label>\(t("Period")) <input name="period" value="\(typed)" \
            placeholder="2025, 2025Q2, 2025-03"></label> <button type="submit">\(t("Show"))</button></form>
            <p class="noprint"><a href="/income/sheet?\(query)">\(t("Disclosure sheet (财务公开榜)"))</a> · <a href="/income/csv?\(query)">\(t("CSV"))</a> · \
            <a href="/receipts/export?year=\(report.period.year)">\(t("Signed receipts export"))</a></p>
            <p class="muted">\(report.market.collectiveName) · \(report.market.name) · \(t("figures as of")) \(report.asOf)</p>
            """
        body += report.discrepancies.isEmpty
            ? "<div class=\"notice\">\(t("Every figure agrees with the books."))</div>"
            : "<div class=\"notice bad\">\(t("The documents and the books disagree:")) \(report.discrepancies.map(\.description).joined(separator: "; "))</div>"
        let headings = [t("Item"), t("This period"), t("Year to date"), t("A year before"), t("Change")]
        func rows(_ items: [(Phrase, IncomeFigures)]) -> [[HTML]] {
            items.map { phrase, figures in
                ["\(phrase)", Piece.money(figures.period), Piece.money(figures.yearToDate), Piece.money(figures.periodYearBefore), Piece.money(figures.change)]
            }
        }
        body += "<h2>\(t("Income statement (收益及收益分配表)"))</h2>"
        body += Piece.table(headings, numeric: [1, 2, 3, 4], rows(report.statement.map { ($0.line.phrase, $0.figures) }))
        body += "<h2>\(t("Monthly series"))</h2>"
        body += HTML(trusted: IncomeChart.svg(report.monthly, title: t("Month by month: billed and spent"), billed: t("Market income billed"),
                                             billedShort: t("billed"), spent: t("spent"), month: { "\($0)" }))
        body += "<h2>\(t("Market income, billed (accrual basis)"))</h2>"
        body += Piece.table(headings, numeric: [1, 2, 3, 4], rows(report.accrual.map { ($0.category.phrase, $0.figures) } + [(Phrase("Total"), report.accrualTotal)]))
        body += "<h2>\(t("Market income, collected (cash basis)"))</h2>"
        body += Piece.table(headings, numeric: [1, 2, 3, 4], rows(report.cash.map { ($0.category.phrase, $0.figures) } + [(Phrase("Total"), report.cashTotal)]))
        body += "<h2>\(t("Expenses"))</h2>"
        body += Piece.table(headings, numeric: [1, 2, 3, 4], rows(report.expenses.map { ($0.category.phrase, $0.figures) } + [(Phrase("Total"), report.expensesTotal)]))
        body += "<h2>\(t("Other income"))</h2>"
        body += Piece.table(headings, numeric: [1, 2, 3, 4], rows(report.otherIncome.map { ($0.category.phrase, $0.figures) } + [(Phrase("Total"), report.otherIncomeTotal)]))
        body += "<h2>\(t("Occupancy at the period's end"))</h2>"
        func occupancy(_ name: String, _ kind: UnitKindSummary) -> [HTML] {
            ["\(name)", "\(kind.total)", "\(kind.leased)", "\(kind.area)", "\(kind.leasedArea)", "\(BasisPoints.percentText(kind.occupancyByAreaBasisPoints))"]
        }
        body += Piece.table([t("Kind"), t("Units"), t("Leased"), t("Area m²"), t("Leased m²"), t("By area")], numeric: [1, 2, 3, 4, 5],
                            report.occupancy.map { occupancy(t($0.kind.phrase), $0) } + [occupancy(t("All"), report.occupancyAll)])
        body += "<h2>\(t("Collection and arrears"))</h2>"
        body += """
            <p>\(t("Due in the period")) \(report.collectionDue.formattedWithSymbol) · \(t("collected")) \(report.collectionCollected.formattedWithSymbol) · \
            \(t("collection rate")) \(report.collectionRateBasisPoints.map(BasisPoints.percentText) ?? "—")</p>
            """
        body += Piece.table([t("Days overdue"), t("Amount")], numeric: [1], Piece.ageRows(report.arrears))
        body += Piece.table([t("Merchant"), t("Overdue")], numeric: [1], report.arrearsByMerchant.map { ["\($0.merchant)", Piece.money($0.amount)] })
        return body
    }
}
