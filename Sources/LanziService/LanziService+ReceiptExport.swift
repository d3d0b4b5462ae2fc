import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// What an export wrote.
package struct ReceiptExportReport: Hashable, Sendable {
    package var directory: String
    package var from: CalendarDate
    package var to: CalendarDate
    package var count: Int
    package var firstNumber: String
    package var lastNumber: String
    package var keyFingerprints: [String]
}

extension LanziService {
    /// Writes the records dated from `from` to `to` as a bundle a committee checks with stock
    /// `openssl` (`ReceiptBundle` says what is in it). The run of records is whole: from the
    /// first record dated in the range to the last, with any record between them dated
    /// otherwise (a payment entered late across a year's end), so that every link can be
    /// checked. The bundle is written beside `directory` and moved there whole.
    /// - Throws: `DomainError` for a range that ends before it starts; `ServiceError.conflict`
    ///   for a `directory` that exists and is not empty; `.notFound` when no record is dated
    ///   in the range; `.unavailable` when the files cannot be written or the key read.
    package func exportReceipts(from: CalendarDate, to: CalendarDate, directory: String, progress: (Int) -> Void = { _ in }) throws -> ReceiptExportReport {
        try authorize(.exportReceipts)
        guard from <= to else { throw DomainError(field: "to", rule: "must be on or after --from, \(from)") }
        let target = URL(fileURLWithPath: directory)
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: target.path), !existing.isEmpty {
            throw ServiceError.conflict("\(directory) exists and is not empty; export into a new folder", field: "out")
        }
        let (market, records, keys, signingKey) = try look(.exportReceipts) { database in
            let market = try Self.requireMarket(database)
            guard let range = try database.receiptSequences(from: from, to: to) else {
                throw ServiceError.notFound("no receipt record is dated from \(from) to \(to)", field: "from")
            }
            return (market, try database.receiptRecords(ReceiptFilter(sequences: range)), try Self.keyInfos(database), try Self.currentSigningKey(database))
        }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        do {
            try ReceiptBundle.write(records: records, keys: keys, market: market, from: from, to: to, exportedAt: clock.timestamp(),
                                    signingKey: signingKey, into: staging, progress: progress)
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.moveItem(at: staging, to: target)
        } catch let error as ServiceError {
            try? FileManager.default.removeItem(at: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw ServiceError.unavailable("the bundle cannot be written to \(directory): \(error.localizedDescription)")
        }
        let used = Set(records.map(\.keyID))
        return ReceiptExportReport(directory: directory, from: from, to: to, count: records.count, firstNumber: records.first!.number,
                                   lastNumber: records.last!.number, keyFingerprints: keys.filter { used.contains($0.keyID) }.map(\.fingerprint))
    }

    /// Walks the whole chain in the database: every record's stored hash and columns agree
    /// with its signed bytes, and it passes every check an exported bundle's records do.
    package func verifyReceiptChain(progress: (Int) -> Void = { _ in }) throws -> ReceiptCheck {
        let (records, keys, market) = try look(.verifyReceiptChain) { database in
            (try database.receiptRecords(ReceiptFilter()), try Self.keyInfos(database), try database.market())
        }
        var verifying: [String: VerifyingKey] = [:]
        for key in keys { verifying[key.keyID] = try Self.crypto { try VerifyingKey(pem: key.publicKeyPEM) } }
        var check = ReceiptChainChecker.check(records.map { ChainLink(subject: $0.number, canonical: $0.canonical, signature: $0.signature) },
                                              previousHash: ReceiptDocument.firstPreviousHash, fromTheStart: true, keys: verifying,
                                              marketCode: market?.code, progress: progress)
        for record in records {
            let fields = RecordFields(scanning: record.canonical) ?? RecordFields(.null)
            let hash = (try? Digest.hex(Digest.sha256(record.canonical))) ?? ""
            if record.hash != hash || fields.number != record.number || fields.sequence != record.sequence
                || fields.previousHash != record.previousHash || fields.keyID != record.keyID {
                check.problems.append(ReceiptProblem(record.number, "its stored hash, number, sequence, prev_hash or key id disagrees with its signed bytes"))
            }
        }
        return check
    }
}
