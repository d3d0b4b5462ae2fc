import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// An export of the receipt chain that a committee checks without Lanzi and without trusting
/// the operator: with stock `openssl` and coreutils (`tools/verify-receipts`), or with
/// `lanzi receipts verify`, which needs no database.
///
///     manifest.json                  what the bundle holds (canonical JSON), signed:
///     manifest.json.sig              its signature by the key `signed_by` names
///     VERIFY.md                      how to check it, in Chinese and English
///     keys/KEYID.pem, keys/KEYID.crt every key the records name: public key, certificate
///     records/SSSSSSSS_NUMBER.json   each record exactly as signed, in chain order
///     records/SSSSSSSS_NUMBER.json.sig  its signature (raw bytes, as `openssl pkeyutl` writes)
///
/// The manifest names the market, the range, the count, the first and last numbers and
/// sequences, the first record's `prev_hash`, the last record's hash, the keys, and the
/// SHA-256 of every other file.
package enum ReceiptBundle {
    package static let format = "lanzi-receipt-bundle/1"

    static func write(records: [ReceiptRecord], keys: [SigningKeyInfo], market: Market, from: CalendarDate, to: CalendarDate, exportedAt: String,
                      signingKey: SigningKey, into folder: URL, progress: (Int) -> Void) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: folder.appendingPathComponent("records"), withIntermediateDirectories: true)
        try fileManager.createDirectory(at: folder.appendingPathComponent("keys"), withIntermediateDirectories: true)
        var files: [(String, String)] = []
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try writeFile(folder.appendingPathComponent(name).path, bytes)
            files.append((name, Digest.hex(try LanziService.crypto { try Digest.sha256(bytes) })))
        }
        // Two files a record, written and hashed on every core; listed in chain order.
        let written = Parallel.map(records.count, progress: progress) { index -> Result<[(String, String)], ServiceError> in
            let record = records[index]
            let name = recordFileName(record)
            do {
                return .success(try [(name, record.canonical), (name + ".sig", record.signature)].map { file, bytes in
                    try writeFile(folder.appendingPathComponent(file).path, bytes)
                    return (file, Digest.hex(try LanziService.crypto { try Digest.sha256(bytes) }))
                })
            } catch let error as ServiceError {
                return .failure(error)
            } catch {
                return .failure(ServiceError.unavailable("\(name) cannot be written: \(error)"))
            }
        }
        for result in written { files += try result.get() }
        // Every key the market has had goes in, not only those of these records: a committee
        // keeps the whole list of keys from export to export.
        let bundled = keys
        for key in bundled {
            try put("keys/\(key.keyID).pem", Array(key.publicKeyPEM.utf8))
            try put("keys/\(key.keyID).crt", Array(key.certificatePEM.utf8))
        }
        let signer = signingKey.verifyingKey
        try put("VERIFY.md", Array(instructions(market: market, signer: signer, keys: bundled).utf8))
        let manifest = JSONValue.object([
            ("format", .string(format)),
            ("market", .object([("code", .string(market.code)), ("name", .string(market.name))])),
            ("from", .string(from.description)),
            ("to", .string(to.description)),
            ("exported_at", .string(exportedAt)),
            ("count", .integer(Int64(records.count))),
            ("first_number", .string(records.first?.number ?? "")),
            ("last_number", .string(records.last?.number ?? "")),
            ("first_sequence", .integer(records.first?.sequence ?? 0)),
            ("last_sequence", .integer(records.last?.sequence ?? 0)),
            ("first_prev_hash", .string(records.first?.previousHash ?? ReceiptDocument.firstPreviousHash)),
            ("last_hash", .string(records.last?.hash ?? ReceiptDocument.firstPreviousHash)),
            ("keys", .array(bundled.map { key in
                .object([("key_id", .string(key.keyID)), ("algorithm", .string(key.algorithm.rawValue)),
                         ("public_key", .string("keys/\(key.keyID).pem")), ("certificate", .string("keys/\(key.keyID).crt"))])
            })),
            ("signed_by", .string(signer.keyID)),
            ("files", .array(files.map { .object([("name", .string($0.0)), ("sha256", .string($0.1))]) })),
        ])
        let bytes = try CanonicalJSON.bytes(of: manifest)
        try writeFile(folder.appendingPathComponent("manifest.json").path, bytes)
        try writeFile(folder.appendingPathComponent("manifest.json.sig").path, try LanziService.crypto { try signingKey.signature(for: bytes) })
    }

    /// Writes a new file whole (never over one), with plain POSIX calls: an export writes two
    /// a record.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ServiceError.unavailable("\(path) cannot be written: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw ServiceError.unavailable("\(path) cannot be written: \(String(cString: strerror(errno)))") }
            offset += count
        }
    }

    /// The names in a folder, with plain POSIX calls: a bundle's records folder holds two
    /// hundred thousand.
    static func directoryNames(_ path: String) -> [String] {
        var names: [String] = []
        forEachName(in: path) { names.append(String(decoding: $0, as: UTF8.self)) }
        return names
    }

    /// How many names folder `path` holds (0 when it cannot be read), without making their text.
    static func directoryEntryCount(_ path: String) -> Int {
        var count = 0
        forEachName(in: path) { _ in count += 1 }
        return count
    }

    /// Calls `body` with the bytes of each name in folder `path` but "." and "..".
    private static func forEachName(in path: String, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                let name = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: 0) ?? bytes.count)])
                if !name.elementsEqual(".".utf8) && !name.elementsEqual("..".utf8) { body(name) }
            }
        }
    }

    /// A whole file's bytes with plain POSIX calls; nil when it cannot be read, is a link, or
    /// holds more than `limit` bytes. A relative path is opened from the folder `directory`
    /// is open on, which spares the kernel the walk from the root for each of a bundle's two
    /// hundred thousand files.
    ///
    /// Three calls a file: open, read, close. The file is read into a buffer on the stack;
    /// a read that fills less of it ends a regular file, so no `fstat` is needed for the
    /// size, and only a file as big as the buffer is read on until a read gives nothing. A
    /// FIFO or device put in a bundle cannot hold the check: it is opened without waiting,
    /// and read no further than `limit`.
    /// Linux's O_NOATIME (the same on every architecture), which Glibc's module leaves out
    /// as a GNU extension.
    private static let noAccessTime: Int32 = 0o1_000_000

    static func readFile(_ path: String, from directory: Int32 = AT_FDCWD, limit: Int = 1 << 20) -> [UInt8]? {
        // O_NOATIME: a newly exported file's first read would otherwise write its inode back
        // for the access time; the kernel allows it only to the file's owner.
        let flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY
        var descriptor = openat(directory, path, flags | noAccessTime)
        if descriptor < 0 && errno == EPERM { descriptor = openat(directory, path, flags) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let bufferSize = 16_384
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize) { buffer -> [UInt8]? in
            var bytes: [UInt8] = []
            while true {
                let count = Glibc.read(descriptor, buffer.baseAddress, bufferSize)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { return nil }
                if bytes.count + count > limit { return nil }
                // A file bigger than the buffer (a manifest of tens of megabytes) is given
                // its whole size at once rather than grown and copied read by read.
                if bytes.isEmpty && count == bufferSize {
                    var status = stat()
                    if fstat(descriptor, &status) == 0, Int(status.st_size) <= limit { bytes.reserveCapacity(Int(status.st_size) + 1) }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
                if count < bufferSize { return bytes }
            }
        }
    }

    /// `records/00000017_BWG-2026-000001.json`: the sequence first, so that names sort in
    /// chain order for `ls` and a shell glob.
    static func recordFileName(_ record: ReceiptRecord) -> String { recordFileName(sequence: record.sequence, number: record.number) }

    /// Made in one piece of memory: a checker makes one for each record it reads.
    static func recordFileName(sequence: Int64, number: String) -> String {
        let digits = String(sequence)
        var name = "records/"
        name.reserveCapacity(14 + max(8, digits.utf8.count) + number.utf8.count)
        for _ in digits.utf8.count..<max(8, digits.utf8.count) { name.append("0") }
        name += digits
        name += "_"
        name += number
        name += ".json"
        return name
    }

    /// Whether a name the manifest gives stays inside the bundle: relative, with no `..`.
    /// Read a byte at a time: a manifest names two hundred thousand files.
    static func isInside(_ name: String) -> Bool {
        var name = name
        return name.withUTF8(isInside)
    }

    /// Each part between slashes must be neither empty nor `..`.

    private static func isInside(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var partStart = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == slash {
            let length = index - partStart
            if length == 0 || (length == 2 && bytes[partStart] == dot && bytes[partStart + 1] == dot) { return false }
            partStart = index + 1
        }
        return true
    }

    /// What an auditor reads first: the checks, each as one stock command.
    static func instructions(market: Market, signer: VerifyingKey, keys: [SigningKeyInfo]) -> String {
        let options = { (algorithm: SignatureAlgorithm) in
            algorithm == .sm2 ? "-rawin -digest sm3 -pkeyopt distid:1234567812345678" : "-rawin"
        }
        let keyLines = keys.map { "- `keys/\($0.keyID).pem` — \($0.algorithm.rawValue), 指纹 fingerprint `\($0.fingerprint)`" }.joined(separator: "\n")
        return """
            # \(market.name)（\(market.code)）收据包核验说明 · How to check this receipt bundle

            本包中的每张收据、作废记录和发票备注都按原样保存（RFC 8785 规范 JSON），并由市场的密钥签名；
            每条记录含有前一条记录的 SHA-256（prev_hash），任何记录被改动、删除或插入都会使链条断开。
            Every receipt, void and invoice note is stored exactly as it was signed (RFC 8785 canonical JSON)
            and holds the SHA-256 of the record before it (prev_hash), so a record changed, removed or
            inserted afterwards breaks the chain.

            ## 1. 核对密钥 · Check the keys

            先将下列指纹与市场公布的指纹核对（公示栏、村务公开）；不一致则本包不可信。
            First compare these fingerprints with the ones the market published; if they differ, do not trust this bundle.

            \(keyLines)

                openssl pkey -pubin -in keys/KEYID.pem -outform DER | openssl dgst -sha256 -r

            ## 2. 一条命令全部核验 · Check everything with one command

                tools/verify-receipts DIR          # 只需 bash、coreutils 和 openssl；--all 逐条验签
                lanzi receipts verify DIR          # 不需要数据库 · needs no database

            ## 3. 手工核验 · Check by hand

            清单签名 · The manifest's signature (key `\(signer.fingerprint)`):

                openssl pkeyutl -verify -pubin -inkey keys/\(signer.keyID).pem \(options(signer.algorithm)) -in manifest.json -sigfile manifest.json.sig

            文件摘要，与 manifest.json 中的 sha256 及下一条记录的 prev_hash 对照 · File digests, to compare with
            manifest.json's sha256 values and with each next record's prev_hash:

                openssl dgst -sha256 -r records/*.json

            单条记录的签名（记录中的 key_id 指明所用密钥）· One record's signature (its key_id names the key):

                openssl pkeyutl -verify -pubin -inkey keys/KEYID.pem -rawin -in records/FILE.json -sigfile records/FILE.json.sig

            编号须每年从 000001 起连续不断 · Numbers must run without a gap within each year.
            收据不作发票使用 · A receipt is not a tax invoice (不作发票使用).

            """
    }

    /// Checks a bundle on its own: the manifest's signature and every file's digest, then
    /// every record as `ReceiptChainChecker` does, the bundle's ends against the manifest.
    /// Problems name the file; nothing is read from a database.
    package static func verify(directory: String, progress: (Int) -> Void = { _ in }) -> ReceiptCheck {
        let folder = URL(fileURLWithPath: directory)
        var failed = ReceiptCheck()
        // Paths joined as text: Foundation's URL asks the file system about each one.
        let base = folder.path + "/"
        let bundleFolder = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if bundleFolder >= 0 { close(bundleFolder) } }
        // A record, a signature, a key or VERIFY.md is a few kilobytes; a manifest lists every file.
        @Sendable func read(_ name: String, limit: Int = 1 << 20) -> [UInt8]? { bundleFolder >= 0 ? readFile(name, from: bundleFolder, limit: limit) : nil }
        guard let manifestBytes = read("manifest.json", limit: 1 << 32) else {
            failed.problems.append(ReceiptProblem("manifest.json", "is missing or unreadable: \(directory) is not a receipt bundle"))
            return failed
        }
        // Its canonical form is looked at only if its signature fails: signed, it is the
        // exporter's own canonical bytes.
        // The file list, which holds two entries a record, is read without building its tree.
        guard let (members, listedFiles) = shallowManifest(manifestBytes) else {
            failed.problems.append(ReceiptProblem("manifest.json", "is not canonical JSON: it was changed after it was signed"))
            return failed
        }
        func member(_ name: String) -> JSONValue? { members.first { $0.0 == name }?.1 }
        func text(_ name: String) -> String? { if case .string(let value)? = member(name) { value } else { nil } }
        func integer(_ name: String) -> Int64? { if case .integer(let value)? = member(name) { value } else { nil } }
        guard text("format") == format else {
            failed.problems.append(ReceiptProblem("manifest.json", "is not a manifest of the format \(format)"))
            return failed
        }
        var problems: [ReceiptProblem] = []
        var keys: [String: VerifyingKey] = [:]
        if case .array(let entries)? = member("keys") {
            for entry in entries {
                guard case .object(let fields) = entry, case .string(let keyID)? = fields.first(where: { $0.0 == "key_id" })?.1,
                      case .string(let file)? = fields.first(where: { $0.0 == "public_key" })?.1 else { continue }
                guard file == "keys/\(keyID).pem", isInside(file) else {
                    problems.append(ReceiptProblem("manifest.json", "names \(file) as the file of key \(keyID), not keys/\(keyID).pem"))
                    continue
                }
                guard let pem = read(file), let key = try? VerifyingKey(pem: String(decoding: pem, as: UTF8.self)) else {
                    problems.append(ReceiptProblem(file, "is missing or not a public key")); continue
                }
                guard key.keyID == keyID else {
                    problems.append(ReceiptProblem(file, "holds key \(key.keyID), not the \(keyID) the manifest names")); continue
                }
                keys[keyID] = key
            }
        }
        // The manifest's signature, over tens of megabytes, is checked beside the records; what
        // it finds goes in the report where it would stand had it been checked first.
        var manifestSignature: Background<[ReceiptProblem]>?
        if let signer = text("signed_by"), let key = keys[signer] {
            let signature = read("manifest.json.sig") ?? []
            manifestSignature = Background {
                guard (try? key.isValidSignature(signature, for: manifestBytes)) != true else { return [] }
                var found = [ReceiptProblem("manifest.json", "its signature (manifest.json.sig) does not verify with key \(key.fingerprint): the manifest was changed")]
                if (try? CanonicalJSON.bytes(of: JSONValue.parse(bytes: manifestBytes, source: "manifest.json"))) != manifestBytes {
                    found.append(ReceiptProblem("manifest.json", "is not canonical JSON: it was changed after it was signed"))
                }
                return found
            }
        } else {
            problems.append(ReceiptProblem("manifest.json", "is signed by key \(text("signed_by") ?? "(none)"), which is not in the bundle"))
        }
        let signatureProblemsAt = problems.count
        // Any file of records/ or keys/ that the manifest does not list was added afterwards.
        // The folders' entries are counted meanwhile, on a thread of their own. When every file
        // listed is there as listed, each under its own name, and a folder holds no more
        // entries than the manifest lists in it, nothing was added to it; only otherwise are
        // its names looked up.
        let folders = [("records", "records/"), ("keys", "keys/")]
        var listedIn = ListedNames(folders: folders.map(\.1))
        var entries: [(name: String, digest: String)] = []
        entries.reserveCapacity(listedFiles.count)
        for (name, digest) in listedFiles {
            guard isInside(name) else {
                problems.append(ReceiptProblem("manifest.json", "names \(name), a file outside the bundle"))
                continue
            }
            listedIn.take(name)
            entries.append((name, digest))
        }
        let counts = Parallel.Results<[Int]>(count: 1)
        let counted = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            counts.set(0, folders.map { directoryEntryCount(base + $0.0) })
            counted.signal()
        }
        // A record and its signature, listed one after the other as the exporter writes them,
        // are read, hashed and checked together in one pass on every core; every other file
        // (keys, VERIFY.md, a signature listed out of its place) is hashed on its own.
        var records: [(json: Int, signature: Int?)] = []
        var others: [Int] = []
        var index = 0
        while index < entries.count {
            let name = entries[index].name
            if ListedNames.isRecordFile(name) {
                let paired = index + 1 < entries.count && ListedNames.isSignatureFile(entries[index + 1].name, of: name)
                records.append((index, paired ? index + 1 : nil))
                index += paired ? 2 : 1
            } else {
                others.append(index)
                index += 1
            }
        }
        let fileEntries = entries
        @Sendable func checkedDigest(_ entry: Int, _ bytes: [UInt8]?) -> ReceiptProblem? {
            let name = fileEntries[entry].name
            guard let bytes else { return ReceiptProblem(name, "is listed in the manifest but missing") }
            guard let digest = try? Digest.sha256(bytes), Digest.hex(digest, equals: fileEntries[entry].digest) else {
                return ReceiptProblem(name, "does not have the SHA-256 the manifest gives: it was changed")
            }
            return nil
        }
        let single = others
        for problem in Parallel.map(single.count, { checkedDigest(single[$0], read(fileEntries[single[$0]].name)) }).compactMap({ $0 }) {
            problems.append(problem)
        }
        let pairs = records
        let knownKeys = keys
        var marketCode: String?
        if case .object(let market)? = member("market"), case .string(let code)? = market.first(where: { $0.0 == "code" })?.1 { marketCode = code }
        // The records in the manifest's order, which is the chain's, a run at a time: a run's
        // results are walked while the next run is checked on every core.
        @Sendable func examine(_ run: Range<Int>) -> [ReceiptChainChecker.Examined] {
            Parallel.map(run.count, state: { [String: SignatureVerifier]() }) { verifiers, position in examine(pairs[run.lowerBound + position], &verifiers) }
        }
        @Sendable func examine(_ pair: (json: Int, signature: Int?), _ verifiers: inout [String: SignatureVerifier]) -> ReceiptChainChecker.Examined {
            let (json, signatureEntry) = pair
            let name = fileEntries[json].name
            let canonical = read(name)
            let signature = read(signatureEntry.map { fileEntries[$0].name } ?? name + ".sig")
            var found: [ReceiptProblem] = []
            if let problem = checkedDigest(json, canonical) { found.append(problem) }
            if let signatureEntry, let problem = checkedDigest(signatureEntry, signature) { found.append(problem) }
            // A file that matches the manifest's digest is hashed already: the manifest's digest is its hash.
            let hash = found.isEmpty && canonical != nil ? fileEntries[json].digest : nil
            var record = ReceiptChainChecker.Examined(subject: name, canonical: canonical ?? [], signature: signature ?? [], hash: hash,
                                                      keys: knownKeys, subjectOf: { recordFileName(sequence: $0, number: $1) },
                                                      verifiers: &verifiers)
            record.fileProblems = found
            return record
        }
        var walker = ReceiptChainChecker.ChainWalker(previousHash: text("first_prev_hash") ?? "", fromTheStart: integer("first_sequence") == 1,
                                                     marketCode: marketCode)
        var listedAsMade = problems.isEmpty
        let runs = stride(from: 0, to: pairs.count, by: LanziService.chainRunSize).map { $0..<min($0 + LanziService.chainRunSize, pairs.count) }
        var checking = runs.first.map { run in Background { examine(run) } }
        for (index, run) in runs.enumerated() {
            // The examining throws nothing.
            let results = (try? checking?.value()) ?? []
            checking = index + 1 < runs.count ? Background { [next = runs[index + 1]] in examine(next) } : nil
            for record in results {
                if !record.fileProblems.isEmpty { listedAsMade = false }
                walker.take(record)
            }
            if pairs.count >= 10_000 { progress(run.upperBound) }
        }
        var check = walker.check
        // The work throws nothing.
        let signatureProblems = (try? manifestSignature?.value()) ?? []
        if !signatureProblems.isEmpty { listedAsMade = false }
        problems.insert(contentsOf: signatureProblems, at: signatureProblemsAt)
        counted.wait()
        var added: [String] = []
        for (((folder, prefix), count), listed) in zip(zip(folders, counts.values()[0]), listedIn.folders) {
            if listedAsMade, count == listed.count, listed.isRising { continue }
            let known = Set(entries.lazy.map(\.name).filter { $0.hasPrefix(prefix) })
            for name in directoryNames(base + folder) where !known.contains(prefix + name) { added.append(prefix + name) }
        }
        for name in added.sorted() { problems.append(ReceiptProblem(name, "is not in the manifest: it was added to the bundle")) }
        if check.firstSequence != integer("first_sequence") || check.lastSequence != integer("last_sequence") {
            problems.append(ReceiptProblem("manifest.json", "gives sequences \(integer("first_sequence") ?? 0) to \(integer("last_sequence") ?? 0), but the records run from \(check.firstSequence ?? 0) to \(check.lastSequence ?? 0)"))
        }
        if Int64(check.count) != integer("count") {
            problems.append(ReceiptProblem("manifest.json", "says \(integer("count") ?? 0) records, but the bundle holds \(check.count)"))
        }
        if check.lastHash != text("last_hash") {
            problems.append(ReceiptProblem("manifest.json", "its last_hash is not the hash of the bundle's last record: the end of the chain was changed or removed"))
        }
        if check.firstNumber != text("first_number") || check.lastNumber != text("last_number") {
            problems.append(ReceiptProblem("manifest.json", "names \(text("first_number") ?? "") to \(text("last_number") ?? ""), but the records run from \(check.firstNumber ?? "(none)") to \(check.lastNumber ?? "(none)")"))
        }
        check.problems = problems + check.problems
        return check
    }
}
