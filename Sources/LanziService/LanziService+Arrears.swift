import Foundation
import LanziCore
import LanziStore

/// One merchant's overdue bills today, by days past due.
package struct MerchantArrears: Hashable, Sendable {
    package var merchantID: Int64
    package var merchantName: String
    package var phone: String
    /// Owed on bills 1–30, 31–60, 61–90 and over 90 days past due, as the statement ages them.
    package var byAge: [Money]
    package var overdueBills: Int
    package var total: Money { byAge.reduce(Money.zero, +) }
}

extension LanziService {
    /// Every merchant owing on a bill past its due day on `asOf`, most owed first: the
    /// operator's list of whom to call. A merchant caller sees its own line only.
    package func arrears(asOf: CalendarDate) throws -> [MerchantArrears] {
        try look(.listArrears) { database in
            let scoped = scopedMerchant(nil)
            var owed: [Int64: MerchantArrears] = [:]
            for status in [BillStatus.open, .partlyPaid] {
                for bill in try database.bills(BillFilter(merchantID: scoped, status: status)) where bill.dueOn < asOf && bill.outstanding.fen > 0 {
                    let days = bill.dueOn.days(to: asOf)
                    var line = owed[bill.merchantID] ?? MerchantArrears(merchantID: bill.merchantID, merchantName: bill.merchantName, phone: "",
                                                                        byAge: Array(repeating: .zero, count: 4), overdueBills: 0)
                    let age = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3
                    line.byAge[age] = line.byAge[age] + bill.outstanding
                    line.overdueBills += 1
                    owed[bill.merchantID] = line
                }
            }
            var lines = Array(owed.values)
            for index in lines.indices { lines[index].phone = try database.merchant(id: lines[index].merchantID)?.phone ?? "" }
            return lines.sorted { ($0.total, $1.merchantID) > ($1.total, $0.merchantID) }
        }
    }
}
