import LanziCore
import LanziService

/// Text, JSON and CSV forms of bills, payments, statements and the books.
extension Render {
    /// The footer counts what is owed on bills issued by `today` — what the statement's balance
    /// on that day shows — apart from bills raised in advance for a later day.
    static func bills(_ bills: [Bill], today: CalendarDate) -> String {
        guard !bills.isEmpty else { return t("no bills") }
        var table = TextTable([(t("id"), .right), (t("number"), .left), (t("kind"), .left), (t("merchant"), .right), ("", .left), (t("period"), .left),
                               (t("due"), .left), (t("total"), .right), (t("paid"), .right), (t("status"), .left)])
        for bill in bills {
            table.append(["\(bill.id)", bill.number, bill.kind.phrase.description, "\(bill.merchantID)", bill.merchantName, bill.period.description,
                          bill.dueOn.description, bill.total.formatted, bill.paid.formatted, bill.status.phrase.description])
        }
        let total = bills.reduce(Money.zero) { $0 + $1.total }
        let issued = bills.filter { $0.issuedOn <= today }
        let outstanding = issued.reduce(Money.zero) { $0 + $1.outstanding }
        let ahead = bills.filter { $0.issuedOn > today }
        var footer = t("\(bills.count) bill(s), total \(total.formatted), outstanding \(outstanding.formatted) on the bills issued by \(today)")
        if !ahead.isEmpty {
            footer += t("; \(ahead.reduce(Money.zero) { $0 + $1.outstanding }.formatted) more on \(ahead.count) bill(s) issued after it (billed in advance)")
        }
        return table.rendered() + "\n" + footer
    }

    /// - Parameter original: the bill an adjustment or late fee concerns, to name it by number.
    static func bill(_ bill: Bill, original: Bill? = nil) -> String {
        var table = TextTable([(t("line"), .left), (t("account"), .left), (t("amount"), .right)])
        for line in bill.lines { table.append([line.phrase.description, line.accountCode, line.amount.formatted]) }
        var lines = [
            t("bill \(bill.id) \(bill.number): \(bill.kind.phrase), merchant \(bill.merchantID) \(bill.merchantName)") + (bill.leaseID.map { t(", lease \($0)") } ?? ""),
            t("period \(bill.period) · issued \(bill.issuedOn) · due \(bill.dueOn) · \(bill.status.phrase)"),
        ]
        if let originalID = bill.originalBillID {
            lines.append(t("concerns bill \(originalID)") + (original.map { " \($0.number)" } ?? "") + (bill.reason.map { ": \($0)" } ?? ""))
        }
        if let voided = bill.voidedOn { lines.append(t("voided on \(voided)") + (bill.voidReason.map { ": \($0)" } ?? "")) }
        lines += ["", table.rendered(), "",
                  t("total \(bill.total.formattedWithSymbol) (\(bill.total.capitalNumerals)) · paid \(bill.paid.formattedWithSymbol) · outstanding \(bill.outstanding.formattedWithSymbol)")]
        return lines.joined(separator: "\n")
    }

    static func usage(_ records: [UsageRecord]) -> String {
        guard !records.isEmpty else { return t("no usage records") }
        var table = TextTable([(t("id"), .right), (t("merchant"), .right), ("", .left), (t("room"), .left), (t("kg"), .right), (t("in"), .left), (t("out"), .left)])
        for record in records {
            table.append(["\(record.id)", "\(record.merchantID)", record.merchantName, record.roomCode, "\(record.kilograms)", record.inOn.description, record.outOn?.description ?? t("still in")])
        }
        return table.rendered()
    }

    static func paymentLine(_ payment: Payment) -> String {
        t("payment \(payment.id) \(payment.number): \(payment.amount.formattedWithSymbol) by \(payment.method.phrase) on \(payment.paidOn) from \(payment.merchantName) (merchant \(payment.merchantID)), ")
            + t("\(payment.allocations.count) bill(s) paid") + (payment.credit.fen > 0 ? t(", \(payment.credit.formattedWithSymbol) to credit") : "")
    }

    static func refundLine(_ refund: Refund, merchantName: String) -> String {
        t("refund \(refund.id) \(refund.number): \(refund.amount.formattedWithSymbol) of credit paid back to \(merchantName) (merchant \(refund.merchantID)) by \(refund.method.phrase) on \(refund.refundedOn)")
            + (refund.reference.isEmpty ? "" : ", \(refund.reference)")
    }

    static func refunds(_ refunds: [Refund]) -> String {
        guard !refunds.isEmpty else { return t("no refunds") }
        var table = TextTable([(t("id"), .right), (t("number"), .left), (t("merchant"), .right), ("", .left), (t("on"), .left), (t("method"), .left),
                               (t("amount"), .right), (t("reference"), .left)])
        for refund in refunds {
            table.append(["\(refund.id)", refund.number, "\(refund.merchantID)", refund.merchantName, refund.refundedOn.description,
                          refund.method.phrase.description, refund.amount.formatted, refund.reference])
        }
        return table.rendered() + "\n" + t("\(refunds.count) refund(s)")
    }

    /// What recording a payment did: each bill it paid, in full or in part with what is left on
    /// it, the credit it left, and the merchant's balance: owed on the bills issued so far, or
    /// (negative) held in credit.
    static func paymentAnswer(_ payment: Payment, isRepeat: Bool, merchantName: String, bills: [Bill], balance: Money) -> String {
        var lines = [(isRepeat ? t("already recorded under this key: ") : t("recorded "))
            + t("payment \(payment.id) \(payment.number): \(payment.amount.formattedWithSymbol) by \(payment.method.phrase) on \(payment.paidOn) from \(merchantName) (merchant \(payment.merchantID))")]
        for (allocation, bill) in zip(payment.allocations, bills) {
            lines.append(bill.outstanding.fen == 0
                ? t("  paid in full: bill \(bill.id) \(bill.number), \(allocation.amount.formattedWithSymbol)")
                : t("  paid in part: bill \(bill.id) \(bill.number), \(allocation.amount.formattedWithSymbol); \(bill.outstanding.formattedWithSymbol) still owing on it"))
        }
        if payment.allocations.isEmpty { lines.append(t("  no bill was open")) }
        if payment.credit.fen > 0 { lines.append(t("  \(payment.credit.formattedWithSymbol) to credit, for the next bills")) }
        lines.append(balance.fen >= 0 ? t("  \(merchantName) still owes \(balance.formattedWithSymbol) on the bills issued so far")
                                      : t("  \(merchantName) holds \(Money(fen: -balance.fen).formattedWithSymbol) in credit"))
        return lines.joined(separator: "\n")
    }

    static func payments(_ payments: [Payment]) -> String {
        guard !payments.isEmpty else { return t("no payments") }
        var table = TextTable([(t("id"), .right), (t("number"), .left), (t("merchant"), .right), ("", .left), (t("paid on"), .left), (t("method"), .left),
                               (t("amount"), .right), (t("credit"), .right), (t("state"), .left)])
        for payment in payments {
            table.append(["\(payment.id)", payment.number, "\(payment.merchantID)", payment.merchantName, payment.paidOn.description, payment.method.phrase.description,
                          payment.amount.formatted, payment.credit.formatted, payment.reversedOn.map { t("reversed \($0)") } ?? t("recorded")])
        }
        return table.rendered() + "\n" + t("\(payments.count) payment(s)")
    }

    static func payment(_ payment: Payment) -> String {
        var lines = [paymentLine(payment), t("amount in words: \(payment.amount.capitalNumerals)"), t("key: \(payment.idempotencyKey)")]
        if !payment.reference.isEmpty { lines.append(t("reference: \(payment.reference)")) }
        for allocation in payment.allocations { lines.append("  " + t("bill \(allocation.billID): \(allocation.amount.formatted)")) }
        if let reversed = payment.reversedOn { lines.append(t("reversed on \(reversed) by \(payment.reversalNumber ?? "")")) }
        return lines.joined(separator: "\n")
    }

    /// A statement line of a bill of several lines (lines joined as `{}; {}` by the service)
    /// shown by its first line and "…"; any other line whole.
    static func firstOfLines(_ phrase: Phrase) -> String {
        var first = phrase
        var isJoined = false
        while first.template == "{}; {}", case .phrase(let left)? = first.arguments.first {
            first = left
            isJoined = true
        }
        return isJoined ? t("\(first) …") : phrase.description
    }

    static func statement(_ statement: Statement) -> String {
        var table = TextTable([(t("date"), .left), (t("document"), .left), (t("what"), .left), (t("charge"), .right), (t("credit"), .right), (t("balance"), .right)])
        for line in statement.lines {
            // A bill of several lines is named by its first in the table; --json carries them all.
            table.append([line.date.description, line.number, Self.firstOfLines(line.phrase), line.charge.fen > 0 ? line.charge.formatted : "",
                          line.credit.fen > 0 ? line.credit.formatted : "", line.balance.formatted])
        }
        let span = statement.from.map { t("\($0) to \(statement.to)") } ?? t("to \(statement.to)")
        return [
            t("statement of \(statement.merchant.name) (merchant \(statement.merchant.id)), \(span)"),
            t("opening balance \(statement.opening.formatted)"),
            "",
            table.rendered(),
            "",
            t("closing balance \(statement.closing.formatted) (positive: owed; negative: in credit)"),
            t("arrears by days overdue: \(statement.arrears.map { "\($0.label == "over 90" ? t("over 90") : $0.label): \($0.amount.formatted)" }.joined(separator: " · "))"),
        ].joined(separator: "\n")
    }

    static func trialBalance(_ balance: TrialBalance) -> String {
        var table = TextTable([(t("code"), .left), (t("account"), .left), (t("debit"), .right), (t("credit"), .right), (t("balance"), .right)])
        for line in balance.lines {
            table.append([line.code, line.name, line.debit.formatted, line.credit.formatted, line.balance.formatted])
        }
        table.append(["", t("total"), balance.totalDebit.formatted, balance.totalCredit.formatted, (balance.totalDebit - balance.totalCredit).formatted])
        return (balance.asOf.map { t("trial balance as of \($0)") } ?? t("trial balance")) + "\n\n" + table.rendered()
    }

    static func journal(_ entries: [JournalEntry], names: [String: String]) -> String {
        guard !entries.isEmpty else { return t("no journal entries") }
        var table = TextTable([(t("date"), .left), (t("document"), .left), (t("account"), .left), (t("merchant"), .right), (t("debit"), .right), (t("credit"), .right)])
        for entry in entries {
            for (index, line) in entry.lines.enumerated() {
                table.append([index == 0 ? entry.date.description : "", index == 0 ? entry.documentNumber : "",
                              "\(line.accountCode) \(names[line.accountCode] ?? "")", line.merchantID.map(String.init) ?? "",
                              line.debit.fen > 0 ? line.debit.formatted : "", line.credit.fen > 0 ? line.credit.formatted : ""])
            }
        }
        return table.rendered() + "\n" + (entries.count == 1 ? t("1 entry") : t("\(entries.count) entries"))
    }

    /// One row per journal line, amounts in yuan with two decimals, so a spreadsheet sums them.
    static func journalCSV(_ entries: [JournalEntry], names: [String: String]) -> String {
        var rows = [[t("date"), t("entry"), t("document_kind"), t("document_number"), t("description"), t("account_code"), t("account_name"),
                     t("merchant_id"), t("debit"), t("credit")]]
        for entry in entries {
            for line in entry.lines {
                rows.append([entry.date.description, "\(entry.id)", entry.documentKind, entry.documentNumber, entry.description, line.accountCode,
                             names[line.accountCode] ?? "", line.merchantID.map(String.init) ?? "", line.debit.plainDecimal, line.credit.plainDecimal])
            }
        }
        return CSV.format(rows)
    }
}
