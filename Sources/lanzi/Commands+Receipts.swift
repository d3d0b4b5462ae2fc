import Foundation
import LanziCore
import LanziService
import LanziAPI

/// A check that found problems: they have been printed; the command exits 1.
struct CheckFailed: Error {}

/// `key …`, `receipt …`, `receipts …`.
extension Commands {
    static let algorithmOption = OptionSpec.value("algorithm", "ALG", "ed25519 (the default) or sm2 (SM2 with SM3, GB/T 32918, for 国密)")

    static func algorithm(_ invocation: Invocation) throws(DomainError) -> KeyAlgorithm {
        guard let text = invocation.value("algorithm") else { return .ed25519 }
        guard let algorithm = KeyAlgorithm(rawValue: text.lowercased()) else {
            throw DomainError(field: "--algorithm", rule: "must be ed25519 or sm2, got \"\(text)\"")
        }
        return algorithm
    }

    /// Where a database's private key goes unless --path says otherwise: beside it, never in it.
    static func defaultKeyPath(_ context: Context) -> String {
        URL(fileURLWithPath: context.databasePath + ".signing-key.pem").standardizedFileURL.path
    }

    /// The first and last day of `--year`, or `--from` and `--to`: one of the two, not both.
    static func dateRange(_ invocation: Invocation) throws -> (CalendarDate, CalendarDate) {
        if let yearText = invocation.value("year") {
            guard invocation.value("from") == nil, invocation.value("to") == nil else {
                throw DomainError(field: "--year", rule: "give --year or --from and --to, not both")
            }
            let year = try Invocation.integer(yearText, field: "--year")
            guard (2000...2200).contains(year) else { throw DomainError(field: "--year", rule: "must be a year from 2000 to 2200, got \(year)") }
            return (try CalendarDate.parse("\(year)-01-01", field: "--year"), try CalendarDate.parse("\(year)-12-31", field: "--year"))
        }
        guard let from = try invocation.date("from") else { throw DomainError(field: "--from", rule: "is required without --year") }
        guard let to = try invocation.date("to") else { throw DomainError(field: "--to", rule: "is required without --year") }
        return (from, to)
    }

    static let receipts: [CommandSpec] = [
        CommandSpec(["key", "init"], "make the market's signing key (PEM, mode 0600, beside the database) and its self-signed certificate",
                    options: [algorithmOption, .value("path", "FILE", "where to write the private key (default: the database's path + .signing-key.pem)")]) { context in
            let path = context.invocation.value("path").map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? defaultKeyPath(context)
            let key = try context.service().initializeKey(algorithm: try algorithm(context.invocation), path: path)
            context.emit(key.json) { Render.keyMade(key) }
        },
        CommandSpec(["key", "show"], "show the market's public keys and their fingerprints, the current one last") { context in
            let keys = try context.service().signingKeys()
            context.emit(.array(keys.map(\.json))) { Render.keys(keys) }
        },
        CommandSpec(["key", "rotate"], "start a new signing key; earlier receipts keep naming the key that signed them", options: [algorithmOption]) { context in
            let key = try context.service().rotateKey(algorithm: try algorithm(context.invocation))
            context.emit(key.json) { Render.keyMade(key) }
        },
        CommandSpec(["key", "use"], "read the private key from FILE from now on (after moving it), once it is known to be the market's current key",
                    arguments: ["FILE"]) { context in
            let path = URL(fileURLWithPath: context.invocation.arguments[0]).standardizedFileURL.path
            let key = try context.service().useKeyFile(path: path)
            context.emit(key.json) { t("receipts are signed with key \(key.fingerprint) read from \(key.keyPath)") }
        },
        CommandSpec(["receipt", "show"], "show a receipt as a person reads it (--json: the signed record)", arguments: ["NUMBER"]) { context in
            let entry = try context.service().receipt(number: context.invocation.arguments[0])
            context.emit(entry.json) { Render.receipt(entry) }
        },
        CommandSpec(["receipt", "list"], "list receipts, voids and invoice notes", options: [
            .value("merchant", "ID", "only this merchant's"),
            .value("year", "YYYY", "only those dated in this year"),
        ]) { context in
            let entries = try context.service().receipts(merchantID: try context.invocation.integer("merchant").map(Int64.init),
                                                        year: try context.invocation.integer("year"))
            context.emit(.array(entries.map(\.json))) { Render.receipts(entries) }
        },
        CommandSpec(["receipt", "note-invoice"], "record the tax invoice (发票) or province receipt issued for a receipt, as a signed record",
                    arguments: ["NUMBER"], options: [.value("invoice", "NO", "the invoice's or province receipt's number", required: true)]) { context in
            let entry = try context.service().noteInvoice(receiptNumber: context.invocation.arguments[0], invoice: context.invocation.required("invoice"))
            let invoice = Render.Content(value: entry.content).text("invoice")
            context.emit(entry.json) { t("noted invoice \(invoice) for \(entry.record.receiptNumber ?? "") as \(entry.record.number)") }
        },
        CommandSpec(["receipts", "export"], "write the receipts of a year or a range as a bundle that stock openssl checks", options: [
            .value("year", "YYYY", "the calendar year"),
            .value("from", "DATE", "the first day (with --to)"),
            .value("to", "DATE", "the last day (with --from)"),
            .value("out", "DIR", "a new or empty folder", required: true),
        ]) { context in
            let (from, to) = try dateRange(context.invocation)
            let report = try context.service().exportReceipts(from: from, to: to, directory: context.invocation.required("out")) { count in
                LanziCommandLine.printError(t("receipts export: \(count) records written…"))
            }
            context.emit(report.json) { Render.exportReport(report) }
        },
        CommandSpec(["receipts", "verify"], "check an exported bundle: the manifest, every digest, chain link, number and signature (no database needed)",
                    arguments: ["DIR"]) { context in
            let directory = context.invocation.arguments[0]
            let check = ReceiptBundle.verify(directory: directory) { count in
                if count >= 10_000 { LanziCommandLine.printError(t("receipts verify: \(count) signatures checked…")) }
            }
            try report(check, context, subject: directory)
        },
        CommandSpec(["receipts", "verify-db"], "walk the receipt chain in the database: every hash, link, number and signature") { context in
            let check = try context.service().verifyReceiptChain { count in
                if count >= 10_000 { LanziCommandLine.printError(t("receipts verify-db: \(count) signatures checked…")) }
            }
            try report(check, context, subject: context.databasePath)
        },
    ]

    /// Prints a check: its summary when clean, else every problem; a problem makes the command exit 1.
    static func report(_ check: ReceiptCheck, _ context: Context, subject: String) throws {
        context.emit(check.json) { Render.check(check, subject: subject) }
        if !check.isClean { throw CheckFailed() }
    }
}
