import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// What an export wrote.
package struct ReceiptExportReport: Hashable, Sendable {
    package var directory: String
    package var from: CalendarDate
    package var to: CalendarDate
    /// The earliest and the latest date of the records exported, inside or around the range
    /// asked for (a wide range, as the demo asks, says little of what was found).
    package var firstDate: CalendarDate
    package var lastDate: CalendarDate
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
        let dates = records.map(\.date)
        return ReceiptExportReport(directory: directory, from: from, to: to, firstDate: dates.min()!, lastDate: dates.max()!,
                                   count: records.count, firstNumber: records.first!.number,
                                   lastNumber: records.last!.number, keyFingerprints: keys.filter { used.contains($0.keyID) }.map(\.fingerprint))
    }
}
