/// How the money set against a bill is shared among its lines, so that the cash basis can
/// say how much was collected for rent and how much for the management fee.
///
/// A bill that charges (its lines come to more than zero) is settled from its first line
/// down, as a merchant reads it: rent in full before the management fee gets anything. Its
/// negative lines, if any, settle its positive lines on the day it is raised. A bill whose
/// lines come to zero or less (a credit note) is settled whole on the day it is raised: it
/// never stands as owed, and its credit counts again only when it is set against a bill.
/// Every change returns what each line gained (or, on a reversal, lost), which sums to the
/// change in the amount settled.
package struct LineSettlement: Sendable {
    package let amounts: [Int64]
    /// What each line has been settled by so far.
    package private(set) var settled: [Int64]
    private let isCharge: Bool
    /// Money set against the positive lines: allocations, plus what the negative lines cover.
    private var pool: Int64 = 0

    package init(amounts: [Int64]) {
        self.amounts = amounts
        settled = Array(repeating: 0, count: amounts.count)
        isCharge = amounts.reduce(0, +) > 0
    }

    /// What raising the bill settles at once, line by line.
    package mutating func raise() -> [Int64] {
        guard isCharge else {
            settled = amounts
            return amounts
        }
        var change = Array(repeating: Int64(0), count: amounts.count)
        for (index, amount) in amounts.enumerated() where amount < 0 {
            settled[index] = amount
            change[index] = amount
            pool -= amount
        }
        return add(change)
    }

    /// Money set against the bill (negative: an allocation undone), shared among its lines.
    package mutating func allocate(_ amount: Int64) -> [Int64] {
        guard isCharge else { return Array(repeating: 0, count: amounts.count) }
        pool += amount
        return add(Array(repeating: 0, count: amounts.count))
    }

    /// Undoes all that `raise` settled: a bill voided no longer settles anything by itself.
    package mutating func void() -> [Int64] {
        guard isCharge else {
            let change = settled.map { -$0 }
            settled = Array(repeating: 0, count: amounts.count)
            return change
        }
        var change = Array(repeating: Int64(0), count: amounts.count)
        for (index, amount) in amounts.enumerated() where amount < 0 {
            settled[index] = 0
            change[index] = -amount
            pool += amount
        }
        return add(change)
    }

    /// What is still owed on each line.
    package var outstanding: [Int64] { zip(amounts, settled).map { $0 - $1 } }

    /// Spreads the pool over the positive lines in order, adding each line's change to `change`.
    private mutating func add(_ change: [Int64]) -> [Int64] {
        var change = change
        var left = pool
        for (index, amount) in amounts.enumerated() where amount > 0 {
            let covered = Swift.max(0, Swift.min(amount, left))
            left -= covered
            change[index] += covered - settled[index]
            settled[index] = covered
        }
        return change
    }
}
