import LanziCore
import LanziService

/// The 财务公开榜: the income report laid out as a village finance board is, to print on A4
/// and post (due at least quarterly, monthly where business is busy; 农经发〔2011〕13号).
/// Always in Chinese, as the board is. One HTML file with its CSS inline and the monthly
/// series as an inline SVG, so that it prints the same anywhere and fetches nothing. No
/// merchant appears but masked (张**); no phone or ID number is in it anywhere.
package struct DisclosureSheet {
    package let report: IncomeReport
    package let publishedOn: CalendarDate

    package init(_ report: IncomeReport, publishedOn: CalendarDate) {
        self.report = report
        self.publishedOn = publishedOn
    }

    package var html: String {
        let market = report.market
        let period = report.period
        var page = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <title>\(escaped(market.collectiveName))财务公开榜 \(escaped(period.description))</title>
            <style>
            @page { size: A4; margin: 14mm 12mm; }
            body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 9.5pt; color: #000; margin: 0; }
            h1 { text-align: center; font-size: 18pt; letter-spacing: 0.3em; margin: 0 0 3mm; }
            .meta { display: flex; justify-content: space-between; font-size: 9.5pt; margin-bottom: 1.5mm; }
            h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; border-left: 3pt solid #000; padding-left: 2mm; break-after: avoid; }
            section { break-inside: avoid; }
            table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
            th, td { border: 0.6pt solid #000; padding: 0.5mm 1.6mm; }
            th { background: #eee; font-weight: bold; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.sum td { font-weight: bold; }
            .cols { display: flex; gap: 4mm; } .cols > div { flex: 1; }
            .sign { margin-top: 3mm; line-height: 2; break-inside: avoid; }
            .note { font-size: 9pt; margin-top: 2mm; }
            svg text { font-size: 8px; }
            </style></head><body>
            <h1>\(escaped(market.collectiveName))财务公开榜</h1>
            <div class="meta"><span>公开单位：\(escaped(market.collectiveName))（\(escaped(market.name))）</span>
            <span>公开期间：\(periodText)</span><span>公开日期：\(publishedOn)</span></div>
            <div class="meta"><span>单位：元</span><span>数字计至 \(report.asOf)</span></div>

            """
        page += section("一、收益情况（收益及收益分配表）", figures(report.statement.map { ($0.line.phrase, $0.figures, $0.line == .operatingSurplus || $0.line == .totalSurplus) }))
        page += "<div class=\"cols\"><div>"
        page += section("二、市场收入（应收）", figures(report.accrual.map { ($0.category.phrase, $0.figures, false) } + [("合计", report.accrualTotal, true)]))
        page += "</div><div>"
        page += section("三、市场收入（实收）", figures(report.cash.map { ($0.category.phrase, $0.figures, false) } + [("合计", report.cashTotal, true)]))
        page += "</div></div><div class=\"cols\"><div>"
        page += section("四、支出明细", figures(report.expenses.map { ($0.category.phrase, $0.figures, false) } + [("合计", report.expensesTotal, true)]))
        page += "</div><div>"
        page += section("五、其他收入", figures(report.otherIncome.map { ($0.category.phrase, $0.figures, false) } + [("合计", report.otherIncomeTotal, true)]))
        page += "</div></div>"
        page += section("六、资金与往来", balances)
        page += section("七、逐月收支", chart)
        page += section("八、出租与收缴", occupancy)
        page += signOff
        page += "</body></html>\n"
        return page
    }

    private var periodText: String {
        let period = report.period
        return switch period.span {
        case .year: "\(period.year)年"
        case .month(let month): "\(period.year)年\(month)月"
        case .quarter(let quarter): "\(period.year)年第\(quarter)季度"
        case .days: "\(period.from) 至 \(period.to)"
        }
    }

    private func section(_ title: String, _ body: String) -> String { "<section><h2>\(title)</h2>\n\(body)\n</section>\n" }

    private func figures(_ rows: [(Phrase, IncomeFigures, Bool)]) -> String {
        var table = "<table><tr><th>项目</th><th>本期</th><th>本年累计</th></tr>\n"
        for (name, figures, isSum) in rows {
            table += "<tr\(isSum ? " class=\"sum\"" : "")><td>\(escaped(name.rendered(in: .zh)))</td><td class=\"n\">\(figures.period.formatted)</td>"
                + "<td class=\"n\">\(figures.yearToDate.formatted)</td></tr>\n"
        }
        return table + "</table>"
    }

    private var balances: String {
        let rows: [(String, OpeningClosing)] = [("库存现金及银行存款", report.money), ("商户欠缴（应收款，不含押金）", report.receivable)]
        var table = "<table><tr><th>项目</th><th>期初余额</th><th>期末余额</th><th>增减</th></tr>\n"
        for (name, balance) in rows {
            table += "<tr><td>\(name)</td><td class=\"n\">\(balance.opening.formatted)</td><td class=\"n\">\(balance.closing.formatted)</td>"
                + "<td class=\"n\">\(balance.change.formatted)</td></tr>\n"
        }
        table += "<tr><td>本期收取押金（代商户保管，不计收入）</td><td class=\"n\" colspan=\"3\">\(report.depositsCollected.formatted)</td></tr>\n"
        return table + "</table>"
    }

    /// The year month by month, with the board's words.
    private var chart: String {
        IncomeChart.svg(report.monthly, title: "逐月收入与支出", billed: "市场收入（应收）", billedShort: "应收", spent: "支出", month: { "\($0)月" })
    }

    private var occupancy: String {
        var table = "<table><tr><th>类别</th><th>间数</th><th>已出租</th><th>面积（m²）</th><th>已出租面积</th><th>出租率（按面积）</th></tr>\n"
        let names: [UnitKind: String] = [.shop: "商铺", .stall: "摊位", .coldRoom: "冷库间"]
        for kind in report.occupancy {
            table += occupancyRow(names[kind.kind] ?? kind.kind.rawValue, kind)
        }
        table += occupancyRow("合计", report.occupancyAll, isSum: true) + "</table>\n"
        let rate = report.collectionRateBasisPoints.map(BasisPoints.percentText) ?? "—"
        table += "<p class=\"note\">本期到期应收 \(report.collectionDue.formatted) 元，截至 \(report.asOf) 已收 \(report.collectionCollected.formatted) 元，收缴率 \(rate)。"
        table += "欠费按逾期天数：" + zip(["30天以内", "31至60天", "61至90天", "90天以上"], report.arrears).map { "\($0) \($1.amount.formatted)" }.joined(separator: "，") + " 元。</p>\n"
        if !report.arrearsByMerchant.isEmpty {
            table += "<table><tr><th>欠费商户</th><th>逾期欠款</th></tr>\n"
            for (merchant, amount) in report.arrearsByMerchant {
                table += "<tr><td>\(escaped(merchant))</td><td class=\"n\">\(amount.formatted)</td></tr>\n"
            }
            table += "</table>"
        }
        return table
    }

    private func occupancyRow(_ name: String, _ kind: UnitKindSummary, isSum: Bool = false) -> String {
        "<tr\(isSum ? " class=\"sum\"" : "")><td>\(name)</td><td class=\"n\">\(kind.total)</td><td class=\"n\">\(kind.leased)</td><td class=\"n\">\(kind.area)</td>"
            + "<td class=\"n\">\(kind.leasedArea)</td><td class=\"n\">\(BasisPoints.percentText(kind.occupancyByAreaBasisPoints))</td></tr>\n"
    }

    private var signOff: String {
        let check = report.discrepancies.isEmpty
            ? "本榜数字均由票据（账单、收款、支出与收入凭证）计算，并已与账簿逐科目核对一致。"
            : "注意：单据与账簿不符，共 \(report.discrepancies.count) 处，须查明后再公开。"
        return """
            <p class="note">\(check)收益总额未扣所得税；押金代商户保管，不计收入。</p>
            <div class="sign">
            村务监督委员会审核意见：______________________________________________<br>
            监督委员会主任（签字）：________________　　审核日期：______年____月____日<br>
            制表：\(escaped(market.operatorName))　　村集体经济组织负责人（签字）：________________<br>
            群众如有疑问或投诉，请向村务监督委员会反映（受理电话：________________），或向乡镇农村经营管理部门反映。
            </div>

            """
    }

    private var market: Market { report.market }

    private func escaped(_ text: String) -> String { HTML.escape(text) }
}
