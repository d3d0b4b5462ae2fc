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
    package var firstSequence: Int64?
    package var lastSequence: Int64?
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
    /// The SHA-256 (hex) of `canonical` when the caller has it already (a bundle's checker
    /// hashes every file once); nil to have it computed.
    package var hash: String?

    package init(subject: String, canonical: [UInt8], signature: [UInt8], hash: String? = nil) {
        self.subject = subject
        self.canonical = canonical
        self.signature = signature
        self.hash = hash
    }
}

/// Checks a run of receipt records: each is canonical JSON of the receipt format, links to
/// the one before by `prev_hash`, follows it in sequence, takes the next number of its
/// year, and carries a valid signature of a known key. What each record needs alone (its
/// parse, canonical form, hash and signature) is checked on every core; the links between
/// them, in one pass after.
package enum ReceiptChainChecker {
    /// - Parameters:
    ///   - previousHash: what the first record's `prev_hash` must be (64 zeros for a chain
    ///     from its start).
    ///   - fromTheStart: whether the links begin the chain, so that each year's numbers must
    ///     start at 000001 and the first sequence must be 1.
    ///   - keys: the known public keys by key id.
    ///   - marketCode: the code every number must begin with, when it is known.
    ///   - subjectOf: what a link's subject must be for its sequence and number (a bundle's
    ///     file name), when there is a rule for it.
    package static func check(_ links: [ChainLink], previousHash: String, fromTheStart: Bool, keys: [String: VerifyingKey],
                              marketCode: String? = nil, subjectOf: (@Sendable (Int64, String) -> String)? = nil,
                              progress: (Int) -> Void = { _ in }) -> ReceiptCheck {
        // One verifier a key on each thread, so that OpenSSL is set up once per key, not per record.
        let examined = Parallel.map(links.count, progress: progress, state: { [String: SignatureVerifier]() }) { verifiers, index in
            Examined(links[index], keys: keys, subjectOf: subjectOf, verifiers: &verifiers)
        }
        return walk(examined, previousHash: previousHash, fromTheStart: fromTheStart, marketCode: marketCode)
    }

    /// The links between records examined already, in chain order: one pass, which does no
    /// more for a record than compare it with the one before (what a record says of itself
    /// was read on every core).
    static func walk(_ examined: [Examined], previousHash: String, fromTheStart: Bool, marketCode: String?) -> ReceiptCheck {
        var walker = ChainWalker(previousHash: previousHash, fromTheStart: fromTheStart, marketCode: marketCode)
        for record in examined { walker.take(record) }
        return walker.check
    }

    /// A walk along a chain that may be handed its records a run at a time (a database's
    /// chain is read in runs, so that memory does not grow with it): what the walk knows of
    /// the records before the next.
    struct ChainWalker {
        private(set) var check = ReceiptCheck()
        private let fromTheStart: Bool
        private let marketCode: String?
        private var isFirst = true
        private var previousSequence: Int64?
        private var lastOfYear: [String: Int64] = [:]
        private var lastKeyID: String?

        init(previousHash: String, fromTheStart: Bool, marketCode: String?) {
            check.lastHash = previousHash
            self.fromTheStart = fromTheStart
            self.marketCode = marketCode
        }

        /// The next record of the chain.
        mutating func take(_ record: Examined) {
            let subject = record.subject
            check.problems += record.fileProblems
            defer { check.lastHash = record.hash; isFirst = false }
            if let fault = record.fault { check.problems.append(ReceiptProblem(subject, fault)); return }
            check.count += 1
            let fields = record.fields
            guard fields.format == ReceiptDocument.format else {
                check.problems.append(ReceiptProblem(subject, "is not a record of the format \(ReceiptDocument.format)"))
                return
            }
            let name = fields.number ?? subject
            if check.firstNumber == nil { check.firstNumber = name }
            check.lastNumber = name
            if fields.previousHash != check.lastHash {
                if isFirst {
                    check.problems.append(ReceiptProblem(subject, "its prev_hash \(fields.previousHash ?? "(none)") is not \(check.lastHash), where the chain must start"))
                } else {
                    check.problems.append(ReceiptProblem(subject, "its prev_hash is not the hash of the record before it: a record was removed, inserted, swapped or changed before it"))
                }
            }
            if let sequence = fields.sequence, let number = fields.number, let rightSubject = record.rightSubject {
                check.problems.append(ReceiptProblem(subject, "holds record \(number) of sequence \(sequence), whose file is \(rightSubject)"))
            }
            if let sequence = fields.sequence {
                if check.firstSequence == nil { check.firstSequence = sequence }
                check.lastSequence = sequence
                let expected = previousSequence.map { $0 + 1 } ?? (fromTheStart ? 1 : sequence)
                if sequence != expected {
                    check.problems.append(ReceiptProblem(subject, "has sequence \(sequence) where \(expected) should follow: a record is missing, added or out of place"))
                }
                previousSequence = sequence
            } else {
                check.problems.append(ReceiptProblem(subject, "has no sequence"))
            }
            if let number = fields.number, let (code, year, serial) = record.numberParts {
                let expected = lastOfYear[year].map { $0 + 1 } ?? (fromTheStart ? 1 : serial)
                if serial != expected {
                    check.problems.append(ReceiptProblem(subject, "is numbered \(number), but \(year)'s next number is \(ReceiptNumber.serialText(expected)): numbers must run without a gap"))
                }
                if let marketCode, code != marketCode {
                    check.problems.append(ReceiptProblem(subject, "is numbered \(number), not with the market's code \(marketCode)"))
                }
                lastOfYear[year] = max(serial, lastOfYear[year] ?? 0)
            } else {
                check.problems.append(ReceiptProblem(subject, "has no number of the form CODE-YYYY-NNNNNN"))
            }
            guard let key = record.key else {
                check.problems.append(ReceiptProblem(subject, "is signed by key \(fields.keyID ?? "(none)"), which is not among the keys given"))
                return
            }
            // Records come in long runs of one key: its fingerprint is looked for once a run.
            if lastKeyID != key.keyID {
                if !check.keyFingerprints.contains(key.fingerprint) { check.keyFingerprints.append(key.fingerprint) }
                lastKeyID = key.keyID
            }
            if !record.isSignatureValid {
                check.problems.append(ReceiptProblem(subject, "its signature does not verify with key \(key.fingerprint): it was changed after it was signed, or signed by another key"))
            }
        }

        /// A problem found with a record outside the walk (its stored columns against its bytes).
        mutating func report(_ problem: ReceiptProblem) { check.problems.append(problem) }
    }

    /// What one record says of itself: its hash, its fields, and whether it is canonical and
    /// signed by the key it names.
    struct Examined: Sendable {
        var subject: String
        /// What was wrong with the record's files as they were read (a bundle's checker's).
        var fileProblems: [ReceiptProblem] = []
        var hash = ""
        var fields = RecordFields(.null)
        var fault: Phrase?
        var isSignatureValid = false
        /// The known key the record names.
        var key: VerifyingKey?
        /// The market's code, the year and the serial of the record's number.
        var numberParts: (code: String, year: String, serial: Int64)?
        /// What the record's subject should be for its sequence and number, when it is not.
        var rightSubject: String?

        init(_ link: ChainLink, keys: [String: VerifyingKey], subjectOf: (@Sendable (Int64, String) -> String)?,
             verifiers: inout [String: SignatureVerifier]) {
            self.init(subject: link.subject, canonical: link.canonical, signature: link.signature, hash: link.hash, keys: keys,
                      subjectOf: subjectOf, verifiers: &verifiers)
        }

        init(subject: String, canonical: [UInt8], signature: [UInt8], hash known: String?, keys: [String: VerifyingKey],
             subjectOf: (@Sendable (Int64, String) -> String)?, verifiers: inout [String: SignatureVerifier]) {
            self.subject = subject
            let link = ChainLink(subject: subject, canonical: canonical, signature: signature, hash: known)
            if let known = link.hash {
                hash = known
            } else {
                guard let digest = try? Digest.sha256(link.canonical) else { fault = Phrase("cannot be hashed"); return }
                hash = Digest.hex(digest)
            }
            guard let scanned = RecordFields(scanning: link.canonical) else {
                fault = Phrase("is not a receipt record: its bytes are not one JSON object")
                return
            }
            fields = scanned
            if let number = fields.number { numberParts = ReceiptNumber.parts(number) }
            if let sequence = fields.sequence, let number = fields.number, let subjectOf {
                let right = subjectOf(sequence, number)
                if right != subject { rightSubject = right }
            }
            if let keyID = fields.keyID, let key = keys[keyID] {
                self.key = key
                let verifier = verifiers[keyID] ?? SignatureVerifier(key)
                verifiers[keyID] = verifier
                isSignatureValid = (try? verifier.isValid(link.signature, for: link.canonical)) ?? false
            }
            // A record whose signature holds is the market's own canonical bytes; one whose
            // signature fails is reported for that, and its form is looked at only to say so
            // more exactly.
            if !isSignatureValid, (try? CanonicalJSON.bytes(of: JSONValue.parse(bytes: link.canonical, source: link.subject))) != link.canonical {
                fault = Phrase("is not in canonical form (RFC 8785): its bytes were changed after it was signed")
            }
        }
    }
}

/// Work spread over every core, results in order.
package enum Parallel {
    /// `body` for 0..<count, in chunks on every core; `progress` hears the count done after
    /// each round of chunks.
    package static func map<T: Sendable>(_ count: Int, progress: (Int) -> Void = { _ in }, _ body: @Sendable (Int) -> T) -> [T] {
        map(count, progress: progress, state: { () }) { _, index in body(index) }
    }

    /// `map` with a state of each chunk's own, made by `state` and handed to `body` for every
    /// index of the chunk: what one thread may reuse and no other may touch.
    package static func map<T: Sendable, State>(_ count: Int, progress: (Int) -> Void = { _ in }, state: @Sendable () -> State,
                                                _ body: @Sendable (inout State, Int) -> T) -> [T] {
        let chunk = 250
        let chunks = (count + chunk - 1) / chunk
        let results = Results<T>(count: count)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var done = 0
        // Small chunks, so that no thread waits long for the last one; rounds of many, so that
        // progress is heard on long runs without a wait for the slowest chunk of each.
        for round in stride(from: 0, to: chunks, by: cores * 64) {
            let upper = min(round + cores * 64, chunks)
            DispatchQueue.concurrentPerform(iterations: upper - round) { offset in
                let start = (round + offset) * chunk
                var local = state()
                for index in start..<min(start + chunk, count) { results.set(index, body(&local, index)) }
            }
            done = min(upper * chunk, count)
            if count >= 10_000 { progress(done) }
        }
        return results.values()
    }

    /// Slots written from several threads, each once and by one thread only, and taken
    /// whole, once, after all are written. They are raw memory, not an array: threads writing
    /// different slots of one array would each need the array to themselves; and the values
    /// are moved out, not copied (a verifier's results are a hundred thousand records).
    final class Results<T>: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<T>
        private let count: Int
        private var taken = false

        init(count: Int) {
            self.count = count
            slots = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        }

        /// Sets slot `index`, which no one has set before.
        func set(_ index: Int, _ value: T) {
            precondition(index >= 0 && index < count)
            (slots + index).initialize(to: value)
        }

        /// Every slot's value, in order; every slot must have been set.
        func values() -> [T] {
            precondition(!taken, "the results were taken already")
            taken = true
            return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.baseAddress?.moveInitialize(from: slots, count: count)
                initialized = count
            }
        }

        deinit {
            if !taken { slots.deinitialize(count: count) }
            slots.deallocate()
        }
    }
}

/// The members of a record that a checker reads, taken from its content.
struct RecordFields: Sendable {
    var format: String?
    var number: String?
    var sequence: Int64?
    var previousHash: String?
    var keyID: String?
    /// The amount the record says was paid (a receipt's; a void's names what it voids).
    var amountFen: Int64?

    init(_ content: JSONValue) {
        guard case .object(let members) = content else { return }
        for (name, value) in members {
            switch (name, value) {
            case ("format", .string(let text)): format = text
            case ("number", .string(let text)): number = text
            case ("sequence", .integer(let value)): sequence = value
            case ("prev_hash", .string(let text)): previousHash = text
            case ("key_id", .string(let text)): keyID = text
            case ("amount_fen", .integer(let value)): amountFen = value
            default: break
            }
        }
    }

    private enum Member: CaseIterable {
        case format, number, previousHash, keyID, sequence, amountFen

        var name: String {
            switch self {
            case .format: "format"
            case .number: "number"
            case .previousHash: "prev_hash"
            case .keyID: "key_id"
            case .sequence: "sequence"
            case .amountFen: "amount_fen"
            }
        }
    }

    /// The members read, by their names' bytes, against which each name is matched without
    /// being decoded: a name with an escape in it is none of these.
    private static let members = Member.allCases.map { (member: $0, name: Array($0.name.utf8)) }

    /// The fields read straight from a record's bytes, without building the whole value: a
    /// verifier reads them from every record. Nested values are stepped over (strings with
    /// their escapes, brackets counted); a string read that holds an escape is decoded by
    /// the strict parser. Nil for bytes that are not a JSON object this reader can walk.
    /// What the fields say is only trusted with the record's signature, which covers every
    /// byte: a record the market signed is canonical JSON, so nothing is missed.
    init?(scanning bytes: [UInt8]) {
        var reader = ShallowReader(bytes: bytes)
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        if reader.take(UInt8(ascii: "}")) { return }
        repeat {
            let start = reader.position
            guard reader.skipString(), reader.take(UInt8(ascii: ":")) else { return nil }
            let name = reader.bytes[(start + 1)..<(reader.position - 2)]
            switch Self.members.first(where: { $0.name.count == name.count && $0.name.elementsEqual(name) })?.member {
            case .format?: guard let text = reader.string() else { return nil }; format = text
            case .number?: guard let text = reader.string() else { return nil }; number = text
            case .previousHash?: guard let text = reader.string() else { return nil }; previousHash = text
            case .keyID?: guard let text = reader.string() else { return nil }; keyID = text
            case .sequence?: guard let value = reader.integer() else { return nil }; sequence = value
            case .amountFen?: guard let value = reader.integer() else { return nil }; amountFen = value
            case nil: guard reader.skipValue() else { return nil }
            }
        } while reader.take(UInt8(ascii: ","))
        guard reader.take(UInt8(ascii: "}")), reader.atEnd else { return nil }
    }
}

/// Steps through JSON text with no whitespace (as canonical JSON has none).
struct ShallowReader {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// A string at the position, decoded; nil when there is none or it does not end.
    mutating func string() -> String? {
        let start = position
        guard skipString() else { return nil }
        let raw = bytes[(start + 1)..<(position - 1)]
        if !raw.contains(UInt8(ascii: "\\")) { return String(decoding: raw, as: UTF8.self) }
        guard case .string(let text)? = try? JSONValue.parse(bytes: Array(bytes[start..<position]), source: "") else { return nil }
        return text
    }

    mutating func integer() -> Int64? {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        return Int64(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    /// Past one string, its escapes included.
    mutating func skipString() -> Bool {
        guard take(UInt8(ascii: "\"")) else { return false }
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""): position += 1; return true
            default: position += 1
            }
        }
        return false
    }

    /// Past one value of any kind: a string, or an object or array with whatever it holds,
    /// or a number, true, false or null.
    mutating func skipValue() -> Bool {
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { position += 1; return true }
                default: break
                }
                position += 1
            }
            return false
        default:
            let start = position
            scalar: while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): break scalar
                default: position += 1
                }
            }
            return position > start
        }
    }
}

/// `CODE-YYYY-NNNNNN`: the market's code, the year, the number within the year.
enum ReceiptNumber {
    /// The market's code, the year and the serial of a receipt number; nil for text of another form.
    /// Read as bytes: a verifier reads every record's number.
    static func parts(_ number: String) -> (code: String, year: String, serial: Int64)? {
        let utf8 = number.utf8, dash = UInt8(ascii: "-")
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard let first = utf8.firstIndex(of: dash) else { return nil }
        let yearStart = utf8.index(after: first)
        guard let second = utf8[yearStart...].firstIndex(of: dash) else { return nil }
        let year = utf8[yearStart..<second], digits = utf8[utf8.index(after: second)...]
        guard year.count == 4, year.allSatisfy(isDigit), digits.count >= 6, digits.allSatisfy(isDigit),
              let serial = Int64(Substring(digits)), serial >= 1 else { return nil }
        return (String(Substring(utf8[..<first])), String(Substring(year)), serial)
    }

    /// A serial as numbers write it: at least six digits.
    static func serialText(_ serial: Int64) -> String {
        let digits = String(serial)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
