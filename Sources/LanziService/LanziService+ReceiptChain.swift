import Foundation
import LanziCore
import LanziSigning
import LanziStore

extension LanziService {
    /// How many records of the chain are read and checked at a time: enough to keep every
    /// core busy for a while, few enough that what is held does not grow with the chain.
    static let chainRunSize = 16_384

    /// Walks the whole chain in the database, in one snapshot: every record's stored hash and
    /// columns agree with its signed bytes, and it passes every check an exported bundle's
    /// records do. `progress` hears the count checked after each run; `runSize` is how many
    /// records a run holds (tests make it small, to cross runs' ends). `each` hears every
    /// record, in chain order, with what its bytes say.
    package func verifyReceiptChain(runSize: Int = chainRunSize, progress: (Int) -> Void = { _ in }) throws -> ReceiptCheck {
        try look(.verifyReceiptChain) { database in try Self.walkReceiptChain(database, runSize: runSize, progress: progress) }
    }

    /// The walk, inside the caller's reading transaction. The chain is read a run at a time,
    /// the next run while the last is checked on every core, and a run's results are taken
    /// in order while the next is checked, so that a county's chain is checked in little
    /// more than its signatures' time and in the memory of a few runs. The first run is
    /// short, so that the cores start soon.
    static func walkReceiptChain(_ database: Database, runSize: Int = chainRunSize, progress: (Int) -> Void,
                                 each: (ReceiptRecord, RecordFields) throws -> Void = { _, _ in }) throws -> ReceiptCheck {
        precondition(runSize > 0, "a run holds at least one record")
        var verifying: [String: VerifyingKey] = [:]
        for key in try keyInfos(database) { verifying[key.keyID] = try crypto { try VerifyingKey(pem: key.publicKeyPEM) } }
        var walker = ReceiptChainChecker.ChainWalker(previousHash: ReceiptDocument.firstPreviousHash, fromTheStart: true,
                                                     marketCode: try database.market()?.code)
        let keys = verifying
        var limit = max(1, runSize / 8)
        var run = try database.receiptRecords(ReceiptFilter(limit: limit))
        var checking = run.isEmpty ? nil : Background { [run] in examine(run, keys: keys) }
        while let current = checking {
            // The examining touches no connection: if the next read throws, it is left to finish alone.
            let last = run.last!.sequence
            let next = run.count < limit || last == .max ? []
                : try database.receiptRecords(ReceiptFilter(sequences: (last + 1)...Int64.max, limit: runSize))
            limit = runSize
            let results = try current.value()
            checking = next.isEmpty ? nil : Background { examine(next, keys: keys) }
            for (record, (examined, disagrees)) in zip(run, results) {
                try each(record, examined.fields)
                walker.take(examined)
                if disagrees { walker.report(ReceiptProblem(record.number, "its stored hash, number, sequence, prev_hash or key id disagrees with its signed bytes")) }
            }
            progress(walker.check.count)
            run = next
        }
        return walker.check
    }

    /// One run of the chain examined on every core: each record alone, and whether its
    /// stored columns disagree with its bytes.
    private static func examine(_ records: [ReceiptRecord], keys: [String: VerifyingKey]) -> [(ReceiptChainChecker.Examined, Bool)] {
        // One verifier a key on each thread, so that OpenSSL is set up once per key, not per record.
        Parallel.map(records.count, state: { [String: SignatureVerifier]() }) { verifiers, index in
            let record = records[index]
            let examined = ReceiptChainChecker.Examined(ChainLink(subject: record.number, canonical: record.canonical, signature: record.signature),
                                                        keys: keys, subjectOf: nil, verifiers: &verifiers)
            let fields = examined.fields
            let disagrees = examined.fault == nil && (record.hash != examined.hash || fields.number != record.number
                || fields.sequence != record.sequence || fields.previousHash != record.previousHash || fields.keyID != record.keyID)
            return (examined, disagrees)
        }
    }
}
