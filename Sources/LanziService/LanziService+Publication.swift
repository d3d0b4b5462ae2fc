import LanziCore
import LanziStore
import LanziSigning

/// A published income report, as `income publish` writes it into a folder: the report's
/// canonical JSON (RFC 8785) and its signature, the disclosure sheet, the checkpoint (the
/// receipt chain's end and a digest of the journal at that moment, with the report's and
/// the sheet's SHA-256) and its signature, and the market's public key and certificate.
/// Signatures are raw (Ed25519: 64 bytes; SM2: DER), as `openssl pkeyutl -verify -rawin` reads them.
package struct Publication: Sendable {
    package var files: [(name: String, bytes: [UInt8])]
    package var keyFingerprint: String
    package var reportSHA256: String

    package static let report = "report.json", reportSignature = "report.json.sig", checkpoint = "checkpoint.json",
                       checkpointSignature = "checkpoint.json.sig", sheet = "sheet.html", key = "key.pem", certificate = "certificate.pem"
    package static let fileNames = [report, reportSignature, checkpoint, checkpointSignature, sheet, key, certificate]
    static let checkpointFormat = "lanzi-checkpoint-1"
}

extension LanziService {
    /// Publishes the income report of `period`: computes it, signs its canonical JSON and a
    /// checkpoint of the history it was made from with the market's key, and records the
    /// publication, so that `audit verify` later computes it afresh and compares. `sheet`
    /// renders the disclosure sheet (the front end's), whose digest the checkpoint signs.
    /// - Throws: as `incomeReport`; `.unavailable` or `.conflict` when the key cannot sign.
    package func publishIncome(_ period: ReportPeriod, sheet: (IncomeReport) -> String) throws -> Publication {
        try authorize(.publishIncome)
        let today = clock.today()
        guard period.from <= today else { throw DomainError(field: "period", rule: "the period \(period.description) has not begun; today is \(today)") }
        return try change(.publishIncome) { database in
            let market = try Self.requireMarket(database)
            let report = try IncomeReportBuilder(database, period: period, asOf: Swift.min(period.to, today)).build()
            let key = try Self.currentSigningKey(database)
            let info = try Self.keyInfos(database).last!
            let reportBytes = try CanonicalJSON.bytes(of: report.document)
            let sheetBytes = Array(sheet(report).utf8)
            let reportSHA256 = Digest.hex(try Self.crypto { try Digest.sha256(reportBytes) })
            let mark = try Self.historyMark(database, throughEntry: nil, receiptsThrough: nil)
            let publishedAt = clock.timestamp()
            let checkpoint = JSONValue.object([
                ("format", .string(Publication.checkpointFormat)),
                ("market", .object([("code", .string(market.code)), ("name", .string(market.name))])),
                ("period", .string(period.description)), ("as_of", .string(report.asOf.description)), ("published_at", .string(publishedAt)),
                ("report_sha256", .string(reportSHA256)), ("sheet_sha256", .string(Digest.hex(try Self.crypto { try Digest.sha256(sheetBytes) }))),
                ("journal", .object([
                    ("last_entry_id", .integer(mark.lastEntryID)), ("entries", .integer(mark.entries)), ("lines", .integer(mark.lines)),
                    ("debit_fen", .integer(mark.debit)), ("credit_fen", .integer(mark.credit)), ("sha256", .string(mark.journalSHA256)),
                ])),
                ("receipts", .object([("count", .integer(mark.receipts)), ("last_number", .optional(mark.lastReceiptNumber, JSONValue.string)),
                                      ("last_hash", .optional(mark.lastReceiptHash, JSONValue.string))])),
                ("key_id", .string(info.keyID)), ("algorithm", .string(info.algorithm.rawValue)),
            ])
            let checkpointBytes = try CanonicalJSON.bytes(of: checkpoint)
            let reportSignature = try Self.crypto { try key.signature(for: reportBytes) }
            let checkpointSignature = try Self.crypto { try key.signature(for: checkpointBytes) }
            _ = try database.insertPublication(period: period.description, asOf: report.asOf, report: reportBytes, reportSHA256: reportSHA256,
                                               checkpoint: checkpointBytes, keyID: info.keyID, publishedAt: publishedAt)
            try log(database, "income.publish", period.description, .object([("report_sha256", .string(reportSHA256))]))
            return Publication(files: [
                (Publication.report, reportBytes), (Publication.reportSignature, reportSignature),
                (Publication.checkpoint, checkpointBytes), (Publication.checkpointSignature, checkpointSignature),
                (Publication.sheet, sheetBytes), (Publication.key, Array(info.publicKeyPEM.utf8)), (Publication.certificate, Array(info.certificatePEM.utf8)),
            ], keyFingerprint: info.fingerprint, reportSHA256: reportSHA256)
        }
    }

    /// The journal and the receipts as a checkpoint holds them, with the journal's digest.
    static func historyMark(_ database: Database, throughEntry: Int64?, receiptsThrough: Int64?) throws -> HistoryMark {
        let hasher = try crypto { try SHA256Hasher() }
        var mark = try database.historyMark(throughEntry: throughEntry, receiptsThrough: receiptsThrough) { bytes in try crypto { try hasher.update(bytes) } }
        mark.journalSHA256 = try crypto { try hasher.finish() }
        return mark
    }
}
