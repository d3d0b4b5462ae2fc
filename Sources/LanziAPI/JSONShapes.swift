import LanziCore
import LanziService

/// The JSON shape of each domain value, shared by the command line's `--json`, the HTTP API
/// and the pages, so that they can never drift: money as integer fen in `*_fen`, dates as
/// `YYYY-MM-DD`, areas as "24.50" m² strings. One encoding per type, here and nowhere else.
extension Market {
    package var json: JSONValue {
        .object([
            ("code", .string(code)), ("name", .string(name)), ("operator", .string(operatorName)),
            ("collective", .string(collectiveName)), ("household_min", .integer(Int64(householdMinimum))),
            ("household_max", .integer(Int64(householdMaximum))),
        ])
    }
}

extension MarketUnit {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("code", .string(code)), ("kind", .string(kind.rawValue)), ("phase", .integer(Int64(phase))),
            ("area_m2", .string(area.description)), ("building", .optional(coldRoom?.building, JSONValue.string)),
            ("capacity_kg", .optional(coldRoom?.capacityKilograms, JSONValue.integer)), ("status", .string(status.rawValue)),
            ("lease_id", .optional(currentLeaseID, JSONValue.integer)),
        ])
    }
}

extension Merchant {
    /// `id_number` is whatever the service returned: masked unless it was asked to reveal it.
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("name", .string(name)), ("phone", .string(phone)),
            ("id_number", .optional(idNumber, JSONValue.string)),
        ])
    }
}

extension Lease {
    package func json(withSchedule: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .integer(id)), ("merchant_id", .integer(merchantID)), ("merchant_name", .string(merchantName)),
            ("units", .array(units.map { .string($0.code) })), ("area_m2", .string(area.description)),
            ("start_on", .string(startsOn.description)), ("end_on", .string(endsOn.description)),
            ("last_day_on", .string(lastDay.description)),
            ("rent_fen", .integer(terms.rent.fen)), ("cycle", .string(terms.cycle.rawValue)),
            ("management_fee_kind", .string(terms.managementFee.kind)), ("management_fee_fen", .integer(terms.managementFee.amount.fen)),
            ("deposit_fen", .integer(terms.deposit.fen)), ("free_months", .integer(Int64(terms.freeMonths))),
            ("escalation_bp", .integer(Int64(terms.escalationBasisPoints))), ("due_day", .integer(Int64(terms.dueDay))),
            ("grace_days", .integer(Int64(terms.graceDays))), ("late_fee_bp", .integer(Int64(terms.lateFeeBasisPoints))),
            ("late_fee_cap_bp", .integer(Int64(terms.lateFeeCapBasisPoints))),
            ("termination", .optional(termination) { .object([("on", .string($0.endsOn.description)), ("reason", .string($0.reason))]) }),
            ("previous_lease_id", .optional(previousLeaseID, JSONValue.integer)),
            ("renewed_by_lease_id", .optional(renewedByLeaseID, JSONValue.integer)),
            ("cancellation", .optional(cancellation) { .object([("reason", .string($0.reason)), ("recorded_at", .string($0.recordedAt))]) }),
        ]
        if withSchedule {
            let months = schedule
            members.append(("schedule", .array(months.map(\.json))))
            members.append(("total_rent_fen", .integer(months.reduce(Money.zero) { $0 + $1.rent }.fen)))
            members.append(("total_management_fee_fen", .integer(months.reduce(Money.zero) { $0 + $1.managementFee }.fen)))
        }
        return .object(members)
    }
}

extension RentSchedule.Month {
    package var json: JSONValue {
        .object([
            ("period", .string(period.description)), ("first_day_on", .string(firstDay.description)),
            ("last_day_on", .string(lastDay.description)), ("leased_days", .integer(Int64(leasedDays))),
            ("free_days", .integer(Int64(freeDays))), ("rent_in_force_fen", .integer(rentInForce.fen)),
            ("escalation", .bool(hasEscalation)), ("rent_fen", .integer(rent.fen)),
            ("management_fee_fen", .integer(managementFee.fen)), ("total_fen", .integer(total.fen)),
        ])
    }
}

extension MarketSummary {
    package var json: JSONValue {
        .object([
            ("market", market.json), ("on", .string(date.description)),
            ("kinds", .array(kinds.map { $0.document(named: $0.kind.rawValue) })), ("all", all.document(named: "all")),
            ("merchants", .integer(Int64(merchantCount))), ("active_leases", .integer(Int64(activeLeaseCount))),
        ])
    }
}

extension Merchant {
    /// A merchant with its leases, as `merchant show` and `GET /merchants/{id}` answer.
    package func json(leases: [Lease]) -> JSONValue {
        json.appending(("leases", .array(leases.map { $0.json(withSchedule: false) })))
    }
}

extension JSONValue {
    /// This object with `members` appended (any other value is returned as it is): the
    /// answers that add a little to a record's own shape.
    package func appending(_ members: (String, JSONValue)...) -> JSONValue {
        guard case .object(let existing) = self else { return self }
        // A key twice is a bug in the shape: RFC 8785 and most readers refuse such an object.
        precondition(Set(existing.map(\.0)).isDisjoint(with: members.map(\.0)), "a JSON member appended twice")
        return .object(existing + members)
    }
}

extension SeedReport {
    /// What loading a seed added and found already there, by section.
    package var json: JSONValue {
        .object([
            ("market", market.json),
            ("added", .object(SeedReport.sections.map { ($0, .integer(Int64(added[$0] ?? 0))) })),
            ("already_present", .object(SeedReport.sections.map { ($0, .integer(Int64(alreadyPresent[$0] ?? 0))) })),
        ])
    }
}

extension JSONValue {
    /// This object's members followed by `other`'s (both must be objects; otherwise `self`).
    package func merging(_ other: JSONValue) -> JSONValue {
        guard case .object(let members) = self, case .object(let more) = other else { return self }
        return .object(members + more)
    }
}
