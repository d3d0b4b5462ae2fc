import LanziCore
import LanziStore

/// The demo's money history: every month billed from the first lease to `through`, most
/// bills paid a few days before they fall due, the late merchants paying six weeks late and
/// not at all in the last three months, late fees assessed at each month's end, and the
/// deposit of each lease ended early settled in the month it ends. All of it deterministic,
/// and idempotent like the rest of the seed (payments carry keys made from bill numbers).
extension SeedLoader {
    mutating func loadHistory(_ value: JSONValue, path: String) throws {
        let object = try SeedObject(value, path: path, keys: Set(["through", "late_merchants"]).union(Self.collectiveKeys))
        guard let throughText = try object.string("through") else { throw DomainError(field: object.field("through"), rule: "is required") }
        let through = try Period.parse(throughText, field: object.field("through"))
        var late: Set<Int64> = []
        for (index, item) in try object.array("late_merchants").enumerated() {
            guard case .string(let key) = item, let id = merchantIDs[key] else {
                throw DomainError(field: "\(object.field("late_merchants"))[\(index)]", rule: "must name a merchant key of this file")
            }
            late.insert(id)
        }
        let leases = try database.leases()
        guard let first = leases.map(\.startsOn.period).min() else { return }
        guard through >= first, first.months(to: through) <= 240 else {
            throw DomainError(field: object.field("through"), rule: "must be a month from \(first) on, at most 20 years later")
        }
        let methods: [PaymentMethod] = [.wechat, .alipay, .cash, .bank]
        var period = first
        while period <= through {
            let run = try service.billPeriod(period, database)
            count("bills", added: run.raised > 0, by: run.raised)
            for bill in try database.bills(BillFilter(period: period)) where bill.kind != .lateFee && bill.kind != .adjustment && bill.outstanding.fen > 0 {
                let isLate = late.contains(bill.merchantID)
                if isLate && period.months(to: through) < 3 { continue }
                let paidOn = isLate ? bill.dueOn.adding(days: 45) : bill.dueOn.adding(days: -Int(bill.id % 5))
                guard paidOn <= through.lastDay else { continue }
                let draft = PaymentDraft(merchantID: bill.merchantID, amount: bill.outstanding, method: methods[Int(bill.merchantID % 4)],
                                         paidOn: max(paidOn, bill.issuedOn), reference: "demo", idempotencyKey: "demo-\(bill.number)", billIDs: [bill.id],
                                         isDuplicateReferenceIntended: true)
                let (_, isRepeat) = try service.recordPayment(draft, database)
                count("payments", added: !isRepeat)
            }
            let fees = try service.assessLateFees(asOf: period.lastDay, database)
            count("late_fee_bills", added: fees.bills > 0, by: fees.bills)
            for lease in leases where lease.termination != nil && lease.lastDay.period == period {
                if try database.depositSettlementExists(leaseID: lease.id) { continue }
                try service.settleTermination(of: lease, database)
                count("deposit_settlements", added: try database.depositSettlementExists(leaseID: lease.id))
            }
            period = period.adding(months: 1)
        }
        try loadCollective(object, first: first, through: through)
    }

    mutating func count(_ section: String, added: Bool, by amount: Int) {
        guard added else { return }
        report.added[section, default: 0] += amount
    }
}
