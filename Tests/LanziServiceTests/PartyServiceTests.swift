import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// The party branch's register: bounds on every operation, history, visits, imports, coverage.
@Suite("Party members, households, assignments and visits")
struct PartyServiceTests {
    let today = ServiceFixture.date("2026-11-25")

    /// `members` members and `households` households in groups 一组/二组 alternately.
    func register(_ fixture: ServiceFixture, members: Int, households: Int) throws -> (members: [Int64], households: [Int64]) {
        let memberIDs = try (0..<members).map { try fixture.admin.addPartyMember(PartyMemberDraft(name: "党员\($0)", branch: "党总支")).id }
        let householdIDs = try (0..<households).map {
            try fixture.admin.addHousehold(HouseholdDraft(headName: "户主\($0)", villageGroup: $0 % 2 == 0 ? "一组" : "二组")).id
        }
        return (memberIDs, householdIDs)
    }

    @Test func aMemberIsRefusedPastTheMaximumWithNothingChanged() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 2, households: 7)
        for household in households.prefix(5) { _ = try fixture.admin.assign(householdID: household, memberID: members[0], on: today) }
        let before = try fixture.activityCount()
        let (outcome, message) = Outcome.capture { _ = try fixture.admin.assign(householdID: households[5], memberID: members[0], on: today) }
        #expect(outcome == .conflict)
        #expect(message.contains("already looks after 5 households"))
        #expect(try fixture.activityCount() == before)
        #expect(try fixture.count("assignments") == 5)
        // The database refuses it too, whoever writes.
        #expect(throws: SQLiteError.self) {
            try fixture.queue.write { _ = try $0.insertAssignment(householdID: households[5], memberID: members[0], on: today, createdAt: "2026-01-01T00:00:00.000Z") }
        }
    }

    @Test func reassigningClosesTheOldAssignmentAndKeepsHistory() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 2, households: 1)
        _ = try fixture.admin.assign(householdID: households[0], memberID: members[0], on: ServiceFixture.date("2026-01-01"))
        _ = try fixture.admin.assign(householdID: households[0], memberID: members[1], on: ServiceFixture.date("2026-06-01"))
        let (household, history, _) = try fixture.admin.household(id: households[0])
        #expect(household.memberID == members[1])
        #expect(history.map(\.memberID) == [members[0], members[1]])
        #expect(history[0].endedOn == ServiceFixture.date("2026-06-01"))
        #expect(history[1].endedOn == nil)
        // Handing over before the current assignment began is refused.
        #expect(Outcome { _ = try fixture.admin.assign(householdID: households[0], memberID: members[0], on: ServiceFixture.date("2026-05-01")) }
                == .domain(field: "on"))
        #expect(Outcome { _ = try fixture.admin.assign(householdID: households[0], memberID: members[1], on: today) } == .conflict)
        // One active contact per household, enforced by the database.
        #expect(throws: SQLiteError.self) {
            try fixture.queue.write { _ = try $0.insertAssignment(householdID: households[0], memberID: members[0], on: today, createdAt: "2026-01-01T00:00:00.000Z") }
        }
    }

    @Test func deactivatingAMemberUncoversItsHouseholds() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 2, households: 3)
        for household in households { _ = try fixture.admin.assign(householdID: household, memberID: members[0], on: ServiceFixture.date("2026-01-01")) }
        let (member, uncovered) = try fixture.admin.deactivatePartyMember(id: members[0], on: today)
        #expect(!member.isActive)
        #expect(uncovered == households)
        #expect(try fixture.admin.households(uncoveredOnly: true).map(\.id) == households)
        #expect(try fixture.admin.coverage(on: today, period: today.period).uncoveredHouseholds.count == 3)
        #expect(Outcome { _ = try fixture.admin.assign(householdID: households[0], memberID: members[0], on: today) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.deactivatePartyMember(id: members[0], on: today) } == .conflict)
        // The automatic assignment hands them to the member still active.
        let result = try fixture.admin.autoAssign(on: today, dryRun: false, rebalance: false)
        #expect(result.plan.assignments.map(\.memberID) == [members[1], members[1], members[1]])
    }

    @Test func autoAssignmentReportsTheShortfallAndADryRunChangesNothing() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        _ = try register(fixture, members: 8, households: 42)
        let before = try fixture.tableCounts()
        let dryRun = try fixture.admin.autoAssign(on: today, dryRun: true, rebalance: false)
        #expect(dryRun.plan.assignments.count == 40)
        #expect(dryRun.plan.shortfalls == ["42 households, 8 members, at most 5 each: 2 household(s) left uncovered"])
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.count("assignments") == 0)
        let applied = try fixture.admin.autoAssign(on: today, dryRun: false, rebalance: false)
        #expect(applied.plan == dryRun.plan)
        #expect(try fixture.count("assignments") == 40)
        #expect(try fixture.admin.partyMembers().allSatisfy { $0.load == 5 })
    }

    @Test func rebalanceEvensLoadsAndOnlyThen() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 3, households: 9)
        for household in households.prefix(5) { _ = try fixture.admin.assign(householdID: household, memberID: members[0], on: today) }
        let plain = try fixture.admin.autoAssign(on: today, dryRun: false, rebalance: false)
        #expect(plain.plan.moved == 0)
        #expect(try fixture.admin.partyMembers().map(\.load) == [5, 2, 2])
        let rebalanced = try fixture.admin.autoAssign(on: today, dryRun: false, rebalance: true)
        #expect(rebalanced.plan.moved == 2)
        #expect(try fixture.admin.partyMembers().map(\.load) == [3, 3, 3])
        #expect(try fixture.count("assignments") == 11)   // two closed, two opened: history kept
    }

    @Test func visitsOnlyToOwnHouseholdsOnThatDay() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 2, households: 1)
        _ = try fixture.admin.assign(householdID: households[0], memberID: members[0], on: ServiceFixture.date("2026-03-01"))
        let visit = try fixture.admin.logVisit(memberID: members[0], householdID: households[0], on: ServiceFixture.date("2026-03-05"),
                                              raised: "反映摊位漏雨", isResolved: false, followUpOn: ServiceFixture.date("2026-04-01"))
        #expect(visit.isOpen)
        #expect(Outcome { _ = try fixture.admin.logVisit(memberID: members[1], householdID: households[0], on: ServiceFixture.date("2026-03-05"),
                                                         raised: "x", isResolved: false, followUpOn: nil) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.logVisit(memberID: members[0], householdID: households[0], on: ServiceFixture.date("2026-02-28"),
                                                         raised: "x", isResolved: false, followUpOn: nil) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.logVisit(memberID: members[0], householdID: households[0], on: today,
                                                         raised: "  ", isResolved: false, followUpOn: nil) } == .domain(field: "raised"))
        #expect(Outcome { _ = try fixture.admin.logVisit(memberID: members[0], householdID: households[0], on: today,
                                                         raised: "x", isResolved: false, followUpOn: ServiceFixture.date("2026-11-24")) } == .domain(field: "follow_up_on"))
        // The old matter is stale after 30 days; closing it clears it.
        #expect(try fixture.admin.coverage(on: today, period: today.period).staleMatters.map(\.id) == [visit.id])
        #expect(Outcome { _ = try fixture.admin.closeVisit(id: visit.id, on: ServiceFixture.date("2026-03-04")) } == .domain(field: "on"))
        let closed = try fixture.admin.closeVisit(id: visit.id, on: today)
        #expect(closed.resolvedOn == today)
        #expect(Outcome { _ = try fixture.admin.closeVisit(id: visit.id, on: today) } == .conflict)
        #expect(try fixture.admin.visits(openOnly: true).isEmpty)
        #expect(try fixture.admin.coverage(on: today, period: today.period).staleMatters.isEmpty)
    }

    @Test(arguments: [true, false])
    func householdImportWithAndWithoutByteOrderMark(withMark: Bool) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let text = (withMark ? "\u{FEFF}" : "") + "户主,村民小组,人口,地址,标签\r\n张三,布王戈一组,4,\"一组12号, 东头\",\"搬迁户、低保户\"\r\n李四,布王戈二组,,,\r\n"
        let households = try fixture.admin.importHouseholds(csv: text, source: "h.csv")
        #expect(households.map(\.headName) == ["张三", "李四"])
        #expect(households[0].address == "一组12号, 东头")
        #expect(households[0].tags.sorted() == ["低保户", "搬迁户"])
        #expect(households[1].people == 1)
    }

    @Test func aBadRowImportsNothingAndEveryBadRowIsNamed() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let text = "head,group,people,merchant\n张三,一组,4,\n,一组,2,\n王五,二组,abc,\n赵六,二组,1,999\n"
        #expect {
            _ = try fixture.admin.importHouseholds(csv: text, source: "h.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.problems.map(\.field) == ["line 3, head", "line 4, people", "line 5, merchant"]
        }
        #expect(try fixture.count("households") == 0)
        #expect(Outcome { _ = try fixture.admin.importPartyMembers(csv: "姓名,支部,职务\n甲,党总支,书记\n", source: "p.csv") } == .domain(field: "p.csv line 1"))
        let members = try fixture.admin.importPartyMembers(csv: "姓名,支部,电话\n杨建华,布王戈村党总支,13908731234\n", source: "p.csv")
        #expect(members.first?.phone == "13908731234")
    }

    @Test("an import lists every fault of every bad row, not only the first of each")
    func everyFaultOfEveryRow() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let long = String(repeating: "长", count: 41)
        // Line 2: no head, people not a number, an unknown merchant; line 3: a group too long
        // and 100 people; line 4 is good.
        let households = "head,group,people,merchant\n,一组,abc,999\n李四,\(long),100,\n王五,二组,3,\n"
        #expect {
            _ = try fixture.admin.importHouseholds(csv: households, source: "h.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.problems.map(\.field) == ["line 2, people", "line 2, merchant", "line 2, head", "line 3, group", "line 3, people"]
        }
        let members = "name,branch,phone\n,,12\n杨建华,\(long)\(long),\n"
        #expect {
            _ = try fixture.admin.importPartyMembers(csv: members, source: "m.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.problems.map(\.field) == ["line 2, name", "line 2, branch", "line 2, phone", "line 3, branch"]
        }
        #expect(try fixture.count("households") == 0)
        #expect(try fixture.count("party_members") == 0)
    }

    @Test("a household import refuses a row that repeats a registered household or an earlier row, naming it, and imports nothing")
    func householdImportRefusesRepeats() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        _ = try fixture.admin.importHouseholds(csv: "head,group,address\n张三,一组,一组12号\n", source: "first.csv")
        // Line 2 is the registered household again, line 4 repeats line 3; the same head and
        // group at another address (line 5) is another household.
        let text = "head,group,address\n张三,一组,一组12号\n李四,二组,\n李四,二组,\n张三,一组,一组13号\n"
        #expect {
            _ = try fixture.admin.importHouseholds(csv: text, source: "h.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.problems.map(\.field) == ["line 2, head", "line 4, head"]
                && error.problems[0].rule.english.contains("household 1") && error.problems[1].rule.english.contains("repeats line 3")
        }
        #expect(try fixture.count("households") == 1)
        #expect(try fixture.admin.importHouseholds(csv: "head,group,address\n李四,二组,\n张三,一组,一组13号\n", source: "h.csv").count == 2)
    }

    @Test func loweringTheMaximumBelowALoadIsRefused() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 1, households: 5)
        for household in households { _ = try fixture.admin.assign(householdID: household, memberID: members[0], on: today) }
        #expect(Outcome { try fixture.admin.updateMarket(name: nil, operatorName: nil, collectiveName: nil, householdMinimum: nil, householdMaximum: 4) }
                == .conflict)
        #expect(try fixture.admin.market().householdMaximum == 5)
    }

    @Test func anAuditorReadsButChangesNothing() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let (members, households) = try register(fixture, members: 1, households: 1)
        #expect(Outcome { _ = try fixture.auditor.assign(householdID: households[0], memberID: members[0], on: today) } == .forbidden)
        #expect(Outcome { _ = try fixture.auditor.autoAssign(on: today, dryRun: false, rebalance: false) } == .forbidden)
        #expect(Outcome { _ = try fixture.auditor.addPartyMember(PartyMemberDraft(name: "甲", branch: "乙")) } == .forbidden)
        #expect(try fixture.auditor.coverage(on: today, period: today.period).uncoveredHouseholds.count == 1)
        #expect(Outcome { _ = try fixture.merchantCaller.households() } == .forbidden)
    }
}
