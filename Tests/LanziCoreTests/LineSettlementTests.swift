import Testing
@testable import LanziCore

/// How money set against a bill is shared among its lines: from the top line down, a credit
/// note settled when raised, and every change summing to the money that moved.
struct LineSettlementTests {
    @Test("a charge is settled from its first line down; an allocation undone takes back from the last line settled")
    func chargesSettleInLineOrder() {
        var bill = LineSettlement(amounts: [100_000, 10_000])
        #expect(bill.raise() == [0, 0])
        #expect(bill.allocate(105_000) == [100_000, 5_000])
        #expect(bill.outstanding == [0, 5_000])
        #expect(bill.settled == [100_000, 5_000])
    }

    @Test("undoing money leaves the lines filled from the top: the last lines lose first")
    func reversalsTakeBackFromTheBottom() {
        var bill = LineSettlement(amounts: [100_000, 10_000])
        _ = bill.raise()
        _ = bill.allocate(105_000)
        #expect(bill.allocate(-10_000) == [-5_000, -5_000])
        #expect(bill.settled == [95_000, 0])
    }

    @Test("a credit note is settled whole when raised, and a void undoes it")
    func creditNotesSettleAtOnce() {
        var credit = LineSettlement(amounts: [-20_000])
        #expect(credit.raise() == [-20_000])
        #expect(credit.allocate(5_000) == [0])
        #expect(credit.outstanding == [0])
        #expect(credit.void() == [20_000])
    }

    @Test("a charge's negative line settles its positive lines when raised, and no more than they hold")
    func negativeLinesSettleThePositiveOnes() {
        var bill = LineSettlement(amounts: [30_000, -5_000, 2_000])
        #expect(bill.raise() == [5_000, -5_000, 0])
        #expect(bill.allocate(30_000) == [25_000, 0, 2_000])
        #expect(bill.outstanding == [0, 0, 0])
        #expect(bill.allocate(1_000) == [0, 0, 0])
        // Voided, the negative line settles nothing: 31000 of money covers 30000 and 1000.
        #expect(bill.void() == [0, 5_000, -1_000])
        #expect(bill.settled == [30_000, 0, 1_000])
    }
}
