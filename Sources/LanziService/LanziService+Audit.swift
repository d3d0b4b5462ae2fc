import LanziCore
import LanziStore

/// One discrepancy the audit found: the check that found it, where, and what.
package struct AuditFinding: Hashable, Sendable {
    package var check: String
    package var subject: String
    package var found: Phrase
}

/// What `audit verify` found in the whole database.
package struct AuditReport: Sendable {
    package var findings: [AuditFinding]
    /// The records looked at, by table.
    package var counts: [(table: String, count: Int64)]
    package var receiptsChecked: Int
    package var isClean: Bool { findings.isEmpty }

    /// The checks, in the order they run, each named as the findings name it.
    package static let checks = ["journal_balance", "bill_totals", "postings", "payment_allocations", "receipts", "numbering", "publications", "receipt_chain"]
}

extension LanziService {
    /// Checks the whole database against itself: every journal entry balances; every bill's
    /// lines come to its total and its entry (and its void's) posts exactly them; every
    /// payment's allocations and credit come to its amount and its entry posts them; every
    /// expense and income record, and every reversal of one, posts its own amount; every
    /// payment has exactly one receipt for its amount and every reversal a void; every number
    /// issued is held by a record (receipts, payments, bills, expenses, income); every
    /// published report equals a fresh computation; and the
    /// receipt chain holds: every hash, link, number without a gap, and signature (checked on
    /// every core). `progress` hears how many signatures were checked.
    ///
    /// The checks in SQL run on a connection and thread of their own while the chain's
    /// signatures are checked, in the same snapshot, so that they take no time of their own
    /// beside the signatures.
    package func auditVerify(progress: (Int) -> Void = { _ in }) throws -> AuditReport {
        let (chain, amounts, (tables, counts)) = try look(.auditVerify, beside: { try self.auditTables($0) }) { database, tables in
            var amounts = try ReceiptAmountCheck(database)
            let chain = try Self.walkReceiptChain(database, progress: progress) { record, fields in try amounts.take(record, fields) }
            return (chain, amounts.found, try tables())
        }
        var rows = tables
        // A receipt's amount is read from its bytes as the chain is walked; it belongs with the other receipt findings.
        let receipts = AuditReport.checks.firstIndex(of: "receipts") ?? 0
        rows.insert(contentsOf: amounts, at: rows.firstIndex { (AuditReport.checks.firstIndex(of: $0.check) ?? .max) > receipts } ?? rows.endIndex)
        rows += chain.problems.map { AuditRow(check: "receipt_chain", subject: $0.subject, detail: $0.problem) }
        return AuditReport(findings: rows.map { AuditFinding(check: $0.check, subject: $0.subject, found: $0.detail) },
                           counts: counts.map { ($0.0, $0.1) }, receiptsChecked: chain.count)
    }

    /// Every check but the receipt chain's, and the records counted, inside the caller's transaction.
    private func auditTables(_ database: Database) throws -> ([AuditRow], [(String, Int64)]) {
        let books = try Books(database, at: clock.timestamp())
        let journal = try database.journalAgainstDocuments(receivable: books.receivable, merchantCredit: books.merchantCredit)
        var rows = journal.unbalanced
        rows += journal.billTotals
        rows += journal.postings
        rows += journal.allocations
        rows += try database.paymentsWithoutTheirReceipt()
        rows += try database.numberingGaps()
        rows += try publicationFindings(database)
        return (rows, try database.auditCounts())
    }
}

/// Whether each receipt says the amount of its payment, as the chain is walked: the receipts
/// come in the order of their payments, so the payments are read beside them, and a receipt
/// out of that order looks its payment up.
struct ReceiptAmountCheck {
    private let database: Database
    private let payments: RowStepper
    private var onPayment: Bool
    private(set) var found: [AuditRow] = []

    init(_ database: Database) throws {
        self.database = database
        payments = try database.paymentsInOrder()
        onPayment = try payments.next()
    }

    mutating func take(_ record: ReceiptRecord, _ fields: RecordFields) throws {
        guard record.kind == .receipt else { return }
        while try onPayment && payments.int64(at: 0) < record.paymentID { onPayment = try payments.next() }
        let payment = try onPayment && payments.int64(at: 0) == record.paymentID
            ? (number: try payments.text(at: 1), fen: try payments.int64(at: 2)) : try database.paymentAmount(id: record.paymentID)
        guard let payment, fields.amountFen != payment.fen else { return }
        found.append(AuditRow(check: "receipts", subject: payment.number,
                              detail: Phrase("its receipt \(record.number) says \(Money(fen: fields.amountFen ?? 0)), the payment is \(Money(fen: payment.fen))")))
    }
}
