import Foundation
import LanziCore

/// Leases, their units, terminations and renewals.
extension Database {
    /// Inserts a validated lease and its units. The trigger `lease_units_no_overlap` refuses
    /// a unit already leased on an overlapping day, whoever inserts.
    /// - Returns: the lease's id.
    /// - Throws: `SQLiteError` (a constraint when the dates overlap another lease's).
    package func insertLease(_ lease: LeaseDraft, unitIDs: [Int64], previousLeaseID: Int64? = nil) throws -> Int64 {
        let terms = lease.terms
        try run("""
            INSERT INTO leases (merchant_id, starts_on, ends_on, rent_fen, billing_cycle, management_fee_kind,
                management_fee_fen, deposit_fen, free_months, escalation_bp, due_day, grace_days, late_fee_bp,
                late_fee_cap_bp, previous_lease_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(lease.merchantID), .text(lease.startsOn.description), .text(lease.endsOn.description),
                  .integer(terms.rent.fen), .text(terms.cycle.rawValue), .text(terms.managementFee.kind),
                  .integer(terms.managementFee.amount.fen), .integer(terms.deposit.fen), SQLValue(terms.freeMonths),
                  SQLValue(terms.escalationBasisPoints), SQLValue(terms.dueDay), SQLValue(terms.graceDays),
                  SQLValue(terms.lateFeeBasisPoints), SQLValue(terms.lateFeeCapBasisPoints), SQLValue(previousLeaseID),
                  .text(Timestamp.now())])
        let leaseID = lastInsertedRowID
        for unitID in unitIDs {
            try run("INSERT INTO lease_units (lease_id, unit_id) VALUES (?, ?)", [.integer(leaseID), .integer(unitID)])
        }
        return leaseID
    }

    package func insertTermination(leaseID: Int64, _ termination: LeaseTermination) throws {
        try run("INSERT INTO lease_terminations (lease_id, ends_on, reason, recorded_at) VALUES (?, ?, ?, ?)",
                [.integer(leaseID), .text(termination.endsOn.description), .text(termination.reason), .text(Timestamp.now())])
    }

    private static let leaseColumns = """
        SELECT l.*, m.name AS merchant_name, t.ends_on AS terminated_on, t.reason AS termination_reason,
            (SELECT r.id FROM leases AS r WHERE r.previous_lease_id = l.id) AS renewed_by_lease_id
        FROM leases AS l
        JOIN merchants AS m ON m.id = l.merchant_id
        LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
        """

    package func lease(id: Int64) throws -> Lease? {
        try leases(where: "l.id = ?", [.integer(id)]).first
    }

    /// Leases in id order, optionally only a merchant's and only those active on a day.
    package func leases(merchantID: Int64? = nil, activeOn date: CalendarDate? = nil) throws -> [Lease] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let merchantID {
            conditions.append("l.merchant_id = ?")
            arguments.append(.integer(merchantID))
        }
        if let date {
            conditions.append("l.starts_on <= ? AND COALESCE(t.ends_on, l.ends_on) >= ?")
            arguments += [.text(date.description), .text(date.description)]
        }
        return try leases(where: conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments)
    }

    private func leases(where condition: String, _ arguments: [SQLValue]) throws -> [Lease] {
        let leaseRows = try rows(Self.leaseColumns + " WHERE " + condition + " ORDER BY l.id", arguments)
        guard !leaseRows.isEmpty else { return [] }
        // The units of all these leases in one query, rather than one query per lease.
        var unitsByLease: [Int64: [LeasedUnit]] = [:]
        let ids = try leaseRows.map { try $0.int64("id") }
        try forEachRow("""
            SELECT lu.lease_id, u.id, u.code, u.kind, u.area_m2_hundredths
            FROM lease_units AS lu JOIN units AS u ON u.id = lu.unit_id
            WHERE lu.lease_id BETWEEN ? AND ? ORDER BY u.code
            """, [.integer(ids.min()!), .integer(ids.max()!)]) { row in
            guard let kind = UnitKind(rawValue: try row.text("kind")) else { throw row.mismatch("kind", "a unit kind") }
            unitsByLease[try row.int64("lease_id"), default: []].append(
                LeasedUnit(id: try row.int64("id"), code: try row.text("code"), kind: kind, area: Area(hundredths: try row.int64("area_m2_hundredths"))))
        }
        return try leaseRows.map { row in
            let id = try row.int64("id")
            return try Self.lease(row, units: unitsByLease[id] ?? [])
        }
    }

    /// Calls `body` for every lease that runs on at least one day of `period`, one at a
    /// time, with its units: the billing run streams leases rather than holding them all.
    /// The leases come without their merchant's name and without `renewedByLeaseID`.
    package func forEachLease(activeIn period: Period, _ body: (Lease) throws -> Void) throws {
        // Only what billing reads: no merchant name, no renewal looked up (both left empty).
        // One row per leased unit, the leases in id order (CROSS JOIN keeps leases the outer
        // loop, so SQLite sorts only each lease's few units, never the whole result).
        var current: (row: Row, units: [LeasedUnit])?
        try forEachRow("""
            SELECT l.*, '' AS merchant_name, t.ends_on AS terminated_on, t.reason AS termination_reason, NULL AS renewed_by_lease_id,
                u.id AS unit_id, u.kind AS unit_kind, u.area_m2_hundredths AS unit_area, u.code AS unit_code
            FROM leases AS l LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
                CROSS JOIN lease_units AS lu ON lu.lease_id = l.id JOIN units AS u ON u.id = lu.unit_id
            WHERE l.starts_on <= ?1 AND COALESCE(t.ends_on, l.ends_on) >= ?2 ORDER BY l.id, u.code
            """,
                       [.text(period.lastDay.description), .text(period.firstDay.description)]) { row in
            guard let kind = UnitKind(rawValue: try row.text("unit_kind")) else { throw row.mismatch("unit_kind", "a unit kind") }
            let unit = LeasedUnit(id: try row.int64("unit_id"), code: try row.text("unit_code"), kind: kind, area: Area(hundredths: try row.int64("unit_area")))
            if let lease = current, try lease.row.int64("id") == row.int64("id") {
                current?.units.append(unit)
                return
            }
            if let lease = current { try body(try Self.lease(lease.row, units: lease.units)) }
            current = (row, [unit])
        }
        if let lease = current { try body(try Self.lease(lease.row, units: lease.units)) }
    }

    private static func lease(_ row: Row, units: [LeasedUnit]) throws -> Lease {
        guard let cycle = BillingCycle(rawValue: try row.text("billing_cycle")) else { throw row.mismatch("billing_cycle", "a billing cycle") }
        guard let fee = ManagementFee(kind: try row.text("management_fee_kind"), amount: try row.money("management_fee_fen")) else {
            throw row.mismatch("management_fee_kind", "a management fee kind")
        }
        let terms = LeaseTerms(rent: try row.money("rent_fen"), cycle: cycle, managementFee: fee, deposit: try row.money("deposit_fen"),
                               freeMonths: try row.int("free_months"), escalationBasisPoints: try row.int("escalation_bp"),
                               dueDay: try row.int("due_day"), graceDays: try row.int("grace_days"),
                               lateFeeBasisPoints: try row.int("late_fee_bp"), lateFeeCapBasisPoints: try row.int("late_fee_cap_bp"))
        let termination = try row.optionalDate("terminated_on").map {
            LeaseTermination(endsOn: $0, reason: try row.text("termination_reason"))
        }
        return Lease(id: try row.int64("id"), merchantID: try row.int64("merchant_id"), merchantName: try row.text("merchant_name"),
                     units: units, startsOn: try row.date("starts_on"), endsOn: try row.date("ends_on"), terms: terms,
                     termination: termination, previousLeaseID: try row.optionalInt64("previous_lease_id"),
                     renewedByLeaseID: try row.optionalInt64("renewed_by_lease_id"))
    }
}
