import Foundation
import Testing
import LanziCore
import LanziSigning
@testable import LanziService
@testable import LanziStore

/// Signed receipts as the service makes them: one for every payment inside its transaction,
/// voids by reversal, invoice notes, one chain a market with numbers that run without a gap
/// a year, and the database refusing any change to it.
@Suite("signed receipts")
struct ReceiptServiceTests {
    typealias F = ServiceFixture

    /// Li (merchant 1) leases S-001 and Wang (2) S-002 from 2026; January and February billed.
    static func makeFixture() throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2027-12-31"))
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2026-01-01", "2027-12-31", rent: "800.00"))
        _ = try fixture.admin.runBilling(period: Period(year: 2026, month: 1)!)
        _ = try fixture.admin.runBilling(period: Period(year: 2026, month: 2)!)
        return fixture
    }

    static func pay(_ fixture: ServiceFixture, merchant: Int64 = 1, _ amount: String, on day: String, key: String, reference: String = "") throws -> Payment {
        try fixture.admin.pay(PaymentDraft(merchantID: merchant, amount: F.yuan(amount), method: .wechat, paidOn: F.date(day),
                                           reference: reference, idempotencyKey: key)).payment
    }

    static func member(_ value: JSONValue, _ path: String) -> JSONValue? {
        var current = value
        for name in path.split(separator: ".") {
            guard case .object(let members) = current, let next = members.first(where: { $0.0 == name })?.1 else { return nil }
            current = next
        }
        return current
    }

    @Test("a payment's receipt holds what a merchant proves payment with, signed by the market's key over its canonical bytes")
    func receiptContent() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        // 1,500.00 pays January's 1,000.00 and 500.00 of February's bill.
        let payment = try Self.pay(fixture, "1500.00", on: "2026-02-03", key: "p1", reference: "4200009999")
        let entry = try fixture.admin.receipt(number: "TST-2026-000001")
        let record = entry.content
        let expected: [(String, JSONValue)] = [
            ("format", .string("lanzi-receipt/1")), ("kind", .string("receipt")), ("number", .string("TST-2026-000001")),
            ("sequence", .integer(1)), ("prev_hash", .string(String(repeating: "0", count: 64))), ("issued_at", .string(F.now)),
            ("date", .string("2026-02-03")), ("market.code", .string("TST")), ("market.name", .string("测试市场")),
            ("merchant.id", .integer(1)), ("merchant.name", .string("李春华")), ("merchant.id_number", .string("5325**********0021")),
            ("payment.number", .string(payment.number)), ("payment.method", .string("wechat")), ("payment.reference", .string("4200009999")),
            ("amount_fen", .integer(150_000)), ("amount", .string("¥1,500.00")), ("amount_in_capitals", .string("壹仟伍佰元整")),
            ("credit_fen", .integer(0)), ("operator", .string("cli:tester")), ("notice", .string("不作发票使用")),
        ]
        for (path, value) in expected { #expect(Self.member(record, path) == value, "\(path)") }
        let items = try #require(Self.member(record, "items"))
        #expect(try CanonicalJSON.bytes(of: items) == CanonicalJSON.bytes(of: .array([
            .object([("bill_number", .string("TST-B2026-000001")), ("unit_codes", .array([.string("S-001")])), ("period", .string("2026-01")),
                     ("line_kinds", .array([.string("rent")])), ("amount_fen", .integer(100_000))]),
            .object([("bill_number", .string("TST-B2026-000003")), ("unit_codes", .array([.string("S-001")])), ("period", .string("2026-02")),
                     ("line_kinds", .array([.string("rent")])), ("amount_fen", .integer(50_000))]),
        ])))
        // The stored bytes are the canonical form of the content, hashed and signed as they are.
        let key = try #require(try fixture.admin.signingKeys().last)
        #expect(Self.member(record, "key_id") == .string(key.keyID))
        #expect(try CanonicalJSON.bytes(of: record) == entry.record.canonical)
        #expect(entry.record.hash == Digest.hex(try Digest.sha256(entry.record.canonical)))
        #expect(try VerifyingKey(pem: key.publicKeyPEM).isValidSignature(entry.record.signature, for: entry.record.canonical))
        #expect(try VerifyingKey(pem: key.publicKeyPEM).isValidSignature(entry.record.signature, for: entry.record.canonical + [0x20]) == false)
    }

    @Test("without the key, or with a key file that is gone, unreadable or another key, a payment is refused whole and says how to make one")
    func paymentRefusedWithoutKey() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        _ = try fixture.admin.initialize(market: F.market)
        _ = try fixture.addSmallRegister()
        let draft = PaymentDraft(merchantID: 1, amount: F.yuan("10.00"), method: .cash, paidOn: F.date("2026-01-05"), idempotencyKey: "k")
        var before = try AccessTableTests.snapshot(fixture)
        let none = Outcome.capture { _ = try fixture.admin.pay(draft) }
        #expect(none.outcome == .conflict && none.message.contains("lanzi key init"), "\(none.message)")
        #expect(try AccessTableTests.snapshot(fixture) == before)

        _ = try fixture.admin.initializeKey(algorithm: .ed25519, path: fixture.keyPath)
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        before = try AccessTableTests.snapshot(fixture)
        let saved = try Data(contentsOf: URL(fileURLWithPath: fixture.keyPath))
        try FileManager.default.removeItem(atPath: fixture.keyPath)
        let gone = Outcome.capture { _ = try fixture.admin.pay(draft) }
        #expect(gone.outcome == .unavailable && gone.message.contains(fixture.keyPath) && gone.message.contains("nothing was recorded"), "\(gone.message)")
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: fixture.keyPath))
        let garbage = Outcome.capture { _ = try fixture.admin.pay(draft) }
        #expect(garbage.outcome == .unavailable && garbage.message.contains("is not a signing key"), "\(garbage.message)")
        try Data(try SigningKey(generating: .ed25519).pkcs8PEM().utf8).write(to: URL(fileURLWithPath: fixture.keyPath))
        let other = Outcome.capture { _ = try fixture.admin.pay(draft) }
        #expect(other.outcome == .unavailable && other.message.contains("not the market's current key"), "\(other.message)")
        #expect(try AccessTableTests.snapshot(fixture) == before)
        // The right key back: the payment goes through with its receipt.
        try saved.write(to: URL(fileURLWithPath: fixture.keyPath))
        _ = try fixture.admin.pay(draft)
        #expect(try fixture.count("receipt_records") == 1)
    }

    @Test("a reversal voids the receipt with a record of its own in the same chain; the receipt itself is never changed")
    func reversalVoids() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let payment = try Self.pay(fixture, "1000.00", on: "2026-01-05", key: "p1")
        let receipt = try fixture.admin.receipt(number: "TST-2026-000001")
        _ = try fixture.admin.reversePayment(id: payment.id, reason: "收错商户", on: F.date("2026-01-06"))
        let void = try fixture.admin.receipt(number: "TST-2026-000002")
        #expect(void.record.kind == .void && void.record.receiptNumber == "TST-2026-000001")
        #expect(Self.member(void.content, "voids") == .string("TST-2026-000001"))
        #expect(Self.member(void.content, "reason") == .string("收错商户"))
        #expect(Self.member(void.content, "prev_hash") == .string(receipt.record.hash))
        let after = try fixture.admin.receipt(number: "TST-2026-000001")
        #expect(after.record.canonical == receipt.record.canonical && after.voidedBy == "TST-2026-000002")
        #expect(try fixture.admin.verifyReceiptChain().isClean)
    }

    @Test("numbers run a year each without a gap, in the year of the payment's date, across a year's end and a late entry")
    func numberingAcrossTheYear() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try Self.pay(fixture, "10.00", on: "2026-12-31", key: "a")
        _ = try Self.pay(fixture, "10.00", on: "2027-01-02", key: "b")
        _ = try Self.pay(fixture, "10.00", on: "2026-12-30", key: "c")   // entered late
        _ = try Self.pay(fixture, "10.00", on: "2027-01-03", key: "d")
        let numbers = try fixture.admin.receipts(merchantID: nil, year: nil).map(\.record.number)
        #expect(numbers == ["TST-2026-000001", "TST-2027-000001", "TST-2026-000002", "TST-2027-000002"])
        #expect(try fixture.admin.receipts(merchantID: nil, year: 2027).map(\.record.number) == ["TST-2027-000001", "TST-2027-000002"])
        let check = try fixture.admin.verifyReceiptChain()
        #expect(check.isClean && check.count == 4, "\(check.problems)")
        // A repeated key records nothing and makes no receipt.
        _ = try Self.pay(fixture, "10.00", on: "2027-01-03", key: "d")
        #expect(try fixture.count("receipt_records") == 4)
    }

    @Test("an invoice number is noted as a signed record naming the receipt; bad numbers, voids and repeats are refused")
    func invoiceNotes() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let payment = try Self.pay(fixture, "1000.00", on: "2026-01-05", key: "p1")
        let note = try fixture.admin.noteInvoice(receiptNumber: "TST-2026-000001", invoice: " 25532000000012345678 ")
        #expect(note.record.kind == .invoiceNote && Self.member(note.content, "invoice") == .string("25532000000012345678"))
        // A note is dated the day it is made, and numbered in that year.
        #expect(note.record.number == "TST-2030-000001" && note.record.date == F.date("2030-06-30"))
        #expect(try fixture.admin.receipt(number: "TST-2026-000001").invoices == ["25532000000012345678"])
        let before = try AccessTableTests.snapshot(fixture)
        #expect(Outcome { _ = try fixture.admin.noteInvoice(receiptNumber: "TST-2026-000001", invoice: "25532000000012345678") } == .conflict)
        #expect(Outcome { _ = try fixture.admin.noteInvoice(receiptNumber: "TST-2030-000001", invoice: "1") } == .conflict)  // a note, not a receipt
        #expect(Outcome { _ = try fixture.admin.noteInvoice(receiptNumber: "TST-2026-000099", invoice: "1") } == .notFound)
        #expect(Outcome { _ = try fixture.admin.noteInvoice(receiptNumber: "TST-2026-000001", invoice: "  ") } == .domain(field: "invoice"))
        #expect(Outcome { _ = try fixture.admin.noteInvoice(receiptNumber: "TST-2026-000001", invoice: "a\u{7}b") } == .domain(field: "invoice"))
        #expect(Outcome { _ = try fixture.admin.noteInvoice(receiptNumber: "TST-2026-000001", invoice: String(repeating: "9", count: 41)) } == .domain(field: "invoice"))
        #expect(Outcome { _ = try fixture.auditor.noteInvoice(receiptNumber: "TST-2026-000001", invoice: "2") } == .forbidden)
        #expect(try AccessTableTests.snapshot(fixture) == before)
        _ = try fixture.admin.reversePayment(id: payment.id, reason: "错收", on: F.date("2026-01-06"))
        #expect(try fixture.admin.verifyReceiptChain().isClean)
    }

    @Test("a merchant reaches its own receipts only, whatever number it asks for")
    func merchantSeesItsOwn() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try Self.pay(fixture, merchant: 1, "100.00", on: "2026-01-05", key: "li")
        _ = try Self.pay(fixture, merchant: 2, "100.00", on: "2026-01-05", key: "wang")
        #expect(try fixture.merchantCaller.receipts(merchantID: nil, year: nil).map(\.record.number) == ["TST-2026-000001"])
        #expect(try fixture.merchantCaller.receipt(number: "TST-2026-000001").record.merchantID == 1)
        let other = Outcome.capture { _ = try fixture.merchantCaller.receipt(number: "TST-2026-000002") }
        let missing = Outcome.capture { _ = try fixture.merchantCaller.receipt(number: "TST-2026-000009") }
        #expect(other.outcome == .notFound && other.message == missing.message.replacingOccurrences(of: "000009", with: "000002"))
        // Asking for another merchant's list gives its own, as every list does for a merchant.
        #expect(try fixture.merchantCaller.receipts(merchantID: 2, year: nil).map(\.record.merchantID) == [1])
        #expect(Outcome { _ = try fixture.merchantCaller.exportReceipts(from: F.date("2026-01-01"), to: F.date("2026-12-31"), directory: fixture.folder.appendingPathComponent("b").path) } == .forbidden)
    }

    @Test("the database refuses to edit or delete a record, or to add one that does not extend the chain's end")
    func chainIsGuarded() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try Self.pay(fixture, "100.00", on: "2026-01-05", key: "p1")
        let refusals: [(String, String)] = [
            ("UPDATE receipt_records SET canonical = x'00'", "immutable: receipts are never edited"),
            ("DELETE FROM receipt_records", "immutable: receipts are never deleted"),
            ("UPDATE signing_keys SET public_key_pem = ''", "immutable: signing keys are never edited"),
            ("DELETE FROM signing_keys", "immutable: signing keys are never deleted"),
            ("""
             INSERT INTO receipt_records (sequence, number, kind, payment_id, merchant_id, record_on, key_id, canonical, hash, prev_hash, signature, issued_at)
             SELECT 2, 'TST-2026-000002', 'receipt', 1, 1, '2026-01-05', key_id, x'7b7d', hash, prev_hash, x'00', 'now' FROM receipt_records
             """, "receipt_chain: a record must follow the last one"),
            ("""
             INSERT INTO receipt_records (sequence, number, kind, payment_id, merchant_id, record_on, key_id, canonical, hash, prev_hash, signature, issued_at)
             SELECT 3, 'TST-2026-000003', 'receipt', 1, 1, '2026-01-05', key_id, x'7b7d', hash, hash, x'00', 'now' FROM receipt_records
             """, "receipt_chain: a record must follow the last one"),
        ]
        for (sql, message) in refusals {
            let error = StoreFixtureless.sqliteError { try fixture.queue.withConnection { try $0.execute(sql) } }
            #expect(error?.message.contains(message) == true, "\(sql): \(String(describing: error))")
        }
        #expect(try fixture.count("receipt_records") == 1)
    }

    @Test("verify-db finds a record changed behind the software's back, naming it")
    func verifyFindsTampering() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        for (index, day) in ["2026-01-05", "2026-01-06", "2026-01-07"].enumerated() { _ = try Self.pay(fixture, "10.00", on: day, key: "k\(index)") }
        #expect(try fixture.admin.verifyReceiptChain().isClean)
        // Someone with the file drops the guard and raises an amount in the second record.
        try fixture.queue.withConnection { database in
            try database.execute("DROP TRIGGER receipt_records_never_updated")
            try database.execute("UPDATE receipt_records SET canonical = CAST(replace(CAST(canonical AS TEXT), '\"amount_fen\":1000,', '\"amount_fen\":100000,') AS BLOB) WHERE sequence = 2")
        }
        let check = try fixture.admin.verifyReceiptChain()
        #expect(check.problems.contains { $0.subject == "TST-2026-000002" && $0.problem.english.contains("signature does not verify") }, "\(check.problems)")
        #expect(check.problems.contains { $0.subject == "TST-2026-000003" && $0.problem.english.contains("prev_hash") }, "\(check.problems)")
        #expect(check.problems.contains { $0.subject == "TST-2026-000002" && $0.problem.english.contains("stored hash") }, "\(check.problems)")
    }

    @Test("the chain is walked in runs: a record removed between runs, or one changed at the chain's end, is found as in one walk")
    func verifyAcrossRuns() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        for day in 11...17 { _ = try Self.pay(fixture, "10.00", on: "2026-01-\(day)", key: "k\(day)") }
        for size in [1, 2, 3, 7, 8] {
            let check = try fixture.admin.verifyReceiptChain(runSize: size)
            #expect(check.isClean && check.count == 7 && check.lastNumber == "TST-2026-000007", "run size \(size): \(check.problems)")
        }
        try fixture.queue.withConnection { database in
            try database.execute("DROP TRIGGER receipt_records_never_deleted")
            // In runs of 2 the second run then begins with record 4, whose record before is in the first.
            try database.execute("DELETE FROM receipt_records WHERE sequence = 3")
            try database.execute("DROP TRIGGER receipt_records_never_updated")
            try database.execute("UPDATE receipt_records SET signature = CAST(CASE WHEN substr(signature, 1, 1) = x'00' THEN x'01' ELSE x'00' END || substr(signature, 2) AS BLOB) WHERE sequence = 7")   // the last run's last record
        }
        let whole = try fixture.admin.verifyReceiptChain()
        let inRuns = try fixture.admin.verifyReceiptChain(runSize: 2)
        #expect(inRuns.problems == whole.problems && inRuns.count == 6)
        #expect(whole.problems.contains { $0.subject == "TST-2026-000004" && $0.problem.english.contains("sequence 4 where 3 should follow") }, "\(whole.problems)")
        #expect(whole.problems.contains { $0.subject == "TST-2026-000004" && $0.problem.english.contains("prev_hash") }, "\(whole.problems)")
        #expect(whole.problems.contains { $0.subject == "TST-2026-000007" && $0.problem.english.contains("signature does not verify") }, "\(whole.problems)")
    }

    @Test("a rotated key signs what follows; earlier records keep naming theirs, and the whole chain still checks")
    func rotation() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try Self.pay(fixture, "10.00", on: "2026-01-05", key: "a")
        let first = try #require(try fixture.admin.signingKeys().last)
        #expect(Outcome { _ = try fixture.admin.initializeKey(algorithm: .ed25519, path: fixture.folder.appendingPathComponent("other.pem").path) } == .conflict)
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("other.pem").path))
        let second = try fixture.admin.rotateKey(algorithm: .sm2)
        #expect(second.algorithm == .sm2 && second.keyID != first.keyID && second.keyPath == fixture.keyPath)
        #expect((try FileManager.default.attributesOfItem(atPath: fixture.keyPath)[.posixPermissions] as? Int) == 0o600)
        _ = try Self.pay(fixture, "10.00", on: "2026-01-06", key: "b")
        let records = try fixture.admin.receipts(merchantID: nil, year: nil)
        #expect(records.map(\.record.keyID) == [first.keyID, second.keyID])
        let check = try fixture.admin.verifyReceiptChain()
        #expect(check.isClean && check.keyFingerprints == [first.fingerprint, second.fingerprint], "\(check.problems)")
        #expect(try fixture.admin.signingKeys().map(\.isCurrent) == [false, true])
        #expect(Outcome { _ = try fixture.auditor.rotateKey(algorithm: .ed25519) } == .forbidden)
    }

    @Test("a key file moved elsewhere is named with key use, once it is known to hold the market's current key")
    func movedKeyFile() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let moved = fixture.folder.appendingPathComponent("moved.pem").path
        try FileManager.default.moveItem(atPath: fixture.keyPath, toPath: moved)
        #expect(Outcome { _ = try Self.pay(fixture, "10.00", on: "2026-01-05", key: "a") } == .unavailable)
        let stranger = fixture.folder.appendingPathComponent("stranger.pem").path
        try Data(try SigningKey(generating: .ed25519).pkcs8PEM().utf8).write(to: URL(fileURLWithPath: stranger))
        let before = try AccessTableTests.snapshot(fixture)
        #expect(Outcome { _ = try fixture.admin.useKeyFile(path: stranger) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.useKeyFile(path: fixture.folder.appendingPathComponent("none.pem").path) } == .unavailable)
        #expect(Outcome { _ = try fixture.operatorCaller.useKeyFile(path: moved) } == .forbidden)
        #expect(try AccessTableTests.snapshot(fixture) == before)
        #expect(try fixture.admin.useKeyFile(path: moved).keyPath == moved)
        #expect(try fixture.admin.signingKeys().last?.keyPath == moved)   // key show says where it is read from now
        _ = try Self.pay(fixture, "10.00", on: "2026-01-05", key: "a")
        #expect(try fixture.admin.verifyReceiptChain().isClean)
    }

    @Test("an export verifies on its own; a non-empty folder, a backwards range or an empty one is refused and leaves nothing")
    func export() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try Self.pay(fixture, "10.00", on: "2025-12-31", key: "a")
        _ = try Self.pay(fixture, "10.00", on: "2026-01-05", key: "b")
        _ = try Self.pay(fixture, "10.00", on: "2026-01-06", key: "c")
        let folder = fixture.folder.appendingPathComponent("bundle").path
        let report = try fixture.admin.exportReceipts(from: F.date("2026-01-01"), to: F.date("2026-12-31"), directory: folder)
        #expect(report.count == 2 && report.firstNumber == "TST-2026-000001" && report.lastNumber == "TST-2026-000002")
        let check = ReceiptBundle.verify(directory: folder)
        #expect(check.isClean && check.count == 2, "\(check.problems)")
        #expect(Outcome { _ = try fixture.admin.exportReceipts(from: F.date("2026-01-01"), to: F.date("2026-12-31"), directory: folder) } == .conflict)
        let other = fixture.folder.appendingPathComponent("other").path
        #expect(Outcome { _ = try fixture.admin.exportReceipts(from: F.date("2026-02-01"), to: F.date("2026-01-01"), directory: other) } == .domain(field: "to"))
        #expect(Outcome { _ = try fixture.admin.exportReceipts(from: F.date("2024-01-01"), to: F.date("2024-12-31"), directory: other) } == .notFound)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).filter { $0.contains("other") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}

extension ReceiptServiceTests {
    @Test("a bundle's checker names files added anywhere, paths leading out of the bundle, wrong key file names and sequences the records do not bear out")
    func bundleGaps() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        for (index, day) in ["2026-01-05", "2026-01-06", "2026-01-07"].enumerated() { _ = try Self.pay(fixture, "10.00", on: day, key: "k\(index)") }
        let clean = fixture.folder.appendingPathComponent("clean").path
        _ = try fixture.admin.exportReceipts(from: F.date("2026-01-01"), to: F.date("2026-12-31"), directory: clean)
        let signer = try SigningKey(pem: String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixture.keyPath)), as: UTF8.self))

        /// A copy of the clean bundle changed by `change`, its manifest re-signed with the
        /// market's own key when `resign` (what only the key's holder can do).
        func problems(_ name: String, resign: Bool = false, _ change: (URL, inout String) throws -> Void) throws -> [ReceiptProblem] {
            let copy = fixture.folder.appendingPathComponent(name)
            try FileManager.default.copyItem(atPath: clean, toPath: copy.path)
            var manifest = String(decoding: try Data(contentsOf: copy.appendingPathComponent("manifest.json")), as: UTF8.self)
            try change(copy, &manifest)
            try Data(manifest.utf8).write(to: copy.appendingPathComponent("manifest.json"))
            if resign { try Data(try signer.signature(for: Array(manifest.utf8))).write(to: copy.appendingPathComponent("manifest.json.sig")) }
            return ReceiptBundle.verify(directory: copy.path).problems
        }
        #expect(ReceiptBundle.verify(directory: clean).isClean)
        let added = try problems("added") { folder, _ in
            try Data("x".utf8).write(to: folder.appendingPathComponent("records/00000099_TST-2026-000099.json.sig"))
            try Data("x".utf8).write(to: folder.appendingPathComponent("keys/extra.txt"))
        }
        #expect(Set(added.map(\.subject)) == ["records/00000099_TST-2026-000099.json.sig", "keys/extra.txt"], "\(added)")
        let outside = try problems("outside", resign: true) { _, manifest in
            manifest = manifest.replacingOccurrences(of: "\"name\":\"VERIFY.md\"", with: "\"name\":\"../VERIFY.md\"")
        }
        #expect(outside.contains { $0.problem.english.contains("names ../VERIFY.md, a file outside the bundle") }, "\(outside)")
        let sequences = try problems("sequences", resign: true) { _, manifest in
            manifest = manifest.replacingOccurrences(of: "\"last_sequence\":3", with: "\"last_sequence\":5000")
        }
        #expect(sequences.map(\.problem.english) == ["gives sequences 1 to 5000, but the records run from 1 to 3"], "\(sequences)")
        let renamed = try problems("renamed") { folder, manifest in
            let old = "records/00000002_TST-2026-000002.json"
            let new = "records/00000002_TST-2026-000009.json"
            for suffix in ["", ".sig"] {
                try FileManager.default.moveItem(at: folder.appendingPathComponent(old + suffix), to: folder.appendingPathComponent(new + suffix))
            }
            manifest = manifest.replacingOccurrences(of: old, with: new)
        }
        #expect(renamed.contains { $0.subject == "records/00000002_TST-2026-000009.json" && $0.problem.english.contains("whose file is records/00000002_TST-2026-000002.json") },
                "\(renamed)")
    }
}

/// SQLite's refusal of a statement, as the store tests read it.
enum StoreFixtureless {
    static func sqliteError(_ body: () throws -> Void) -> SQLiteError? {
        do { try body(); return nil } catch let error as SQLiteError { return error } catch { return nil }
    }
}
