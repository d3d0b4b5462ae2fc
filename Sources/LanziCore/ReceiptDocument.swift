/// The kinds of record in a market's receipt chain.
package enum ReceiptRecordKind: String, CaseIterable, Sendable {
    /// What a payment's payer is given: what was paid, for what.
    case receipt
    /// A payment's reversal: the receipt no longer stands.
    case void
    /// The number of the tax invoice (发票) or province receipt issued for a receipt outside Lanzi.
    case invoiceNote = "invoice_note"
}

/// One bill a receipt's money was set against.
package struct ReceiptItem: Hashable, Sendable {
    package var billNumber: String
    package var unitCodes: [String]
    package var period: Period
    package var lineKinds: [BillLineKind]
    package var amount: Money

    package init(billNumber: String, unitCodes: [String], period: Period, lineKinds: [BillLineKind], amount: Money) {
        self.billNumber = billNumber
        self.unitCodes = unitCodes
        self.period = period
        self.lineKinds = lineKinds
        self.amount = amount
    }
}

/// What every record of the chain carries, whatever its kind.
package struct ReceiptHeader: Hashable, Sendable {
    package var number: String
    package var sequence: Int64
    package var previousHash: String
    /// The instant stored with the record (UTC, milliseconds), the same text as its row's.
    package var issuedAt: String
    /// The day the record is about: the payment's, the reversal's or the note's.
    package var date: CalendarDate
    package var market: Market
    package var merchantID: Int64
    package var merchantName: String
    /// The merchant's ID number masked (`5303**********1234`), nil when none is registered.
    package var maskedIDNumber: String?
    /// Who took the payment, reversed it or noted the invoice: the caller's name.
    package var operatorName: String
    package var keyID: String

    package init(number: String, sequence: Int64, previousHash: String, issuedAt: String, date: CalendarDate, market: Market,
                 merchantID: Int64, merchantName: String, maskedIDNumber: String?, operatorName: String, keyID: String) {
        self.number = number
        self.sequence = sequence
        self.previousHash = previousHash
        self.issuedAt = issuedAt
        self.date = date
        self.market = market
        self.merchantID = merchantID
        self.merchantName = merchantName
        self.maskedIDNumber = maskedIDNumber
        self.operatorName = operatorName
        self.keyID = keyID
    }
}

/// The signed content of receipt-chain records, as JSON whose canonical bytes (RFC 8785)
/// are hashed, signed and exported. The member names are the record's public format
/// (`format`: `lanzi-receipt/1`); a checker reads them with no other knowledge of Lanzi.
/// Amounts are integer fen, with the figures and the capitals a person reads beside them.
package enum ReceiptDocument {
    /// The format every record names, so that a later version can be told apart.
    package static let format = "lanzi-receipt/1"
    /// Printed on every receipt: rent is taxable leasing income, and the tax invoice is
    /// issued outside Lanzi.
    package static let notAnInvoice = "不作发票使用"
    /// The `prev_hash` of a market's first record.
    package static let firstPreviousHash = String(repeating: "0", count: 64)

    /// A payment's receipt.
    package static func receipt(_ header: ReceiptHeader, payment: Payment, items: [ReceiptItem]) -> JSONValue {
        document(header, kind: .receipt, [
            ("payment", .object([
                ("number", .string(payment.number)),
                ("method", .string(payment.method.rawValue)),
                ("reference", .string(payment.reference)),
                ("paid_on", .string(payment.paidOn.description)),
            ])),
            ("amount_fen", .integer(payment.amount.fen)),
            ("amount", .string(payment.amount.formattedWithSymbol)),
            ("amount_in_capitals", .string(payment.amount.capitalNumerals)),
            ("items", .array(items.map { item in
                .object([
                    ("bill_number", .string(item.billNumber)),
                    ("unit_codes", .array(item.unitCodes.map(JSONValue.string))),
                    ("period", .string(item.period.description)),
                    ("line_kinds", .array(item.lineKinds.map { .string($0.rawValue) })),
                    ("amount_fen", .integer(item.amount.fen)),
                ])
            })),
            ("credit_fen", .integer(payment.credit.fen)),
            ("notice", .string(notAnInvoice)),
        ])
    }

    /// The canonical bytes of `receipt(header, payment:, items:)`, written straight out in
    /// canonical order: what every payment signs, without building the value first.
    /// - Throws: `DomainError` for an integer beyond ±(2^53 − 1).
    package static func receiptBytes(_ header: ReceiptHeader, payment: Payment, items: [ReceiptItem]) throws(DomainError) -> [UInt8] {
        var out = CanonicalWriter()
        out.beginObject()
        out.member("amount", payment.amount.formattedWithSymbol)
        try out.member("amount_fen", payment.amount.fen)
        out.member("amount_in_capitals", payment.amount.capitalNumerals)
        try out.member("credit_fen", payment.credit.fen)
        out.member("date", header.date.description)
        out.member("format", format)
        out.member("issued_at", header.issuedAt)
        out.name("items")
        out.beginArray()
        for item in items {
            out.beginObject()
            try out.member("amount_fen", item.amount.fen)
            out.member("bill_number", item.billNumber)
            out.name("line_kinds")
            out.beginArray()
            for kind in item.lineKinds { out.string(kind.rawValue) }
            out.endArray()
            out.member("period", item.period.description)
            out.name("unit_codes")
            out.beginArray()
            for code in item.unitCodes { out.string(code) }
            out.endArray()
            out.endObject()
        }
        out.endArray()
        out.member("key_id", header.keyID)
        out.member("kind", ReceiptRecordKind.receipt.rawValue)
        out.name("market")
        out.beginObject()
        out.member("code", header.market.code)
        out.member("collective", header.market.collectiveName)
        out.member("name", header.market.name)
        out.member("operator", header.market.operatorName)
        out.endObject()
        out.name("merchant")
        out.beginObject()
        try out.member("id", header.merchantID)
        out.name("id_number")
        if let masked = header.maskedIDNumber { out.string(masked) } else { out.null() }
        out.member("name", header.merchantName)
        out.endObject()
        out.member("notice", notAnInvoice)
        out.member("number", header.number)
        out.member("operator", header.operatorName)
        out.name("payment")
        out.beginObject()
        out.member("method", payment.method.rawValue)
        out.member("number", payment.number)
        out.member("paid_on", payment.paidOn.description)
        out.member("reference", payment.reference)
        out.endObject()
        out.member("prev_hash", header.previousHash)
        try out.member("sequence", header.sequence)
        out.endObject()
        return out.document
    }

    /// The void of `receiptNumber` by a payment's reversal.
    package static func void(_ header: ReceiptHeader, receiptNumber: String, payment: Payment, reversalNumber: String, reason: String) -> JSONValue {
        document(header, kind: .void, [
            ("voids", .string(receiptNumber)),
            ("payment_number", .string(payment.number)),
            ("reversal_number", .string(reversalNumber)),
            ("amount_fen", .integer(payment.amount.fen)),
            ("reason", .string(reason)),
        ])
    }

    /// The note of the invoice or province receipt issued for `receiptNumber`.
    package static func invoiceNote(_ header: ReceiptHeader, receiptNumber: String, invoice: String) -> JSONValue {
        document(header, kind: .invoiceNote, [
            ("receipt", .string(receiptNumber)),
            ("invoice", .string(invoice)),
        ])
    }

    private static func document(_ header: ReceiptHeader, kind: ReceiptRecordKind, _ members: [(String, JSONValue)]) -> JSONValue {
        .object([
            ("format", .string(format)),
            ("kind", .string(kind.rawValue)),
            ("number", .string(header.number)),
            ("sequence", .integer(header.sequence)),
            ("prev_hash", .string(header.previousHash)),
            ("issued_at", .string(header.issuedAt)),
            ("date", .string(header.date.description)),
            ("market", .object([
                ("code", .string(header.market.code)),
                ("name", .string(header.market.name)),
                ("operator", .string(header.market.operatorName)),
                ("collective", .string(header.market.collectiveName)),
            ])),
            ("merchant", .object([
                ("id", .integer(header.merchantID)),
                ("name", .string(header.merchantName)),
                ("id_number", JSONValue.optional(header.maskedIDNumber, JSONValue.string)),
            ])),
            ("operator", .string(header.operatorName)),
            ("key_id", .string(header.keyID)),
        ] + members)
    }
}

/// A record of the chain as stored: its canonical bytes are the record; the other fields
/// are what the database indexes it by.
package struct ReceiptRecord: Hashable, Sendable {
    package var sequence: Int64
    package var number: String
    package var kind: ReceiptRecordKind
    package var paymentID: Int64
    /// The receipt a void or an invoice note names; nil for a receipt.
    package var receiptNumber: String?
    package var merchantID: Int64
    package var date: CalendarDate
    package var keyID: String
    package var canonical: [UInt8]
    package var hash: String
    package var previousHash: String
    package var signature: [UInt8]
    package var issuedAt: String

    package init(sequence: Int64, number: String, kind: ReceiptRecordKind, paymentID: Int64, receiptNumber: String?, merchantID: Int64,
                 date: CalendarDate, keyID: String, canonical: [UInt8], hash: String, previousHash: String, signature: [UInt8], issuedAt: String) {
        self.sequence = sequence
        self.number = number
        self.kind = kind
        self.paymentID = paymentID
        self.receiptNumber = receiptNumber
        self.merchantID = merchantID
        self.date = date
        self.keyID = keyID
        self.canonical = canonical
        self.hash = hash
        self.previousHash = previousHash
        self.signature = signature
        self.issuedAt = issuedAt
    }

    /// The signed content, parsed back from the canonical bytes.
    package func content() throws(DomainError) -> JSONValue {
        try JSONValue.parse(String(decoding: canonical, as: UTF8.self), source: number)
    }
}
