import Testing
@testable import LanziCore

/// Every expected figure here is worked out by hand in the comment beside it.
@Suite("Rent schedule: proration, free months, escalation")
struct RentScheduleTests {
    func date(_ text: String) -> CalendarDate { try! CalendarDate.parse(text, field: "test") }

    func schedule(_ start: String, _ last: String, rent: Int64, free: Int = 0, escalation: Int = 0,
                  fee: ManagementFee = .none, area: Int64 = 100) -> [RentSchedule.Month] {
        let terms = LeaseTerms(rent: Money(fen: rent), managementFee: fee, freeMonths: free, escalationBasisPoints: escalation)
        return RentSchedule.make(startsOn: date(start), lastDay: date(last), terms: terms, area: Area(hundredths: area))
    }

    @Test func fullMonthsPayTheMonthlyRent() {
        let months = schedule("2026-01-01", "2026-12-31", rent: 100_000)
        #expect(months.count == 12)
        #expect(months.allSatisfy { $0.rent.fen == 100_000 && $0.freeDays == 0 && !$0.hasEscalation })
        #expect(months.map(\.period.description).first == "2026-01")
        #expect(months.map(\.period.description).last == "2026-12")
    }

    // A part month pays rent × days ÷ days in the month, in 28-, 29-, 30- and 31-day months.
    @Test(arguments: [
        ("2026-01-15", 31_000, 17, 17_000),   // January: 15th–31st is 17 of 31 days; 31000 × 17 ÷ 31 = 17000
        ("2026-02-15", 28_000, 14, 14_000),   // February 2026: 14 of 28 days; 28000 × 14 ÷ 28 = 14000
        ("2028-02-10", 29_000, 20, 20_000),   // February 2028 (leap): 10th–29th is 20 of 29; 29000 × 20 ÷ 29 = 20000
        ("2026-04-21", 30_000, 10, 10_000),   // April: 21st–30th is 10 of 30; 30000 × 10 ÷ 30 = 10000
        ("2026-02-15", 101, 14, 51),          // 101 × 14 ÷ 28 = 50.5 fen: half rounds up to 51
        ("2026-04-30", 100_000, 1, 3_333),    // 100000 × 1 ÷ 30 = 3333.33 → 3333
        ("2026-04-29", 100_000, 2, 6_667),    // 100000 × 2 ÷ 30 = 6666.67 → 6667
    ])
    func firstMonthIsProrated(start: String, rent: Int64, days: Int, expected: Int64) {
        let first = schedule(start, "2030-12-31", rent: rent)[0]
        #expect(first.leasedDays == days)
        #expect(first.rent.fen == expected)
    }

    @Test func lastMonthOfATerminatedLeaseIsProrated() {
        // Last day 10 June: 10 of 30 days; 30000 × 10 ÷ 30 = 10000.
        let months = schedule("2026-01-01", "2026-06-10", rent: 30_000)
        #expect(months.count == 6)
        #expect(months.last?.leasedDays == 10)
        #expect(months.last?.rent.fen == 10_000)
    }

    @Test func aLeaseInsideOneMonth() {
        // 10th–19th of a 31-day month: 10 days; 31000 × 10 ÷ 31 = 10000.
        let months = schedule("2026-03-10", "2026-03-19", rent: 31_000)
        #expect(months.count == 1)
        #expect(months[0].rent.fen == 10_000)
    }

    @Test func freeMonthsAreFreeToTheDay() {
        // Start 15 Jan, one free month: free until 14 Feb inclusive.
        let months = schedule("2026-01-15", "2026-12-31", rent: 100_000, free: 1)
        #expect(months[0].rent.fen == 0)              // 15–31 Jan all free
        #expect(months[0].freeDays == 17)
        #expect(months[1].freeDays == 14)             // 1–14 Feb free
        #expect(months[1].rent.fen == 50_000)         // 15–28 Feb: 100000 × 14 ÷ 28
        #expect(months[2].rent.fen == 100_000)
    }

    @Test func managementFeeIsDueInFreeMonthsAndProrated() {
        // 1.50 per m² on 24.50 m² is 36.75 a month. 15–31 Jan: 150 × 2450 × 17 ÷ (100 × 31) = 2015.32 → 2015.
        let months = schedule("2026-01-15", "2026-12-31", rent: 100_000, free: 2, fee: .perSquareMetre(Money(fen: 150)), area: 2450)
        #expect(months[0].managementFee.fen == 2015)
        #expect(months[1].managementFee.fen == 3675)
        #expect(months[1].rent.fen == 0)
        let fixed = schedule("2026-02-15", "2026-12-31", rent: 100_000, fee: .fixed(Money(fen: 2000)))
        #expect(fixed[0].managementFee.fen == 1000)   // 2000 × 14 ÷ 28
        #expect(fixed[0].total.fen == 51_000)         // rent 100000 × 14 ÷ 28 = 50000, plus 1000
    }

    @Test func escalationStepsUpOnTheAnniversaryInsideAMonth() {
        // 310.00 rising 10% on 15 Jan 2027 becomes 341.00. January 2027: 14 days at 31000 and
        // 17 at 34100: (434000 + 579700) ÷ 31 = 32700.
        let months = schedule("2026-01-15", "2027-12-31", rent: 31_000, escalation: 1000)
        let january2027 = months.first { $0.period.description == "2027-01" }!
        #expect(january2027.hasEscalation)
        #expect(january2027.rent.fen == 32_700)
        #expect(january2027.rentInForce.fen == 34_100)
        #expect(months.first { $0.period.description == "2026-12" }!.rent.fen == 31_000)
        #expect(months.first { $0.period.description == "2027-02" }!.rent.fen == 34_100)
        #expect(months.filter(\.hasEscalation).count == 1)
    }

    @Test func escalationOnTheFirstOfAMonthIsMarked() {
        let months = schedule("2026-03-01", "2028-02-29", rent: 100_000, escalation: 500)
        let march2027 = months.first { $0.period.description == "2027-03" }!
        #expect(march2027.hasEscalation)
        #expect(march2027.rent.fen == 105_000)
        #expect(months[0].hasEscalation == false)
    }

    @Test func escalationCompoundsAndRoundsEachYear() {
        // 1000.00 at 333 bp: 100000 × 1.0333 = 103330; 103330 × 1.0333 = 106770.889 → 106771;
        // 106771 × 1.0333 = 110326.4743 → 110326.
        let terms = LeaseTerms(rent: Money(fen: 100_000), escalationBasisPoints: 333)
        let start = date("2026-01-01")
        #expect(RentSchedule.rentInForce(on: date("2026-12-31"), startsOn: start, terms: terms).fen == 100_000)
        #expect(RentSchedule.rentInForce(on: date("2027-01-01"), startsOn: start, terms: terms).fen == 103_330)
        #expect(RentSchedule.rentInForce(on: date("2028-06-30"), startsOn: start, terms: terms).fen == 106_771)
        #expect(RentSchedule.rentInForce(on: date("2029-01-01"), startsOn: start, terms: terms).fen == 110_326)
        let months = schedule("2026-01-01", "2029-12-31", rent: 100_000, escalation: 333)
        #expect(months.map(\.rent.fen) == Array(repeating: 100_000, count: 12) + Array(repeating: 103_330, count: 12)
                + Array(repeating: 106_771, count: 12) + Array(repeating: 110_326, count: 12))
    }

    @Test func leapDayAnniversaryFallsOnTheTwentyEighth() {
        let terms = LeaseTerms(rent: Money(fen: 10_000), escalationBasisPoints: 1000)
        let start = date("2028-02-29")
        #expect(RentSchedule.rentInForce(on: date("2029-02-27"), startsOn: start, terms: terms).fen == 10_000)
        #expect(RentSchedule.rentInForce(on: date("2029-02-28"), startsOn: start, terms: terms).fen == 11_000)
        #expect(LeaseCalendar.anniversariesPassed(since: start, on: date("2032-02-29")) == 4)
    }

    @Test(arguments: [
        ("2026-01-15", "2026-02-14", 1), ("2026-01-15", "2026-02-15", 2), ("2026-01-01", "2026-12-31", 12),
        ("2026-01-01", "2026-01-01", 1), ("2026-01-31", "2026-02-27", 1), ("2026-01-31", "2026-02-28", 2),
    ])
    func leaseMonthsCountPartMonthsAsOne(start: String, last: String, months: Int) {
        #expect(LeaseCalendar.monthCount(from: date(start), through: date(last)) == months)
    }

    @Test func draftRulesNameTheirField() {
        func refusal(_ change: (inout LeaseDraft) -> Void) -> String? {
            var draft = LeaseDraft(merchantID: 1, unitCodes: ["S-001"], startsOn: date("2026-01-01"), endsOn: date("2026-12-31"),
                                   terms: LeaseTerms(rent: Money(fen: 100_000)))
            change(&draft)
            do { try draft.validate(); return nil } catch { return error.field }
        }
        #expect(refusal { _ in } == nil)
        #expect(refusal { $0.endsOn = self.date("2025-12-31") } == "end_on")
        #expect(refusal { $0.endsOn = self.date("2046-01-01") } == "end_on")          // over 20 years
        #expect(refusal { $0.endsOn = self.date("2045-12-31") } == nil)
        #expect(refusal { $0.unitCodes = [] } == "units")
        #expect(refusal { $0.unitCodes = ["S-001", "S-001"] } == "units")
        #expect(refusal { $0.unitCodes = ["s-001"] } == "units")
        #expect(refusal { $0.terms.freeMonths = 12 } == "free_months")
        #expect(refusal { $0.terms.freeMonths = 11 } == nil)
        #expect(refusal { $0.terms.dueDay = 29 } == "due_day")
        #expect(refusal { $0.terms.dueDay = 0 } == "due_day")
        #expect(refusal { $0.terms.graceDays = 91 } == "grace_days")
        #expect(refusal { $0.terms.escalationBasisPoints = 10_001 } == "escalation_bp")
        #expect(refusal { $0.terms.lateFeeBasisPoints = -1 } == "late_fee_bp")
        #expect(refusal { $0.terms.lateFeeCapBasisPoints = 10_001 } == "late_fee_cap_bp")
        #expect(refusal { $0.terms.rent = Money(fen: 1_000_000_001) } == "rent")
        #expect(refusal { $0.terms.managementFee = .fixed(.zero) } == "fee_fixed")
        #expect(refusal { $0.terms.managementFee = .perSquareMetre(Money(fen: 1_000_001)) } == "fee_per_m2")
        #expect(refusal { $0.terms.deposit = Money(fen: -1) } == "deposit")
    }
}
