/// What a bill is for.
package enum BillKind: String, CaseIterable, Sendable {
    /// A lease's rent and management fee for one billing cycle.
    case regular
    /// A lease's deposit, billed once when it starts; a liability, never income.
    case deposit
    /// Late fees on an overdue bill, named as `original`.
    case lateFee = "late_fee"
    /// A merchant's cold-store usage in one month.
    case usage
    /// A correction of another bill: negative for a credit, positive for a debit.
    case adjustment
}

/// What a line of a bill charges.
package enum BillLineKind: String, CaseIterable, Sendable {
    case rent
    case managementFee = "management_fee"
    case coldStoreUsage = "cold_store_usage"
    case lateFee = "late_fee"
    case deposit
    case adjustment
}

/// A bill's state, derived from its payments and voids; never stored.
package enum BillStatus: String, CaseIterable, Sendable {
    case open
    case partlyPaid = "partly_paid"
    case paid
    case void

    /// The status of a bill from what decides it, before the bill itself is read (a store
    /// that lists bills by status looks at these first).
    package init(isVoid: Bool, paid: Money, total: Money) {
        if isVoid { self = .void } else if paid >= total { self = .paid } else { self = paid.fen > 0 ? .partlyPaid : .open }
    }

    /// - Throws: `DomainError` naming `field` for any other text.
    package static func parse(_ text: String, field: String) throws(DomainError) -> BillStatus {
        guard let status = BillStatus(rawValue: text) else {
            throw DomainError(field: field, rule: "must be one of open, partly_paid, paid, void, got \"\(text)\"")
        }
        return status
    }
}

/// One line of a bill before it is stored.
package struct PlannedLine: Hashable, Sendable {
    package var kind: BillLineKind
    package var period: Period?
    /// What the line charges, read in either language.
    package var phrase: Phrase
    package var amount: Money

    package init(kind: BillLineKind, period: Period?, phrase: Phrase, amount: Money) {
        self.kind = kind
        self.period = period
        self.phrase = phrase
        self.amount = amount
    }

    /// The line in English: what is stored as its description and posted to the books.
    package var description: String { phrase.english }
}

/// A bill before it is stored: what the billing rules say a lease owes.
package struct PlannedBill: Hashable, Sendable {
    package var kind: BillKind
    package var period: Period
    package var dueOn: CalendarDate
    package var lines: [PlannedLine]

    package var total: Money { lines.reduce(Money.zero) { $0 + $1.amount } }
}

/// A stored line.
package struct BillLine: Hashable, Sendable {
    package var kind: BillLineKind
    package var period: Period?
    package var description: String
    package var amount: Money
    package var accountCode: String
    /// The phrase as a value, or as the JSON text the database keeps, read only when the line
    /// is shown in words: a merchant's bills are answered as JSON, which gives `description`,
    /// many times more often than they are printed.
    private var phraseStorage: PhraseStorage

    private enum PhraseStorage: Sendable {
        case none
        case value(Phrase)
        case json(String)
    }

    /// What the line charges as a phrase, for reading in either language; nil for a line
    /// stored before phrases were (migration 0009), or whose stored text is not a phrase,
    /// which is read by its `description`.
    package var storedPhrase: Phrase? {
        switch phraseStorage {
        case .none: nil
        case .value(let phrase): phrase
        case .json(let text): Phrase.parse(jsonText: text)
        }
    }

    package init(kind: BillLineKind, period: Period?, description: String, amount: Money, accountCode: String, phrase: Phrase? = nil) {
        self.kind = kind
        self.period = period
        self.description = description
        self.amount = amount
        self.accountCode = accountCode
        phraseStorage = phrase.map { .value($0) } ?? .none
    }

    /// A line as stored, its phrase still the stored JSON text (`Phrase.jsonText`'s form).
    package init(kind: BillLineKind, period: Period?, description: String, amount: Money, accountCode: String, phraseJSON: String?) {
        self.init(kind: kind, period: period, description: description, amount: amount, accountCode: accountCode)
        if let phraseJSON { phraseStorage = .json(phraseJSON) }
    }

    /// Lines are the same when what they say is: a phrase read from its text equals the value.
    package static func == (a: BillLine, b: BillLine) -> Bool {
        a.kind == b.kind && a.period == b.period && a.description == b.description && a.amount == b.amount && a.accountCode == b.accountCode
            && a.storedPhrase == b.storedPhrase
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(description)
        hasher.combine(amount)
    }

    /// A new line: its description is the phrase in English, the language of the books.
    package init(kind: BillLineKind, period: Period?, phrase: Phrase, amount: Money, accountCode: String) {
        self.init(kind: kind, period: period, description: phrase.english, amount: amount, accountCode: accountCode, phrase: phrase)
    }

    /// The line for a person: its phrase, or its stored English text as it is.
    package var phrase: Phrase { storedPhrase ?? Phrase(verbatim: description) }
}

/// A stored bill with what has been paid against it.
package struct Bill: Hashable, Sendable {
    package var id: Int64
    package var number: String
    package var kind: BillKind
    package var merchantID: Int64
    package var leaseID: Int64?
    package var period: Period
    package var issuedOn: CalendarDate
    package var dueOn: CalendarDate
    package var total: Money
    package var paid: Money
    package var originalBillID: Int64?
    package var reason: String?
    package var voidedOn: CalendarDate?
    /// Why it was voided, when it was.
    package var voidReason: String?
    /// The merchant's name, for listings that name the merchant beside its id ("" when not read).
    package var merchantName: String
    package var lines: [BillLine]

    package init(id: Int64, number: String, kind: BillKind, merchantID: Int64, leaseID: Int64?, period: Period, issuedOn: CalendarDate,
                 dueOn: CalendarDate, total: Money, paid: Money, originalBillID: Int64?, reason: String?, voidedOn: CalendarDate?,
                 lines: [BillLine], voidReason: String? = nil, merchantName: String = "") {
        self.voidReason = voidReason
        self.merchantName = merchantName
        self.id = id
        self.number = number
        self.kind = kind
        self.merchantID = merchantID
        self.leaseID = leaseID
        self.period = period
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.total = total
        self.paid = paid
        self.originalBillID = originalBillID
        self.reason = reason
        self.voidedOn = voidedOn
        self.lines = lines
    }

    /// What is still owed on it (zero for a void bill or a credit).
    package var outstanding: Money {
        voidedOn == nil && total > paid ? total - paid : .zero
    }

    package var status: BillStatus { BillStatus(isVoid: voidedOn != nil, paid: paid, total: total) }
}
