import LanziCore
import LanziStore

/// A refusal by the database itself — a trigger or unique constraint of `schema/` that
/// guards against what another process may have done in the meantime — told as a sentence
/// chosen by its name. SQLite's own text names tables, columns and constraints; none of it
/// reaches a caller. What is not named here (an edit of an immutable row, a check or a
/// foreign key the service should have caught first) is a bug: `init` returns nil, and the
/// service reports it as internal and logs it.
struct StorageRefusal {
    let serviceError: ServiceError

    /// The triggers that guard the register against a second writer, by the tag each raises
    /// (`RAISE(ABORT, 'tag: …')`).
    static let triggerSentences: [String: ServiceError] = [
        "lease_overlap": .conflict("a unit of this lease is already leased on an overlapping day", field: "units"),
        "termination_outside_lease": .conflict("the termination day lies outside the lease", field: "on"),
        "foreign_key": .conflict("the lease names a merchant or unit that is not in the register"),
        "lease_billed": .conflict("the lease has been billed, so it can no longer be cancelled"),
        "lease_ended": .conflict("the lease has been terminated or renewed, so it can no longer be cancelled"),
        "lease_cancelled": .conflict("the lease has been cancelled"),
        "member_maximum": .conflict("the party member already looks after the most households allowed", field: "member_id"),
        "member_inactive": .conflict("the party member has been deactivated", field: "member_id"),
        "user_disabled": .conflict("the user has been disabled", field: "login"),
    ]

    /// The sentences of the unique constraints, by the columns SQLite names.
    static let uniqueColumns: [String: Phrase] = [
        "units.code": Phrase("a unit with this code is already in the register"),
        "merchants.id_number": Phrase("this ID number is already registered to another merchant"),
        "leases.previous_lease_id": Phrase("this lease has already been renewed"),
        "lease_units.lease_id, lease_units.unit_id": Phrase("the lease names the unit twice"),
        "household_tags.household_id, household_tags.tag": Phrase("the household has this tag already"),
        "assignments.household_id": Phrase("the household already has a contact member"),
        "bills.number": Phrase("the bill number is taken; try again"),
        "bills.lease_id, bills.period": Phrase("this lease has already been billed for the period"),
        "bills.lease_id": Phrase("this lease's deposit has already been billed"),
        "bills.merchant_id, bills.period": Phrase("this merchant's cold-store usage has already been billed for the period"),
        "bills.original_bill_id, bills.issued_on": Phrase("a late fee on this bill has already been assessed that day"),
        "payments.number": Phrase("the payment number is taken; try again"),
        "payments.idempotency_key": Phrase("this payment key has already been used"),
        "payment_reversals.number": Phrase("the reversal number is taken; try again"),
        "payment_reversals.payment_id": Phrase("this payment has already been reversed"),
        "deposit_settlements.number": Phrase("the settlement number is taken; try again"),
        "deposit_settlements.lease_id": Phrase("this lease's deposit has already been settled"),
        "allocations.reverses_allocation_id": Phrase("this allocation has already been reversed"),
        "number_sequences.prefix, number_sequences.year": Phrase("the number sequence is taken; try again"),
        "users.login": Phrase("this login is taken"),
        "sessions.token_sha256": Phrase("the session token is taken; try again"),
    ]

    /// Nil for an error that is not one of the refusals named above.
    init?(_ error: SQLiteError) {
        guard error.code.primary == .constraint else { return nil }
        let message = error.message
        if let colon = message.firstIndex(of: ":"), let sentence = Self.triggerSentences[String(message[..<colon])] {
            serviceError = sentence
            return
        }
        let uniquePrefix = "UNIQUE constraint failed: "
        guard message.hasPrefix(uniquePrefix), let sentence = Self.uniqueColumns[String(message.dropFirst(uniquePrefix.count))] else {
            return nil
        }
        serviceError = .conflict(sentence)
    }
}
