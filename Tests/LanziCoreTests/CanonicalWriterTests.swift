import Testing
@testable import LanziCore

/// The receipt written straight out (`ReceiptDocument.receiptBytes`) against the same
/// receipt built as a value and canonicalized by `CanonicalJSON` (itself checked against
/// RFC 8785's examples and an independent implementation): byte for byte the same.
@Suite("canonical writer")
struct CanonicalWriterTests {
    /// Text that needs every kind of escape, and text that needs none, in several scripts.
    static let texts = ["", "李春华", "a\"b\\c", "tab\tnew\nline\u{1}", "é\u{301}", "😀 emoji", "\u{2028}\u{7F}", "plain ASCII", "€ 100"]

    static func receipt(_ random: inout SplitMix64) -> (ReceiptHeader, Payment, [ReceiptItem]) {
        func text() -> String { texts[Int(random.next() % UInt64(texts.count))] }
        let market = Market(code: "TST", name: text(), operatorName: text(), collectiveName: text())
        let date = CalendarDate(year: 2026, month: Int(random.next() % 12) + 1, day: 5)!
        let header = ReceiptHeader(number: "TST-2026-\(100_000 + random.next() % 900_000)", sequence: Int64(random.next() % 1_000_000) + 1,
                                   previousHash: String(repeating: "0a", count: 32), issuedAt: "2026-01-05T04:00:00.000Z", date: date, market: market,
                                   merchantID: Int64(random.next() % 9_000), merchantName: text(),
                                   maskedIDNumber: random.next() % 2 == 0 ? nil : "5325**********0021", operatorName: text(), keyID: "k" + text())
        let amount = Money(fen: Int64(random.next() % 100_000_000))
        let items = (0..<Int(random.next() % 4)).map { _ in
            ReceiptItem(billNumber: "TST-B2026-\(random.next() % 1_000_000)", unitCodes: (0..<Int(random.next() % 3)).map { _ in text() },
                        period: Period(year: 2026, month: Int(random.next() % 12) + 1)!,
                        lineKinds: [BillLineKind.rent, .managementFee, .lateFee].filter { _ in random.next() % 2 == 0 }, amount: Money(fen: Int64(random.next() % 1_000_000)))
        }
        let payment = Payment(id: 1, number: "TST-P2026-000001", merchantID: header.merchantID, amount: amount,
                              method: [PaymentMethod.cash, .wechat, .alipay, .bank][Int(random.next() % 4)], paidOn: date, reference: text(),
                              idempotencyKey: "k", namedBillIDs: [], credit: Money(fen: Int64(random.next() % 1_000)), allocations: [],
                              reversedOn: nil, reversalNumber: nil)
        return (header, payment, items)
    }

    @Test("a receipt written straight out is byte for byte its canonical value, over 2,000 random receipts")
    func receiptsAgree() throws {
        var random = SplitMix64(seed: 0x5EED_CA11)
        for round in 0..<2_000 {
            let (header, payment, items) = Self.receipt(&random)
            let written = try ReceiptDocument.receiptBytes(header, payment: payment, items: items)
            let canonical = try CanonicalJSON.bytes(of: ReceiptDocument.receipt(header, payment: payment, items: items))
            #expect(written == canonical, "round \(round): \(String(decoding: written, as: UTF8.self))")
            if written != canonical { return }
        }
    }

    @Test("an integer beyond ±(2^53 − 1) is refused, naming its member")
    func largeInteger() {
        var out = CanonicalWriter()
        out.beginObject()
        #expect(throws: DomainError.self) { try out.member("amount_fen", CanonicalJSON.maximumSafeInteger + 1) }
        do {
            try out.member("amount_fen", -CanonicalJSON.maximumSafeInteger - 1)
            Issue.record("the smallest unsafe integer was written")
        } catch {
            #expect(error.field == "amount_fen")
        }
    }

    @Test("arrays and objects nest with commas only between values")
    func nesting() throws {
        var out = CanonicalWriter()
        out.beginObject()
        out.name("a")
        out.beginArray()
        out.beginArray()
        out.endArray()
        out.string("x")
        out.beginObject()
        out.endObject()
        out.null()
        out.endArray()
        try out.member("b", -5)
        out.endObject()
        #expect(String(decoding: out.document, as: UTF8.self) == #"{"a":[[],"x",{},null],"b":-5}"#)
    }
}
