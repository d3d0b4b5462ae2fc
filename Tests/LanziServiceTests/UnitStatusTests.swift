import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// `setUnitStatus` and the unit register through the service.
struct UnitStatusTests {
    typealias F = ServiceFixture

    @Test("out of service is refused while a lease holds the unit on the day asked or later", arguments: [
        "2026-06-01",   // the lease holds it that day
        "2026-01-01",   // its first day
        "2026-12-31",   // its last day
        "2025-06-01",   // the lease starts later
    ])
    func refusedWhileLeased(day: String) throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let before = try fixture.tableCounts()
        let refusal = Outcome.capture { _ = try fixture.admin.setUnitStatus(code: "S-001", outOfService: true, on: F.date(day)) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("lease \(lease.id)"))
        #expect(try fixture.tableCounts() == before)
        #expect(try fixture.admin.unit(code: "S-001", on: F.date(day)).isOutOfService == false)
    }

    @Test("out of service is allowed once the lease has ended, or been terminated")
    func allowedAfterLease() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2026-12-31"))
        let activityBefore = try fixture.activityCount()
        let unit = try fixture.admin.setUnitStatus(code: "S-001", outOfService: true, on: F.date("2027-01-01"))
        #expect(unit.isOutOfService)
        #expect(unit.status == .outOfService)
        #expect(try fixture.activityCount() == activityBefore + 1)
        #expect(try fixture.activity().last?.action == "unit.status")
        #expect(try fixture.activity().last?.subject == "S-001")

        let terminated = try fixture.admin.createLease(F.lease(ids.li, ["S-002"], "2026-01-01", "2026-12-31"))
        _ = try fixture.admin.terminateLease(id: terminated.id, endsOn: F.date("2026-03-31"), reason: "")
        #expect(Outcome { _ = try fixture.admin.setUnitStatus(code: "S-002", outOfService: true, on: F.date("2026-03-31")) } == .conflict)
        #expect(try fixture.admin.setUnitStatus(code: "S-002", outOfService: true, on: F.date("2026-04-01")).status == .outOfService)
    }

    @Test("a lease on an out-of-service unit is refused until the unit is back in service")
    func leaseOnOutOfServiceUnit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.setUnitStatus(code: "T-001", outOfService: true, on: F.date("2026-01-01"))
        #expect(try fixture.admin.units(status: .outOfService, on: F.date("2026-01-01")).map(\.code) == ["T-001"])
        let before = try fixture.tableCounts()
        let refusal = Outcome.capture { _ = try fixture.admin.createLease(F.lease(ids.li, ["T-001"], "2026-02-01", "2026-12-31")) }
        #expect(refusal.outcome == .conflict)
        #expect(refusal.message.contains("T-001"))
        #expect(try fixture.tableCounts() == before)

        let back = try fixture.admin.setUnitStatus(code: "T-001", outOfService: false, on: F.date("2026-01-15"))
        #expect(back.status == .available)
        let lease = try fixture.admin.createLease(F.lease(ids.li, ["T-001"], "2026-02-01", "2026-12-31"))
        #expect(try fixture.admin.unit(code: "T-001", on: F.date("2026-02-01")).currentLeaseID == lease.id)
    }

    @Test("setting the status a unit already has changes nothing and logs nothing")
    func sameStatus() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        try fixture.addSmallRegister()
        let before = try fixture.tableCounts()
        let unit = try fixture.admin.setUnitStatus(code: "S-003", outOfService: false, on: F.date("2026-01-01"))
        #expect(unit.status == .available)
        #expect(try fixture.tableCounts() == before)
    }

    @Test("an unknown unit is not found")
    func unknownUnit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        try fixture.addSmallRegister()
        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.setUnitStatus(code: "S-404", outOfService: true, on: F.date("2026-01-01")) } == .notFound)
        #expect(Outcome { _ = try fixture.admin.unit(code: "S-404", on: F.date("2026-01-01")) } == .notFound)
        #expect(try fixture.tableCounts() == before)
    }

    @Test("adding a unit: checked, logged once, and a code taken twice is a conflict")
    func addUnit() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let activityBefore = try fixture.activityCount()
        let room = try fixture.admin.addUnit(UnitDraft(code: "C2-01", kind: .coldRoom, phase: 2, area: Area(hundredths: 5025),
                                                       coldRoom: ColdRoomDetails(building: "2号冷库", capacityKilograms: 25_000)))
        #expect(room.code == "C2-01" && room.kind == .coldRoom && room.phase == 2 && room.area == Area(hundredths: 5025))
        #expect(room.coldRoom == ColdRoomDetails(building: "2号冷库", capacityKilograms: 25_000))
        #expect(room.status == .available)
        #expect(try fixture.activityCount() == activityBefore + 1)
        #expect(try fixture.activity().last?.action == "unit.add")

        let before = try fixture.tableCounts()
        #expect(Outcome { _ = try fixture.admin.addUnit(UnitDraft(code: "C2-01", kind: .shop, area: Area(hundredths: 100))) } == .conflict)
        #expect(Outcome { _ = try fixture.admin.addUnit(UnitDraft(code: "C2-02", kind: .coldRoom, area: Area(hundredths: 100))) }
                == .domain(field: "building"))
        #expect(Outcome { _ = try fixture.admin.addUnit(UnitDraft(code: "S-009", kind: .shop, area: Area(hundredths: 100),
                                                                  coldRoom: ColdRoomDetails(building: "1号冷库", capacityKilograms: 10))) }
                == .domain(field: "building"))
        #expect(Outcome { _ = try fixture.admin.addUnit(UnitDraft(code: "s 9", kind: .shop, area: Area(hundredths: 100))) } == .domain(field: "code"))
        #expect(Outcome { _ = try fixture.admin.addUnit(UnitDraft(code: "S-010", kind: .shop, phase: 100, area: Area(hundredths: 100))) }
                == .domain(field: "phase"))
        #expect(try fixture.tableCounts() == before)
    }

    @Test("units are listed by kind and status on a day")
    func listUnits() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-002"], "2026-01-01", "2026-12-31"))
        let day = F.date("2026-05-01")
        #expect(try fixture.admin.units(on: day).count == 5)
        #expect(try fixture.admin.units(kind: .shop, on: day).map(\.code) == ["S-001", "S-002", "S-003"])
        #expect(try fixture.admin.units(kind: .shop, status: .leased, on: day).map(\.code) == ["S-002"])
        #expect(try fixture.admin.units(kind: .coldRoom, on: day).map(\.code) == ["C1-01"])
        #expect(try fixture.admin.units(status: .leased, on: F.date("2027-01-01")).isEmpty)
    }
}
