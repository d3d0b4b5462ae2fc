import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// The operator's desk: the market at a glance, merchants, leases, arrears. What changes a
    /// record is in `deskFormPages`.
    static let deskPages: [Entry] = [
        Entry("GET", "/desk") { call in
            let today = call.today
            let units = try call.service.units(on: today)
            let leases = Dictionary(try call.service.leases(activeOn: today).map { ($0.id, $0) }) { first, _ in first }
            let overdue = Set(try call.service.arrears(asOf: today).map(\.merchantID))
            return .page(title: t("Market map"), body: marketMap(units, leases: leases, overdue: overdue, today: today))
        },
        Entry("GET", "/desk/merchants") { call in
            let merchants = try call.service.merchants()
            var body: HTML = ServiceOperation.addMerchant.admits(call.caller) ? newMerchantForm(call) : ""
            body += Piece.table([t("No."), t("Name"), t("Phone"), t("ID number")], merchants.map { merchant in
                ["\(merchant.id)", Piece.link("/desk/merchants/\(merchant.id)", merchant.name), "\(merchant.phone)", "\(merchant.idNumber ?? "")"]
            }, empty: t("None yet."))
            return .page(title: t("Merchants"), body: body)
        },
        Entry("GET", "/desk/merchants/{id}") { call in
            let (merchant, leases) = try call.service.merchant(id: try call.id())
            let open = try call.service.bills(merchantID: merchant.id, period: nil, status: nil).filter { $0.status == .open || $0.status == .partlyPaid }
            var body: HTML = """
                <div class="card"><p><b>\(merchant.name)</b> · \(merchant.phone)\(merchant.idNumber.map { " · \($0)" } ?? "")</p>
                <p><a href="/desk/pay?merchant=\(merchant.id)">\(t("Take a payment"))</a> · <a href="/desk/leases/new?merchant=\(merchant.id)">\(t("New lease"))</a> · \
                <a href="/desk/statement?merchant=\(merchant.id)">\(t("Statement"))</a></p></div>
                <h2>\(t("Leases"))</h2>
                """
            body += leaseTable(leases)
            body += "<h2>\(t("Open bills"))</h2>"
            body += open.isEmpty ? "<p class=\"muted\">\(t("Nothing is owed."))</p>" : openBillTable(open, today: call.today)
            return .page(title: merchant.name, body: body)
        },
        Entry("GET", "/desk/statement") { call in
            guard let merchant = try call.queryInteger("merchant", in: 1...Int64.max) else { throw DomainError(field: "merchant", rule: "is required") }
            let from = try call.query("from").map { try CalendarDate.parse($0, field: "from") }
            let to = try call.query("to").map { try CalendarDate.parse($0, field: "to") } ?? call.today
            let statement = try call.service.statement(merchantID: merchant, from: from, to: to)
            return .page(title: "\(t("Statement")) · \(statement.merchant.name)", body: statementBody(statement, path: "/desk/statement?merchant=\(merchant)"))
        },
        Entry("GET", "/desk/leases") { call in
            let leases = try call.service.leases(activeOn: call.today)
            let body: HTML = "<p><a href=\"/desk/leases/new\">\(t("New lease"))</a></p>" + leaseTable(leases)
            return .page(title: t("Leases in force today"), body: body)
        },
        Entry("GET", "/desk/arrears") { call in
            let arrears = try call.service.arrears(asOf: call.today)
            let ages = Piece.ageLabels
            var rows: [[HTML]] = arrears.map { line in
                [Piece.link("/desk/merchants/\(line.merchantID)", line.merchantName), "\(line.phone)", "\(line.overdueBills)"]
                    + line.byAge.map(Piece.money) + ["<b>\(line.total.formattedWithSymbol)</b>"]
            }
            if !arrears.isEmpty {
                let sums = (0..<4).map { age in arrears.reduce(Money.zero) { $0 + $1.byAge[age] } }
                rows.append(["<b>\(t("Total"))</b>", "", "\(arrears.reduce(0) { $0 + $1.overdueBills })"] + sums.map(Piece.money)
                            + ["<b>\(sums.reduce(Money.zero, +).formattedWithSymbol)</b>"])
            }
            let body: HTML = "<p class=\"muted\">\(t("Owed on bills past their due day, as of")) \(call.today)</p>"
                + Piece.table([t("Merchant"), t("Phone"), t("Bills")] + ages + [t("Total")], numeric: [2, 3, 4, 5, 6, 7], rows, empty: t("No one is in arrears."))
            return .page(title: t("Arrears"), body: body)
        },
    ]

    /// Every unit a tile, by kind and phase (cold rooms by building): vacant, leased, overdue
    /// or out of service; a tap opens who holds it.
    static func marketMap(_ units: [MarketUnit], leases: [Int64: Lease], overdue: Set<Int64>, today: CalendarDate) -> HTML {
        var html: HTML = """
            <p class="legend"><span><i style="background:#eef7ee"></i>\(t("vacant"))</span><span><i style="background:#e6eefb"></i>\(t("leased"))</span>\
            <span><i style="background:#fde7e7"></i>\(t("overdue"))</span><span><i style="background:#e4e4e4"></i>\(t("out of service"))</span></p>
            """
        let groups = Dictionary(grouping: units) { unit in "\(unit.kind.rawValue)|\(unit.coldRoom?.building ?? "")|\(unit.phase)" }
        let order = units.map { "\($0.kind.rawValue)|\($0.coldRoom?.building ?? "")|\($0.phase)" }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for key in order {
            guard let members = groups[key], let first = members.first else { continue }
            let building = first.coldRoom.map { " · \($0.building)" } ?? ""
            let leased = members.filter { $0.status == .leased }.count
            html += "<h2>\(first.kind.phrase)\(building) · \(t("phase \(first.phase)")) <span class=\"muted\">\(t("\(leased) of \(members.count) leased"))</span></h2><div class=\"tiles\">"
            for unit in members {
                let lease = unit.currentLeaseID.flatMap { leases[$0] }
                let state = unit.isOutOfService ? "out" : lease == nil ? "vacant" : overdue.contains(lease!.merchantID) ? "overdue" : "leased"
                let who: HTML = switch state {
                case "out": "\(t("out of service"))"
                case "vacant": "\(t("vacant")) · \(unit.area) m²"
                default: "<a href=\"/desk/merchants/\(lease!.merchantID)\">\(lease!.merchantName)</a> · \(t("to")) \(lease!.endsOn)\(HTML(trusted: state == "overdue" ? " · " : ""))\(state == "overdue" ? t("overdue") : "")"
                }
                html += "<details class=\"tile \(state)\"><summary>\(unit.code)</summary>\(who)</details>"
            }
            html += "</div>"
        }
        return html
    }

    static func leaseTable(_ leases: [Lease]) -> HTML {
        Piece.table([t("Lease"), t("Merchant"), t("Units"), t("From"), t("To"), t("Rent")], numeric: [5], leases.map { lease in
            [Piece.link("/desk/leases/\(lease.id)", "\(lease.id)"), "\(lease.merchantName)", "\(lease.units.map(\.code).joined(separator: ", "))",
             "\(lease.startsOn)", "\(lease.endsOn)", "\(lease.terms.rent.formattedWithSymbol) / \(lease.terms.cycle.phrase)"]
        }, empty: t("None yet."))
    }

    static func newMerchantForm(_ call: PageCall) -> HTML {
        """
        <details class="noprint"><summary>\(t("Add a merchant"))</summary>
        <form class="stack" method="post" action="/desk/merchants">\(Piece.formToken(call))
        <label>\(t("Name"))<input name="name" required maxlength="60"></label>
        <label>\(t("Phone"))<input name="phone" type="tel" required></label>
        <label>\(t("ID number")) <span class="muted">\(t("(optional)"))</span><input name="id_number"></label>
        <button class="primary" type="submit">\(t("Add"))</button></form></details>
        """
    }
}
