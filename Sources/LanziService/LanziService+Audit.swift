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
        let (chain, (tables, counts)) = try look(.auditVerify, beside: { try self.auditTables($0) }) { database, tables in
            (try Self.walkReceiptChain(database, progress: progress), try tables())
        }
        var rows = tables
        rows += chain.problems.map { AuditRow(check: "receipt_chain", subject: $0.subject, detail: $0.problem) }
        return AuditReport(findings: rows.map { AuditFinding(check: $0.check, subject: $0.subject, found: $0.detail) },
                           counts: counts.map { ($0.0, $0.1) }, receiptsChecked: chain.count)
    }

    /// Every check but the receipt chain's, and the records counted, inside the caller's transaction.
    private func auditTables(_ database: Database) throws -> ([AuditRow], [(String, Int64)]) {
        let books = try Books(database, at: clock.timestamp())
        let journal = try database.journalAgainstDocuments(receivable: books.receivable, merchantCredit: books.merchantCredit)
        var rows = journal.unbalanced
        rows += try database.billsNotSummingToTheirTotal()
        rows += journal.postings
        rows += try database.paymentsNotAllocatedInFull()
        rows += try database.paymentsWithoutTheirReceipt()
        rows += try database.numberingGaps()
        rows += try publicationFindings(database)
        return (rows, try database.auditCounts())
    }
}
