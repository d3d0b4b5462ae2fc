import Foundation
import LanziCore
import LanziHTTP
import LanziService

extension WebPages {
    /// The party branch's pages: members and the households each looks after, the coverage of
    /// the month, the households no one covers, and visits with their open matters.
    static let partyPages: [Entry] = [
        Entry("GET", "/party") { call in
            let report = try call.service.coverage(on: call.today, period: call.today.period)
            var body: HTML = """
                <p>\(t("Households")) \(report.households) · \(t("uncovered")) <b>\(report.uncoveredHouseholds.count)</b> · \
                \(t("each member looks after")) \(report.minimum)–\(report.maximum) · \(t("visits counted in")) \(report.period)</p>
                <p><a href="/party/households">\(t("All households"))</a> · <a href="/party/visits">\(t("Open matters"))</a></p>
                <h2>\(t("Members"))</h2>
                """
            body += Piece.table([t("Member"), t("Branch"), t("Households"), t("Visits this month"), t("Open matters")], numeric: [2, 3, 4], report.members.map { coverage in
                let load: HTML = coverage.load < report.minimum ? "<span class=\"overdue\">\(coverage.load)</span>" : "\(coverage.load)"
                return ["\(coverage.member.name)", "\(coverage.member.branch)", load, "\(coverage.visitsInPeriod)", "\(coverage.openMatters)"]
            }, empty: t("None yet."))
            body += "<h2>\(t("Households no member covers"))</h2>"
            body += householdTable(report.uncoveredHouseholds)
            if !report.staleMatters.isEmpty {
                body += "<h2>\(t("Matters past their follow-up day"))</h2>" + visitTable(report.staleMatters, today: call.today)
            }
            return .page(title: t("Party branch"), body: body)
        },
        Entry("GET", "/party/households") { call in
            .page(title: t("Households"), body: householdTable(try call.service.households()))
        },
        Entry("GET", "/party/visits") { call in
            .page(title: t("Open matters"), body: visitTable(try call.service.visits(openOnly: true), today: call.today))
        },
    ]

    static func householdTable(_ households: [Household]) -> HTML {
        Piece.table([t("No."), t("Head of household"), t("Village group"), t("People"), t("Looked after by")], numeric: [3], households.map { household in
            ["\(household.id)", "\(household.headName)", "\(household.villageGroup)", "\(household.people)", "\(household.memberName ?? "—")"]
        }, empty: t("None."))
    }

    static func visitTable(_ visits: [Visit], today: CalendarDate) -> HTML {
        Piece.table([t("Visit"), t("Date"), t("Household"), t("Member"), t("Matter raised"), t("Follow up by")], visits.map { visit in
            let late = visit.isOpen && (visit.followUpOn.map { $0 < today } ?? false)
            let followUp: HTML = visit.followUpOn.map { late ? "<span class=\"overdue\">\($0)</span>" : "\($0)" } ?? "—"
            return ["\(visit.id)", "\(visit.visitedOn)", "\(visit.householdID)", "\(visit.memberID)", "\(visit.raised)", followUp]
        }, empty: t("None."))
    }
}
