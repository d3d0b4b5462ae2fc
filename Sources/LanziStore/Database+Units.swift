import LanziCore

/// The unit register.
extension Database {
    /// Inserts a validated unit.
    /// - Returns: its id.
    /// - Throws: `SQLiteError` with a constraint code when the code is already taken.
    package func insertUnit(_ unit: UnitDraft, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO units (code, kind, phase, area_m2_hundredths, building, capacity_kg, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(unit.code), .text(unit.kind.rawValue), SQLValue(unit.phase), .integer(unit.area.hundredths),
                  SQLValue(unit.coldRoom?.building), SQLValue(unit.coldRoom?.capacityKilograms), .text(createdAt)])
        return lastInsertedRowID
    }

    package func setUnitOutOfService(id: Int64, _ isOutOfService: Bool) throws {
        try run("UPDATE units SET is_out_of_service = ? WHERE id = ?", [SQLValue(isOutOfService), .integer(id)])
    }

    private static let unitColumns = """
        SELECT u.id, u.code, u.kind, u.phase, u.area_m2_hundredths, u.building, u.capacity_kg, u.is_out_of_service,
            (SELECT lu.lease_id FROM lease_units AS lu
             JOIN leases AS l ON l.id = lu.lease_id
             LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
             WHERE lu.unit_id = u.id AND l.starts_on <= ?1 AND COALESCE(t.ends_on, l.ends_on) >= ?1
                 AND NOT EXISTS (SELECT 1 FROM lease_cancellations AS c WHERE c.lease_id = l.id)) AS current_lease_id
        FROM units AS u
        """

    /// Every unit, with the lease that holds it on `date`, by kind and then code.
    package func units(on date: CalendarDate) throws -> [MarketUnit] {
        try rows(Self.unitColumns + " ORDER BY u.kind, u.code", [.text(date.description)]).map(Self.unit)
    }

    /// The unit with `code`, or nil.
    package func unit(code: String, on date: CalendarDate) throws -> MarketUnit? {
        try row(Self.unitColumns + " WHERE u.code = ?2", [.text(date.description), .text(code)]).map(Self.unit)
    }

    private static func unit(_ row: Row) throws -> MarketUnit {
        let building = try row.optionalText("building")
        let capacity = try row.optionalInt64("capacity_kg")
        let coldRoom = building.flatMap { building in capacity.map { ColdRoomDetails(building: building, capacityKilograms: $0) } }
        guard let kind = UnitKind(rawValue: try row.text("kind")) else { throw row.mismatch("kind", "a unit kind") }
        return MarketUnit(id: try row.int64("id"), code: try row.text("code"), kind: kind, phase: try row.int("phase"),
                              area: Area(hundredths: try row.int64("area_m2_hundredths")), coldRoom: coldRoom,
                              isOutOfService: try row.bool("is_out_of_service"), currentLeaseID: try row.optionalInt64("current_lease_id"))
    }

    /// The lease ids that hold unit `unitID` on any day from `start` through `end` (a
    /// cancelled lease holds nothing).
    package func leasesHolding(unitID: Int64, from start: CalendarDate, through end: CalendarDate) throws -> [Int64] {
        try rows("""
            SELECT l.id FROM lease_units AS lu
            JOIN leases AS l ON l.id = lu.lease_id
            LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
            WHERE lu.unit_id = ? AND l.starts_on <= ? AND COALESCE(t.ends_on, l.ends_on) >= ?
                AND NOT EXISTS (SELECT 1 FROM lease_cancellations AS c WHERE c.lease_id = l.id)
            ORDER BY l.starts_on
            """, [.integer(unitID), .text(end.description), .text(start.description)]).map { try $0.int64("id") }
    }
}
