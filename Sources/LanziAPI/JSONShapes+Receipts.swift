import Foundation
import LanziCore
import LanziService

// Receipts, keys, exports and checks, in the shapes of JSONShapes.swift.

extension ReceiptEntry {
    /// The signed record as it is, with what was said of it later and how to check it.
    package var json: JSONValue {
        .object([
            ("number", .string(record.number)),
            ("kind", .string(record.kind.rawValue)),
            ("record", content),
            ("hash", .string(record.hash)),
            ("signature_base64", .string(Data(record.signature).base64EncodedString())),
            ("signature_fingerprint", .string(signatureFingerprint)),
            ("voided_by", .optional(voidedBy, JSONValue.string)),
            ("invoices", .array(invoices.map(JSONValue.string))),
        ])
    }
}

extension SigningKeyInfo {
    /// The command line's shape, with where the private key file is.
    package var json: JSONValue { json(showingPath: true) }

    /// - Parameter showingPath: whether the private key's path is shown: to the operator at
    ///   the machine, yes; over HTTP, never (no internal path reaches a user there).
    package func json(showingPath: Bool) -> JSONValue {
        .object([
            ("key_id", .string(keyID)), ("fingerprint", .string(fingerprint)), ("algorithm", .string(algorithm.rawValue)),
            ("current", .bool(isCurrent)), ("created_at", .string(createdAt)),
        ] + (showingPath ? [("key_path", .string(keyPath))] : []) + [
            ("public_key_pem", .string(publicKeyPEM)), ("certificate_pem", .string(certificatePEM)),
        ])
    }
}

extension ReceiptCheck {
    package var json: JSONValue {
        .object([
            ("ok", .bool(isClean)), ("count", .integer(Int64(count))),
            ("first_number", .optional(firstNumber, JSONValue.string)), ("last_number", .optional(lastNumber, JSONValue.string)),
            ("last_hash", .string(lastHash)), ("key_fingerprints", .array(keyFingerprints.map(JSONValue.string))),
            ("problems", .array(problems.map { .object([("subject", .string($0.subject)), ("problem", .string($0.problem.description))]) })),
        ])
    }
}

extension ReceiptExportReport {
    package var json: JSONValue {
        .object([
            ("directory", .string(directory)), ("from", .string(from.description)), ("to", .string(to.description)),
            ("first_date", .string(firstDate.description)), ("last_date", .string(lastDate.description)),
            ("count", .integer(Int64(count))), ("first_number", .string(firstNumber)), ("last_number", .string(lastNumber)),
            ("key_fingerprints", .array(keyFingerprints.map(JSONValue.string))),
        ])
    }
}
