import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// A receipt as a printable page, its signed record to download, and the public check its
    /// QR code leads to. A merchant reaches its own receipts only; staff, every one.
    static let receiptPages: [Entry] = [
        Entry("GET", "/receipts/{number}") { call in
            let entry = try call.service.receipt(number: try call.text("number"))
            return .page(title: "\(t("Receipt")) \(entry.record.number)", body: receiptBody(entry, call: call))
        },
        Entry("GET", "/receipts/{number}/record.json") { call in
            let entry = try call.service.receipt(number: try call.text("number"))
            return .file(type: "application/json", name: "\(entry.record.number).json", bytes: entry.record.canonical)
        },
        Entry("GET", "/receipts/{number}/record.json.sig") { call in
            let entry = try call.service.receipt(number: try call.text("number"))
            return .file(type: "application/octet-stream", name: "\(entry.record.number).json.sig", bytes: entry.record.signature)
        },
        Entry("GET", "/r/{number}", isPublic: true) { call in
            let check = try call.service.checkReceipt(number: try call.text("number"), hashPrefix: try call.query("h") ?? "")
            return .page(title: t("Receipt check"), body: publicCheckBody(check))
        },
    ]

    /// The receipt as the merchant keeps it: figures and capitals, the items, 不作发票使用,
    /// the signature's fingerprint, and a QR code of its public check.
    static func receiptBody(_ entry: ReceiptEntry, call: PageCall) -> HTML {
        let content = entry.content
        let record = entry.record
        let market = content["market"] ?? .null
        let merchant = content["merchant"] ?? .null
        let payment = content["payment"] ?? .null
        let amount = Money(fen: content["amount_fen"]?.integerValue ?? 0)
        let address = publicAddress(call) + LanziService.publicReceiptPath(record)
        var body: HTML = "<div class=\"receipt\">"
        body += """
            <p><b>\(market["name"]?.stringValue ?? "")</b> · \(market["collective"]?.stringValue ?? "")</p>
            <p>\(t("Number")) <b class="nw">\(record.number)</b> · \(t("Date")) <span class="nw">\(record.date)</span> · \(record.kind.phrase)</p>
            <p>\(t("Merchant")) \(merchant["name"]?.stringValue ?? "")\
            \(merchant["id_number"]?.stringValue.map { HTML(" · \(t("ID number")) \($0)") } ?? "")</p>
            """
        switch record.kind {
        case .receipt:
            body += """
                <p>\(t("Received")) <span class="amount">\(amount.formattedWithSymbol)</span></p>
                <p>\(t("In capitals")) <b>\(content["amount_in_capitals"]?.stringValue ?? amount.capitalNumerals)</b></p>
                <p>\(t("Method")) \(PaymentMethod(rawValue: payment["method"]?.stringValue ?? "")?.phrase ?? Phrase(verbatim: ""))\
                 · \(t("Reference")) \(payment["reference"]?.stringValue ?? "") · \(t("Payment")) \(payment["number"]?.stringValue ?? "")</p>
                """
            body += Piece.table([t("Bill"), t("Units"), t("Month"), t("Amount")], numeric: [3], receiptItems(content))
            let credit = content["credit_fen"]?.integerValue ?? 0
            if credit > 0 { body += "<p>\(t("Kept as credit")) \(Money(fen: credit).formattedWithSymbol)</p>" }
        case .void:
            body += "<p class=\"bad\">\(t("Voids receipt")) \(content["voids"]?.stringValue ?? "") · \(t("Reason")) \(content["reason"]?.stringValue ?? "")</p>"
        case .invoiceNote:
            body += "<p>\(t("Invoice")) \(content["invoice"]?.stringValue ?? "") · \(t("for receipt")) \(content["receipt"]?.stringValue ?? "")</p>"
        }
        if let voidedBy = entry.voidedBy { body += "<p class=\"bad\">\(t("This receipt was voided by")) \(voidedBy)</p>" }
        if !entry.invoices.isEmpty { body += "<p>\(t("Invoices")) \(entry.invoices.joined(separator: ", "))</p>" }
        body += """
            <p><b>\(ReceiptDocument.notAnInvoice)</b></p>
            <p class="muted">\(t("Taken by")) \(operatorName(content["operator"]?.stringValue ?? "")) · \(t("Signature")) \(entry.signatureFingerprint) · \(t("Key")) \(record.keyID.prefix(16))</p>
            <div class="qr">\(receiptQR(address))</div>
            <p class="muted">\(t("Scan to check this receipt:")) <a href="\(address)">\(address)</a></p>
            </div>
            <p class="noprint"><a href="/receipts/\(record.number)/record.json">\(t("Download the signed record"))</a> · \
            <a href="/receipts/\(record.number)/record.json.sig">\(t("its signature"))</a></p>
            """
        return body
    }

    static func receiptItems(_ content: JSONValue) -> [[HTML]] {
        guard let items = content["items"]?.arrayValue else { return [] }
        return items.map { item in
            let units = (item["unit_codes"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            return ["<span class=\"nw\">\(item["bill_number"]?.stringValue ?? "")</span>", "\(units)", "<span class=\"nw\">\(item["period"]?.stringValue ?? "")</span>",
                    "\(Money(fen: item["amount_fen"]?.integerValue ?? 0).formattedWithSymbol)"]
        }
    }

    /// The public check: market, number, date, amount, the merchant masked, and whether the
    /// signature and the chain link verify. Nothing else.
    static func publicCheckBody(_ check: PublicReceiptCheck) -> HTML {
        let verdict = check.signatureVerifies && check.linkVerifies
        return """
            <div class="notice\(HTML(trusted: verdict ? "" : " bad"))" role="status"><b>\(verdict ? t("This receipt is genuine: its signature and its place in the chain verify.") : t("This receipt does NOT verify; ask the market office."))</b></div>
            <div class="card">
            <p>\(t("Market")) \(check.marketName)</p>
            <p>\(t("Number")) <b>\(check.number)</b> · \(check.kind.phrase)</p>
            <p>\(t("Date")) \(check.date)</p>
            <p>\(t("Amount")) <b>\(check.amount.formattedWithSymbol)</b></p>
            <p>\(t("Merchant")) \(check.maskedMerchant)</p>
            <p>\(t("Signature")): \(verdictText(check.signatureVerifies)) · \(t("Chain link")): \(verdictText(check.linkVerifies))</p>
            \(check.voidedBy.map { HTML("<p class=\"bad\">\(t("This receipt was voided by")) \($0)</p>") } ?? "")
            </div>
            """
    }

    /// Who took a payment, as a person reads it: the login, without the front end's prefix
    /// (`user:desk`, `cli:wang`) the activity log keeps.
    static func operatorName(_ caller: String) -> String {
        guard let colon = caller.firstIndex(of: ":") else { return caller }
        return String(caller[caller.index(after: colon)...])
    }

    static func verdictText(_ verifies: Bool) -> HTML {
        verifies ? "<span class=\"ok\">\(t("verifies"))</span>" : "<span class=\"bad\">\(t("does not verify"))</span>"
    }

    /// Where this site is reached from outside: the configured address, else the `Host` the
    /// request came to.
    static func publicAddress(_ call: PageCall) -> String {
        if let configured = call.frame.publicAddress { return configured }
        let host = call.request.headers["host"].flatMap { host in
            host.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0)) } ? host : nil
        } ?? "127.0.0.1"
        return "http://\(host)"
    }

    /// The QR code of a receipt's public check, drawn as SVG.
    static func receiptQR(_ address: String) -> HTML {
        guard let code = try? QRCode(text: address) else { return "" }
        return HTML(trusted: code.svg(moduleSize: 4, quietZone: 4, ariaLabel: t("QR code of the receipt's check")))
    }
}
