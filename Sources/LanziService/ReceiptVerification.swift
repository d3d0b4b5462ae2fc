import Foundation
import LanziCore
import LanziSigning

/// A fault found in a receipt chain or bundle: which record (or file) and what is wrong.
package struct ReceiptProblem: Hashable, Sendable, CustomStringConvertible {
    /// The record's number, or the file's name within the bundle.
    package var subject: String
    package var problem: Phrase

    package init(_ subject: String, _ problem: Phrase) {
        self.subject = subject
        self.problem = problem
    }

    package var description: String { "\(subject): \(problem)" }
}

/// What a check of a chain found.
package struct ReceiptCheck: Hashable, Sendable {
    package var problems: [ReceiptProblem] = []
    package var count = 0
    package var firstNumber: String?
    package var lastNumber: String?
    /// The hash of the last record, which the next record's `prev_hash` must hold.
    package var lastHash = ReceiptDocument.firstPreviousHash
    /// The fingerprints of the keys the records are signed with.
    package var keyFingerprints: [String] = []

    package var isClean: Bool { problems.isEmpty }
}

/// One record as a checker gets it: its bytes exactly as signed, and the signature.
package struct ChainLink: Sendable {
    /// What a problem with it is reported under: the record's file or number.
    package var subject: String
    package var canonical: [UInt8]
    package var signature: [UInt8]

    package init(subject: String, canonical: [UInt8], signature: [UInt8]) {
        self.subject = subject
        self.canonical = canonical
        self.signature = signature
    }
}

/// Checks a run of receipt records: each is canonical JSON of the receipt format, links to
/// the one before by `prev_hash`, follows it in sequence, takes the next number of its
/// year, and carries a valid signature of a known key. Signatures are checked on every core.
package enum ReceiptChainChecker {
    /// - Parameters:
    ///   - previousHash: what the first record's `prev_hash` must be (64 zeros for a chain
    ///     from its start).
    ///   - fromTheStart: whether the links begin the chain, so that each year's numbers must
    ///     start at 000001 and the first sequence must be 1.
    ///   - keys: the known public keys by key id.
    package static func check(_ links: [ChainLink], previousHash: String, fromTheStart: Bool, keys: [String: VerifyingKey],
                              progress: (Int) -> Void = { _ in }) -> ReceiptCheck {
        var check = ReceiptCheck()
        check.lastHash = previousHash
        var previousSequence: Int64?
        var lastOfYear: [String: Int64] = [:]
        var signed: [(index: Int, key: VerifyingKey)] = []
        var fingerprints: [String] = []
        for (index, link) in links.enumerated() {
            let subject = link.subject
            guard let hash = try? Digest.hex(Digest.sha256(link.canonical)) else {
                check.problems.append(ReceiptProblem(subject, "cannot be hashed")); continue
            }
            defer { check.lastHash = hash }
            let content: JSONValue
            do {
                content = try JSONValue.parse(String(decoding: link.canonical, as: UTF8.self), source: subject)
                guard try CanonicalJSON.bytes(of: content) == link.canonical else {
                    check.problems.append(ReceiptProblem(subject, "is not in canonical form (RFC 8785): its bytes were changed after it was signed"))
                    continue
                }
            } catch {
                check.problems.append(ReceiptProblem(subject, "is not a receipt record: \(error.description)"))
                continue
            }
            let record = RecordFields(content)
            check.count += 1
            guard record.format == ReceiptDocument.format else {
                check.problems.append(ReceiptProblem(subject, "is not a record of the format \(ReceiptDocument.format)"))
                continue
            }
            let name = record.number ?? subject
            if check.firstNumber == nil { check.firstNumber = name }
            check.lastNumber = name
            if record.previousHash != check.lastHash {
                if index == 0 {
                    check.problems.append(ReceiptProblem(subject, "its prev_hash \(record.previousHash ?? "(none)") is not \(check.lastHash), where the chain must start"))
                } else {
                    check.problems.append(ReceiptProblem(subject, "its prev_hash is not the hash of the record before it: a record was removed, inserted, swapped or changed before it"))
                }
            }
            if let sequence = record.sequence {
                let expected = previousSequence.map { $0 + 1 } ?? (fromTheStart ? 1 : sequence)
                if sequence != expected {
                    check.problems.append(ReceiptProblem(subject, "has sequence \(sequence) where \(expected) should follow: a record is missing, added or out of place"))
                }
                previousSequence = sequence
            } else {
                check.problems.append(ReceiptProblem(subject, "has no sequence"))
            }
            if let number = record.number, let (year, serial) = ReceiptNumber.parts(number) {
                let expected = lastOfYear[year].map { $0 + 1 } ?? (fromTheStart ? 1 : serial)
                if serial != expected {
                    check.problems.append(ReceiptProblem(subject, "is numbered \(number), but \(year)'s next number is \(expected): numbers must run without a gap"))
                }
                lastOfYear[year] = max(serial, lastOfYear[year] ?? 0)
            } else {
                check.problems.append(ReceiptProblem(subject, "has no number of the form CODE-YYYY-NNNNNN"))
            }
            guard let keyID = record.keyID, let key = keys[keyID] else {
                check.problems.append(ReceiptProblem(subject, "is signed by key \(record.keyID ?? "(none)"), which is not among the keys given"))
                continue
            }
            if !fingerprints.contains(key.fingerprint) { fingerprints.append(key.fingerprint) }
            signed.append((index, key))
        }
        check.keyFingerprints = fingerprints
        check.problems += badSignatures(links, signed, progress: progress)
        return check
    }

    /// The links whose signature does not verify, checked on every core.
    static func badSignatures(_ links: [ChainLink], _ signed: [(index: Int, key: VerifyingKey)], progress: (Int) -> Void) -> [ReceiptProblem] {
        let chunk = 2_000
        let chunks = (signed.count + chunk - 1) / chunk
        let results = ResultBox(count: signed.count)
        var done = 0
        for batch in stride(from: 0, to: chunks, by: 8) {
            let upper = min(batch + 8, chunks)
            DispatchQueue.concurrentPerform(iterations: upper - batch) { offset in
                let start = (batch + offset) * chunk
                for position in start..<min(start + chunk, signed.count) {
                    let (index, key) = signed[position]
                    let valid = (try? key.isValidSignature(links[index].signature, for: links[index].canonical)) ?? false
                    results.set(position, valid)
                }
            }
            done = min(upper * chunk, signed.count)
            progress(done)
        }
        return signed.indices.compactMap { position in
            if results.isValid(position) { return nil }
            let (subject, key) = (links[signed[position].index].subject, signed[position].key)
            return ReceiptProblem(subject, "its signature does not verify with key \(key.fingerprint): it was changed after it was signed, or signed by another key")
        }
    }

    /// Results written from several threads, each position by one thread only.
    final class ResultBox: @unchecked Sendable {
        private var valid: [Bool]
        private let lock = NSLock()
        init(count: Int) { valid = Array(repeating: false, count: count) }
        func set(_ position: Int, _ value: Bool) { lock.lock(); valid[position] = value; lock.unlock() }
        func isValid(_ position: Int) -> Bool { valid[position] }
    }
}

/// The members of a record that a checker reads, taken from its content.
struct RecordFields {
    var format: String?
    var number: String?
    var sequence: Int64?
    var previousHash: String?
    var keyID: String?

    init(_ content: JSONValue) {
        guard case .object(let members) = content else { return }
        for (name, value) in members {
            switch (name, value) {
            case ("format", .string(let text)): format = text
            case ("number", .string(let text)): number = text
            case ("sequence", .integer(let value)): sequence = value
            case ("prev_hash", .string(let text)): previousHash = text
            case ("key_id", .string(let text)): keyID = text
            default: break
            }
        }
    }
}

/// `CODE-YYYY-NNNNNN`: the market's code, the year, the number within the year.
enum ReceiptNumber {
    /// The year and the serial of a receipt number; nil for text of another form.
    static func parts(_ number: String) -> (year: String, serial: Int64)? {
        let pieces = number.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[1].count == 4, pieces[1].allSatisfy(\.isASCII), pieces[1].allSatisfy(\.isNumber),
              pieces[2].count >= 6, let serial = Int64(pieces[2]), serial >= 1 else { return nil }
        return (String(pieces[1]), serial)
    }
}
