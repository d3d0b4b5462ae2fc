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
    /// The journal and the documents are read on a connection and thread of their own while
    /// the chain's signatures are checked, in the same snapshot, so that they take little
    /// time of their own beside the signatures; each payment's one receipt, and its amount,
    /// are read as the chain itself is walked, beside the payments in order.
    package func auditVerify(progress: (Int) -> Void = { _ in }) throws -> AuditReport {
        let (chain, receipted, (tables, counts)) = try look(.auditVerify, beside: { try self.auditTables($0) }) { database, tables in
            var payments = try ReceiptPaymentCheck(database)
            let chain = try Self.walkReceiptChain(database, progress: progress) { record, fields in try payments.take(record, fields) }
            return (chain, try payments.finish(), try tables())
        }
        var rows = tables
        // What the chain's walk found of the payments' receipts goes first among the receipt findings.
        let receipts = AuditReport.checks.firstIndex(of: "receipts") ?? 0
        rows.insert(contentsOf: receipted, at: rows.firstIndex { (AuditReport.checks.firstIndex(of: $0.check) ?? .max) >= receipts } ?? rows.endIndex)
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
        rows += try database.reversalsWithoutTheirVoid()
        rows += try database.numberingGaps()
        rows += try publicationFindings(database)
        return (rows, try database.auditCounts())
    }
}

/// Whether every payment has exactly one receipt, for its amount, read as the chain is
/// walked: receipts come in the order of their payments, so the payments are read beside
/// them. A payment passed over waits for a receipt out of that order, and is reported at the
/// end if none came; a receipt out of order looks its payment up. The amount is read from
/// the receipt's signed bytes.
struct ReceiptPaymentCheck {
    private let database: Database
    private let payments: RowStepper
    private var onPayment: Bool
    /// Payments passed over before a receipt of theirs came, by id, with their numbers.
    private var passedOver: [Int64: String] = [:]
    /// Payments with more than one receipt: number and count.
    private var repeated: [Int64: (number: String, count: Int)] = [:]
    private var found: [(paymentID: Int64, order: Int, row: AuditRow)] = []

    init(_ database: Database) throws {
        self.database = database
        payments = try database.paymentsInOrder()
        onPayment = try payments.next()
    }

    mutating func take(_ record: ReceiptRecord, _ fields: RecordFields) throws {
        guard record.kind == .receipt else { return }
        let paymentID = record.paymentID
        while try onPayment && payments.int64(at: 0) < paymentID {
            passedOver[try payments.int64(at: 0)] = try payments.text(at: 1)
            onPayment = try payments.next()
        }
        if try onPayment && payments.int64(at: 0) == paymentID {
            compare(record, fields, paymentID, number: try payments.text(at: 1), fen: try payments.int64(at: 2))
            onPayment = try payments.next()
            return
        }
        // Out of order: a payment passed over, or one that has had its receipt already.
        guard let payment = try database.paymentAmount(id: paymentID) else { return }
        if passedOver.removeValue(forKey: paymentID) == nil { repeated[paymentID, default: (payment.number, 1)].count += 1 }
        compare(record, fields, paymentID, number: payment.number, fen: payment.fen)
    }

    /// What was found, in the payments' order, once the chain has been walked.
    mutating func finish() throws -> [AuditRow] {
        while onPayment {
            passedOver[try payments.int64(at: 0)] = try payments.text(at: 1)
            onPayment = try payments.next()
        }
        for (id, number) in passedOver { report(id, number, Phrase("has no receipt")) }
        for (id, (number, count)) in repeated { report(id, number, Phrase("has \(count) receipts")) }
        passedOver = [:]
        repeated = [:]
        return found.sorted { ($0.paymentID, $0.order) < ($1.paymentID, $1.order) }.map(\.row)
    }

    private mutating func compare(_ record: ReceiptRecord, _ fields: RecordFields, _ paymentID: Int64, number: String, fen: Int64) {
        guard fields.amountFen != fen else { return }
        report(paymentID, number, Phrase("its receipt \(record.number) says \(Money(fen: fields.amountFen ?? 0)), the payment is \(Money(fen: fen))"))
    }

    private mutating func report(_ paymentID: Int64, _ number: String, _ detail: Phrase) {
        found.append((paymentID, found.count, AuditRow(check: "receipts", subject: number, detail: detail)))
    }
}
