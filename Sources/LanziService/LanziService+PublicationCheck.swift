import LanziCore
import LanziStore
import LanziSigning

/// What a check of a publication, or of a database against its checkpoint, found.
package struct PublicationCheck: Sendable {
    package var problems: [ReceiptProblem] = []
    package var period: String?
    package var keyFingerprint: String?
    package var isClean: Bool { problems.isEmpty }
}

extension LanziService {
    /// Checks a publication's files without a database: both are canonical JSON signed by
    /// the key beside them, the checkpoint names that key and the report's and the sheet's
    /// SHA-256, and the certificate holds the same key. Compare the fingerprint it gives
    /// with the one the market publishes.
    package static func verifyPublication(_ files: [String: [UInt8]]) -> PublicationCheck {
        var check = PublicationCheck()
        for name in Publication.fileNames where files[name] == nil { check.problems.append(ReceiptProblem(name, "is missing")) }
        guard check.isClean else { return check }
        guard let key = try? VerifyingKey(pem: String(decoding: files[Publication.key]!, as: UTF8.self)) else {
            check.problems.append(ReceiptProblem(Publication.key, "is not a public key"))
            return check
        }
        check.keyFingerprint = key.fingerprint
        if let certificate = try? Certificate(pem: String(decoding: files[Publication.certificate]!, as: UTF8.self)) {
            if certificate.publicKey.keyID != key.keyID { check.problems.append(ReceiptProblem(Publication.certificate, "holds another key than \(Publication.key)")) }
        } else {
            check.problems.append(ReceiptProblem(Publication.certificate, "is not a certificate"))
        }
        for (document, signature) in [(Publication.report, Publication.reportSignature), (Publication.checkpoint, Publication.checkpointSignature)] {
            let bytes = files[document]!
            if (try? CanonicalJSON.canonicalize(bytes, source: document)) != bytes { check.problems.append(ReceiptProblem(document, "is not in canonical form (RFC 8785)")) }
            if (try? key.isValidSignature(files[signature]!, for: bytes)) != true { check.problems.append(ReceiptProblem(signature, "is not a signature of \(document) by the key in \(Publication.key)")) }
        }
        guard let checkpoint = try? JSONValue.parse(bytes: files[Publication.checkpoint]!, source: Publication.checkpoint),
              case .string(Publication.checkpointFormat)? = checkpoint["format"] else {
            check.problems.append(ReceiptProblem(Publication.checkpoint, "is not a checkpoint of the format \(Publication.checkpointFormat)"))
            return check
        }
        if case .string(let period)? = checkpoint["period"] { check.period = period }
        if checkpoint["key_id"] != .string(key.keyID) { check.problems.append(ReceiptProblem(Publication.checkpoint, "names another key than \(Publication.key)")) }
        for (name, member) in [(Publication.report, "report_sha256"), (Publication.sheet, "sheet_sha256")] {
            let digest = (try? Digest.sha256(files[name]!)).map { Digest.hex($0) }
            if checkpoint[member] != digest.map(JSONValue.string) { check.problems.append(ReceiptProblem(name, "does not have the SHA-256 the checkpoint signs")) }
        }
        if let report = try? JSONValue.parse(bytes: files[Publication.report]!, source: Publication.report),
           report["period"]?["label"] != checkpoint["period"] {
            check.problems.append(ReceiptProblem(Publication.report, "is of another period than the checkpoint's"))
        }
        return check
    }

    /// The database against a checkpoint kept from a publication: its signature by one of
    /// the market's keys, and the journal and the receipt chain up to that moment exactly as
    /// they were then. A history rewritten since — an entry changed, removed or slipped in
    /// before the checkpoint, the receipt chain re-made — shows here.
    package func auditAgainstCheckpoint(_ files: [String: [UInt8]]) throws -> PublicationCheck {
        try authorize(.auditCheckpoint)
        var check = PublicationCheck()
        guard let bytes = files[Publication.checkpoint], let signature = files[Publication.checkpointSignature],
              let checkpoint = try? JSONValue.parse(bytes: bytes, source: Publication.checkpoint),
              case .string(Publication.checkpointFormat)? = checkpoint["format"],
              case .string(let keyID)? = checkpoint["key_id"],
              case .integer(let lastEntry)? = checkpoint["journal"]?["last_entry_id"],
              case .integer(let receipts)? = checkpoint["receipts"]?["count"] else {
            check.problems.append(ReceiptProblem(Publication.checkpoint, "is missing or not a checkpoint of the format \(Publication.checkpointFormat)"))
            return check
        }
        if case .string(let period)? = checkpoint["period"] { check.period = period }
        return try look(.auditCheckpoint) { database in
            guard let info = try Self.keyInfos(database).first(where: { $0.keyID == keyID }),
                  let key = try? VerifyingKey(pem: info.publicKeyPEM), (try? key.isValidSignature(signature, for: bytes)) == true else {
                check.problems.append(ReceiptProblem(Publication.checkpointSignature, "is not a signature of the checkpoint by any of this market's keys"))
                return check
            }
            check.keyFingerprint = key.fingerprint
            let now = try Self.historyMark(database, throughEntry: lastEntry, receiptsThrough: receipts)
            let journal = checkpoint["journal"]
            for (member, value) in [("entries", now.entries), ("lines", now.lines), ("debit_fen", now.debit), ("credit_fen", now.credit)]
            where journal?[member] != .integer(value) {
                check.problems.append(ReceiptProblem("journal", "\(member) up to entry \(lastEntry): the checkpoint says \(journal?[member]?.serialized(pretty: false) ?? "?"), the database \(value)"))
            }
            if journal?["sha256"] != .string(now.journalSHA256) {
                check.problems.append(ReceiptProblem("journal", "the entries up to \(lastEntry) are not those of the checkpoint: an entry was changed, removed or slipped in since"))
            }
            if now.receipts != receipts || checkpoint["receipts"]?["last_hash"] != .optional(now.lastReceiptHash, JSONValue.string) {
                check.problems.append(ReceiptProblem("receipts", "the chain up to record \(receipts) is not the checkpoint's: it ends at \(now.lastReceiptNumber ?? "nothing") with another hash"))
            }
            return check
        }
    }

    /// Each publication recorded: its stored bytes still have their stored digest, and its
    /// figures equal a fresh computation to its day from the documents.
    func publicationFindings(_ database: Database) throws -> [AuditRow] {
        try database.publications().compactMap { publication in
            let subject = "\(publication.period) published at \(publication.publishedAt)"
            guard Digest.hex(try Self.crypto { try Digest.sha256(publication.report) }) == publication.reportSHA256,
                  let published = try? JSONValue.parse(bytes: publication.report, source: "report") else {
                return AuditRow(check: "publications", subject: subject, detail: Phrase("its stored report no longer has the digest recorded with it"))
            }
            guard let period = try? ReportPeriod.parse(publication.period, field: "period") else {
                return AuditRow(check: "publications", subject: publication.period, detail: Phrase("names no period lanzi reads"))
            }
            let fresh = try IncomeReportBuilder(database, period: period, asOf: publication.asOf).build().document
            // Compared in canonical form: the stored report's members are in canonical order.
            guard try CanonicalJSON.bytes(of: Self.auditedFigures(fresh)) != CanonicalJSON.bytes(of: Self.auditedFigures(published)) else { return nil }
            return AuditRow(check: "publications", subject: subject,
                            detail: Phrase("the report published no longer equals a fresh computation from the documents"))
        }
    }

    /// What of a report a publication is held to: its money and its period. Not the names nor
    /// the register's description, which are corrected after without the books changing (the
    /// market renamed, a merchant's name put right, a unit added to the register): the
    /// masked merchants in arrears become their amounts alone, largest first.
    static func auditedFigures(_ document: JSONValue) -> JSONValue {
        guard case .object(let members) = document else { return document }
        return .object(members.compactMap { key, value -> (String, JSONValue)? in
            switch (key, value) {
            case ("market", _), ("occupancy", _): return nil
            case ("arrears", .object(let arrears)):
                return (key, .object(arrears.map { name, part in
                    guard name == "by_merchant", case .array(let merchants) = part else { return (name, part) }
                    let amounts = merchants.compactMap { merchant -> Int64? in
                        guard case .object(let fields) = merchant, case .integer(let fen)? = fields.first(where: { $0.0 == "amount_fen" })?.1 else { return nil }
                        return fen
                    }
                    return (name, .array(amounts.sorted(by: >).map(JSONValue.integer)))
                }))
            default: return (key, value)
            }
        })
    }
}
