import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// The desk's forms: each posts once, is one service call (one transaction), and answers
    /// with a redirect to what it made, so that reloading the page sends nothing twice.
    static let deskFormPages: [Entry] = [
        Entry("POST", "/desk/merchants") { call in
            let draft = MerchantDraft(name: try call.requiredField("name"), phone: try call.requiredField("phone"), idNumber: try call.field("id_number"))
            let merchant = try call.service.addMerchant(draft, again: try call.field("again") == "1")
            return .redirect(to: "/desk/merchants/\(merchant.id)")
        },
        Entry("GET", "/desk/leases/new") { call in
            try call.service.authorize(.createLease)
            let merchants = try call.service.merchants()
            let chosen = try call.queryInteger("merchant", in: 1...Int64.max)
            let options = merchants.map { merchant in
                HTML("<option value=\"\(merchant.id)\"\(HTML(trusted: merchant.id == chosen ? " selected" : ""))>\(merchant.id) \(merchant.name)</option>")
            }.joined()
            let cycles = BillingCycle.allCases.map { HTML("<option value=\"\($0.rawValue)\">\($0.phrase)</option>") }.joined()
            let body: HTML = """
                <form class="stack" method="post" action="/desk/leases">\(Piece.formToken(call))
                <label>\(t("Merchant"))<select name="merchant" required>\(options)</select></label>
                <label>\(t("Units")) <span class="muted">\(t("(codes, separated by commas)"))</span><input name="units" required></label>
                <label>\(t("From"))<input type="date" name="start_on" required value="\(call.today)"></label>
                <label>\(t("To"))<input type="date" name="end_on" required></label>
                <label>\(t("Rent per cycle (yuan)"))<input name="rent" inputmode="decimal" required></label>
                <label>\(t("Billing cycle"))<select name="cycle">\(cycles)</select></label>
                <label>\(t("Deposit (yuan)"))<input name="deposit" inputmode="decimal" value="0"></label>
                <label>\(t("Management fee per cycle (yuan)"))<input name="management_fee" inputmode="decimal" value="0"></label>
                <label>\(t("Rent-free months"))<input name="free_months" inputmode="numeric" value="0"></label>
                <label>\(t("Due day of the month"))<input name="due_day" inputmode="numeric" value="5"></label>
                <button class="primary" type="submit">\(t("Create the lease"))</button></form>
                """
            return .page(title: t("New lease"), body: body)
        },
        Entry("POST", "/desk/leases") { call in
            let fee = try call.money("management_fee") ?? .zero
            let terms = LeaseTerms(rent: try call.requiredMoney("rent"), cycle: try call.field("cycle").map { try BillingCycle.parse($0, field: "cycle") } ?? .monthly,
                                   managementFee: fee.fen == 0 ? .none : .fixed(fee), deposit: try call.money("deposit") ?? .zero,
                                   freeMonths: Int(try call.integerField("free_months", in: 0...120) ?? 0), dueDay: Int(try call.integerField("due_day", in: 1...28) ?? 5))
            let units = try call.requiredField("units").split { $0 == "," || $0 == "，" || $0 == " " }.map(String.init)
            let draft = LeaseDraft(merchantID: try call.requiredInteger("merchant"), unitCodes: units, startsOn: try call.requiredDate("start_on"),
                                   endsOn: try call.requiredDate("end_on"), terms: terms)
            let lease = try call.service.createLease(draft)
            return .redirect(to: "/desk/leases/\(lease.id)")
        },
        Entry("GET", "/desk/leases/{id}") { call in
            let lease = try call.service.lease(id: try call.id())
            var body: HTML = leaseTable([lease])
            body += """
                <p>\(t("Deposit")) \(lease.terms.deposit.formattedWithSymbol) · \(t("Due day of the month")) \(lease.terms.dueDay)\
                \(lease.termination.map { HTML(" · <span class=\"bad\">\(t("terminated on")) \($0.endsOn)</span>") } ?? "")</p>
                """
            if lease.termination == nil, lease.cancellation == nil, lease.renewedByLeaseID == nil, ServiceOperation.renewLease.admits(call.caller) {
                body += """
                    <h2>\(t("Renew"))</h2>
                    <form class="stack" method="post" action="/desk/leases/\(lease.id)/renew">\(Piece.formToken(call))
                    <label>\(t("New end date"))<input type="date" name="end_on" required></label>
                    <label>\(t("New rent per cycle (yuan)")) <span class="muted">\(t("(blank keeps the rent)"))</span><input name="rent" inputmode="decimal"></label>
                    <button class="primary" type="submit">\(t("Renew"))</button></form>
                    <h2>\(t("Terminate"))</h2>
                    <form class="stack" method="post" action="/desk/leases/\(lease.id)/terminate">\(Piece.formToken(call))
                    <label>\(t("Last day"))<input type="date" name="on" required value="\(call.today)"></label>
                    <label>\(t("Reason"))<input name="reason" required></label>
                    <button type="submit">\(t("Terminate the lease"))</button></form>
                    """
            }
            return .page(title: "\(t("Lease")) \(lease.id)", body: body)
        },
        Entry("POST", "/desk/leases/{id}/renew") { call in
            let lease = try call.service.renewLease(id: try call.id(), endsOn: try call.requiredDate("end_on"), rent: try call.money("rent"))
            return .redirect(to: "/desk/leases/\(lease.id)")
        },
        Entry("POST", "/desk/leases/{id}/terminate") { call in
            let (lease, _) = try call.service.terminateLease(id: try call.id(), endsOn: try call.requiredDate("on"), reason: try call.requiredField("reason"))
            return .redirect(to: "/desk/leases/\(lease.id)")
        },
    ] + billingPages + paymentPages + usagePages + expensePages
}
