/// The JSON shape of each domain value, shared by the command line's `--json` and the HTTP
/// API: money as integer fen in `*_fen`, dates as `YYYY-MM-DD`, areas as "24.50" m² strings.
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

extension PartyMember {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("name", .string(name)), ("branch", .string(branch)), ("phone", .optional(phone, JSONValue.string)),
            ("active", .bool(isActive)), ("deactivated_on", .optional(deactivatedOn) { .string($0.description) }),
        ])
    }
}

extension Household {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("head", .string(headName)), ("group", .string(villageGroup)), ("people", .integer(Int64(people))),
            ("address", .optional(address, JSONValue.string)), ("tags", .array(tags.map(JSONValue.string))),
            ("merchant_id", .optional(merchantID, JSONValue.integer)), ("member_id", .optional(memberID, JSONValue.integer)),
            ("member_name", .optional(memberName, JSONValue.string)),
        ])
    }
}

extension Assignment {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("household_id", .integer(householdID)), ("member_id", .integer(memberID)),
            ("start_on", .string(startsOn.description)), ("ended_on", .optional(endedOn) { .string($0.description) }),
        ])
    }
}

extension Visit {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("member_id", .integer(memberID)), ("household_id", .integer(householdID)),
            ("visited_on", .string(visitedOn.description)), ("raised", .string(raised)),
            ("follow_up_on", .optional(followUpOn) { .string($0.description) }), ("resolved", .bool(!isOpen)),
            ("resolved_on", .optional(resolvedOn) { .string($0.description) }),
        ])
    }
}

extension Bill {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("number", .string(number)), ("kind", .string(kind.rawValue)),
            ("lease_id", .optional(leaseID, JSONValue.integer)), ("merchant_id", .integer(merchantID)),
            ("period", .string(period.description)), ("issued_on", .string(issuedOn.description)),
            ("lines", .array(lines.map {
                .object([("kind", .string($0.kind.rawValue)), ("amount_fen", .integer($0.amount.fen)), ("description", .string($0.description)),
                         ("account", .string($0.accountCode))])
            })),
            ("total_fen", .integer(total.fen)), ("paid_fen", .integer(paid.fen)), ("outstanding_fen", .integer(outstanding.fen)),
            ("due_on", .string(dueOn.description)), ("status", .string(status.rawValue)),
            ("original_bill_id", .optional(originalBillID, JSONValue.integer)), ("reason", .optional(reason, JSONValue.string)),
            ("voided_on", .optional(voidedOn) { .string($0.description) }),
        ])
    }
}

extension Payment {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("number", .string(number)), ("merchant_id", .integer(merchantID)), ("amount_fen", .integer(amount.fen)),
            ("method", .string(method.rawValue)), ("paid_on", .string(paidOn.description)), ("reference", .string(reference)),
            ("key", .string(idempotencyKey)),
            ("allocations", .array(allocations.map { .object([("bill_id", .integer($0.billID)), ("amount_fen", .integer($0.amount.fen))]) })),
            ("credit_fen", .integer(credit.fen)), ("reversed_on", .optional(reversedOn) { .string($0.description) }),
            ("reversal_number", .optional(reversalNumber, JSONValue.string)),
        ])
    }
}
