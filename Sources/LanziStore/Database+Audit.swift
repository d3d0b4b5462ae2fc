import LanziCore

/// One thing an audit found: which check, the document or record it is about, what it found.
package struct AuditRow: Hashable, Sendable {
    package var check: String
    package var subject: String
    package var detail: Phrase

    package init(check: String, subject: String, detail: Phrase) {
        self.check = check
        self.subject = subject
        self.detail = detail
    }
}

/// The audit's reads: each compares what the documents say with what was written beside
/// them (the journal, the receipts), in one grouped pass, so that a row changed behind the
/// software's back with the `sqlite3` shell shows wherever it no longer agrees.
extension Database {
    /// Journal entries whose debits and credits differ, or that have fewer than two lines.
    package func unbalancedEntries() throws -> [AuditRow] {
        try rows("""
            SELECT e.document_kind || ' ' || e.document_number AS subject, coalesce(sum(l.debit_fen), 0) AS d, coalesce(sum(l.credit_fen), 0) AS c,
                   count(l.entry_id) AS n
            FROM journal_entries AS e LEFT JOIN journal_lines AS l ON l.entry_id = e.id
            GROUP BY e.id HAVING d <> c OR n < 2 ORDER BY e.id
            """).map { row in
            AuditRow(check: "journal_balance", subject: try row.text("subject"),
                     detail: Phrase("debits \(Money(fen: try row.int64("d"))), credits \(Money(fen: try row.int64("c"))), \(try row.int64("n")) line(s)"))
        }
    }

    /// Bills whose lines do not add up to their total.
    package func billsNotSummingToTheirTotal() throws -> [AuditRow] {
        try rows("""
            SELECT b.number, b.total_fen, coalesce(sum(l.amount_fen), 0) AS lines
            FROM bills AS b LEFT JOIN bill_lines AS l ON l.bill_id = b.id
            GROUP BY b.id HAVING lines <> b.total_fen ORDER BY b.id
            """).map { row in
            AuditRow(check: "bill_totals", subject: try row.text("number"),
                     detail: Phrase("its lines come to \(Money(fen: try row.int64("lines"))), its total is \(Money(fen: try row.int64("total_fen")))"))
        }
    }

    /// Payments whose allocations and credit do not come to their amount.
    package func paymentsNotAllocatedInFull() throws -> [AuditRow] {
        try rows("""
            SELECT p.number, p.amount_fen, p.credit_fen, coalesce(sum(a.amount_fen), 0) AS allocated
            FROM payments AS p LEFT JOIN allocations AS a ON a.payment_id = p.id AND a.source = 'payment' AND a.amount_fen > 0
            GROUP BY p.id HAVING allocated + p.credit_fen <> p.amount_fen ORDER BY p.id
            """).map { row in
            AuditRow(check: "payment_allocations", subject: try row.text("number"),
                     detail: Phrase("set against bills \(Money(fen: try row.int64("allocated"))) and to credit \(Money(fen: try row.int64("credit_fen"))), but the payment is \(Money(fen: try row.int64("amount_fen")))"))
        }
    }

    /// Payments without exactly one receipt, receipts whose amount is not their payment's,
    /// and reversals without a void.
    package func paymentsWithoutTheirReceipt() throws -> [AuditRow] {
        var found = try rows("""
            SELECT p.number, p.amount_fen, count(r.sequence) AS receipts,
                   max(json_extract(CAST(r.canonical AS TEXT), '$.amount_fen')) AS receipted, max(r.number) AS receipt
            FROM payments AS p LEFT JOIN receipt_records AS r ON r.payment_id = p.id AND r.kind = 'receipt'
            GROUP BY p.id HAVING receipts <> 1 OR receipted IS NOT p.amount_fen ORDER BY p.id
            """).map { row -> AuditRow in
            let count = try row.int64("receipts")
            let detail = count == 0 ? Phrase("has no receipt")
                : count > 1 ? Phrase("has \(count) receipts")
                : Phrase("its receipt \(try row.text("receipt")) says \(Money(fen: try row.optionalInt64("receipted") ?? 0)), the payment is \(Money(fen: try row.int64("amount_fen")))")
            return AuditRow(check: "receipts", subject: try row.text("number"), detail: detail)
        }
        found += try rows("""
            SELECT v.number AS reversal, p.number AS payment FROM payment_reversals AS v JOIN payments AS p ON p.id = v.payment_id
            WHERE NOT EXISTS (SELECT 1 FROM receipt_records AS r WHERE r.payment_id = v.payment_id AND r.kind = 'void')
            ORDER BY v.id
            """).map { row in
            AuditRow(check: "receipts", subject: try row.text("reversal"), detail: Phrase("reverses payment \(try row.text("payment")) but no void of its receipt was signed"))
        }
        return found
    }

    /// Each document's journal entry against what the document says it must post, account by
    /// account: bills and their voids, payments, expenses and other income and their
    /// reversals. `receivable` and `merchantCredit` are the chart's accounts of the
    /// receivable and the merchant credit. Bills, payments and the rest are compared in three
    /// passes: each pass's sort is smaller and keyed by less, which on a county's journal
    /// takes about 40 % less time than one pass over every kind.
    package func postingsDisagreeingWithTheirDocuments(receivable: String, merchantCredit: String) throws -> [AuditRow] {
        /// The till's or bank account's code for the payment method in `column`.
        func money(_ column: String) -> String { "(SELECT code FROM accounts WHERE role = CASE \(column) WHEN 'cash' THEN 'cash' ELSE 'bank:' || \(column) END)" }
        let expected: [String: [String]] = [
            "bill": ["SELECT 'bill' AS kind, b.number AS doc, l.account_code AS account, -l.amount_fen AS net FROM bills AS b JOIN bill_lines AS l ON l.bill_id = b.id",
                     "SELECT 'bill', b.number, CASE WHEN b.total_fen > 0 THEN ?1 ELSE ?2 END, b.total_fen FROM bills AS b WHERE b.total_fen <> 0"],
            "void": ["SELECT 'void', b.number, l.account_code, l.amount_fen FROM bill_voids AS v JOIN bills AS b ON b.id = v.bill_id JOIN bill_lines AS l ON l.bill_id = b.id",
                     "SELECT 'void', b.number, ?1, -b.total_fen FROM bill_voids AS v JOIN bills AS b ON b.id = v.bill_id"],
            "payment": ["SELECT 'payment', p.number, \(money("p.method")), p.amount_fen FROM payments AS p",
                        "SELECT 'payment', p.number, ?2, -p.credit_fen FROM payments AS p WHERE p.credit_fen > 0",
                        "SELECT 'payment', p.number, ?1, -a.amount_fen FROM payments AS p JOIN allocations AS a ON a.payment_id = p.id AND a.source = 'payment' AND a.amount_fen > 0"],
            "expense": ["SELECT 'expense', number, (SELECT code FROM accounts WHERE role = 'expense:' || category), amount_fen FROM expenses",
                        "SELECT 'expense', number, \(money("method")), -amount_fen FROM expenses"],
            "expense_reversal": ["SELECT 'expense_reversal', r.number, (SELECT code FROM accounts WHERE role = 'expense:' || i.category), -i.amount_fen FROM expense_reversals AS r JOIN expenses AS i ON i.id = r.item_id",
                                 "SELECT 'expense_reversal', r.number, \(money("i.method")), i.amount_fen FROM expense_reversals AS r JOIN expenses AS i ON i.id = r.item_id"],
            "other_income": ["SELECT 'other_income', number, (SELECT code FROM accounts WHERE role = 'income:' || category), -amount_fen FROM other_income",
                             "SELECT 'other_income', number, \(money("method")), amount_fen FROM other_income"],
            "other_income_reversal": ["SELECT 'other_income_reversal', r.number, (SELECT code FROM accounts WHERE role = 'income:' || i.category), i.amount_fen FROM other_income_reversals AS r JOIN other_income AS i ON i.id = r.item_id",
                                      "SELECT 'other_income_reversal', r.number, \(money("i.method")), -i.amount_fen FROM other_income_reversals AS r JOIN other_income AS i ON i.id = r.item_id"],
        ]
        var found: [(kind: String, doc: String, account: String, row: AuditRow)] = []
        for kinds in [["bill"], ["payment"], ["void", "expense", "expense_reversal", "other_income", "other_income_reversal"]] {
            let parts = kinds.flatMap { expected[$0]! }.joined(separator: "\nUNION ALL ")
            let named = kinds.map { "'\($0)'" }.joined(separator: ", ")
            // A statement is bound with as many values as it names.
            let accounts: [SQLValue] = parts.contains("?2") ? [.text(receivable), .text(merchantCredit)] : [.text(receivable)]
            found += try rows("""
                WITH expected (kind, doc, account, net) AS (\(parts))
                SELECT kind, doc, account, sum(net) AS expected, sum(posted) AS posted FROM (
                    SELECT kind, doc, account, net, 0 AS posted FROM expected
                    UNION ALL
                    SELECT e.document_kind, e.document_number, l.account_code, 0, l.debit_fen - l.credit_fen
                    FROM journal_entries AS e JOIN journal_lines AS l ON l.entry_id = e.id
                    WHERE e.document_kind IN (\(named))
                )
                GROUP BY kind, doc, account HAVING sum(net) <> sum(posted)
                """, accounts).map { row in
                let kind = try row.text("kind"), doc = try row.text("doc"), account = try row.optionalText("account") ?? "?"
                return (kind, doc, account, AuditRow(check: "postings", subject: "\(kind) \(doc)",
                                                     detail: Phrase("account \(account): the document says \(Money(fen: try row.int64("expected"))), the books hold \(Money(fen: try row.int64("posted")))")))
            }
        }
        return found.sorted { ($0.kind, $0.doc, $0.account) < ($1.kind, $1.doc, $1.account) }.map(\.row)
    }

    /// Numbers issued but missing, or records beyond what was issued: for each numbered kind
    /// of record and year, the sequence's last number against the records that hold one.
    /// A record deleted at the end of a chain leaves no broken link; it leaves this gap.
    package func numberingGaps() throws -> [AuditRow] {
        var found: [AuditRow] = []
        for (prefix, table, noun) in [("", "receipt_records", "receipts"), ("P", "payments", "payments"), ("B", "bills", "bills"),
                                      ("E", "expenses", "expenses"), ("I", "other_income", "income records")] {
            let at = "instr(number, '-') + \(prefix.utf8.count)"
            found += try rows("""
                SELECT s.year, s.last_number, coalesce(t.n, 0) AS n, coalesce(t.top, 0) AS top FROM number_sequences AS s
                LEFT JOIN (SELECT year, count(*) AS n, max(serial) AS top FROM (
                    SELECT CAST(substr(number, \(at) + 1, 4) AS INTEGER) AS year, CAST(substr(number, \(at) + 6) AS INTEGER) AS serial FROM \(table)
                ) GROUP BY year) AS t ON t.year = s.year
                WHERE s.prefix = ? AND (coalesce(t.n, 0) <> s.last_number OR coalesce(t.top, 0) <> s.last_number)
                ORDER BY s.year
                """, [.text(prefix)]).map { row in
                AuditRow(check: "numbering", subject: "\(noun) \(try row.int64("year"))",
                         detail: Phrase("numbers 1 to \(try row.int64("last_number")) were issued, but \(try row.int64("n")) record(s) hold them, the highest \(try row.int64("top"))"))
            }
        }
        return found
    }

    /// How many of each kind of record the audit looked at.
    package func auditCounts() throws -> [(String, Int64)] {
        try ["journal_entries", "journal_lines", "bills", "bill_lines", "payments", "allocations", "receipt_records", "expenses", "other_income"].map { table in
            (table, try row("SELECT count(*) AS n FROM \(table)")!.int64("n"))
        }
    }
}
