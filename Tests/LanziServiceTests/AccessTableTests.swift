import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// The access table, walked whole: every operation the service offers, run by every kind of
/// caller, allowed or refused as the rules say — and the rules are written out here a second
/// time, from the words, so that a wrong line in `ServiceOperation.audience` is caught too.
struct AccessTableTests {
    typealias F = ServiceFixture

    /// The rules in words: admin does everything; an operator runs the market but not its
    /// set-up; an auditor reads and changes nothing; a merchant reads its own records.
    /// The market's signing key is its set-up too; an auditor may export and check receipts
    /// (reading), and a merchant sees its own receipts.
    /// Only administrators manage users and back up or restore the database, and only they act as another user from the command
    /// line; staff may list the users. Anyone, signed in or not, may sign in, present a token
    /// and sign out, change the password its own session proves, and check a receipt by its
    /// public address. Previewing a billing run is running the market; arrears are bills read.
    static let administratorsOnly: Set<ServiceOperation> = [.initializeMarket, .seed, .updateMarket, .initializeKey, .rotateKey, .useKeyFile,
                                                            .addUser, .disableUser, .resetPassword, .actAsUser, .backup, .restore]
    static let reads: Set<ServiceOperation> = [
        .showMarket, .showSummary, .listUnits, .showUnit, .listMerchants, .showMerchant, .listLeases, .showLease, .listBills, .listArrears,
        .showBill, .listUsage, .listPayments, .listRefunds, .showPayment, .showStatement, .showTrialBalance, .showJournal, .exportBooks,
        .listPartyMembers, .showPartyMember, .listHouseholds, .showHousehold, .planAssignments, .listAssignments,
        .showCoverage, .listVisits, .showKeys, .listReceipts, .showReceipt, .exportReceipts, .verifyReceiptChain, .listUsers,
        .listExpenses, .showExpense, .listOtherIncome, .showOtherIncome, .showIncomeReport, .auditVerify, .auditCheckpoint,
    ]
    static let merchantsOwn: Set<ServiceOperation> = [.showMerchant, .listLeases, .showLease, .listBills, .listArrears, .showBill, .listPayments, .listRefunds,
                                               .showPayment, .showStatement, .listReceipts, .showReceipt]
    static let everyone: Set<ServiceOperation> = [.signIn, .authenticate, .signOut, .changeOwnPassword, .checkReceipt]

    static func expected(_ operation: ServiceOperation, for caller: Caller) -> Bool {
        if everyone.contains(operation) { return true }
        return switch caller.kind {
        case .staff(.admin): true
        case .staff(.operator): !administratorsOnly.contains(operation)
        case .staff(.auditor): reads.contains(operation)
        case .merchant: merchantsOwn.contains(operation)
        }
    }

    /// One call of each operation, with the service method that runs it. Merchant 1 owns lease
    /// 1, its January bill and payment 1; merchant 2 owns lease 2 and the rest.
    struct Call: Sendable {
        let operation: ServiceOperation
        let method: String
        let call: @Sendable (LanziService) throws -> Void

        init(_ operation: ServiceOperation, _ method: String, _ call: @escaping @Sendable (LanziService) throws -> Void) {
            self.operation = operation
            self.method = method
            self.call = call
        }
    }

    static let day = F.date("2026-06-01")

    static let calls: [Call] = {
        let day = Self.day
        return [
            Call(.initializeMarket, "initialize") { _ = try $0.initialize(market: F.market) },
            Call(.seed, "seed") { _ = try $0.seed(try SeedTests.document(SeedTests.validSeed(code: "TST"))) },
            Call(.showMarket, "market") { _ = try $0.market() },
            Call(.updateMarket, "updateMarket") { _ = try $0.updateMarket(name: "新名字", operatorName: nil, collectiveName: nil, householdMinimum: nil, householdMaximum: nil) },
            Call(.showSummary, "summary") { _ = try $0.summary(on: day) },
            Call(.listUnits, "units") { _ = try $0.units(on: day) },
            Call(.showUnit, "unit") { _ = try $0.unit(code: "S-001", on: day) },
            Call(.addUnit, "addUnit") { _ = try $0.addUnit(UnitDraft(code: "S-100", kind: .shop, area: Area(hundredths: 2000))) },
            Call(.setUnitStatus, "setUnitStatus") { _ = try $0.setUnitStatus(code: "S-003", outOfService: true, on: day) },
            Call(.listMerchants, "merchants") { _ = try $0.merchants() },
            Call(.showMerchant, "merchant") { _ = try $0.merchant(id: 1) },
            Call(.addMerchant, "addMerchant") { _ = try $0.addMerchant(MerchantDraft(name: "赵小红", phone: "13700000000")) },
            Call(.revealIDNumbers, "merchants(revealIDNumbers:)") { _ = try $0.merchants(revealIDNumbers: true) },
            Call(.createLease, "createLease") { _ = try $0.createLease(F.lease(1, ["T-001"], "2026-01-01", "2026-12-31")) },
            Call(.listLeases, "leases") { _ = try $0.leases() },
            Call(.showLease, "lease") { _ = try $0.lease(id: 1) },
            Call(.renewLease, "renewLease") { _ = try $0.renewLease(id: 2, endsOn: F.date("2027-12-31"), rent: nil) },
            Call(.cancelLease, "cancelLease") { _ = try $0.cancelLease(id: 2, reason: "录错") },
            Call(.terminateLease, "terminateLease") { _ = try $0.terminateLease(id: 1, endsOn: F.date("2026-06-30"), reason: "") },
            Call(.runBilling, "runBilling") { _ = try $0.runBilling(period: Period(year: 2026, month: 2)!) },
            Call(.previewBilling, "previewBilling") { _ = try $0.previewBilling(period: Period(year: 2026, month: 2)!) },
            Call(.listBills, "bills") { _ = try $0.bills(merchantID: nil, period: nil, status: nil) },
            Call(.listArrears, "arrears") { _ = try $0.arrears(asOf: day) },
            Call(.showBill, "bill") { _ = try $0.bill(id: 1) },
            Call(.voidBill, "voidBill") { _ = try $0.voidBill(id: 2, reason: "录错", on: F.date("2026-01-05")) },
            Call(.adjustBill, "adjustBill") { _ = try $0.adjustBill(id: 1, amount: F.yuan("10.00"), reason: "补收", on: F.date("2026-01-05")) },
            Call(.assessLateFees, "assessLateFees") { _ = try $0.assessLateFees(asOf: F.date("2026-03-01")) },
            Call(.recordUsageIn, "usageIn") { _ = try $0.usageIn(merchantID: 1, roomCode: "C1-01", kilograms: 100, on: F.date("2026-01-10")) },
            Call(.recordUsageOut, "usageOut") { _ = try $0.usageOut(id: 1, on: F.date("2026-01-20")) },
            Call(.listUsage, "usageRecords") { _ = try $0.usageRecords() },
            Call(.pay, "pay") { _ = try $0.pay(PaymentDraft(merchantID: 2, amount: F.yuan("5.00"), method: .cash, paidOn: F.date("2026-01-06"), idempotencyKey: "walk")) },
            Call(.reversePayment, "reversePayment") { _ = try $0.reversePayment(id: 2, reason: "录错", on: F.date("2026-01-07")) },
            Call(.refund, "refund") { _ = try $0.refund(RefundDraft(merchantID: 2, amount: F.yuan("1.00"), method: .cash, refundedOn: F.date("2026-01-08"), idempotencyKey: "walk-refund")) },
            Call(.listRefunds, "refunds") { _ = try $0.refunds(merchantID: nil) },
            Call(.listPayments, "payments") { _ = try $0.payments(merchantID: nil) },
            Call(.showPayment, "payment") { _ = try $0.payment(id: 1) },
            Call(.showStatement, "statement") { _ = try $0.statement(merchantID: 1, from: nil, to: F.date("2026-06-30")) },
            Call(.showTrialBalance, "trialBalance") { _ = try $0.trialBalance(asOf: nil) },
            Call(.showJournal, "journal") { _ = try $0.journal(from: nil, to: nil) },
            Call(.exportBooks, "hledgerJournal") { _ = try $0.hledgerJournal(to: nil) },
            Call(.addPartyMember, "addPartyMember") { _ = try $0.addPartyMember(PartyMemberDraft(name: "杨建华", branch: "党总支")) },
            Call(.importPartyMembers, "importPartyMembers") { _ = try $0.importPartyMembers(csv: "name,branch\n李四,党总支\n", source: "m.csv") },
            Call(.listPartyMembers, "partyMembers") { _ = try $0.partyMembers() },
            Call(.showPartyMember, "partyMember") { _ = try $0.partyMember(id: 1) },
            Call(.deactivatePartyMember, "deactivatePartyMember") { _ = try $0.deactivatePartyMember(id: 1, on: F.date("2026-07-01")) },
            Call(.addHousehold, "addHousehold") { _ = try $0.addHousehold(HouseholdDraft(headName: "王正发", villageGroup: "一组")) },
            Call(.importHouseholds, "importHouseholds") { _ = try $0.importHouseholds(csv: "head,group\n张秀珍,一组\n", source: "h.csv") },
            Call(.listHouseholds, "households") { _ = try $0.households() },
            Call(.showHousehold, "household") { _ = try $0.household(id: 1) },
            Call(.assignHousehold, "assign") { _ = try $0.assign(householdID: 1, memberID: 1, on: F.date("2026-02-01")) },
            Call(.endAssignment, "endAssignment") { _ = try $0.endAssignment(householdID: 1, on: F.date("2026-03-01")) },
            Call(.planAssignments, "autoAssign(dryRun: true)") { _ = try $0.autoAssign(on: day, dryRun: true, rebalance: false) },
            Call(.autoAssign, "autoAssign") { _ = try $0.autoAssign(on: day, dryRun: false, rebalance: false) },
            Call(.listAssignments, "assignments") { _ = try $0.assignments() },
            Call(.showCoverage, "coverage") { _ = try $0.coverage(on: day, period: day.period) },
            Call(.logVisit, "logVisit") { _ = try $0.logVisit(memberID: 1, householdID: 1, on: F.date("2026-02-10"), raised: "漏雨", isResolved: false, followUpOn: nil) },
            Call(.listVisits, "visits") { _ = try $0.visits(openOnly: false) },
            Call(.closeVisit, "closeVisit") { _ = try $0.closeVisit(id: 1, on: F.date("2026-02-20")) },
            Call(.initializeKey, "initializeKey") { _ = try $0.initializeKey(algorithm: .ed25519, path: Self.scratchPath("key.pem")) },
            Call(.rotateKey, "rotateKey") { _ = try $0.rotateKey(algorithm: .ed25519) },
            Call(.useKeyFile, "useKeyFile") { _ = try $0.useKeyFile(path: Self.scratchPath("missing.pem")) },
            Call(.showKeys, "signingKeys") { _ = try $0.signingKeys() },
            Call(.noteInvoice, "noteInvoice") { _ = try $0.noteInvoice(receiptNumber: "TST-2026-000001", invoice: "No.00012345") },
            Call(.listReceipts, "receipts") { _ = try $0.receipts(merchantID: nil, year: nil) },
            Call(.showReceipt, "receipt") { _ = try $0.receipt(number: "TST-2026-000001") },
            Call(.exportReceipts, "exportReceipts") { _ = try $0.exportReceipts(from: F.date("2026-01-01"), to: F.date("2026-12-31"), directory: Self.scratchPath("bundle")) },
            Call(.verifyReceiptChain, "verifyReceiptChain") { _ = try $0.verifyReceiptChain() },
            Call(.addExpense, "record(Expense)") { _ = try $0.record(ExpenseDraft(date: F.date("2026-01-12"), category: .repairs, amount: F.yuan("80.00"), counterparty: "王师傅", method: .cash, voucher: "R-2")) },
            Call(.listExpenses, "collectiveItems(Expense)") { _ = try $0.collectiveItems(ExpenseCategory.self, from: nil, to: nil, category: nil) },
            Call(.showExpense, "collectiveItem(Expense)") { _ = try $0.collectiveItem(ExpenseCategory.self, number: "TST-E2026-000001") },
            Call(.reverseExpense, "reverse(Expense)") { _ = try $0.reverse(ExpenseCategory.self, number: "TST-E2026-000001", reason: "录错", on: F.date("2026-01-15")) },
            Call(.importExpenses, "importCollectiveItems(Expense)") { _ = try $0.importCollectiveItems(ExpenseCategory.self, csv: "date,category,amount,payee,method\n2026-01-20,cleaning,50,保洁队,cash\n", source: "e.csv") },
            Call(.addOtherIncome, "record(OtherIncome)") { _ = try $0.record(OtherIncomeDraft(date: F.date("2026-01-12"), category: .subsidy, amount: F.yuan("500.00"), counterparty: "镇财政所", method: .bank, voucher: "S-2")) },
            Call(.listOtherIncome, "collectiveItems(OtherIncome)") { _ = try $0.collectiveItems(OtherIncomeCategory.self, from: nil, to: nil, category: nil) },
            Call(.showOtherIncome, "collectiveItem(OtherIncome)") { _ = try $0.collectiveItem(OtherIncomeCategory.self, number: "TST-I2026-000001") },
            Call(.showIncomeReport, "incomeReport") { _ = try $0.incomeReport(try ReportPeriod(year: 2026)) },
            Call(.auditVerify, "auditVerify") { _ = try $0.auditVerify() },
            Call(.auditCheckpoint, "auditAgainstCheckpoint") { _ = try $0.auditAgainstCheckpoint([:]) },
            Call(.publishIncome, "publishIncome") { _ = try $0.publishIncome(try ReportPeriod(year: 2026)) { _ in "" } },
            Call(.reverseOtherIncome, "reverse(OtherIncome)") { _ = try $0.reverse(OtherIncomeCategory.self, number: "TST-I2026-000001", reason: "录错", on: F.date("2026-01-15")) },
            Call(.importOtherIncome, "importCollectiveItems(OtherIncome)") { _ = try $0.importCollectiveItems(OtherIncomeCategory.self, csv: "date,category,amount,payer,method\n2026-01-20,land_contracting,3000,张三,bank\n", source: "i.csv") },
            Call(.addUser, "addUser") { _ = try $0.addUser(login: "walk-user", role: .auditor, merchantID: nil, password: nil) },
            Call(.listUsers, "users") { _ = try $0.users() },
            Call(.resetPassword, "resetPassword") { _ = try $0.resetPassword(login: "clerk", newPassword: "a new long password") },
            Call(.actAsUser, "caller(forUser:)") { _ = try $0.caller(forUser: "clerk") },
            Call(.signIn, "signIn") { _ = try $0.signIn(login: "clerk", password: "not the password", address: "192.0.2.7", kind: .cookie) },
            Call(.authenticate, "authenticate") { _ = try $0.authenticate(token: "not-a-token") },
            Call(.signOut, "signOut") { _ = try $0.signOut(token: "not-a-token") },
            Call(.changeOwnPassword, "changeOwnPassword") {
                _ = try $0.changeOwnPassword(token: "not-a-token", current: "the clerk's password", new: "a new password", address: "192.0.2.7")
            },
            Call(.backup, "backup") { _ = try $0.backup(to: scratchPath("backup.db")) },
            Call(.restore, "restore") { _ = try $0.restore(from: scratchPath("no-such-backup.db")) },
            Call(.checkReceipt, "checkReceipt") { _ = try $0.checkReceipt(number: "BWG-2026-000001", hashPrefix: "0000000000000000") },
            Call(.disableUser, "disableUser") { _ = try $0.disableUser(login: "clerk") },
        ]
    }()

    /// The running walk's fixture folder, which `close()` removes with whatever the calls wrote.
    @TaskLocal static var scratchFolder: URL = FileManager.default.temporaryDirectory

    /// A path no file is at yet, in the walk's fixture folder, for a call that writes one.
    static func scratchPath(_ name: String) -> String {
        scratchFolder.appendingPathComponent("access-\(UUID().uuidString)-\(name)").path
    }

    /// Merchant 1 (李春华) with lease 1 on S-001, merchant 2 (王建国) with lease 2 on S-002,
    /// January billed (bills 1–2 are merchant 1's and 2's), payment 1 by merchant 1 and
    /// payment 2 by merchant 2, a party member, a household and an operator user `clerk`.
    static func makeFixture() throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.createLease(F.lease(ids.wang, ["S-002"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.runBilling(period: Period(year: 2026, month: 1)!)
        _ = try fixture.admin.pay(PaymentDraft(merchantID: ids.li, amount: F.yuan("100.00"), method: .cash, paidOn: F.date("2026-01-05"), idempotencyKey: "p1"))
        _ = try fixture.admin.pay(PaymentDraft(merchantID: ids.wang, amount: F.yuan("100.00"), method: .cash, paidOn: F.date("2026-01-05"), idempotencyKey: "p2"))
        _ = try fixture.admin.addPartyMember(PartyMemberDraft(name: "杨建华", branch: "布王戈村党总支"))
        _ = try fixture.admin.addHousehold(HouseholdDraft(headName: "李春华", villageGroup: "布王戈一组"))
        _ = try fixture.admin.addUser(login: "clerk", role: .operator, merchantID: nil, password: "the clerk's password")
        _ = try fixture.admin.record(ExpenseDraft(date: F.date("2026-01-10"), category: .cleaning, amount: F.yuan("120.00"), counterparty: "保洁队", method: .cash, voucher: "C-1"))
        _ = try fixture.admin.record(OtherIncomeDraft(date: F.date("2026-01-10"), category: .landContracting, amount: F.yuan("3000.00"), counterparty: "张三", method: .bank))
        return fixture
    }

    /// Every row of every table: what "nothing changed" compares.
    static func snapshot(_ fixture: ServiceFixture) throws -> [String: Int64] {
        try fixture.queue.read { database in
            var counts: [String: Int64] = [:]
            for row in try database.rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                let table = try row.text("name")
                counts[table] = try database.row("SELECT count(*) AS n FROM \"\(table)\"")!.int64("n")
            }
            return counts
        }
    }

    static let callers: [Caller] = [
        .localAdministrator(login: "tester"), .staff(.operator, name: "op:wang"), .staff(.auditor, name: "audit:zhang"),
        .merchant(1, name: "merchant:13800000000"),
    ]

    @Test("the table says what the rules say, for every operation and every kind of caller")
    func tableMatchesTheRules() {
        for operation in ServiceOperation.allCases {
            for caller in Self.callers {
                #expect(operation.admits(caller) == Self.expected(operation, for: caller), "\(operation) for \(caller.role)")
            }
        }
    }

    @Test("every operation, run by every kind of caller, is allowed or refused as the table says; a refusal changes nothing",
          arguments: callers)
    func everyOperationForEveryCaller(caller: Caller) throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let service = fixture.admin.acting(as: caller)
        for entry in Self.calls {
            let (operation, method, call) = (entry.operation, entry.method, entry.call)
            let before = try Self.snapshot(fixture)
            let result = Self.$scratchFolder.withValue(fixture.folder) { Outcome.capture { try call(service) } }
            if Self.expected(operation, for: caller) {
                #expect(result.outcome != .forbidden, "\(method) by \(caller.role): \(result.message)")
            } else {
                #expect(result.outcome == .forbidden, "\(method) by \(caller.role) was not refused: \(result.outcome)")
                #expect(result.message.contains(caller.role.rawValue), "\(method): \(result.message)")
                #expect(try Self.snapshot(fixture) == before, "\(method) by \(caller.role) changed something")
            }
        }
    }

    @Test("every operation has a call in this walk, and every service method names an operation")
    func nothingIsLeftOut() throws {
        let walked = Set(Self.calls.map(\.operation))
        #expect(walked == Set(ServiceOperation.allCases), "not walked: \(Set(ServiceOperation.allCases).subtracting(walked))")
        #expect(Self.calls.count == ServiceOperation.allCases.count, "an operation is walked twice")
        // The service's public methods, read from its sources: a new method that no line of
        // the walk names fails here until it is given an operation and a call.
        let folder = ServiceFixture.repository.appendingPathComponent("Sources/LanziService")
        var methods: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasPrefix("LanziService+") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            // Only the bodies of `extension LanziService { … }`, which end at a closing brace
            // in the first column.
            let extensions = text.components(separatedBy: "\nextension LanziService {").dropFirst()
                .map { $0.components(separatedBy: "\n}").first ?? "" }
            for line in extensions.joined().split(separator: "\n") where line.contains("package func ") && !line.contains("static") {
                let name = line.split(separator: "package func ")[1].prefix { $0 != "(" && $0 != "<" }
                methods.insert(String(name))
            }
        }
        let named = Set(Self.calls.map { String($0.method.prefix { $0 != "(" }) })
        #expect(!methods.isEmpty)
        #expect(methods.subtracting(named).isEmpty, "service methods with no operation in the walk: \(methods.subtracting(named).sorted())")
    }

    @Test("a merchant asking for another merchant's bill, payment, lease, record or statement gets the answer a missing id gets")
    func merchantCannotProbe() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let merchant = fixture.admin.acting(as: .merchant(1, name: "merchant:13800000000"))
        let others: [(String, (Int64) throws -> Void, Int64)] = [
            ("bill", { _ = try merchant.bill(id: $0) }, 2),
            ("payment", { _ = try merchant.payment(id: $0) }, 2),
            ("lease", { _ = try merchant.lease(id: $0) }, 2),
            ("merchant", { _ = try merchant.merchant(id: $0) }, 2),
            ("statement", { _ = try merchant.statement(merchantID: $0, from: nil, to: F.date("2026-06-30")) }, 2),
        ]
        for (name, ask, otherID) in others {
            let other = Self.error { try ask(otherID) }
            let missing = Self.error { try ask(999) }
            #expect(other?.code == .notFound, "\(name)")
            #expect(missing?.code == .notFound, "\(name)")
            // The same words, but for the number asked about.
            #expect(other?.message.english == missing?.message.english.replacingOccurrences(of: "999", with: "\(otherID)"), "\(name)")
            #expect(other?.field == missing?.field, "\(name)")
        }
        // Its own records it reads.
        #expect(try merchant.bill(id: 1).merchantID == 1)
        #expect(try merchant.payment(id: 1).merchantID == 1)
        #expect(try merchant.lease(id: 1).merchantID == 1)
        #expect(try merchant.merchant(id: 1).merchant.name == "李春华")
        #expect(try merchant.statement(merchantID: 1, from: nil, to: F.date("2026-06-30")).lines.isEmpty == false)
    }

    @Test("a merchant's lists are its own whatever merchant it names")
    func merchantListsAreItsOwn() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let merchant = fixture.admin.acting(as: .merchant(1, name: "merchant:13800000000"))
        // Each merchant overpays and is refunded part of its credit.
        for (id, key) in [(Int64(1), "over-1"), (2, "over-2")] {
            _ = try fixture.admin.pay(PaymentDraft(merchantID: id, amount: F.yuan("5000.00"), method: .cash, paidOn: F.date("2026-01-06"), idempotencyKey: key))
            _ = try fixture.admin.refund(RefundDraft(merchantID: id, amount: F.yuan("10.00"), method: .cash, refundedOn: F.date("2026-01-07"), idempotencyKey: "r-" + key))
        }
        for asked in [nil, Int64(1), 2, 999] {
            #expect(try merchant.bills(merchantID: asked, period: nil, status: nil).map(\.merchantID) == [1], "bills for \(String(describing: asked))")
            #expect(try merchant.payments(merchantID: asked).map(\.merchantID) == [1, 1])
            #expect(try merchant.leases(merchantID: asked).map(\.merchantID) == [1])
            #expect(try merchant.refunds(merchantID: asked).map(\.merchantID) == [1])
        }
        #expect(try fixture.admin.bills(merchantID: nil, period: nil, status: nil).count == 2)
        #expect(Outcome { _ = try merchant.merchants() } == .forbidden)
        #expect(Outcome { _ = try merchant.merchant(id: 1, revealIDNumber: true) } == .forbidden)
    }

    static func error(_ body: () throws -> Void) -> ServiceError? {
        do { try body(); return nil } catch { return error as? ServiceError }
    }
}
