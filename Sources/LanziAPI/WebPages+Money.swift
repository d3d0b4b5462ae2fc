import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// The month's billing run: a preview of what it will raise, then the run itself.
    static let billingPages: [Entry] = [
        Entry("GET", "/desk/billing") { call in
            try call.service.authorize(.previewBilling)
            let body: HTML = """
                <form class="stack" method="post" action="/desk/billing/preview">\(Piece.formToken(call))
                <label>\(t("Month"))<input type="month" name="period" required value="\(call.today.period)"></label>
                <button class="primary" type="submit">\(t("Preview the run"))</button></form>
                <p class="muted">\(t("The preview raises nothing; the run raises each lease's bill once, however often it is run."))</p>
                """
            return .page(title: t("Billing"), body: body)
        },
        Entry("POST", "/desk/billing/preview") { call in
            let period = try Period.parse(try call.requiredField("period"), field: "period")
            let report = try call.service.previewBilling(period: period)
            var body = billingReport(report, done: false)
            if report.raised > 0 {
                body += """
                    <form method="post" action="/desk/billing">\(Piece.formToken(call))<input type="hidden" name="period" value="\(period)">
                    <button class="primary" type="submit">\(t("Raise these bills"))</button></form>
                    """
            }
            return .page(title: "\(t("Billing")) \(period) · \(t("preview"))", body: body)
        },
        Entry("POST", "/desk/billing") { call in
            let period = try Period.parse(try call.requiredField("period"), field: "period")
            let report = try call.service.runBilling(period: period)
            return .page(title: "\(t("Billing")) \(period)", body: billingReport(report, done: true))
        },
    ]

    static func billingReport(_ report: BillingRunReport, done: Bool) -> HTML {
        let rows: [[HTML]] = [
            ["\(t("Rent bills"))", "\(report.regularBills)"], ["\(t("Deposit bills"))", "\(report.depositBills)"],
            ["\(t("Cold-store usage bills"))", "\(report.usageBills)"], ["<b>\(t("Total"))</b>", "<b>\(report.total.formattedWithSymbol)</b>"],
            ["\(t("Leases billed already"))", "\(report.alreadyBilled)"],
        ]
        let lead = done ? t("Raised \(report.raised) bill(s).") : t("The run would raise \(report.raised) bill(s).")
        return "<p>\(lead)</p>" + Piece.table([t("What"), t("Count or amount")], numeric: [1], rows)
    }

    /// Taking a payment: the form carries its own idempotency key, so that a double submit
    /// records one payment; the answer is the payment's receipt, ready to print.
    static let paymentPages: [Entry] = [
        Entry("GET", "/desk/pay") { call in
            try call.service.authorize(.pay)
            let merchants = try call.service.merchants()
            let chosen = try call.queryInteger("merchant", in: 1...Int64.max)
            let bills = try chosen.map { try call.service.bills(merchantID: $0, period: nil, status: nil).filter { $0.status == .open || $0.status == .partlyPaid } } ?? []
            let options = merchants.map { merchant in
                HTML("<option value=\"\(merchant.id)\"\(HTML(trusted: merchant.id == chosen ? " selected" : ""))>\(merchant.id) \(merchant.name)</option>")
            }.joined()
            var body: HTML = """
                <form class="noprint" method="get" action="/desk/pay"><label>\(t("Merchant")) <select name="merchant">\(options)</select></label> \
                <button type="submit">\(t("Show open bills"))</button></form>
                """
            guard let merchantID = chosen else { return .page(title: t("Take a payment"), body: body) }
            let owed = bills.reduce(Money.zero) { $0 + $1.outstanding }
            let boxes = bills.map { bill in
                HTML("<label class=\"check\"><input type=\"checkbox\" name=\"bill_ids\" value=\"\(bill.id)\" checked> <span>\(bill.number) · \(bill.period) · \(bill.kind.phrase) · \(t("owed")) \(bill.outstanding.formattedWithSymbol)\(HTML(trusted: bill.dueOn < call.today ? " <span class=\"overdue\">" : ""))\(bill.dueOn < call.today ? t("overdue") : "")\(HTML(trusted: bill.dueOn < call.today ? "</span>" : ""))</span></label>")
            }.joined()
            let methods = PaymentMethod.allCases.map { HTML("<option value=\"\($0.rawValue)\">\($0.phrase)</option>") }.joined()
            body += """
                <form class="stack" method="post" action="/desk/pay">\(Piece.formToken(call))
                <input type="hidden" name="merchant" value="\(merchantID)"><input type="hidden" name="key" value="\(newFormKey())">
                <fieldset><legend>\(t("Bills"))</legend>\(bills.isEmpty ? HTML("<p class=\"muted\">\(t("Nothing is owed; the payment is kept as credit."))</p>") : boxes)</fieldset>
                <label>\(t("Amount (yuan)"))<input name="amount" inputmode="decimal" required value="\(owed.fen > 0 ? owed.plainDecimal : "")"></label>
                <label>\(t("Method"))<select name="method">\(methods)</select></label>
                <label>\(t("Reference")) <span class="muted">\(t("(the transfer's number; blank for cash)"))</span><input name="reference"></label>
                <label>\(t("Date"))<input type="date" name="paid_on" required value="\(call.today)" max="\(call.today)"></label>
                <label class="check"><input type="checkbox" name="duplicate_ok" value="1"> <span>\(t("The same reference again, on purpose"))</span></label>
                <button class="primary" type="submit">\(t("Record the payment"))</button></form>
                """
            return .page(title: t("Take a payment"), body: body)
        },
        Entry("POST", "/desk/pay") { call in
            let key = try call.requiredField("key")
            guard key.utf8.count == 32, key.utf8.allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }) else {
                throw DomainError(field: "key", rule: "must be the form's own key; open the form again")
            }
            let billIDs = try call.fields("bill_ids").map { text in
                guard let id = Int64(text), id > 0 else { throw DomainError(field: "bill_ids", rule: "must be bill numbers from the form") }
                return id
            }
            let draft = PaymentDraft(merchantID: try call.requiredInteger("merchant"), amount: try call.requiredMoney("amount"),
                                     method: try PaymentMethod.parse(try call.requiredField("method"), field: "method"),
                                     paidOn: try call.requiredDate("paid_on"), reference: try call.field("reference") ?? "",
                                     idempotencyKey: "web:\(key)", billIDs: billIDs, isDuplicateReferenceIntended: try call.field("duplicate_ok") == "1")
            let (payment, _) = try call.service.pay(draft)
            let receipt = try call.service.receipts(merchantID: payment.merchantID, year: payment.paidOn.year)
                .first { $0.record.paymentID == payment.id && $0.record.kind == .receipt }
            return .redirect(to: receipt.map { "/receipts/\($0.record.number)" } ?? "/desk/merchants/\(payment.merchantID)")
        },
    ]

    /// A fresh random key for a form that must not be recorded twice.
    static func newFormKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    /// Cold-store usage: goods in and out of the cold rooms.
    static let usagePages: [Entry] = [
        Entry("GET", "/desk/usage") { call in
            let records = try call.service.usageRecords().sorted { ($0.outOn == nil ? 0 : 1, $1.inOn) < ($1.outOn == nil ? 0 : 1, $0.inOn) }
            let merchants = try call.service.merchants().map { HTML("<option value=\"\($0.id)\">\($0.id) \($0.name)</option>") }.joined()
            let rooms = try call.service.units(kind: .coldRoom, on: call.today).map { HTML("<option>\($0.code)</option>") }.joined()
            var body: HTML = !ServiceOperation.recordUsageIn.admits(call.caller) ? "" : """
                <details class="noprint"><summary>\(t("Goods in"))</summary>
                <form class="stack" method="post" action="/desk/usage">\(Piece.formToken(call))
                <label>\(t("Merchant"))<select name="merchant">\(merchants)</select></label>
                <label>\(t("Cold room"))<select name="room">\(rooms)</select></label>
                <label>\(t("Kilograms"))<input name="kilograms" inputmode="numeric" required></label>
                <label>\(t("Date"))<input type="date" name="on" required value="\(call.today)"></label>
                <button class="primary" type="submit">\(t("Record goods in"))</button></form></details>
                """
            body += Piece.table([t("Merchant"), t("Cold room"), t("Kilograms"), t("In"), t("Out")], numeric: [2], records.map { record in
                let out: HTML = record.outOn.map { "\($0)" } ?? (!ServiceOperation.recordUsageOut.admits(call.caller) ? "" : """
                    <form class="inline" method="post" action="/desk/usage/\(record.id)/out">\(Piece.formToken(call))\
                    <input type="date" name="on" required value="\(call.today)"> <button type="submit">\(t("Goods out"))</button></form>
                    """)
                return ["\(record.merchantName)", "\(record.roomCode)", "\(record.kilograms)", "\(record.inOn)", out]
            }, empty: t("None yet."))
            return .page(title: t("Cold store"), body: body)
        },
        Entry("POST", "/desk/usage") { call in
            _ = try call.service.usageIn(merchantID: try call.requiredInteger("merchant"), roomCode: try call.requiredField("room"),
                                         kilograms: try call.requiredInteger("kilograms"), on: try call.requiredDate("on"))
            return .redirect(to: "/desk/usage")
        },
        Entry("POST", "/desk/usage/{id}/out") { call in
            _ = try call.service.usageOut(id: try call.id(), on: try call.requiredDate("on"))
            return .redirect(to: "/desk/usage")
        },
    ]

    /// The collective's expenses: this year's, and a form for one more.
    static let expensePages: [Entry] = [
        Entry("GET", "/desk/expenses") { call in
            let year = Int(try call.queryInteger("year", in: 2000...2999) ?? Int64(call.today.year))
            let items = try call.service.collectiveItems(ExpenseCategory.self, from: CalendarDate(year: year, month: 1, day: 1),
                                                         to: CalendarDate(year: year, month: 12, day: 31), category: nil).reversed()
            let categories = ExpenseCategory.allCases.map { HTML("<option value=\"\($0.rawValue)\">\($0.phrase)</option>") }.joined()
            let methods = PaymentMethod.allCases.map { HTML("<option value=\"\($0.rawValue)\">\($0.phrase)</option>") }.joined()
            var body: HTML = !ServiceOperation.addExpense.admits(call.caller) ? "" : """
                <details class="noprint"><summary>\(t("Add an expense"))</summary>
                <form class="stack" method="post" action="/desk/expenses">\(Piece.formToken(call))
                <label>\(t("Date"))<input type="date" name="date" required value="\(call.today)" max="\(call.today)"></label>
                <label>\(t("Category"))<select name="category">\(categories)</select></label>
                <label>\(t("Amount (yuan)"))<input name="amount" inputmode="decimal" required></label>
                <label>\(t("Payee"))<input name="payee" required></label>
                <label>\(t("Method"))<select name="method">\(methods)</select></label>
                <label>\(t("Voucher number"))<input name="voucher" required></label>
                <label>\(t("Note"))<input name="note"></label>
                <button class="primary" type="submit">\(t("Record the expense"))</button></form></details>
                """
            body += Piece.table([t("Number"), t("Date"), t("Category"), t("Payee"), t("Voucher"), t("Amount")], numeric: [5], items.map { item in
                ["\(item.number)", "\(item.draft.date)", "\(item.draft.category.phrase)", "\(item.draft.counterparty)", "\(item.draft.voucher)",
                 item.reversal == nil ? Piece.money(item.draft.amount) : "<s>\(item.draft.amount.formattedWithSymbol)</s> \(t("reversed"))"]
            }, empty: t("None yet."))
            return .page(title: "\(t("Expenses")) \(year)", body: body)
        },
        Entry("POST", "/desk/expenses") { call in
            let draft = CollectiveItemDraft<ExpenseCategory>(date: try call.requiredDate("date"),
                                                             category: try ExpenseCategory.parse(try call.requiredField("category"), field: "category"),
                                                             amount: try call.requiredMoney("amount"), counterparty: try call.requiredField("payee"),
                                                             method: try PaymentMethod.parse(try call.requiredField("method"), field: "method"),
                                                             voucher: try call.requiredField("voucher"), note: try call.field("note") ?? "")
            _ = try call.service.record(draft)
            return .redirect(to: "/desk/expenses?year=\(draft.date.year)")
        },
    ]
}
