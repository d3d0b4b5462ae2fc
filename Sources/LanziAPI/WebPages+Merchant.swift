import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// A merchant's own pages (我的账单): what it owes and what it paid, on a phone. Staff
    /// are sent to their own pages; the service answers a merchant with its own records only.
    static let merchantPages: [Entry] = [
        Entry("GET", "/me") { call in
            let own = try ownID(call)
            let bills = try call.service.bills(merchantID: own, period: nil, status: nil).sorted { ($0.issuedOn, $0.id) > ($1.issuedOn, $1.id) }
            let open = bills.filter { $0.status == .open || $0.status == .partlyPaid }
            let settled = bills.filter { $0.status == .paid || $0.status == .void }
            let owed = open.reduce(Money.zero) { $0 + $1.outstanding }
            let overdue = open.filter { $0.dueOn < call.today }.reduce(Money.zero) { $0 + $1.outstanding }
            var body: HTML = """
                <div class="card"><p>\(t("Owed now")): <b>\(owed.formattedWithSymbol)</b>\
                \(overdue.fen > 0 ? HTML(" · <span class=\"overdue\">\(t("overdue")): \(overdue.formattedWithSymbol)</span>") : "")</p></div>
                <h2>\(t("Open bills"))</h2>
                """
            body += open.isEmpty ? "<p class=\"muted\">\(t("Nothing is owed."))</p>" : openBillTable(open, today: call.today)
            body += "<h2>\(t("Paid and void bills"))</h2>"
            body += Piece.table([t("Bill"), t("Month"), t("Kind"), t("Total"), t("Status")], numeric: [3], settled.map { bill in
                ["\(bill.number)", "\(bill.period)", "\(bill.kind.phrase)", Piece.money(bill.total), "\(bill.status.phrase)"]
            }, empty: t("None yet."))
            return .page(title: t("My bills"), body: body)
        },
        Entry("GET", "/me/payments") { call in
            let payments = try call.service.payments(merchantID: try ownID(call)).sorted { ($0.paidOn, $0.id) > ($1.paidOn, $1.id) }
            let rows: [[HTML]] = payments.map { payment in
                ["\(payment.number)", "\(payment.paidOn)", "\(payment.method.phrase)", Piece.money(payment.amount),
                 payment.reversedOn.map { HTML("<span class=\"bad\">\(t("reversed on")) \($0)</span>") } ?? ""]
            }
            return .page(title: t("Payments"), body: Piece.table([t("Payment"), t("Date"), t("Method"), t("Amount"), ""], numeric: [3], rows, empty: t("None yet.")))
        },
        Entry("GET", "/me/receipts") { call in
            let entries = try call.service.receipts(merchantID: try ownID(call), year: nil).sorted { $0.record.sequence > $1.record.sequence }
            return .page(title: t("Receipts"), body: receiptTable(entries))
        },
        Entry("GET", "/me/statement") { call in
            let own = try ownID(call)
            let from = try call.query("from").map { try CalendarDate.parse($0, field: "from") }
            let to = try call.query("to").map { try CalendarDate.parse($0, field: "to") } ?? call.today
            return .page(title: t("Statement"), body: statementBody(try call.service.statement(merchantID: own, from: from, to: to), path: "/me/statement"))
        },
        // Anyone signed in may change their own password.
        Entry("GET", "/me/password") { call in
            return passwordForm(call, error: nil, status: .ok)
        },
        Entry("POST", "/me/password") { call in
            guard let session = call.session else { throw APIError.notFound }
            let new = call.secret("new_password")
            guard new == call.secret("repeat_password") else {
                return passwordForm(call, error: t("The two new passwords differ; type the same one twice."), status: .unprocessableContent)
            }
            do {
                _ = try call.service.changeOwnPassword(token: session, current: call.secret("current_password"), new: new, address: call.context.remoteAddress)
            } catch let error as DomainError {
                return passwordForm(call, error: "\(FieldLabel.of(error.field))：\(error.rule)", status: .unprocessableContent)
            } catch let error as ServiceError where error.code == .unauthenticated || error.code == .throttled {
                return passwordForm(call, error: error.message.description, status: error.code == .throttled ? .tooManyRequests : .unauthorized)
            }
            // Every session ended with the old password, this one too.
            return .redirect(to: "/signin?changed=1", cookies: ["\(HTTPAPI.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"])
        },
    ]

    /// The merchant the caller is; staff have no bills of their own and are told where theirs are.
    static func ownID(_ call: PageCall) throws -> Int64 {
        guard let id = call.caller.merchantID else {
            throw ServiceError.notFound("these pages are a merchant's own; staff find a merchant's records under Merchants")
        }
        return id
    }

    /// Open bills, one row each (a phone shows many at a glance): what, when due, what is owed;
    /// each bill's lines below its number, small.
    static func openBillTable(_ bills: [Bill], today: CalendarDate) -> HTML {
        Piece.table([t("Bill"), t("Due"), t("Owed")], numeric: [2], bills.map { bill in
            let lines = bill.lines.map { "\($0.phrase) \($0.amount.formattedWithSymbol)" }.joined(separator: "；")
            let due: HTML = bill.dueOn < today ? "<span class=\"nw\">\(bill.dueOn)</span><br><span class=\"overdue\">\(t("overdue"))</span>" : "<span class=\"nw\">\(bill.dueOn)</span>"
            return ["<b class=\"nw\">\(bill.number)</b> <span class=\"nw\">\(bill.period) · \(bill.kind.phrase)</span><br><small class=\"muted\">\(lines)</small>",
                    due, Piece.money(bill.outstanding)]
        })
    }

    static func receiptTable(_ entries: [ReceiptEntry]) -> HTML {
        Piece.table([t("Number"), t("Date"), t("Kind"), t("Amount"), ""], numeric: [3], entries.map { entry in
            let amount = entry.content["amount_fen"]?.integerValue.map { Money(fen: $0).formattedWithSymbol } ?? ""
            return [Piece.link("/receipts/\(entry.record.number)", entry.record.number), "\(entry.record.date)", "\(entry.record.kind.phrase)", "\(amount)",
                    entry.voidedBy.map { HTML("<span class=\"bad\">\(t("voided by")) \($0)</span>") } ?? ""]
        }, empty: t("None yet."))
    }

    static func statementBody(_ statement: Statement, path: String) -> HTML {
        var body: HTML = """
            <form class="noprint" method="get" action="\(path)">\
            <label>\(t("From")) <input type="date" name="from" value="\(statement.from.map(\.description) ?? "")"></label> \
            <label>\(t("To")) <input type="date" name="to" value="\(statement.to)"></label> \
            <button type="submit">\(t("Show"))</button></form>
            <p>\(statement.merchant.name) · \(t("Opening balance")) \(statement.opening.formattedWithSymbol)</p>
            """
        body += Piece.table([t("Date"), t("Document"), t("What"), t("Charge"), t("Credit"), t("Balance")], numeric: [3, 4, 5], statement.lines.map { line in
            ["\(line.date)", "\(line.number)", "\(line.phrase)", line.charge.fen == 0 ? "" : Piece.money(line.charge),
             line.credit.fen == 0 ? "" : Piece.money(line.credit), Piece.money(line.balance)]
        }, empty: t("Nothing in this period."))
        body += "<p><b>\(t("Closing balance")) \(statement.closing.formattedWithSymbol)</b></p>"
        if !statement.arrears.isEmpty {
            body += Piece.table([t("Overdue for"), t("Amount")], numeric: [1], Piece.ageRows(statement.arrears))
        }
        return body
    }

    static func passwordForm(_ call: PageCall, error: String?, status: HTTPStatus) -> PageAnswer {
        let body: HTML = """
            \(error.map { HTML("<div class=\"notice bad\" role=\"alert\">\($0)</div>") } ?? "")
            <form class="stack" method="post" action="/me/password">\(Piece.formToken(call))
            <label>\(t("Current password"))<input name="current_password" type="password" autocomplete="current-password" required></label>
            <label>\(t("New password")) <span class="muted">\(t("(10 to 128 characters)"))</span>\
            <input name="new_password" type="password" autocomplete="new-password" minlength="10" maxlength="128" required></label>
            <label>\(t("New password again"))<input name="repeat_password" type="password" autocomplete="new-password" required></label>
            <button class="primary" type="submit">\(t("Change password"))</button>
            </form>
            <p class="muted">\(t("Every session ends when the password changes; sign in again with the new one."))</p>
            """
        return .page(title: t("Change password"), body: body, status: status)
    }
}
