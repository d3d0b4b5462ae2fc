import Foundation
import Testing

/// Mistakes undone by a record: `lease cancel` and `refund`, on the billing fixture (see
/// `BillingFixture` for what its bills and payments come to).
@Suite("lease cancel and refund")
struct UndoTests {
    @Test("lease cancel withdraws an unbilled lease: its unit is free again, it is never billed, and every refusal changes nothing")
    func cancelLease() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        let created = try sandbox.object("lease", "create", "--merchant", "1", "--units", "S-002", "--start", "2026-03-01",
                                         "--end", "2026-12-31", "--rent", "500")
        let id = try #require(created.int("id"))
        #expect(try sandbox.object("unit", "show", "S-002", "--on", "2026-03-01").int("lease_id") == id)

        sandbox.expectUsageError(["lease", "cancel", "\(id)"], ["--reason"])
        sandbox.expectRefusal(["lease", "cancel", "\(id)", "--reason", "   "], naming: "--reason", ["required"])
        // Lease 1 has its deposit and January bills: it is ended by termination, not withdrawn.
        sandbox.expectRefusal(["lease", "cancel", "1", "--reason", "录错"], naming: "lease 1", ["billed", "lease terminate"])
        sandbox.expectRefusal(["lease", "cancel", "99", "--reason", "录错"], naming: "ID", ["no lease 99"])

        let cancelled = try sandbox.object("lease", "cancel", "\(id)", "--reason", "录错单元")
        #expect(cancelled.object("cancellation")?.string("reason") == "录错单元")
        let text = try sandbox.must("lease", "show", "\(id)").stdout
        #expect(text.contains("cancelled:    录错单元"), "\(text)")
        #expect(try sandbox.must("lease", "list").stdout.contains("cancelled"))
        // A cancelled lease holds nothing: the unit shows no lease, and another may lease it.
        #expect(try sandbox.object("unit", "show", "S-002", "--on", "2026-03-01")["lease_id"] is NSNull)
        #expect(try sandbox.array("lease", "list", "--active-on", "2026-03-01").compactMap { $0.int("id") } == [1, 2])

        sandbox.expectRefusal(["lease", "cancel", "\(id)", "--reason", "again"], naming: "already been cancelled")
        sandbox.expectRefusal(["lease", "terminate", "\(id)", "--on", "2026-03-31"], naming: "cancelled")
        sandbox.expectRefusal(["lease", "renew", "\(id)", "--end", "2027-12-31"], naming: "cancelled")

        let again = try sandbox.object("lease", "create", "--merchant", "2", "--units", "S-002", "--start", "2026-03-01",
                                       "--end", "2026-12-31", "--rent", "600")
        try sandbox.must("bill", "run", "--period", "2026-02")
        try sandbox.must("bill", "run", "--period", "2026-03")
        let march = try sandbox.array("bill", "list", "--period", "2026-03")
        #expect(!march.contains { $0.int("lease_id") == id }, "the cancelled lease is never billed: \(march)")
        #expect(march.contains { $0.int("lease_id") == again.int("id") })
    }

    @Test("lease terminate says what it put right: the credit raised on a bill beyond the last day, and how the deposit was settled")
    func terminationAnswer() throws {
        let sandbox = try BillingFixture.refusalSandbox()
        try sandbox.must("bill", "run", "--period", "2026-02")
        // Lease 1's deposit bill (240000) was paid in full by payment k-1; February (bill 4,
        // 124900) was billed for the whole month, so ending on the 15th credits the rest.
        let answer = try sandbox.object("lease", "terminate", "1", "--on", "2026-02-15", "--reason", "商户转行")
        let settlement = try #require(answer.object("settlement"))
        let corrections = settlement.objects("corrections") ?? []
        #expect(corrections.count == 1 && corrections.first?.string("original_number") == "TST-B2026-000004", "\(settlement)")
        #expect((corrections.first?.int("amount_fen") ?? 0) < 0)
        #expect(settlement.int("deposit_held_fen") == 240_000)
        let applied = (settlement.objects("deposit_applied") ?? []).compactMap { $0.int("amount_fen") }.reduce(0, +)
        #expect(applied + (settlement.int("deposit_refunded_fen") ?? -1) == 240_000, "\(settlement)")
        #expect(settlement.string("deposit_settlement_number") == "TST-D2026-000001")

        let other = try sandbox.must("lease", "terminate", "2", "--on", "2026-02-15").stdout
        #expect(other.contains("its last day is 2026-02-15"), "\(other)")
        #expect(other.contains("  credit TST-B2026-") && other.contains("on bill TST-B2026-000003"), "the quarter billed in advance is credited: \(other)")
        #expect(other.contains("no deposit was held"), "\(other)")
    }

    @Test("refund pays credit back, posted to the books; more than the credit, a reused key, a future day, a reversal of refunded credit are refused")
    func refundCredit() throws {
        let sandbox = try BillingFixture.refusalSandbox()
        // Merchant 2 owes bill 3 (96000); 1500.00 pays it and leaves 54000 in credit.
        let payment = try sandbox.object("pay", "--merchant", "2", "--amount", "1500", "--method", "cash", "--key", "p-2", "--on", "2026-02-02")
        #expect(payment.int("credit_fen") == 54_000)
        #expect(payment.int("balance_fen") == -54_000, "the answer gives the statement's balance: in credit")

        sandbox.expectRefusal(["refund", "--merchant", "2", "--amount", "540.01", "--method", "cash", "--key", "f-0", "--on", "2026-02-03"],
                              naming: "--amount", ["王永富", "540.00", "more than"])
        sandbox.expectRefusal(["refund", "--merchant", "1", "--amount", "1", "--method", "cash", "--key", "f-0", "--on", "2026-02-03"],
                              naming: "--amount", ["no credit"])
        sandbox.expectRefusal(["refund", "--merchant", "2", "--amount", "1", "--method", "cash", "--key", "f-0", "--on", "2099-01-01"],
                              naming: "--on", ["after today"])
        sandbox.expectRefusal(["refund", "--merchant", "9", "--amount", "1", "--method", "cash", "--key", "f-0", "--on", "2026-02-03"],
                              naming: "--merchant", ["no merchant 9"])
        sandbox.expectRefusal(["refund", "--merchant", "2", "--amount", "0", "--method", "cash", "--key", "f-0", "--on", "2026-02-03"],
                              naming: "--amount")

        let refund = try sandbox.object("refund", "--merchant", "2", "--amount", "200", "--method", "bank", "--reference", "TX-77",
                                        "--key", "f-1", "--on", "2026-02-03")
        #expect(refund.string("number") == "TST-F2026-000001")
        #expect(refund.int("amount_fen") == 20_000)
        #expect(refund.int("credit_left_fen") == 34_000)
        #expect(refund["repeat"] as? Bool == false)
        let text = try sandbox.must("refund", "--merchant", "2", "--amount", "200", "--method", "bank", "--reference", "TX-77",
                                    "--key", "f-1", "--on", "2026-02-03").stdout
        #expect(text.contains("already recorded under this key") && text.contains("王永富 now holds ¥340.00 in credit"), "\(text)")
        sandbox.expectRefusal(["refund", "--merchant", "2", "--amount", "201", "--method", "cash", "--reference", "TX-77",
                               "--key", "f-1", "--on", "2026-02-03"], naming: "--key", ["amount (200.00, now 201.00)", "method (bank, now cash)"])

        // The statement and the books: 54000 credit less 20000 refunded is 34000 still in credit.
        let statement = try sandbox.object("statement", "--merchant", "2", "--to", "2026-02-28")
        #expect(statement.int("closing_balance_fen") == -34_000, "\(statement)")
        #expect((statement.objects("lines") ?? []).contains { $0.string("kind") == "refund" && $0.string("number") == "TST-F2026-000001" })
        // Under --json a bill's description is whole: every line, never cut with "…".
        let billLine = (statement.objects("lines") ?? []).first { $0.string("number") == "TST-B2026-000003" }?.string("description") ?? ""
        #expect(billLine.hasPrefix("rent 2026-01 T-001") && billLine.contains("; management fee") && !billLine.contains("…"), "\(billLine)")
        let journal = try sandbox.must("books", "journal").stdout
        #expect(journal.contains("TST-F2026-000001"), "\(journal)")
        #expect(try sandbox.array("refund", "list", "--merchant", "2").count == 1)
        #expect(try sandbox.array("refund", "list", "--merchant", "1").isEmpty)

        // The payment whose credit was partly refunded can no longer be reversed.
        let paymentID = try #require(payment.int("id"))
        sandbox.expectRefusal(["payment", "reverse", "\(paymentID)", "--reason", "录错", "--on", "2026-02-04"],
                              naming: "refunded", ["540.00", "340.00"])
        // A payment's answer gives the merchant's balance: here, credit held.
        let more = try sandbox.must("pay", "--merchant", "2", "--amount", "1", "--method", "cash", "--key", "p-3", "--on", "2026-02-04").stdout
        #expect(more.contains("王永富 holds ¥341.00 in credit"), "\(more)")
    }
}
