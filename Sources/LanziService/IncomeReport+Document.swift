import LanziCore

extension IncomeFigures {
    package var document: JSONValue {
        .object([
            ("period_fen", .integer(period.fen)), ("year_to_date_fen", .integer(yearToDate.fen)),
            ("period_year_before_fen", .integer(periodYearBefore.fen)), ("change_fen", .integer(change.fen)),
            ("change_bp", .optional(changeBasisPoints, JSONValue.integer)),
        ])
    }
}

extension OpeningClosing {
    package var document: JSONValue {
        .object([("opening_fen", .integer(opening.fen)), ("closing_fen", .integer(closing.fen)), ("change_fen", .integer(change.fen))])
    }
}

extension IncomeReport {
    /// The report as `income --json` prints it and a publication signs it (so it is made
    /// here, where a publication is checked against a fresh computation): every amount in
    /// fen, every share in basis points, names of lines and categories as stable keys.
    package var document: JSONValue {
        func lines<Key>(_ items: [(Key, IncomeFigures)], key: (Key) -> String) -> JSONValue {
            .array(items.map { item in
                guard case .object(let figures) = item.1.document else { return .null }
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
                ("accrual_total", accrualTotal.document),
                ("cash", lines(cash.map { ($0.category, $0.figures) }) { $0.rawValue }),
                ("cash_total", cashTotal.document),
            ])),
            ("deposits", .object([("billed_fen", .integer(depositsBilled.fen)), ("collected_fen", .integer(depositsCollected.fen))])),
            ("receivable", receivable.document),
            ("expenses", lines(expenses.map { ($0.category, $0.figures) }) { $0.rawValue }),
            ("expenses_total", expensesTotal.document),
            ("other_income", lines(otherIncome.map { ($0.category, $0.figures) }) { $0.rawValue }),
            ("other_income_total", otherIncomeTotal.document),
            ("money", money.document),
            ("occupancy", .object([("on", .string(asOf.description)),
                                   ("kinds", .array(occupancy.map { $0.document(named: $0.kind.rawValue) })), ("all", occupancyAll.document(named: "all"))])),
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


extension UnitKindSummary {
    /// The units of one kind, or of all (`name`), with their occupancy by count and by area.
    package func document(named name: String) -> JSONValue {
        .object([
            ("kind", .string(name)), ("units", .integer(Int64(total))), ("leased", .integer(Int64(leased))),
            ("available", .integer(Int64(available))), ("out_of_service", .integer(Int64(outOfService))),
            ("occupancy_by_count_bp", .integer(occupancyByCountBasisPoints)), ("area_m2", .string(area.description)),
            ("leased_area_m2", .string(leasedArea.description)), ("occupancy_by_area_bp", .integer(occupancyByAreaBasisPoints)),
        ])
    }
}
