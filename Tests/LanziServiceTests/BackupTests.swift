import Foundation
import Testing
import LanziCore
import LanziTestSupport
@testable import LanziService
@testable import LanziStore

/// `backup` and `restore`: an online copy taken while another thread writes, checked before it
/// is named; a restore that refuses what is not a sound Lanzi database of this build, keeps
/// what it replaces, and is whole.
struct BackupTests {
    typealias F = ServiceFixture

    /// Merchant 1 with a lease billed in January, and `count` payments of 1 yuan recorded.
    static func market(payments count: Int) throws -> (ServiceFixture, Int64) {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2030-01-01", "2030-12-31"))
        _ = try fixture.admin.runBilling(period: Period(year: 2030, month: 1)!)
        for index in 0..<count {
            _ = try fixture.admin.pay(PaymentDraft(merchantID: ids.li, amount: F.yuan("1.00"), method: .cash, paidOn: F.date("2030-01-05"), idempotencyKey: "k\(index)"))
        }
        return (fixture, ids.li)
    }

    @Test("a backup taken while payments are recorded is one sound snapshot: stock sqlite3 finds it intact, sha256sum gives its digest, and it audits clean")
    func backupUnderLoad() throws {
        let (fixture, merchant) = try Self.market(payments: 5)
        defer { fixture.close() }
        let sqlite3 = try ExternalTool.sqlite3.require()
        let sha256sum = try ExternalTool(name: "sha256sum").require()
        let writing = Background {
            for index in 0..<60 {
                _ = try fixture.admin.pay(PaymentDraft(merchantID: merchant, amount: F.yuan("1.00"), method: .cash, paidOn: F.date("2030-01-06"), idempotencyKey: "load\(index)"))
            }
        }
        let out = fixture.folder.appendingPathComponent("copy.db").path
        let report = try fixture.admin.backup(to: out)
        try writing.value()
        #expect(report.path == out)
        #expect(report.bytes == Int64(try Data(contentsOf: URL(fileURLWithPath: out)).count))
        #expect(try Self.output(sqlite3, [out, "PRAGMA integrity_check"]) == "ok")
        #expect(try Self.output(sha256sum, [out]).hasPrefix(report.sha256 + " "))
        // The copy is one snapshot: its payments and receipts agree, whatever moment it caught.
        let payments = try Self.output(sqlite3, [out, "SELECT count(*) FROM payments"])
        #expect(try Self.output(sqlite3, [out, "SELECT count(*) FROM receipt_records"]) == payments)
        #expect((5...65).contains(Int(payments)!))
        #expect(report.receiptsChecked == Int(payments)!)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).allSatisfy { !$0.contains("partial") })
        // The copy taken under load restores, and the restored database audits clean.
        let restored = try fixture.admin.restore(from: out)
        #expect(restored.sha256 == report.sha256)
        #expect(try fixture.count("payments") == Int64(payments)!)
        #expect(try fixture.admin.auditVerify().isClean)
    }

    @Test("a backup refuses a file that exists and a folder that does not, and writes nothing")
    func backupRefusals() throws {
        let (fixture, _) = try Self.market(payments: 1)
        defer { fixture.close() }
        let existing = fixture.folder.appendingPathComponent("taken.db").path
        try Data("mine".utf8).write(to: URL(fileURLWithPath: existing))
        #expect(throws: DomainError(field: "out", rule: "must name a new file; \(existing) exists already")) { try fixture.admin.backup(to: existing) }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "mine")
        let nowhere = fixture.folder.appendingPathComponent("no/such/folder/copy.db").path
        #expect(throws: DomainError.self) { try fixture.admin.backup(to: nowhere) }
        #expect(throws: ServiceError.self) { try fixture.operatorCaller.backup(to: fixture.folder.appendingPathComponent("op.db").path) }
    }

    @Test("a restore brings back the backup's state whole, keeps the database it replaced, and the market goes on")
    func restore() throws {
        let (fixture, merchant) = try Self.market(payments: 3)
        defer { fixture.close() }
        let sqlite3 = try ExternalTool.sqlite3.require()
        let copy = fixture.folder.appendingPathComponent("copy.db").path
        let taken = try fixture.admin.backup(to: copy)
        _ = try fixture.admin.addMerchant(MerchantDraft(name: "后来的", phone: "13700000009"))
        _ = try fixture.admin.pay(PaymentDraft(merchantID: merchant, amount: F.yuan("2.00"), method: .cash, paidOn: F.date("2030-01-07"), idempotencyKey: "after"))
        let payments = try fixture.count("payments")

        let report = try fixture.admin.restore(from: copy)
        #expect(report.sha256 == taken.sha256)
        let kept = try #require(report.keptAt)
        #expect(try Self.output(sqlite3, [kept, "SELECT count(*) FROM payments"]) == "\(payments)")
        #expect(try fixture.count("payments") == payments - 1)
        #expect(try fixture.admin.merchants().contains { $0.name == "后来的" } == false)
        #expect(try fixture.admin.auditVerify().isClean)
        // Numbers go on from the restored chain, without a gap.
        let (payment, _) = try fixture.admin.pay(PaymentDraft(merchantID: merchant, amount: F.yuan("3.00"), method: .cash, paidOn: F.date("2030-01-08"), idempotencyKey: "again"))
        #expect(try fixture.admin.receipts(merchantID: nil, year: 2030).last?.record.paymentID == payment.id)
        #expect(try fixture.admin.verifyReceiptChain().isClean)
        #expect(try fixture.activity().contains { $0.action == "database.restore" })
    }

    @Test("a restore refuses a missing file, one that is not a database, a database that is not Lanzi's, one with a migration this build does not know, and a damaged one — changing nothing")
    func restoreRefusals() throws {
        let (fixture, _) = try Self.market(payments: 2)
        defer { fixture.close() }
        let sqlite3 = try ExternalTool.sqlite3.require()
        let folder = fixture.folder
        let good = folder.appendingPathComponent("good.db").path
        _ = try fixture.admin.backup(to: good)
        let junk = folder.appendingPathComponent("junk.db").path
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: junk))
        let foreign = folder.appendingPathComponent("foreign.db").path
        _ = try Self.output(sqlite3, [foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1)"])
        let future = folder.appendingPathComponent("future.db").path
        try FileManager.default.copyItem(atPath: good, toPath: future)
        _ = try Self.output(sqlite3, [future, "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x', '2031-01-01')"])
        let damaged = folder.appendingPathComponent("damaged.db").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let page = 4096 * (bytes.count / 4096 / 2)
        for offset in page + 8..<page + 400 { bytes[offset] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: damaged))

        let before = try fixture.tableCounts()
        let payments = try fixture.count("payments")
        let activity = try fixture.activityCount()
        let cases: [(String, String)] = [
            (folder.appendingPathComponent("none.db").path, "must be a backup file"), (junk, "is not a Lanzi database: it is not a database file"),
            (foreign, "is not a Lanzi database: it records no migrations"), (future, "records migration 9999 (9999_future.sql), which this lanzi does not know"),
            (damaged, "fails the integrity check"),
        ]
        for (path, message) in cases {
            let refusal = Outcome.capture { _ = try fixture.admin.restore(from: path) }
            #expect(refusal.message.contains(message), "\(path): \(refusal.message)")
        }
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.count("payments") == payments)
        #expect(try fixture.activityCount() == activity)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains("before-restore") && !$0.contains(".restore-") })
        #expect(try Self.output(sqlite3, [foreign, "SELECT count(*) FROM t"]) == "1", "the file named was written")
    }

    /// What a stock command printed, trimmed.
    static func output(_ executable: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
