import LanziCore
import LanziService

extension IncomeFigures {
    package var json: JSONValue {
        .object([
            ("period_fen", .integer(period.fen)), ("year_to_date_fen", .integer(yearToDate.fen)),
            ("period_year_before_fen", .integer(periodYearBefore.fen)), ("change_fen", .integer(change.fen)),
            ("change_bp", .optional(changeBasisPoints, JSONValue.integer)),
        ])
    }
}

extension OpeningClosing {
    package var json: JSONValue {
        .object([("opening_fen", .integer(opening.fen)), ("closing_fen", .integer(closing.fen)), ("change_fen", .integer(change.fen))])
    }
}

extension IncomeReport {
    /// The report as `income --json` prints it and a publication signs it: every amount in
    /// fen, every share in basis points, names of lines and categories as stable keys.
    package var json: JSONValue {
        func lines<Key>(_ items: [(Key, IncomeFigures)], key: (Key) -> String) -> JSONValue {
            .array(items.map { item in
                guard case .object(let figures) = item.1.json else { return .null }
                return .object([("key", .string(key(item.0)))] + figures)
            })
        }
        return .object([
            ("market", .object([("code", .string(market.code)), ("name", .string(market.name)), ("collective", .string(market.collectiveName))])),
            ("period", .object([("label", .string(period.description)), ("year", .integer(Int64(period.year))),
                                ("from", .string(period.from.description)), ("to", .string(period.to.description)),
                                ("as_of", .string(asOf.description))])),
            ("statement", lines(statement.map { ($0.line, $0.figures) }) { $0.rawValue }),
            ("market_income", .object([
                ("accrual", lines(accrual.map { ($0.category, $0.figures) }) { $0.rawValue }),
                ("accrual_total", accrualTotal.json),
                ("cash", lines(cash.map { ($0.category, $0.figures) }) { $0.rawValue }),
                ("cash_total", cashTotal.json),
            ])),
            ("deposits", .object([("billed_fen", .integer(depositsBilled.fen)), ("collected_fen", .integer(depositsCollected.fen))])),
            ("receivable", receivable.json),
            ("expenses", lines(expenses.map { ($0.category, $0.figures) }) { $0.rawValue }),
            ("expenses_total", expensesTotal.json),
            ("other_income", lines(otherIncome.map { ($0.category, $0.figures) }) { $0.rawValue }),
            ("other_income_total", otherIncomeTotal.json),
            ("money", money.json),
            ("occupancy", .object([("on", .string(asOf.description)),
                                   ("kinds", .array(occupancy.map { $0.json(named: $0.kind.rawValue) })), ("all", occupancyAll.json(named: "all"))])),
            ("collection", .object([("due_fen", .integer(collectionDue.fen)), ("collected_fen", .integer(collectionCollected.fen)),
                                    ("rate_bp", .optional(collectionRateBasisPoints, JSONValue.integer))])),
            ("arrears", .object([("by_days_overdue", .object(arrears.map { ($0.label, .integer($0.amount.fen)) })),
                                 ("merchants", .integer(Int64(merchantsInArrears))),
                                 ("by_merchant", .array(arrearsByMerchant.map { .object([("merchant", .string($0.merchant)), ("amount_fen", .integer($0.amount.fen))]) }))])),
            ("monthly", .array(monthly.map {
                .object([("month", .string($0.month.description)), ("billed_fen", .integer($0.billed.fen)), ("collected_fen", .integer($0.collected.fen)),
                         ("expenses_fen", .integer($0.expenses.fen)), ("total_surplus_fen", .integer($0.totalSurplus.fen))])
            })),
            ("agrees_with_books", .bool(discrepancies.isEmpty)),
            ("discrepancies", .array(discrepancies.map { .string($0.english) })),
        ])
    }
}

extension AuditReport {
    package var json: JSONValue {
        .object([
            ("clean", .bool(isClean)),
            ("checks", .array(Self.checks.map(JSONValue.string))),
            ("counts", .object(counts.map { ($0.table, .integer($0.count)) })),
            ("receipt_signatures_checked", .integer(Int64(receiptsChecked))),
            ("findings", .array(findings.map { .object([("check", .string($0.check)), ("subject", .string($0.subject)), ("found", .string($0.found))]) })),
        ])
    }
}
