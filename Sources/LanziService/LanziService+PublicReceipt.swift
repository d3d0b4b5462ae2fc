import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// What anyone holding a printed receipt may learn of it from its public address: who
/// issued it, when, how much, to whom (masked, 张**), and whether it verifies. Nothing else
/// of the merchant, the payment or the chain.
package struct PublicReceiptCheck: Hashable, Sendable {
    package var number: String
    package var kind: ReceiptRecordKind
    package var marketName: String
    package var date: CalendarDate
    package var amount: Money
    package var maskedMerchant: String
    /// The record's stored hash agrees with its bytes and its signature is valid for a key
    /// the market has published.
    package var signatureVerifies: Bool
    /// Its `prev_hash` is the SHA-256 of the record before it (64 zeros for the first), and
    /// the record after it, if there is one, names this record's hash.
    package var linkVerifies: Bool
    /// The void that voided this receipt, if one did.
    package var voidedBy: String?
}

extension LanziService {
    /// How many hex digits of a record's hash its public address carries: 64 bits, so that
    /// walking the numbers of a year finds nothing.
    package static let publicHashDigits = 16

    /// The address path and query of a record's public check, `/r/NUMBER?h=…`, as its QR
    /// code carries it.
    package static func publicReceiptPath(_ record: ReceiptRecord) -> String {
        "/r/\(record.number)?h=\(record.hash.prefix(publicHashDigits))"
    }

    /// The public check of a record: by its number and the first digits of its hash, as
    /// printed in its QR code. Anyone may ask, signed in or not; a wrong number and a wrong
    /// hash are refused alike, so that neither can be guessed a part at a time.
    /// - Throws: `ServiceError.notFound` when the number or the hash does not match.
    package func checkReceipt(number: String, hashPrefix: String) throws -> PublicReceiptCheck {
        try authorize(.checkReceipt)
        let missing = ServiceError.notFound("no receipt matches this address; check that it was copied whole")
        let prefix = Array(hashPrefix.lowercased().utf8)
        guard prefix.count == Self.publicHashDigits, number.utf8.count <= 40 else { throw missing }
        return try look(.checkReceipt) { database in
            guard let record = try database.receiptRecords(ReceiptFilter(number: number)).first,
                  ConstantTime.isEqual(Array(record.hash.utf8.prefix(Self.publicHashDigits)), prefix) else { throw missing }
            let content = try record.content()
            let hash = Digest.hex(try Self.crypto { try Digest.sha256(record.canonical) })
            var signatureVerifies = false
            if hash == record.hash, let key = try Self.keyInfos(database).first(where: { $0.keyID == record.keyID }) {
                let verifying = try Self.crypto { try VerifyingKey(pem: key.publicKeyPEM) }
                signatureVerifies = (try? verifying.isValidSignature(record.signature, for: record.canonical)) ?? false
            }
            return PublicReceiptCheck(number: record.number, kind: record.kind, marketName: try Self.requireMarket(database).name, date: record.date,
                                      amount: Money(fen: content["amount_fen"]?.integerValue ?? 0),
                                      maskedMerchant: Merchant.maskName(content["merchant"]?["name"]?.stringValue ?? ""),
                                      signatureVerifies: signatureVerifies, linkVerifies: try Self.linkVerifies(record, hash: hash, database),
                                      voidedBy: try entry(record, database).voidedBy)
        }
    }

    /// Whether `record` links to the record before it and the one after links to it, by
    /// hashes computed from their bytes, not by their stored columns.
    private static func linkVerifies(_ record: ReceiptRecord, hash: String, _ database: Database) throws -> Bool {
        let neighbours = try database.receiptRecords(ReceiptFilter(sequences: max(1, record.sequence - 1)...(record.sequence + 1)))
        let before = neighbours.first { $0.sequence == record.sequence - 1 }
        let after = neighbours.first { $0.sequence == record.sequence + 1 }
        let expected = try before.map { previous in Digest.hex(try crypto { try Digest.sha256(previous.canonical) }) }
            ?? (record.sequence == 1 ? ReceiptDocument.firstPreviousHash : nil)
        guard let expected, record.previousHash == expected, string(in: try record.content(), "prev_hash") == expected else { return false }
        guard let after else { return true }
        return string(in: try after.content(), "prev_hash") == hash
    }
}
