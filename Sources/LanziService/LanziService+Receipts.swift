import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// A record of the receipt chain with what a reader needs beside it.
package struct ReceiptEntry: Hashable, Sendable {
    package var record: ReceiptRecord
    /// The signed content, parsed from the record's canonical bytes.
    package var content: JSONValue
    /// For a receipt: the number of the void record that voided it, if one did.
    package var voidedBy: String?
    /// For a receipt: the invoice numbers noted for it, oldest first.
    package var invoices: [String]

    /// The first 16 hex digits of the SHA-256 of the signature: short enough to print on the
    /// receipt and read out, so that a printed receipt can be matched with its signed record.
    package var signatureFingerprint: String {
        String(((try? Digest.hex(Digest.sha256(record.signature))) ?? "").prefix(16))
    }
}

/// The time payments spent making their receipts, summed over the process: what
/// `tools/bench receipts` sets beside the time of the payments themselves, measured in the
/// same run (a receipt is never left out, so it cannot be timed by leaving it out).
package enum ReceiptCost {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var nanoseconds: UInt64 = 0

    /// The total so far, in seconds.
    package static var seconds: Double { lock.withLock { Double(nanoseconds) / 1e9 } }

    static func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let spent = DispatchTime.now().uptimeNanoseconds - start
            lock.withLock { nanoseconds += spent }
        }
        return try body()
    }
}

extension LanziService {
    /// Makes the receipt of a payment just recorded, in the payment's transaction: a payment
    /// without its signed receipt is never committed.
    /// - Parameter bills: the bills the payment was set against, as the payment read them.
    func issueReceipt(for payment: Payment, bills: [Bill], merchant: Merchant, market: Market, _ database: Database) throws {
        var items: [ReceiptItem] = []
        for allocation in payment.allocations {
            guard let bill = try bills.first(where: { $0.id == allocation.billID }) ?? database.bill(id: allocation.billID) else { continue }
            var kinds: [BillLineKind] = []
            for line in bill.lines where !kinds.contains(line.kind) { kinds.append(line.kind) }
            items.append(ReceiptItem(billNumber: bill.number, unitCodes: try database.unitCodes(ofBill: bill), period: bill.period,
                                     lineKinds: kinds, amount: allocation.amount))
        }
        _ = try appendRecord(.receipt, date: payment.paidOn, paymentID: payment.id, receiptNumber: nil, merchant: merchant, market: market, database) {
            try ReceiptDocument.receiptBytes($0, payment: payment, items: items)
        }
    }

    /// Voids the receipt of a payment just reversed, in the reversal's transaction.
    func voidReceipt(of payment: Payment, reversalNumber: String, reason: String, on date: CalendarDate, market: Market, _ database: Database) throws {
        guard let receipt = try database.receiptRecords(ReceiptFilter(paymentID: payment.id, kind: .receipt)).first else {
            // Every payment has its receipt since receipts exist; one recorded before has none to void.
            return
        }
        let merchant = try requireMerchant(payment.merchantID, database, field: "merchant_id")
        _ = try appendRecord(.void, date: date, paymentID: payment.id, receiptNumber: receipt.number, merchant: merchant, market: market, database) {
            try CanonicalJSON.bytes(of: ReceiptDocument.void($0, receiptNumber: receipt.number, payment: payment, reversalNumber: reversalNumber, reason: reason))
        }
    }

    /// Records the number of the tax invoice (发票) or province receipt issued outside Lanzi
    /// for a receipt, as a signed record of its own naming the receipt.
    /// - Throws: `DomainError` for a bad invoice number; `ServiceError.notFound` for an
    ///   unknown receipt; `.conflict` for a void or note given instead of a receipt, or the
    ///   same invoice number noted for it already.
    package func noteInvoice(receiptNumber: String, invoice: String) throws -> ReceiptEntry {
        try authorize(.noteInvoice)
        let invoice = invoice.trimmingCharacters(in: .whitespaces)
        guard (1...40).contains(invoice.count) else { throw DomainError(field: "invoice", rule: "must be 1 to 40 characters") }
        guard !invoice.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DomainError(field: "invoice", rule: "must not contain control characters")
        }
        return try change(.noteInvoice) { database in
            let market = try Self.requireMarket(database)
            let receipt = try requireReceipt(receiptNumber, database)
            guard receipt.kind == .receipt else {
                throw ServiceError.conflict("\(receiptNumber) is a \(receipt.kind.rawValue) record, not a receipt; note the invoice on the receipt it names", field: "number")
            }
            let notes = try database.receiptRecords(ReceiptFilter(kind: .invoiceNote, receiptNumber: receipt.number))
            for note in notes where Self.string(in: try note.content(), "invoice") == invoice {
                throw ServiceError.conflict("invoice \(invoice) was already noted for \(receipt.number) by \(note.number)", field: "invoice")
            }
            let merchant = try requireMerchant(receipt.merchantID, database, field: "merchant_id")
            let record = try appendRecord(.invoiceNote, date: clock.today(), paymentID: receipt.paymentID, receiptNumber: receipt.number,
                                          merchant: merchant, market: market, database) {
                try CanonicalJSON.bytes(of: ReceiptDocument.invoiceNote($0, receiptNumber: receipt.number, invoice: invoice))
            }
            try log(database, "receipt.note-invoice", record.number, .object([("receipt", .string(receipt.number)), ("invoice", .string(invoice))]))
            return try entry(record, database)
        }
    }

    /// The records of the chain, optionally one merchant's or one year's; a merchant caller
    /// sees its own only.
    package func receipts(merchantID: Int64?, year: Int?) throws -> [ReceiptEntry] {
        try look(.listReceipts) { database in
            let merchantID = scopedMerchant(merchantID)
            if let merchantID { _ = try requireMerchant(merchantID, database, field: "merchant_id") }
            let records = try database.receiptRecords(ReceiptFilter(merchantID: merchantID, year: year))
            let later = try Self.laterRecords(database)
            return try records.map { try Self.entry($0, later: later) }
        }
    }

    /// One record by its number; to a merchant caller, only its own.
    package func receipt(number: String) throws -> ReceiptEntry {
        try look(.showReceipt) { database in try entry(try requireReceipt(number, database), database) }
    }

    func requireReceipt(_ number: String, _ database: Database) throws -> ReceiptRecord {
        let missing = ServiceError.notFound("no receipt \(number)", field: "number")
        guard let record = try database.receiptRecords(ReceiptFilter(number: number)).first else { throw missing }
        try requireOwn(record.merchantID, else: missing)
        return record
    }

    /// Appends one record to the chain: numbered in its date's year, linked to the chain's
    /// last record, signed with the market's current key over its canonical bytes, which
    /// `canonical` writes for the record's header.
    func appendRecord(_ kind: ReceiptRecordKind, date: CalendarDate, paymentID: Int64, receiptNumber: String?, merchant: Merchant, market: Market,
                      _ database: Database, canonical: (ReceiptHeader) throws -> [UInt8]) throws -> ReceiptRecord {
        let state = try database.receiptSigningState()
        let key = try Self.currentSigningKey(keyID: state.keyID, path: state.keyPath)
        let end = (sequence: state.sequence, hash: state.hash)
        let number = try database.nextNumber(code: market.code, prefix: "", year: date.year)
        let header = ReceiptHeader(number: number, sequence: end.sequence + 1, previousHash: end.hash, issuedAt: clock.timestamp(), date: date,
                                   market: market, merchantID: merchant.id, merchantName: merchant.name, maskedIDNumber: merchant.maskedIDNumber,
                                   operatorName: caller.name, keyID: key.verifyingKey.keyID)
        let canonical = try canonical(header)
        let hash = Digest.hex(try Self.crypto { try Digest.sha256(canonical) })
        let signature = try Self.crypto { try key.signature(for: canonical) }
        let record = ReceiptRecord(sequence: header.sequence, number: number, kind: kind, paymentID: paymentID, receiptNumber: receiptNumber,
                                   merchantID: merchant.id, date: date, keyID: header.keyID, canonical: canonical, hash: hash,
                                   previousHash: end.hash, signature: signature, issuedAt: header.issuedAt)
        try database.insertReceiptRecord(record)
        return record
    }

    /// One record with the voids and notes that name it (read by the receipt's number).
    func entry(_ record: ReceiptRecord, _ database: Database) throws -> ReceiptEntry {
        try Self.entry(record, later: [record.number: try database.receiptRecords(ReceiptFilter(receiptNumber: record.number))])
    }

    /// The voids and invoice notes of the chain, by the receipt each names.
    static func laterRecords(_ database: Database) throws -> [String: [ReceiptRecord]] {
        var later: [String: [ReceiptRecord]] = [:]
        for kind in [ReceiptRecordKind.void, .invoiceNote] {
            for record in try database.receiptRecords(ReceiptFilter(kind: kind)) {
                if let receipt = record.receiptNumber { later[receipt, default: []].append(record) }
            }
        }
        return later
    }

    static func entry(_ record: ReceiptRecord, later: [String: [ReceiptRecord]]) throws -> ReceiptEntry {
        let content = try record.content()
        let followers = later[record.number] ?? []
        return ReceiptEntry(record: record, content: content, voidedBy: followers.first { $0.kind == .void }?.number,
                            invoices: try followers.filter { $0.kind == .invoiceNote }.sorted { $0.sequence < $1.sequence }
                                .compactMap { string(in: try $0.content(), "invoice") })
    }

    /// A string member of a record's content.
    static func string(in content: JSONValue, _ name: String) -> String? {
        guard case .object(let members) = content, case .string(let text)? = members.first(where: { $0.0 == name })?.1 else { return nil }
        return text
    }
}
