import LanziCore
import LanziService

/// The frame every page is drawn in: the header with the caller's own menu, the language
/// switch and signing out; CSS inline, so the page fetches nothing; readable from a 360-px
/// phone up, and printable on A4 without the menu.
enum PageLayout {
    static func page(title: String, body: HTML, frame: PageFrame) -> HTML {
        let lang = frame.language == .zh ? "zh-CN" : "en"
        return """
            <!DOCTYPE html>
            <html lang="\(lang)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>\(title) · \(t("Lanzi"))</title>
            <style>\(HTML(trusted: css))</style></head>
            <body>
            <header>\(header(frame))</header>
            <main><h1>\(title)</h1>
            \(body)
            </main></body></html>
            """
    }

    private static func header(_ frame: PageFrame) -> HTML {
        var html: HTML = "<a class=\"brand\" href=\"/\">\(t("Lanzi"))</a><nav>"
        for (path, label) in menu(for: frame.caller) {
            let current = frame.path == path || (path != "/" && frame.path.hasPrefix(path + "/"))
            html += "<a href=\"\(path)\"\(HTML(trusted: current ? " aria-current=\"page\"" : ""))>\(label)</a>"
        }
        html += "</nav><div class=\"tools\">"
        let other: Language = frame.language == .zh ? .en : .zh
        html += "<a href=\"/lang/\(other.rawValue)?back=\(PageAnswer.percentEncoded(frame.path))\" lang=\"\(other == .zh ? "zh-CN" : "en")\">\(other == .zh ? "中文" : "English")</a>"
        if let caller = frame.caller, let token = frame.formToken {
            html += """
                <form method="post" action="/signout"><input type="hidden" name="csrf" value="\(token)">\
                <button type="submit" title="\(caller.name)">\(t("Sign out"))</button></form>
                """
        } else {
            html += "<a href=\"/signin\">\(t("Sign in"))</a>"
        }
        return html + "</div>"
    }

    /// Each role's own menu: a merchant sees its own records only, an auditor what it reads.
    static func menu(for caller: Caller?) -> [(String, String)] {
        guard let caller else { return [] }
        switch caller.kind {
        case .merchant:
            return [("/me", t("My bills")), ("/me/payments", t("Payments")), ("/me/receipts", t("Receipts")),
                    ("/me/statement", t("Statement")), ("/me/password", t("Password"))]
        case .staff(.auditor):
            return [("/income", t("Income")), ("/audit", t("Audit")), ("/desk/arrears", t("Arrears")), ("/party", t("Party branch"))]
        case .staff:
            return [("/desk", t("Market map")), ("/desk/merchants", t("Merchants")), ("/desk/leases", t("Leases")),
                    ("/desk/billing", t("Billing")), ("/desk/pay", t("Take a payment")), ("/desk/usage", t("Cold store")),
                    ("/desk/expenses", t("Expenses")), ("/desk/arrears", t("Arrears")), ("/income", t("Income")), ("/audit", t("Audit")),
                    ("/party", t("Party branch"))]
        }
    }

    /// Where a caller starts: its own first page.
    static func home(for caller: Caller) -> String {
        switch caller.kind {
        case .merchant: "/me"
        case .staff(.auditor): "/income"
        case .staff: "/desk"
        }
    }

    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 "Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;color:#1d1d1f;background:#f6f6f4}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .8rem;padding:.5rem .8rem;background:#234;color:#fff}
        header a{color:#fff;text-decoration:none}
        .brand{font-weight:bold;font-size:1.1rem}
        nav{display:flex;flex-wrap:wrap;gap:.2rem .7rem;flex:1}
        nav a[aria-current]{text-decoration:underline}
        .tools{display:flex;gap:.6rem;align-items:center}
        .tools form{margin:0}
        .tools button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;padding:.1rem .5rem;font:inherit}
        main{max-width:980px;margin:0 auto;padding:.8rem}
        h1{font-size:1.35rem;margin:.4rem 0 .8rem}
        h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;background:#fff;margin:.3rem 0 .8rem}
        th,td{border-bottom:1px solid #ddd;padding:.35rem .45rem;text-align:left;vertical-align:top}
        td.code,.nw{white-space:nowrap}
        th{background:#eef0f2;font-weight:600;white-space:nowrap}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.sum td{font-weight:bold}
        .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.7rem .8rem;margin:.6rem 0}
        .card h3{margin:0 0 .3rem;font-size:1rem}
        .muted{color:#667}
        .overdue{color:#b00020;font-weight:600}
        .notice{border-radius:6px;padding:.6rem .8rem;margin:.6rem 0;background:#e8f4ea;border:1px solid #9c9}
        .notice.bad{background:#fdecee;border-color:#e99}
        form.stack{display:grid;gap:.6rem;max-width:30rem;background:#fff;padding:.8rem;border:1px solid #ddd;border-radius:6px}
        form.stack label{display:grid;gap:.2rem}
        form.stack label.check{display:flex;gap:.5rem;align-items:baseline}
        fieldset{border:1px solid #ddd;border-radius:4px;max-height:22rem;overflow-y:auto}
        input,select,textarea,button{font:inherit;padding:.45rem .5rem;border:1px solid #aab;border-radius:4px;max-width:100%}
        button.primary{background:#1a5fb4;color:#fff;border-color:#1a5fb4;padding:.55rem 1rem}
        form.inline{display:inline}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(5.6rem,1fr));gap:.35rem;margin:.3rem 0 1rem}
        .tile{border-radius:5px;padding:.3rem .4rem;font-size:.85rem;border:1px solid #bbb;background:#fff}
        .tile summary{cursor:pointer;font-weight:600;list-style:none}
        .tile.vacant{background:#fff;border:2px dashed #3a9a3a}
        .tile.leased{background:#cfe0fb;border-color:#3d6fb4}
        .tile.overdue{background:#f6c4c4;border:2px solid #b00020}
        .tile.out{background:#d6d6d6;border-color:#777;color:#444;text-decoration:line-through}
        .legend span{display:inline-block;margin-right:.8rem}
        .legend i{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:.25em;border:1px solid #999}
        .receipt{background:#fff;border:1px solid #999;max-width:40rem;padding:1rem 1.2rem}
        .receipt .amount{font-size:1.3rem;font-weight:bold}
        .qr svg{width:9rem;height:9rem}
        .ok{color:#1a7f37;font-weight:600}.bad{color:#b00020;font-weight:600}
        svg.chart text{font-size:10px}
        @media print{header,.noprint{display:none}body{background:#fff}main{max-width:none;padding:0}.receipt{border:none}}
        @page{size:A4;margin:14mm}
        """
}

/// Small pieces pages are built from.
enum Piece {
    /// A table with a header row; `numeric` columns are right-aligned.
    static func table(_ headings: [String], numeric: Set<Int> = [], _ rows: [[HTML]], empty: String? = nil) -> HTML {
        if rows.isEmpty, let empty { return "<p class=\"muted\">\(empty)</p>" }
        var html: HTML = "<div class=\"scroll\"><table><thead><tr>"
        for (index, heading) in headings.enumerated() { html += "<th\(HTML(trusted: numeric.contains(index) ? " class=\"n\"" : ""))>\(heading)</th>" }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() { html += "<td\(HTML(trusted: numeric.contains(index) ? " class=\"n\"" : ""))>\(cell)</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    static func money(_ amount: Money) -> HTML { "\(amount.formattedWithSymbol)" }

    /// Arrears' ages, in the order the statement and the report give their amounts.
    static var ageLabels: [String] { [t("1–30 days"), t("31–60 days"), t("61–90 days"), t("over 90 days")] }

    /// Amounts by age as rows, each under its label.
    static func ageRows(_ amounts: [(label: String, amount: Money)]) -> [[HTML]] {
        zip(ageLabels, amounts).map { label, age in ["\(label)", money(age.amount)] }
    }

    /// The hidden field every signed-in form carries.
    static func formToken(_ call: PageCall) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(call.frame.formToken ?? "")\">"
    }

    static func notice(_ text: String?) -> HTML {
        guard let text else { return "" }
        return "<div class=\"notice\" role=\"status\">\(text)</div>"
    }

    /// A link to `path` with a query value percent-encoded.
    static func link(_ path: String, _ label: String) -> HTML { "<a href=\"\(path)\">\(label)</a>" }
}
