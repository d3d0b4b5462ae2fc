import LanziCore
import LanziService

/// Text, JSON and CSV forms of bills, payments, statements and the books.
extension Render {
    static func bills(_ bills: [Bill]) -> String {
        guard !bills.isEmpty else { return t("no bills") }
        var table = TextTable([(t("id"), .right), (t("number"), .left), (t("kind"), .left), (t("merchant"), .right), (t("period"), .left), (t("due"), .left),
                               (t("total"), .right), (t("paid"), .right), (t("status"), .left)])
        for bill in bills {
            table.append(["\(bill.id)", bill.number, bill.kind.phrase.description, "\(bill.merchantID)", bill.period.description, bill.dueOn.description,
                          bill.total.formatted, bill.paid.formatted, bill.status.phrase.description])
        }
        let total = bills.reduce(Money.zero) { $0 + $1.total }
        let outstanding = bills.reduce(Money.zero) { $0 + $1.outstanding }
        return table.rendered() + "\n" + t("\(bills.count) bill(s), total \(total.formatted), outstanding \(outstanding.formatted)")
    }

    static func bill(_ bill: Bill) -> String {
        var table = TextTable([(t("line"), .left), (t("account"), .left), (t("amount"), .right)])
        for line in bill.lines { table.append([line.phrase.description, line.accountCode, line.amount.formatted]) }
        var lines = [
            t("bill \(bill.id) \(bill.number): \(bill.kind.phrase), merchant \(bill.merchantID)") + (bill.leaseID.map { t(", lease \($0)") } ?? ""),
            t("period \(bill.period) · issued \(bill.issuedOn) · due \(bill.dueOn) · \(bill.status.phrase)"),
        ]
        if let original = bill.originalBillID { lines.append(t("concerns bill \(original)") + (bill.reason.map { ": \($0)" } ?? "")) }
        if let voided = bill.voidedOn { lines.append(t("voided on \(voided)")) }
        lines += ["", table.rendered(), "",
                  t("total \(bill.total.formattedWithSymbol) (\(bill.total.capitalNumerals)) · paid \(bill.paid.formattedWithSymbol) · outstanding \(bill.outstanding.formattedWithSymbol)")]
        return lines.joined(separator: "\n")
    }

    static func usage(_ records: [UsageRecord]) -> String {
        guard !records.isEmpty else { return t("no usage records") }
        var table = TextTable([(t("id"), .right), (t("merchant"), .right), (t("room"), .left), (t("kg"), .right), (t("in"), .left), (t("out"), .left)])
        for record in records {
            table.append(["\(record.id)", "\(record.merchantID)", record.roomCode, "\(record.kilograms)", record.inOn.description, record.outOn?.description ?? t("still in")])
        }
        return table.rendered()
    }

    static func paymentLine(_ payment: Payment) -> String {
        t("payment \(payment.id) \(payment.number): \(payment.amount.formattedWithSymbol) by \(payment.method.phrase) on \(payment.paidOn), ")
            + t("\(payment.allocations.count) bill(s) paid") + (payment.credit.fen > 0 ? t(", \(payment.credit.formattedWithSymbol) to credit") : "")
    }

    static func payments(_ payments: [Payment]) -> String {
        guard !payments.isEmpty else { return t("no payments") }
        var table = TextTable([(t("id"), .right), (t("number"), .left), (t("merchant"), .right), (t("paid on"), .left), (t("method"), .left),
                               (t("amount"), .right), (t("credit"), .right), (t("state"), .left)])
        for payment in payments {
            table.append(["\(payment.id)", payment.number, "\(payment.merchantID)", payment.paidOn.description, payment.method.phrase.description,
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

    static func statement(_ statement: Statement) -> String {
        var table = TextTable([(t("date"), .left), (t("document"), .left), (t("what"), .left), (t("charge"), .right), (t("credit"), .right), (t("balance"), .right)])
        for line in statement.lines {
            table.append([line.date.description, line.number, line.phrase.description, line.charge.fen > 0 ? line.charge.formatted : "",
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
