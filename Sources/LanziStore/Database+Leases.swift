import Foundation
import LanziCore

/// Leases, their units, terminations and renewals.
extension Database {
    /// Inserts a validated lease and its units. The trigger `lease_units_no_overlap` refuses
    /// a unit already leased on an overlapping day, whoever inserts.
    /// - Returns: the lease's id.
    /// - Throws: `SQLiteError` (a constraint when the dates overlap another lease's).
    package func insertLease(_ lease: LeaseDraft, unitIDs: [Int64], previousLeaseID: Int64? = nil, createdAt: String) throws -> Int64 {
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
                  .text(createdAt)])
        let leaseID = lastInsertedRowID
        for unitID in unitIDs {
            try run("INSERT INTO lease_units (lease_id, unit_id) VALUES (?, ?)", [.integer(leaseID), .integer(unitID)])
        }
        return leaseID
    }

    /// Records that lease `leaseID` was entered by mistake. The trigger
    /// `lease_cancellations_need_an_unbilled_lease` refuses a lease that has a bill, a
    /// termination or a renewal, whoever inserts.
    package func insertCancellation(leaseID: Int64, reason: String, createdAt: String) throws {
        try run("INSERT INTO lease_cancellations (lease_id, reason, recorded_at) VALUES (?, ?, ?)",
                [.integer(leaseID), .text(reason), .text(createdAt)])
    }

    /// Whether any bill names lease `leaseID`.
    package func billExists(leaseID: Int64) throws -> Bool {
        try row("SELECT EXISTS (SELECT 1 FROM bills WHERE lease_id = ?) AS billed", [.integer(leaseID)])?.bool("billed") ?? false
    }

    package func insertTermination(leaseID: Int64, _ termination: LeaseTermination, createdAt: String) throws {
        try run("INSERT INTO lease_terminations (lease_id, ends_on, reason, recorded_at) VALUES (?, ?, ?, ?)",
                [.integer(leaseID), .text(termination.endsOn.description), .text(termination.reason), .text(createdAt)])
    }

    private static let leaseColumns = """
        SELECT l.*, m.name AS merchant_name, t.ends_on AS terminated_on, t.reason AS termination_reason,
            (SELECT r.id FROM leases AS r WHERE r.previous_lease_id = l.id) AS renewed_by_lease_id,
            c.reason AS cancellation_reason, c.recorded_at AS cancelled_at
        FROM leases AS l
        JOIN merchants AS m ON m.id = l.merchant_id
        LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
        LEFT JOIN lease_cancellations AS c ON c.lease_id = l.id
        """

    /// The day the earliest lease of the register starts (cancelled ones never ran), or nil
    /// when there is none.
    package func firstLeaseStart() throws -> CalendarDate? {
        guard let text = try row("""
            SELECT min(starts_on) AS first FROM leases AS l
            WHERE NOT EXISTS (SELECT 1 FROM lease_cancellations AS c WHERE c.lease_id = l.id)
            """)?.optionalText("first") else { return nil }
        return try CalendarDate.parse(text, field: "start_on")
    }

    package func lease(id: Int64) throws -> Lease? {
        try leases(where: "l.id = ?", [.integer(id)]).first
    }

    /// Leases in id order, optionally only a merchant's and only those active on a day (a
    /// cancelled lease is never active; without a day, cancelled leases are listed too).
    package func leases(merchantID: Int64? = nil, activeOn date: CalendarDate? = nil) throws -> [Lease] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let merchantID {
            conditions.append("l.merchant_id = ?")
            arguments.append(.integer(merchantID))
        }
        if let date {
            conditions.append("l.starts_on <= ? AND COALESCE(t.ends_on, l.ends_on) >= ? AND c.lease_id IS NULL")
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
        let columns = LeaseColumns(leaseRows[0])
        return try leaseRows.map { row in
            try Self.lease(row, columns, units: unitsByLease[try row.int64(at: columns.id)] ?? [])
        }
    }

    /// Calls `body` for every lease that runs on at least one day of `period`, one at a
    /// time, with its units: the billing run streams leases rather than holding them all.
    /// The leases come without their merchant's name and without `renewedByLeaseID`.
    /// - Throws: `SQLiteError` (mismatch) for a lease without units, which only a writer
    ///   other than Lanzi can have made: billing it would bill nothing without a word.
    package func forEachLease(activeIn period: Period, _ body: (Lease) throws -> Void) throws {
        // One row per leased unit, the leases in id order (a LEFT JOIN keeps leases the outer
        // loop, so SQLite sorts nothing); a lease's few units are put in code order here.
        var current: (row: Row, units: [LeasedUnit])?
        var columns: (lease: LeaseColumns, unitID: Int, kind: Int, area: Int, code: Int)?
        try forEachRow("""
            SELECT l.id, l.merchant_id, '' AS merchant_name, l.starts_on, l.ends_on, l.rent_fen, l.billing_cycle, l.management_fee_kind,
                l.management_fee_fen, l.deposit_fen, l.free_months, l.escalation_bp, l.due_day, l.grace_days, l.late_fee_bp,
                l.late_fee_cap_bp, l.previous_lease_id, NULL AS renewed_by_lease_id, t.ends_on AS terminated_on, t.reason AS termination_reason,
                u.id AS unit_id, u.kind AS unit_kind, u.area_m2_hundredths AS unit_area, u.code AS unit_code
            FROM leases AS l LEFT JOIN lease_terminations AS t ON t.lease_id = l.id
                LEFT JOIN lease_units AS lu ON lu.lease_id = l.id LEFT JOIN units AS u ON u.id = lu.unit_id
            WHERE l.starts_on <= ?1 AND COALESCE(t.ends_on, l.ends_on) >= ?2
                AND NOT EXISTS (SELECT 1 FROM lease_cancellations AS c WHERE c.lease_id = l.id) ORDER BY l.id
            """,
                       [.text(period.lastDay.description), .text(period.firstDay.description)]) { row in
            let at = columns ?? (LeaseColumns(row), row.index(of: "unit_id"), row.index(of: "unit_kind"), row.index(of: "unit_area"), row.index(of: "unit_code"))
            columns = at
            guard case .integer = row.values[at.unitID] else {
                throw SQLiteError(code: .mismatch, message: "lease \(try row.int64(at: at.lease.id)) has no units")
            }
            guard let kind = UnitKind(rawValue: try row.text(at: at.kind)) else { throw row.mismatch(at: at.kind, "a unit kind") }
            let unit = LeasedUnit(id: try row.int64(at: at.unitID), code: try row.text(at: at.code), kind: kind,
                                  area: Area(hundredths: try row.int64(at: at.area)))
            if let lease = current, try lease.row.int64(at: at.lease.id) == row.int64(at: at.lease.id) {
                current?.units.append(unit)
                return
            }
            if let lease = current { try body(try Self.lease(lease.row, at.lease, units: Self.inCodeOrder(lease.units))) }
            current = (row, [unit])
        }
        if let lease = current, let at = columns { try body(try Self.lease(lease.row, at.lease, units: Self.inCodeOrder(lease.units))) }
    }

    private static func inCodeOrder(_ units: [LeasedUnit]) -> [LeasedUnit] {
        units.count > 1 ? units.sorted { $0.code < $1.code } : units
    }

    private static func lease(_ row: Row, _ at: LeaseColumns, units: [LeasedUnit]) throws -> Lease {
        guard let cycle = BillingCycle(rawValue: try row.text(at: at.billingCycle)) else { throw row.mismatch(at: at.billingCycle, "a billing cycle") }
        guard let fee = ManagementFee(kind: try row.text(at: at.managementFeeKind), amount: try row.money(at: at.managementFee)) else {
            throw row.mismatch(at: at.managementFeeKind, "a management fee kind")
        }
        let terms = LeaseTerms(rent: try row.money(at: at.rent), cycle: cycle, managementFee: fee, deposit: try row.money(at: at.deposit),
                               freeMonths: try row.int(at: at.freeMonths), escalationBasisPoints: try row.int(at: at.escalation),
                               dueDay: try row.int(at: at.dueDay), graceDays: try row.int(at: at.graceDays),
                               lateFeeBasisPoints: try row.int(at: at.lateFee), lateFeeCapBasisPoints: try row.int(at: at.lateFeeCap))
        let termination = try row.optionalDate(at: at.terminatedOn).map {
            LeaseTermination(endsOn: $0, reason: try row.text(at: at.terminationReason))
        }
        // The billing stream reads no cancellation columns: it only ever sees leases that were not cancelled.
        let cancellation = try at.cancellationReason.flatMap { reasonAt in
            try row.optionalText(at: reasonAt).map { LeaseCancellation(reason: $0, recordedAt: try row.text(at: at.cancelledAt!)) }
        }
        return Lease(id: try row.int64(at: at.id), merchantID: try row.int64(at: at.merchantID), merchantName: try row.text(at: at.merchantName),
                     units: units, startsOn: try row.date(at: at.startsOn), endsOn: try row.date(at: at.endsOn), terms: terms,
                     termination: termination, previousLeaseID: try row.optionalInt64(at: at.previousLeaseID),
                     renewedByLeaseID: try row.optionalInt64(at: at.renewedByLeaseID), cancellation: cancellation)
    }
}

/// Where a lease query's columns are, found once from its first row: the billing run reads
/// a hundred thousand leases, and a column found by name costs a hash each time.
private struct LeaseColumns {
    let id, merchantID, merchantName, startsOn, endsOn, rent, billingCycle, managementFeeKind, managementFee, deposit: Int
    let freeMonths, escalation, dueDay, graceDays, lateFee, lateFeeCap, previousLeaseID, renewedByLeaseID, terminatedOn, terminationReason: Int
    let cancellationReason, cancelledAt: Int?

    init(_ row: Row) {
        id = row.index(of: "id")
        merchantID = row.index(of: "merchant_id")
        merchantName = row.index(of: "merchant_name")
        startsOn = row.index(of: "starts_on")
        endsOn = row.index(of: "ends_on")
        rent = row.index(of: "rent_fen")
        billingCycle = row.index(of: "billing_cycle")
        managementFeeKind = row.index(of: "management_fee_kind")
        managementFee = row.index(of: "management_fee_fen")
        deposit = row.index(of: "deposit_fen")
        freeMonths = row.index(of: "free_months")
        escalation = row.index(of: "escalation_bp")
        dueDay = row.index(of: "due_day")
        graceDays = row.index(of: "grace_days")
        lateFee = row.index(of: "late_fee_bp")
        lateFeeCap = row.index(of: "late_fee_cap_bp")
        previousLeaseID = row.index(of: "previous_lease_id")
        renewedByLeaseID = row.index(of: "renewed_by_lease_id")
        terminatedOn = row.index(of: "terminated_on")
        terminationReason = row.index(of: "termination_reason")
        cancellationReason = row.indexIfPresent(of: "cancellation_reason")
        cancelledAt = row.indexIfPresent(of: "cancelled_at")
    }
}
