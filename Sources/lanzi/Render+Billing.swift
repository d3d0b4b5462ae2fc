import LanziCore
import LanziService

/// Text, JSON and CSV forms of bills, payments, statements and the books.
extension Render {
    /// The footer counts what is owed on bills issued by `today` — what the statement's balance
    /// on that day shows — apart from bills raised in advance for a later day.
    static func bills(_ bills: [Bill], today: CalendarDate) -> String {
        guard !bills.isEmpty else { return "no bills" }
        var table = TextTable([("id", .right), ("number", .left), ("kind", .left), ("merchant", .right), ("", .left), ("period", .left),
                               ("due", .left), ("total", .right), ("paid", .right), ("status", .left)])
        for bill in bills {
            table.append(["\(bill.id)", bill.number, bill.kind.rawValue, "\(bill.merchantID)", bill.merchantName, bill.period.description,
                          bill.dueOn.description, bill.total.formatted, bill.paid.formatted, bill.status.rawValue])
        }
        let total = bills.reduce(Money.zero) { $0 + $1.total }
        let issued = bills.filter { $0.issuedOn <= today }
        let outstanding = issued.reduce(Money.zero) { $0 + $1.outstanding }
        let ahead = bills.filter { $0.issuedOn > today }
        var footer = "\(bills.count) bill(s), total \(total.formatted), outstanding \(outstanding.formatted) on the bills issued by \(today)"
        if !ahead.isEmpty {
            footer += "; \(ahead.reduce(Money.zero) { $0 + $1.outstanding }.formatted) more on \(ahead.count) bill(s) issued after it (billed in advance)"
        }
        return table.rendered() + "\n" + footer
    }

    /// - Parameter original: the bill an adjustment or late fee concerns, to name it by number.
    static func bill(_ bill: Bill, original: Bill? = nil) -> String {
        var table = TextTable([("line", .left), ("account", .left), ("amount", .right)])
        for line in bill.lines { table.append([line.description, line.accountCode, line.amount.formatted]) }
        var lines = [
            "bill \(bill.id) \(bill.number): \(bill.kind.rawValue), merchant \(bill.merchantID) \(bill.merchantName)" + (bill.leaseID.map { ", lease \($0)" } ?? ""),
            "period \(bill.period) · issued \(bill.issuedOn) · due \(bill.dueOn) · \(bill.status.rawValue)",
        ]
        if let originalID = bill.originalBillID {
            lines.append("concerns bill \(originalID)" + (original.map { " \($0.number)" } ?? "") + (bill.reason.map { ": \($0)" } ?? ""))
        }
        if let voided = bill.voidedOn { lines.append("voided on \(voided)" + (bill.voidReason.map { ": \($0)" } ?? "")) }
        lines += ["", table.rendered(), "",
                  "total \(bill.total.formattedWithSymbol) (\(bill.total.capitalNumerals)) · paid \(bill.paid.formattedWithSymbol) · outstanding \(bill.outstanding.formattedWithSymbol)"]
        return lines.joined(separator: "\n")
    }

    static func usage(_ records: [UsageRecord]) -> String {
        guard !records.isEmpty else { return "no usage records" }
        var table = TextTable([("id", .right), ("merchant", .right), ("", .left), ("room", .left), ("kg", .right), ("in", .left), ("out", .left)])
        for record in records {
            table.append(["\(record.id)", "\(record.merchantID)", record.merchantName, record.roomCode, "\(record.kilograms)", record.inOn.description, record.outOn?.description ?? "still in"])
        }
        return table.rendered()
    }

    static func paymentLine(_ payment: Payment) -> String {
        "payment \(payment.id) \(payment.number): \(payment.amount.formattedWithSymbol) by \(payment.method.rawValue) on \(payment.paidOn) from \(payment.merchantName) (merchant \(payment.merchantID)), "
            + "\(payment.allocations.count) bill(s) paid" + (payment.credit.fen > 0 ? ", \(payment.credit.formattedWithSymbol) to credit" : "")
    }

    static func refundLine(_ refund: Refund, merchantName: String) -> String {
        "refund \(refund.id) \(refund.number): \(refund.amount.formattedWithSymbol) of credit paid back to \(merchantName) (merchant \(refund.merchantID)) "
            + "by \(refund.method.rawValue) on \(refund.refundedOn)" + (refund.reference.isEmpty ? "" : ", \(refund.reference)")
    }

    static func refunds(_ refunds: [Refund]) -> String {
        guard !refunds.isEmpty else { return "no refunds" }
        var table = TextTable([("id", .right), ("number", .left), ("merchant", .right), ("", .left), ("on", .left), ("method", .left),
                               ("amount", .right), ("reference", .left)])
        for refund in refunds {
            table.append(["\(refund.id)", refund.number, "\(refund.merchantID)", refund.merchantName, refund.refundedOn.description, refund.method.rawValue,
                          refund.amount.formatted, refund.reference])
        }
        return table.rendered() + "\n\(refunds.count) refund(s)"
    }

    /// What recording a payment did: each bill it paid, in full or in part with what is left on
    /// it, the credit it left, and what the merchant still owes on the bills issued so far.
    static func paymentAnswer(_ payment: Payment, isRepeat: Bool, merchantName: String, bills: [Bill], owing: Money) -> String {
        var lines = [(isRepeat ? "already recorded under this key: " : "recorded ")
            + "payment \(payment.id) \(payment.number): \(payment.amount.formattedWithSymbol) by \(payment.method.rawValue) on \(payment.paidOn)"
            + " from \(merchantName) (merchant \(payment.merchantID))"]
        for (allocation, bill) in zip(payment.allocations, bills) {
            lines.append(bill.outstanding.fen == 0
                ? "  paid in full: bill \(bill.id) \(bill.number), \(allocation.amount.formattedWithSymbol)"
                : "  paid in part: bill \(bill.id) \(bill.number), \(allocation.amount.formattedWithSymbol); \(bill.outstanding.formattedWithSymbol) still owing on it")
        }
        if payment.allocations.isEmpty { lines.append("  no bill was open") }
        if payment.credit.fen > 0 { lines.append("  \(payment.credit.formattedWithSymbol) to credit, for the next bills") }
        lines.append("  \(merchantName) still owes \(owing.formattedWithSymbol) on the bills issued so far")
        return lines.joined(separator: "\n")
    }

    static func payments(_ payments: [Payment]) -> String {
        guard !payments.isEmpty else { return "no payments" }
        var table = TextTable([("id", .right), ("number", .left), ("merchant", .right), ("", .left), ("paid on", .left), ("method", .left),
                               ("amount", .right), ("credit", .right), ("state", .left)])
        for payment in payments {
            table.append(["\(payment.id)", payment.number, "\(payment.merchantID)", payment.merchantName, payment.paidOn.description, payment.method.rawValue,
                          payment.amount.formatted, payment.credit.formatted, payment.reversedOn.map { "reversed \($0)" } ?? "recorded"])
        }
        return table.rendered() + "\n\(payments.count) payment(s)"
    }

    static func payment(_ payment: Payment) -> String {
        var lines = [paymentLine(payment), "amount in words: \(payment.amount.capitalNumerals)", "key: \(payment.idempotencyKey)"]
        if !payment.reference.isEmpty { lines.append("reference: \(payment.reference)") }
        for allocation in payment.allocations { lines.append("  bill \(allocation.billID): \(allocation.amount.formatted)") }
        if let reversed = payment.reversedOn { lines.append("reversed on \(reversed) by \(payment.reversalNumber ?? "")") }
        return lines.joined(separator: "\n")
    }

    static func statement(_ statement: Statement) -> String {
        var table = TextTable([("date", .left), ("document", .left), ("what", .left), ("charge", .right), ("credit", .right), ("balance", .right)])
        for line in statement.lines {
            // A bill of several lines is named by its first in the table; --json carries them all.
            let what = line.description.components(separatedBy: "; ")
            table.append([line.date.description, line.number, what.count > 1 ? what[0] + " …" : line.description, line.charge.fen > 0 ? line.charge.formatted : "",
                          line.credit.fen > 0 ? line.credit.formatted : "", line.balance.formatted])
        }
        return """
            statement of \(statement.merchant.name) (merchant \(statement.merchant.id)), \(statement.from.map { "\($0) to " } ?? "to ")\(statement.to)
            opening balance \(statement.opening.formatted)

            \(table.rendered())

            closing balance \(statement.closing.formatted) (positive: owed; negative: in credit)
            arrears by days overdue: \(statement.arrears.map { "\($0.label): \($0.amount.formatted)" }.joined(separator: " · "))
            """
    }

    static func trialBalance(_ balance: TrialBalance) -> String {
        var table = TextTable([("code", .left), ("account", .left), ("debit", .right), ("credit", .right), ("balance", .right)])
        for line in balance.lines {
            table.append([line.code, line.name, line.debit.formatted, line.credit.formatted, line.balance.formatted])
        }
        table.append(["", "total", balance.totalDebit.formatted, balance.totalCredit.formatted, (balance.totalDebit - balance.totalCredit).formatted])
        return "trial balance" + (balance.asOf.map { " as of \($0)" } ?? "") + "\n\n" + table.rendered()
    }

    static func journal(_ entries: [JournalEntry], names: [String: String]) -> String {
        guard !entries.isEmpty else { return "no journal entries" }
        var table = TextTable([("date", .left), ("document", .left), ("account", .left), ("merchant", .right), ("debit", .right), ("credit", .right)])
        for entry in entries {
            for (index, line) in entry.lines.enumerated() {
                table.append([index == 0 ? entry.date.description : "", index == 0 ? entry.documentNumber : "",
                              "\(line.accountCode) \(names[line.accountCode] ?? "")", line.merchantID.map(String.init) ?? "",
                              line.debit.fen > 0 ? line.debit.formatted : "", line.credit.fen > 0 ? line.credit.formatted : ""])
            }
        }
        return table.rendered() + "\n\(entries.count) entr\(entries.count == 1 ? "y" : "ies")"
    }

    /// One row per journal line, amounts in yuan with two decimals, so a spreadsheet sums them.
    static func journalCSV(_ entries: [JournalEntry], names: [String: String]) -> String {
        var rows = [["date", "entry", "document_kind", "document_number", "description", "account_code", "account_name", "merchant_id", "debit", "credit"]]
        for entry in entries {
            for line in entry.lines {
                rows.append([entry.date.description, "\(entry.id)", entry.documentKind, entry.documentNumber, entry.description, line.accountCode,
                             names[line.accountCode] ?? "", line.merchantID.map(String.init) ?? "", line.debit.plainDecimal, line.credit.plainDecimal])
            }
        }
        return CSV.format(rows)
    }
}
