/// One line of a journal entry: an account (with the merchant of a sub-ledger) and a debit or a credit.
package struct JournalLineDraft: Hashable, Sendable {
    package var accountCode: String
    package var merchantID: Int64?
    package var debit: Money
    package var credit: Money

    package init(accountCode: String, merchantID: Int64? = nil, debit: Money = .zero, credit: Money = .zero) {
        self.accountCode = accountCode
        self.merchantID = merchantID
        self.debit = debit
        self.credit = credit
    }
}


/// A stored journal entry.
package struct JournalEntry: Hashable, Sendable {
    package init(id: Int64, date: CalendarDate, documentKind: String, documentNumber: String, description: String, lines: [JournalLineDraft]) {
        self.id = id
        self.date = date
        self.documentKind = documentKind
        self.documentNumber = documentNumber
        self.description = description
        self.lines = lines
    }

    package var id: Int64
    package var date: CalendarDate
    package var documentKind: String
    package var documentNumber: String
    package var description: String
    package var lines: [JournalLineDraft]
}
