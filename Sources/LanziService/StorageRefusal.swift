import Foundation
import LanziStore

/// A refusal by the database itself — a trigger or constraint of `schema/` that the
/// service's own checks did not foresee (a second process, a race) — told as a sentence.
/// SQLite's own text names tables, columns and constraints; none of it reaches a caller.
struct StorageRefusal {
    let serviceError: ServiceError

    /// The sentences of the triggers: each trigger raises `tag: sentence`, and the tags that
    /// mean a clash with what is recorded are conflicts.
    static let triggerTags: Set<String> = [
        "lease_overlap", "termination_outside_lease", "immutable", "foreign_key", "member_maximum", "member_inactive",
    ]

    /// The sentences of the unique constraints, by the columns SQLite names.
    static let uniqueColumns: [String: String] = [
        "units.code": "a unit with this code is already in the register",
        "merchants.id_number": "this ID number is already registered to another merchant",
        "leases.previous_lease_id": "this lease has already been renewed",
        "lease_units.lease_id, lease_units.unit_id": "the lease names the unit twice",
        "household_tags.household_id, household_tags.tag": "the household has this tag already",
        "assignments.household_id": "the household already has a contact member",
        "bills.number": "the bill number is taken; try again",
        "bills.lease_id, bills.period": "this lease has already been billed for the period",
        "bills.lease_id": "this lease's deposit has already been billed",
        "bills.merchant_id, bills.period": "this merchant's cold-store usage has already been billed for the period",
        "bills.original_bill_id, bills.issued_on": "a late fee on this bill has already been assessed that day",
        "payments.number": "the payment number is taken; try again",
        "payments.idempotency_key": "this payment key has already been used",
        "payment_reversals.number": "the reversal number is taken; try again",
        "payment_reversals.payment_id": "this payment has already been reversed",
        "deposit_settlements.number": "the settlement number is taken; try again",
        "deposit_settlements.lease_id": "this lease's deposit has already been settled",
        "allocations.reverses_allocation_id": "this allocation has already been reversed",
        "number_sequences.prefix, number_sequences.year": "the number sequence is taken; try again",
    ]

    /// Nil for an error that is not a constraint's refusal.
    init?(_ error: SQLiteError) {
        guard error.code.primary == .constraint else { return nil }
        let message = error.message
        if let colon = message.firstIndex(of: ":"), Self.triggerTags.contains(String(message[..<colon])) {
            let sentence = message[message.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            serviceError = .conflict("the database refused the change: \(sentence)")
            return
        }
        let uniquePrefix = "UNIQUE constraint failed: "
        if message.hasPrefix(uniquePrefix) {
            let columns = String(message.dropFirst(uniquePrefix.count))
            serviceError = .conflict(Self.uniqueColumns[columns] ?? "the change clashes with a record already there")
        } else if message.hasPrefix("FOREIGN KEY constraint failed") {
            serviceError = .conflict("the change names a record that does not exist, or removes one still named")
        } else if message.hasPrefix("NOT NULL constraint failed") {
            serviceError = .invalid("a required value is missing")
        } else if message.hasPrefix("CHECK constraint failed") {
            serviceError = .invalid("a value breaks a rule of the register")
        } else {
            serviceError = .conflict("the database refused the change")
        }
    }
}
