import Foundation
import LanziCore
import LanziStore

/// One account's line of the trial balance.
package struct TrialBalanceLine: Hashable, Sendable {
    package var code: String
    package var name: String
    package var type: String
    package var debit: Money
    package var credit: Money

    /// Debit minus credit.
    package var balance: Money { debit - credit }
}

/// The trial balance: every account posted to, its debits and credits.
package struct TrialBalance: Hashable, Sendable {
    package var asOf: CalendarDate?
    package var lines: [TrialBalanceLine]
    package var totalDebit: Money { lines.reduce(Money.zero) { $0 + $1.debit } }
    package var totalCredit: Money { lines.reduce(Money.zero) { $0 + $1.credit } }
}

extension LanziService {
    package func trialBalance(asOf: CalendarDate?) throws -> TrialBalance {
        try look(.showTrialBalance) { database in
            let totals = try database.accountTotals(through: asOf)
            let lines = try database.accounts().compactMap { account -> TrialBalanceLine? in
                guard let total = totals[account.code] else { return nil }
                return TrialBalanceLine(code: account.code, name: account.name, type: account.type, debit: Money(fen: total.debit), credit: Money(fen: total.credit))
            }
            return TrialBalance(asOf: asOf, lines: lines)
        }
    }

    /// Journal entries between two days (inclusive), with the chart's names.
    package func journal(from: CalendarDate?, to: CalendarDate?) throws -> (entries: [JournalEntry], accountNames: [String: String]) {
        try authorize(.showJournal)
        if let from, let to, from > to { throw DomainError(field: "from", rule: "must be on or before the last day, \(to)") }
        return try look(.showJournal) { database in
            var entries: [JournalEntry] = []
            try database.journal(from: from, through: to) { entries.append($0) }
            return (entries, Dictionary(uniqueKeysWithValues: try database.accounts().map { ($0.code, $0.name) }))
        }
    }

    /// The books as an hledger journal up to `to`: every account declared with its code, its
    /// Chinese name and its type, the receivable, credit and deposit accounts split by
    /// merchant, and one transaction per journal entry, dated and named by its document.
    package func hledgerJournal(to: CalendarDate?) throws -> String {
        try look(.exportBooks) { database in
            let market = try Self.requireMarket(database)
            let accounts = try database.accounts()
            let byCode = Dictionary(uniqueKeysWithValues: accounts.map { ($0.code, $0) })
            let merchants = Dictionary(uniqueKeysWithValues: try database.merchants().map { ($0.id, $0.name) })
            func name(_ code: String, merchantID: Int64?) -> String {
                var parts: [String] = []
                var current: Account? = byCode[code]
                while let account = current {
                    parts.insert("\(account.code) \(HledgerText.clean(account.name))", at: 0)
                    current = account.parentCode.flatMap { byCode[$0] }
                }
                if let merchantID { parts.append("M\(merchantID) \(HledgerText.clean(merchants[merchantID] ?? "merchant"))") }
                return parts.joined(separator: ":")
            }
            let types = ["asset": "A", "liability": "L", "equity": "E", "income": "R", "expense": "X"]
            var text = "; The books of \(market.name) (\(market.code)), exported by lanzi" + (to.map { " up to \($0)" } ?? "") + ".\n"
            text += "; Check them with: LANG=C.UTF-8 hledger -f FILE check && LANG=C.UTF-8 hledger -f FILE balance\n"
            text += "; (hledger reads the Chinese account names only under a UTF-8 locale.)\n\n"
            text += "commodity 1000.00 CNY\n\n"
            var entries: [JournalEntry] = []
            try database.journal(from: nil, through: to) { entries.append($0) }
            var declared: [String: String] = [:]
            for account in accounts { declared[name(account.code, merchantID: nil)] = types[account.type] ?? "A" }
            for entry in entries {
                for line in entry.lines where line.merchantID != nil {
                    declared[name(line.accountCode, merchantID: line.merchantID)] = types[byCode[line.accountCode]?.type ?? "asset"] ?? "A"
                }
            }
            for (account, type) in declared.sorted(by: { $0.key < $1.key }) {
                text += "account \(account)  ; type: \(account.hasPrefix("101 ") ? "C" : type)\n"
            }
            for entry in entries {
                text += "\n\(entry.date) (\(entry.documentNumber)) \(HledgerText.clean(entry.description))\n"
                for line in entry.lines {
                    let amount = line.debit.fen > 0 ? line.debit : Money(fen: -line.credit.fen)
                    text += "    \(name(line.accountCode, merchantID: line.merchantID))  \(amount.plainDecimal) CNY\n"
                }
            }
            return text
        }
    }
}

/// Text that hledger reads as one name or description: no run of two spaces (which ends an
/// account name), no ';' (which starts a comment), no line breaks.
enum HledgerText {
    static func clean(_ text: String) -> String {
        var cleaned = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: ";", with: ",")
        while cleaned.contains("  ") { cleaned = cleaned.replacingOccurrences(of: "  ", with: " ") }
        return cleaned.trimmingCharacters(in: .whitespaces)
    }
}
