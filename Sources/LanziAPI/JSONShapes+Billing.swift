import LanziCore
import LanziService

// Bills, payments, usage, statements and the books, in the shapes of JSONShapes.swift.

extension Bill {
    package var json: JSONValue {
        var tree = JSONTree()
        write(to: &tree)
        return tree.value
    }

    /// The bill's shape, written once for both outputs: a merchant's open bills are the
    /// API's most-asked answer, sent as bytes with no tree made first.
    package func write<Output: JSONOutput>(to output: inout Output) {
        output.beginObject()
        output.member("id", id)
        output.member("number", number)
        output.member("kind", kind.rawValue)
        output.member("lease_id", leaseID)
        output.member("merchant_id", merchantID)
        output.member("merchant_name", merchantName)
        output.member("period", period.description)
        output.member("issued_on", issuedOn.description)
        output.key("lines")
        output.beginArray()
        for line in lines {
            output.beginObject()
            output.member("kind", line.kind.rawValue)
            output.member("amount_fen", line.amount.fen)
            output.member("description", line.description)
            output.member("account", line.accountCode)
            output.endObject()
        }
        output.endArray()
        output.member("total_fen", total.fen)
        output.member("paid_fen", paid.fen)
        output.member("outstanding_fen", outstanding.fen)
        output.member("due_on", dueOn.description)
        output.member("status", status.rawValue)
        output.member("original_bill_id", originalBillID)
        output.member("reason", reason)
        output.member("voided_on", voidedOn?.description)
        output.member("void_reason", voidReason)
        output.endObject()
    }
}

extension Payment {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("number", .string(number)), ("merchant_id", .integer(merchantID)), ("merchant_name", .string(merchantName)),
            ("amount_fen", .integer(amount.fen)), ("method", .string(method.rawValue)), ("paid_on", .string(paidOn.description)), ("reference", .string(reference)),
            ("key", .string(idempotencyKey)),
            ("allocations", .array(allocations.map { .object([("bill_id", .integer($0.billID)), ("amount_fen", .integer($0.amount.fen))]) })),
            ("credit_fen", .integer(credit.fen)), ("reversed_on", .optional(reversedOn) { .string($0.description) }),
            ("reversal_number", .optional(reversalNumber, JSONValue.string)),
        ])
    }
}

extension TerminationSettlement {
    package var json: JSONValue {
        .object([
            ("corrections", .array(corrections.map {
                .object([("number", .string($0.number)), ("original_number", .string($0.originalNumber)),
                         ("amount_fen", .integer($0.amount.fen)), ("reason", .string($0.reason))])
            })),
            ("deposit_settlement_number", .optional(depositSettlementNumber, JSONValue.string)),
            ("deposit_held_fen", .integer(depositHeld.fen)),
            ("deposit_applied", .array(depositApplied.map { .object([("bill_number", .string($0.billNumber)), ("amount_fen", .integer($0.amount.fen))]) })),
            ("deposit_refunded_fen", .integer(depositRefunded.fen)),
        ])
    }
}

extension Lease {
    /// A lease just terminated, with what its termination put right.
    package func json(settlement: TerminationSettlement) -> JSONValue {
        json(withSchedule: false).appending(("settlement", settlement.json))
    }
}

extension Refund {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("number", .string(number)), ("merchant_id", .integer(merchantID)), ("merchant_name", .string(merchantName)),
            ("amount_fen", .integer(amount.fen)), ("method", .string(method.rawValue)), ("on", .string(refundedOn.description)), ("reference", .string(reference)),
            ("key", .string(idempotencyKey)),
        ])
    }

    /// A refund as recording it answers: `repeat` says it had been recorded before under its
    /// key, `credit_left_fen` what the merchant still holds in credit.
    package func json(isRepeat: Bool, creditLeft: Money) -> JSONValue {
        json.appending(("repeat", .bool(isRepeat))).appending(("credit_left_fen", .integer(creditLeft.fen)))
    }
}

extension UsageRecord {
    package var json: JSONValue {
        .object([("id", .integer(id)), ("merchant_id", .integer(merchantID)), ("merchant_name", .string(merchantName)), ("room", .string(roomCode)),
                 ("kg", .integer(kilograms)), ("in_on", .string(inOn.description)),
                 ("out_on", .optional(outOn) { .string($0.description) })])
    }
}

extension Statement {
    package var json: JSONValue {
        .object([
                ("merchant_id", .integer(merchant.id)), ("merchant_name", .string(merchant.name)),
                ("from", .optional(from) { .string($0.description) }), ("to", .string(to.description)),
                ("opening_balance_fen", .integer(opening.fen)),
                ("lines", .array(lines.map {
                    .object([("date", .string($0.date.description)), ("kind", .string($0.kind)), ("number", .string($0.number)),
                             ("description", .string($0.description)), ("charge_fen", .integer($0.charge.fen)), ("credit_fen", .integer($0.credit.fen)),
                             ("balance_fen", .integer($0.balance.fen))])
                })),
                ("closing_balance_fen", .integer(closing.fen)),
                ("arrears", .object(arrears.map { ($0.label, .integer($0.amount.fen)) })),
            ])
    }
}

extension TrialBalance {
    package var json: JSONValue {
        .object([
                ("as_of", .optional(asOf) { .string($0.description) }),
                ("accounts", .array(lines.map {
                    .object([("code", .string($0.code)), ("name", .string($0.name)), ("type", .string($0.type)), ("debit_fen", .integer($0.debit.fen)),
                             ("credit_fen", .integer($0.credit.fen)), ("balance_fen", .integer($0.balance.fen))])
                })),
                ("total_debit_fen", .integer(totalDebit.fen)), ("total_credit_fen", .integer(totalCredit.fen)),
            ])
    }
}

extension JournalEntry {
    package var json: JSONValue {
        .object([
            ("id", .integer(id)), ("date", .string(date.description)), ("document_kind", .string(documentKind)),
            ("document_number", .string(documentNumber)), ("description", .string(description)),
            ("lines", .array(lines.map {
                .object([("account", .string($0.accountCode)), ("merchant_id", .optional($0.merchantID, JSONValue.integer)),
                         ("debit_fen", .integer($0.debit.fen)), ("credit_fen", .integer($0.credit.fen))])
            })),
        ])
    }
}

extension Payment {
    /// A payment as recording it answers: `repeat` says it had been recorded before under its key.
    package func json(isRepeat: Bool) -> JSONValue { json.appending(("repeat", .bool(isRepeat))) }
}

extension BillingRunReport {
    /// What a billing run raised.
    package var json: JSONValue {
        .object([
            ("period", .string(period.description)), ("bills", .integer(Int64(raised))),
            ("regular", .integer(Int64(regularBills))), ("deposit", .integer(Int64(depositBills))),
            ("usage", .integer(Int64(usageBills))), ("total_fen", .integer(total.fen)),
            ("already_billed", .integer(Int64(alreadyBilled))),
        ])
    }
}

extension LateFeeReport {
    /// What an assessment of late fees raised.
    package var json: JSONValue {
        .object([("as_of", .string(asOf.description)), ("bills", .integer(Int64(bills))), ("total_fen", .integer(total.fen))])
    }
}
