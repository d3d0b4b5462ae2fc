import Foundation
import LanziCore
import LanziService

/// Receipts, keys and checks as a person reads them.
extension Render {
    /// Members of a record's signed content, read by path (`merchant.name`).
    struct Content {
        let value: JSONValue

        func member(_ path: String) -> JSONValue? {
            var current = value
            for name in path.split(separator: ".") {
                guard case .object(let members) = current, let next = members.first(where: { $0.0 == name })?.1 else { return nil }
                current = next
            }
            return current
        }

        func text(_ path: String) -> String {
            if case .string(let text)? = member(path) { return text }
            return ""
        }

        func money(_ path: String) -> Money {
            if case .integer(let fen)? = member(path) { return Money(fen: fen) }
            return .zero
        }

        func array(_ path: String) -> [JSONValue] {
            if case .array(let values)? = member(path) { return values }
            return []
        }
    }

    static func receipt(_ entry: ReceiptEntry) -> String {
        let content = Content(value: entry.content)
        let merchantID: Int64 = content.member("merchant.id").flatMap { if case .integer(let id) = $0 { id } else { nil } } ?? 0
        var lines = [
            t("\(content.text("market.name")) (\(content.text("market.code"))) · \(entry.record.kind.phrase) \(entry.record.number)"),
            t("date \(content.text("date")) · issued \(content.text("issued_at"))"),
            t("merchant \(content.text("merchant.name")) (merchant \(merchantID))")
                + (content.text("merchant.id_number").isEmpty ? "" : t(", ID \(content.text("merchant.id_number"))")),
        ]
        switch entry.record.kind {
        case .receipt:
            let method = PaymentMethod(rawValue: content.text("payment.method"))?.phrase.description ?? content.text("payment.method")
            lines.append(t("payment \(content.text("payment.number")) by \(method)")
                         + (content.text("payment.reference").isEmpty ? "" : t(", reference \(content.text("payment.reference"))")))
            var table = TextTable([(t("bill"), .left), (t("units"), .left), (t("period"), .left), (t("for"), .left), (t("amount"), .right)])
            for item in content.array("items") {
                let item = Content(value: item)
                let kinds = item.array("line_kinds").compactMap { value -> String? in
                    guard case .string(let raw) = value else { return nil }
                    return BillLineKind(rawValue: raw)?.phrase.description ?? raw
                }
                let units = item.array("unit_codes").compactMap { if case .string(let code) = $0 { code } else { nil } }
                table.append([item.text("bill_number"), units.joined(separator: ","), item.text("period"), kinds.joined(separator: "、"),
                              item.money("amount_fen").formatted])
            }
            if !content.array("items").isEmpty { lines += ["", table.rendered(), ""] }
            if content.money("credit_fen").fen > 0 { lines.append(t("to credit: \(content.money("credit_fen").formatted)")) }
            let amount = content.money("amount_fen")
            lines.append(t("amount \(amount.formattedWithSymbol) (\(amount.capitalNumerals))"))
            lines.append(content.text("notice"))
        case .void:
            lines.append(t("voids receipt \(content.text("voids")) of payment \(content.text("payment_number")) (reversal \(content.text("reversal_number"))): \(content.text("reason"))"))
            lines.append(t("amount \(content.money("amount_fen").formattedWithSymbol) (\(content.money("amount_fen").capitalNumerals))"))
        case .invoiceNote:
            lines.append(t("invoice \(content.text("invoice")) issued for receipt \(content.text("receipt"))"))
        }
        lines.append(t("operator \(content.text("operator")) · signed by key \(String(content.text("key_id").prefix(16))) · signature \(entry.signatureFingerprint)"))
        if let voided = entry.voidedBy { lines.append(t("voided by \(voided)")) }
        if !entry.invoices.isEmpty { lines.append(t("invoices: \(entry.invoices.joined(separator: ", "))")) }
        return lines.joined(separator: "\n")
    }

    static func receipts(_ entries: [ReceiptEntry]) -> String {
        guard !entries.isEmpty else { return t("no receipts") }
        var table = TextTable([(t("number"), .left), (t("kind"), .left), (t("date"), .left), (t("merchant"), .right), ("", .left),
                               (t("amount"), .right), (t("for"), .left)])
        for entry in entries {
            let content = Content(value: entry.content)
            let about: String = switch entry.record.kind {
            case .receipt: content.text("payment.number") + (entry.voidedBy.map { " " + t("voided by \($0)") } ?? "")
            case .void: t("voids \(content.text("voids"))")
            case .invoiceNote: t("invoice \(content.text("invoice")) for \(content.text("receipt"))")
            }
            let amount = entry.record.kind == .invoiceNote ? "" : content.money("amount_fen").formatted
            table.append([entry.record.number, entry.record.kind.phrase.description, entry.record.date.description, "\(entry.record.merchantID)",
                          content.text("merchant.name"), amount, about])
        }
        return table.rendered() + "\n" + t("\(entries.count) record(s)")
    }

    static func keyMade(_ key: SigningKeyInfo) -> String {
        [t("made \(key.algorithm.rawValue) signing key \(key.fingerprint) (key id \(key.keyID))"),
         t("private key: \(key.keyPath) (mode 0600; keep a copy somewhere safe, never in the database)"),
         t("publish the fingerprint \(key.fingerprint) where the committee can compare it with every export")].joined(separator: "\n")
    }

    static func keys(_ keys: [SigningKeyInfo]) -> String {
        guard !keys.isEmpty else { return t("the market has no signing key yet; make one with `lanzi key init`") }
        return keys.map { key in
            [key.isCurrent ? t("current key \(key.fingerprint): \(key.algorithm.rawValue), made \(key.createdAt)")
                           : t("earlier key \(key.fingerprint): \(key.algorithm.rawValue), made \(key.createdAt)"),
             t("key id \(key.keyID)"), t("private key file: \(key.keyPath)"), key.publicKeyPEM.trimmingCharacters(in: .newlines)].joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    static func exportReport(_ report: ReceiptExportReport) -> String {
        [t("exported \(report.count) record(s), \(report.firstNumber) to \(report.lastNumber), dated \(report.firstDate) to \(report.lastDate), into \(report.directory)"),
         t("signed by key(s) \(report.keyFingerprints.joined(separator: ", ")); check with: tools/verify-receipts \(report.directory)")].joined(separator: "\n")
    }

    static func check(_ check: ReceiptCheck, subject: String) -> String {
        if check.isClean {
            return t("\(subject): \(check.count) record(s) verified, \(check.firstNumber ?? "-") to \(check.lastNumber ?? "-"), chain unbroken, numbers without a gap, signed by key(s) \(check.keyFingerprints.joined(separator: ", "))")
        }
        return (check.problems.map { "\($0.subject): \($0.problem)" } + [t("\(subject): \(check.problems.count) problem(s) in \(check.count) record(s)")])
            .joined(separator: "\n")
    }
}
