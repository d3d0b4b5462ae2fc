import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `bill …`, `usage …`, `pay`, `payment …`, `statement`, `books …`.
extension Commands {
    static func id(_ invocation: Invocation, _ name: String) throws -> Int64 {
        Int64(try Invocation.integer(invocation.required(name), field: "--\(name)"))
    }

    static let billing: [CommandSpec] = [
        CommandSpec(["bill", "run"], "raise the period's bills (idempotent: a second run raises nothing)",
                    options: [.value("period", "YYYY-MM", "the month to bill", required: true)]) { context in
            let period = try Period.parse(context.invocation.required("period"), field: "--period")
            let report = try context.service().runBilling(period: period) { count in
                LanziCommandLine.printError(t("bill run: \(count) leases read…"))
            }
            context.emit(report.json) {
                t("billed \(period): \(report.raised) bill(s) (\(report.regularBills) regular, \(report.depositBills) deposit, \(report.usageBills) cold-store usage), total \(report.total.formattedWithSymbol)")
                    + (report.alreadyBilled > 0 ? t("; \(report.alreadyBilled) lease(s) already billed") : "")
            }
        },
        CommandSpec(["bill", "list"], "list bills", options: [
            .value("merchant", "ID", "only this merchant's"),
            .value("period", "YYYY-MM", "only this period's"),
            .value("status", "STATUS", "only open, partly_paid, paid or void"),
        ]) { context in
            let invocation = context.invocation
            let bills = try context.service().bills(
                merchantID: try invocation.integer("merchant").map(Int64.init),
                period: try invocation.value("period").map { text throws(DomainError) in try Period.parse(text, field: "--period") },
                status: try invocation.value("status").map { text throws(DomainError) in try BillStatus.parse(text, field: "--status") })
            context.emit(.array(bills.map(\.json))) { Render.bills(bills, today: context.today) }
        },
        CommandSpec(["bill", "show"], "show a bill, its lines and what was paid", arguments: ["ID"]) { context in
            let service = try context.service()
            let bill = try service.bill(id: try context.invocation.id())
            let original = try bill.originalBillID.map { try service.bill(id: $0) }
            context.emit(bill.json) { Render.bill(bill, original: original) }
        },
        CommandSpec(["bill", "void"], "void a bill on which nothing was paid", arguments: ["ID"], options: [
            .value("reason", "TEXT", "why", required: true), onOption,
        ]) { context in
            let invocation = context.invocation
            let bill = try context.service().voidBill(id: try invocation.id(), reason: invocation.required("reason"), on: try invocation.date("on") ?? context.today)
            context.emit(bill.json) { t("voided bill \(bill.number)") }
        },
        CommandSpec(["bill", "adjust"], "raise an adjustment of a bill: a negative amount is a credit, a positive one a further charge",
                    arguments: ["ID"], options: [
            .value("amount", "AMOUNT", "the adjustment, e.g. -120.50 for a credit", required: true),
            .value("reason", "TEXT", "why", required: true), onOption,
        ]) { context in
            let invocation = context.invocation
            let amount = try Money.parse(invocation.required("amount"), field: "--amount", allowsNegative: true)
            let bill = try context.service().adjustBill(id: try invocation.id(), amount: amount, reason: invocation.required("reason"),
                                                        on: try invocation.date("on") ?? context.today)
            context.emit(bill.json) { t("raised adjustment \(bill.number) of \(bill.total.formattedWithSymbol)") }
        },
        CommandSpec(["bill", "assess-late-fees"], "add late fees on overdue bills as of a day (the same day again adds nothing)",
                    options: [.value("as-of", "DATE", "the day to assess to", required: true)]) { context in
            let asOf = try CalendarDate.parse(context.invocation.required("as-of"), field: "--as-of")
            let report = try context.service().assessLateFees(asOf: asOf)
            context.emit(report.json) {
                t("late fees to \(asOf): \(report.bills) bill(s), total \(report.total.formattedWithSymbol)")
            }
        },
        CommandSpec(["usage", "in"], "record goods into a cold room", options: [
            .value("merchant", "ID", "the merchant", required: true),
            .value("room", "CODE", "the cold room", required: true),
            .value("kg", "N", "kilograms", required: true),
            .value("on", "DATE", "the day in", required: true),
        ]) { context in
            let invocation = context.invocation
            let record = try context.service().usageIn(merchantID: try id(invocation, "merchant"), roomCode: invocation.required("room"),
                                                       kilograms: Int64(try Invocation.integer(invocation.required("kg"), field: "--kg")),
                                                       on: try CalendarDate.parse(invocation.required("on"), field: "--on"))
            context.emit(record.json) { t("usage \(record.id): \(record.kilograms) kg into \(record.roomCode) on \(record.inOn)") }
        },
        CommandSpec(["usage", "out"], "record the goods of a usage record out (that day is charged)", arguments: ["ID"],
                    options: [.value("on", "DATE", "the day out", required: true)]) { context in
            let record = try context.service().usageOut(id: try context.invocation.id(), on: try CalendarDate.parse(context.invocation.required("on"), field: "--on"))
            context.emit(record.json) { t("usage \(record.id): out of \(record.roomCode) on \(record.outOn!)") }
        },
        CommandSpec(["usage", "list"], "list cold-store usage records") { context in
            let records = try context.service().usageRecords()
            context.emit(.array(records.map(\.json))) { Render.usage(records) }
        },
        CommandSpec(["pay"], "record a payment; it pays the oldest open bills first unless --bills names them", options: [
            .value("merchant", "ID", "the merchant", required: true),
            .value("amount", "AMOUNT", "the amount received", required: true),
            .value("method", "METHOD", "cash, wechat, alipay or bank", required: true),
            .value("key", "K", "idempotency key: the same key again records nothing", required: true),
            .value("bills", "ID,ID", "the bills to pay, in order"),
            .value("on", "DATE", "the day paid (default today)"),
            .value("reference", "TEXT", "the transfer or slip reference"),
            .flag("duplicate-reference-ok", "record it although a payment by the same method already has this reference"),
        ]) { context in
            let invocation = context.invocation
            let billIDs = try (invocation.value("bills").map { $0.split(separator: ",", omittingEmptySubsequences: false) } ?? []).map {
                Int64(try Invocation.integer(String($0).trimmingCharacters(in: .whitespaces), field: "--bills"))
            }
            let service = try context.service()
            let (payment, isRepeat) = try service.pay(PaymentDraft(
                merchantID: try id(invocation, "merchant"), amount: try Money.parse(invocation.required("amount"), field: "--amount"),
                method: try PaymentMethod.parse(invocation.required("method"), field: "--method"), paidOn: try invocation.date("on") ?? context.today,
                reference: invocation.value("reference") ?? "", idempotencyKey: invocation.required("key"), billIDs: billIDs,
                isDuplicateReferenceIntended: invocation.flag("duplicate-reference-ok")))
            // The bills as they stand now, and the merchant's balance today as its statement
            // gives it: owed on the bills issued so far, or (negative) held in credit.
            let bills = try payment.allocations.map { try service.bill(id: $0.billID) }
            let statement = try service.statement(merchantID: payment.merchantID, from: nil, to: context.today)
            let json = payment.json(isRepeat: isRepeat).appending(("bills", .array(bills.map {
                    .object([("id", .integer($0.id)), ("number", .string($0.number)), ("outstanding_fen", .integer($0.outstanding.fen)),
                             ("status", .string($0.status.rawValue))])
                }))).appending(("balance_fen", .integer(statement.closing.fen)))
            context.emit(json) {
                Render.paymentAnswer(payment, isRepeat: isRepeat, merchantName: statement.merchant.name, bills: bills, balance: statement.closing)
            }
        },
        CommandSpec(["refund"], "pay a merchant's credit back, in cash or by transfer, posted to the books (not a payment reversal)", options: [
            .value("merchant", "ID", "the merchant", required: true),
            .value("amount", "AMOUNT", "the amount paid back, at most the credit held", required: true),
            .value("method", "METHOD", "cash, wechat, alipay or bank", required: true),
            .value("key", "K", "idempotency key: the same key again records nothing", required: true),
            .value("on", "DATE", "the day paid back (default today)"),
            .value("reference", "TEXT", "the transfer's reference"),
        ]) { context in
            let invocation = context.invocation
            let service = try context.service()
            let (refund, isRepeat, creditLeft) = try service.refund(RefundDraft(
                merchantID: try id(invocation, "merchant"), amount: try Money.parse(invocation.required("amount"), field: "--amount"),
                method: try PaymentMethod.parse(invocation.required("method"), field: "--method"), refundedOn: try invocation.date("on") ?? context.today,
                reference: invocation.value("reference") ?? "", idempotencyKey: invocation.required("key")))
            let merchant = try service.merchant(id: refund.merchantID).merchant
            context.emit(refund.json(isRepeat: isRepeat, creditLeft: creditLeft)) {
                (isRepeat ? t("already recorded under this key: ") : t("recorded ")) + Render.refundLine(refund, merchantName: merchant.name)
                    + t("; \(merchant.name) now holds \(creditLeft.formattedWithSymbol) in credit")
            }
        },
        CommandSpec(["refund", "list"], "list refunds of credit", options: [.value("merchant", "ID", "only this merchant's")]) { context in
            let refunds = try context.service().refunds(merchantID: try context.invocation.integer("merchant").map(Int64.init))
            context.emit(.array(refunds.map(\.json))) { Render.refunds(refunds) }
        },
        CommandSpec(["payment", "list"], "list payments", options: [.value("merchant", "ID", "only this merchant's")]) { context in
            let payments = try context.service().payments(merchantID: try context.invocation.integer("merchant").map(Int64.init))
            context.emit(.array(payments.map(\.json))) { Render.payments(payments) }
        },
        CommandSpec(["payment", "show"], "show a payment and the bills it paid", arguments: ["ID"]) { context in
            let payment = try context.service().payment(id: try context.invocation.id())
            context.emit(payment.json) { Render.payment(payment) }
        },
        CommandSpec(["payment", "reverse"], "undo a payment by a reversal record; its bills reopen", arguments: ["ID"], options: [
            .value("reason", "TEXT", "why", required: true), onOption,
        ]) { context in
            let invocation = context.invocation
            let payment = try context.service().reversePayment(id: try invocation.id(), reason: invocation.required("reason"), on: try invocation.date("on") ?? context.today)
            context.emit(payment.json) { t("reversed payment \(payment.number) by \(payment.reversalNumber ?? "")") }
        },
        CommandSpec(["statement"], "a merchant's statement: bills, payments, credits and reversals with a running balance, and arrears by age", options: [
            .value("merchant", "ID", "the merchant", required: true),
            .value("from", "DATE", "first day (default: the beginning)"),
            .value("to", "DATE", "last day (default today)"),
        ]) { context in
            let invocation = context.invocation
            let statement = try context.service().statement(merchantID: try id(invocation, "merchant"), from: try invocation.date("from"),
                                                            to: try invocation.date("to") ?? context.today)
            context.emit(statement.json) { Render.statement(statement) }
        },
        CommandSpec(["books", "trial-balance"], "each account's debits and credits, and the totals (always equal)",
                    options: [.value("as-of", "DATE", "up to and including this day (default today, China time)")]) { context in
            let balance = try context.service().trialBalance(asOf: try context.invocation.date("as-of") ?? context.today)
            context.emit(balance.json) { Render.trialBalance(balance) }
        },
        CommandSpec(["books", "journal"], "the journal entries with the document each came from", options: [
            .value("from", "DATE", "first day"), .value("to", "DATE", "last day"),
            .flag("csv", "print CSV (UTF-8 with BOM) for Excel and WPS"),
        ]) { context in
            let invocation = context.invocation
            if invocation.flag("csv") && invocation.global.json { throw UsageError(message: "give --csv or --json, not both", usage: invocation.command.usage) }
            let (entries, names) = try context.service().journal(from: try invocation.date("from"), to: try invocation.date("to"))
            if invocation.flag("csv") {
                print(Render.journalCSV(entries, names: names), terminator: "")
            } else {
                context.emit(.array(entries.map(\.json))) { Render.journal(entries, names: names) }
            }
        },
        CommandSpec(["books", "export"], "write the books as an hledger journal (check with: hledger -f FILE check; hledger -f FILE balance)", options: [
            .value("hledger", "FILE", "the file to write", required: true),
            .value("to", "DATE", "up to and including this day"),
        ]) { context in
            let invocation = context.invocation
            let path = invocation.required("hledger")
            let text = try context.service().hledgerJournal(to: try invocation.date("to"))
            try Commands.write(text, to: path, field: "--hledger")
            context.emit(.object([("file", .string(path)), ("bytes", .integer(Int64(text.utf8.count)))])) { t("wrote the books to \(path)") }
        },
    ]
}
