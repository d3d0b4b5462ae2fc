import Foundation
import Testing
import LanziCore
import LanziTestSupport
@testable import LanziService
@testable import LanziStore

/// Faults injected part way through a payment, a billing run, an export and a backup: a
/// failing step at every point (or many points) of each, a full disk, a key file gone bad.
/// Each fails with a message a person understands, and the database is exactly as it was —
/// compared by stock `sqlite3 .dump` with its dump taken first.
struct FaultInjectionTests {
    typealias F = ServiceFixture

    /// A small market whose folder is armed, and a service over connections opened after arming.
    final class Armed: Sendable {
        let fixture: ServiceFixture
        let merchant: Int64
        let plan = FaultPlan()
        let queue: DatabaseQueue
        let service: LanziService
        let sqlite3: URL

        init() throws {
            sqlite3 = try ExternalTool.sqlite3.require()
            (fixture, merchant) = try BackupTests.market(payments: 2)
            FaultInjection.arm(plan, forFilesUnder: fixture.folder.path)
            queue = DatabaseQueue(try Database(path: fixture.path, create: false))
            service = LanziService(queue: queue, caller: .localAdministrator(login: "faults"), clock: F.clock, failureLog: { _ in },
                                   passwordHashing: F.passwordHashing)
        }

        deinit {
            FaultInjection.disarm(folder: fixture.folder.path)
            fixture.close()
        }

        func dump() throws -> String { try BackupTests.output(sqlite3, [fixture.path, ".dump"]) }

        /// Runs `operation` with its `n`th step failing, for `n` = 1, 2, … (then further apart
        /// past `everyStepUpTo`), until it runs whole; each failure must leave the dump as it
        /// was and say so. - Returns: how many points it was interrupted at.
        @discardableResult
        func sweep(everyStepUpTo dense: Int = 10_000, _ operation: (Int) throws -> Void, leavesNothing: (Int) -> Bool = { _ in true }) throws -> Int {
            let before = try dump()
            var step = 1
            var interrupted = 0
            while step < 100_000 {
                plan.failStep(step)
                defer { plan.failStep(0) }
                do {
                    try operation(step)
                    return interrupted
                } catch let error as ServiceError {
                    plan.failStep(0)
                    interrupted += 1
                    #expect(error.code == .unavailable, "step \(step): \(error)")
                    #expect(error.message.description.contains("nothing was written") || error.message.description.contains("cannot be written"), "step \(step): \(error.message)")
                } catch {
                    Issue.record("step \(step): \(error)")
                }
                #expect(try dump() == before, "step \(step) changed the database")
                #expect(leavesNothing(step), "step \(step) left a file behind")
                step += step < dense ? 1 : max(1, step / 6)
            }
            Issue.record("the operation never ran whole")
            return interrupted
        }
    }

    @Test("a payment failing at any step records nothing; then it is recorded once, with its receipt")
    func payment() throws {
        let armed = try Armed()
        let points = try armed.sweep { _ in
            _ = try armed.service.pay(PaymentDraft(merchantID: armed.merchant, amount: F.yuan("5.00"), method: .cash, paidOn: F.date("2030-01-09"), idempotencyKey: "faulted"))
        }
        #expect(points > 10)
        #expect(try armed.service.payments(merchantID: armed.merchant).filter { $0.idempotencyKey == "faulted" }.count == 1)
        #expect(try armed.service.auditVerify().isClean)
    }

    @Test("a billing run failing at any step raises nothing; then it raises its bills once")
    func billingRun() throws {
        let armed = try Armed()
        let points = try armed.sweep { _ in _ = try armed.service.runBilling(period: Period(year: 2030, month: 2)!) }
        #expect(points > 10)
        #expect(try armed.service.bills(merchantID: nil, period: Period(year: 2030, month: 2)!, status: nil).count == 1)
        #expect(try armed.service.auditVerify().isClean)
    }

    @Test("an export failing part way leaves no folder behind")
    func export() throws {
        let armed = try Armed()
        let folder = armed.fixture.folder
        let points = try armed.sweep(everyStepUpTo: 40, { step in
            _ = try armed.service.exportReceipts(from: F.date("2030-01-01"), to: F.date("2030-12-31"), directory: folder.appendingPathComponent("export-\(step)").path)
        }, leavesNothing: { step in !FileManager.default.fileExists(atPath: folder.appendingPathComponent("export-\(step)").path) })
        #expect(points > 5)
    }

    @Test("a backup failing part way, in its copy or in its check of the copy, leaves no file behind")
    func backup() throws {
        let armed = try Armed()
        let folder = armed.fixture.folder
        let points = try armed.sweep(everyStepUpTo: 40, { step in
            _ = try armed.service.backup(to: folder.appendingPathComponent("copy-\(step).db").path)
        }, leavesNothing: { _ in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).allSatisfy { !$0.hasPrefix("copy-") && !$0.contains("partial") }
        })
        #expect(points > 5)
    }

    @Test("a full disk (max_page_count) refuses a billing run and a payment whole, saying the disk is full")
    func fullDisk() throws {
        let armed = try Armed()
        try armed.queue.withWriter { writer in
            let pages = try writer.row("PRAGMA page_count")!.int64("page_count")
            try writer.execute("PRAGMA max_page_count = \(pages)")
        }
        var refusals: [String] = []
        // Each refused attempt is compared with the database as it stood just before it.
        func attempt(_ body: () throws -> Void) throws {
            let before = try armed.dump()
            do { try body() } catch let error as ServiceError {
                refusals.append(error.message.description)
                #expect(try armed.dump() == before, "a refused attempt changed the database: \(error.message.description)")
            }
        }
        for month in 2...7 where refusals.isEmpty {
            try attempt { _ = try armed.service.runBilling(period: Period(year: 2030, month: month)!) }
        }
        for index in 0..<400 where refusals.count < 2 {
            try attempt {
                _ = try armed.service.pay(PaymentDraft(merchantID: armed.merchant, amount: F.yuan("1.00"), method: .cash, paidOn: F.date("2030-01-09"), idempotencyKey: "full-\(index)"))
            }
        }
        #expect(refusals.count == 2)
        #expect(refusals.allSatisfy { $0 == "the database's disk is full; nothing was written" }, "\(refusals)")
        // What did fit before the disk filled is whole: the books balance and every receipt verifies.
        #expect(try armed.service.auditVerify().isClean)
    }

    @Test("the key file replaced by something that is not a key mid-run refuses the next payment whole; put back, payments go on")
    func keyFileGoneBad() throws {
        let armed = try Armed()
        let pay = { (key: String) in
            try armed.service.pay(PaymentDraft(merchantID: armed.merchant, amount: F.yuan("1.00"), method: .cash, paidOn: F.date("2030-01-09"), idempotencyKey: key))
        }
        _ = try pay("before")
        let keyPath = armed.fixture.keyPath
        let original = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: keyPath))
        let before = try armed.dump()
        let refusal = Outcome.capture { _ = try pay("during") }
        #expect(refusal.message.contains("is not a signing key") && refusal.message.contains("nothing was recorded"), "\(refusal.message)")
        #expect(try armed.dump() == before)
        try FileManager.default.removeItem(atPath: keyPath)
        #expect(Outcome.capture { _ = try pay("gone") }.message.contains("cannot be read"))
        #expect(try armed.dump() == before)
        try original.write(to: URL(fileURLWithPath: keyPath))
        _ = try pay("after")
        #expect(try armed.service.verifyReceiptChain().isClean)
    }
}
