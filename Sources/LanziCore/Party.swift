import Foundation

/// A party member as entered, before it has an id.
package struct PartyMemberDraft: Hashable, Sendable {
    package var name: String
    package var branch: String
    package var phone: String?

    package init(name: String, branch: String, phone: String? = nil) {
        self.name = name.trimmingCharacters(in: .whitespaces)
        self.branch = branch.trimmingCharacters(in: .whitespaces)
        let phone = phone?.trimmingCharacters(in: .whitespaces)
        self.phone = phone?.isEmpty == true ? nil : phone
    }

    /// - Throws: `DomainError` naming the field (its domain name) and the rule: the first of `problems`.
    package func validate() throws(DomainError) {
        if let first = problems.first { throw first }
    }

    /// Every rule the draft breaks, one per field, so that an import lists all of a row's faults.
    package var problems: [DomainError] {
        var problems: [DomainError] = []
        if !(1...40).contains(name.unicodeScalars.count) { problems.append(DomainError(field: "name", rule: "must be 1 to 40 characters")) }
        if !(1...80).contains(branch.unicodeScalars.count) { problems.append(DomainError(field: "branch", rule: "must be 1 to 80 characters")) }
        // The phone rule is the register's; a stand-in name keeps a bad name from being told twice.
        if let phone {
            do { try MerchantDraft(name: "-", phone: phone).validate() } catch { problems.append(error) }
        }
        return problems
    }
}

/// A party member; `deactivatedOn` is set once it no longer serves.
package struct PartyMember: Hashable, Sendable {
    package var id: Int64
    package var name: String
    package var branch: String
    package var phone: String?
    package var deactivatedOn: CalendarDate?

    package init(id: Int64, name: String, branch: String, phone: String?, deactivatedOn: CalendarDate?) {
        self.id = id
        self.name = name
        self.branch = branch
        self.phone = phone
        self.deactivatedOn = deactivatedOn
    }

    package var isActive: Bool { deactivatedOn == nil }
}

/// A farming household as entered, before it has an id.
package struct HouseholdDraft: Hashable, Sendable {
    package var headName: String
    package var villageGroup: String
    package var people: Int
    package var address: String?
    package var tags: [String]
    package var merchantID: Int64?

    package init(headName: String, villageGroup: String, people: Int = 1, address: String? = nil, tags: [String] = [], merchantID: Int64? = nil) {
        self.headName = headName.trimmingCharacters(in: .whitespaces)
        self.villageGroup = villageGroup.trimmingCharacters(in: .whitespaces)
        self.people = people
        let address = address?.trimmingCharacters(in: .whitespaces)
        self.address = address?.isEmpty == true ? nil : address
        self.tags = tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.merchantID = merchantID
    }

    /// Splits a tag list written "搬迁户,低保户" (or with ; 、 ， as separators).
    package static func tags(from text: String) -> [String] {
        text.split(whereSeparator: { ",;、，；".contains($0) }).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// - Throws: `DomainError` naming the field (its domain name) and the rule: the first of `problems`.
    package func validate() throws(DomainError) {
        if let first = problems.first { throw first }
    }

    /// Every rule the draft breaks, one per field, so that an import lists all of a row's faults.
    package var problems: [DomainError] {
        var problems: [DomainError] = []
        if !(1...40).contains(headName.unicodeScalars.count) { problems.append(DomainError(field: "head", rule: "must be 1 to 40 characters")) }
        if !(1...40).contains(villageGroup.unicodeScalars.count) { problems.append(DomainError(field: "group", rule: "must be 1 to 40 characters")) }
        if !(1...99).contains(people) { problems.append(DomainError(field: "people", rule: "must be between 1 and 99, got \(people)")) }
        if let address, address.unicodeScalars.count > 120 { problems.append(DomainError(field: "address", rule: "must be at most 120 characters")) }
        if tags.count > 10 || !tags.allSatisfy({ (1...20).contains($0.unicodeScalars.count) }) || Set(tags).count != tags.count {
            problems.append(DomainError(field: "tags", rule: "must be at most 10 different tags of 1 to 20 characters"))
        }
        if let merchantID, merchantID <= 0 { problems.append(DomainError(field: "merchant_id", rule: "must be a merchant id")) }
        return problems
    }
}

/// A farming household, with its contact member on the day it was read for.
package struct Household: Hashable, Sendable {
    package var id: Int64
    package var headName: String
    package var villageGroup: String
    package var people: Int
    package var address: String?
    package var tags: [String]
    package var merchantID: Int64?
    package var memberID: Int64?
    package var memberName: String?

    package init(id: Int64, headName: String, villageGroup: String, people: Int, address: String?, tags: [String],
                 merchantID: Int64?, memberID: Int64?, memberName: String?) {
        self.id = id
        self.headName = headName
        self.villageGroup = villageGroup
        self.people = people
        self.address = address
        self.tags = tags
        self.merchantID = merchantID
        self.memberID = memberID
        self.memberName = memberName
    }
}

/// Who looked after a household, from `startsOn` until the handover day `endedOn`.
package struct Assignment: Hashable, Sendable {
    package var id: Int64
    package var householdID: Int64
    package var memberID: Int64
    package var startsOn: CalendarDate
    package var endedOn: CalendarDate?

    package init(id: Int64, householdID: Int64, memberID: Int64, startsOn: CalendarDate, endedOn: CalendarDate?) {
        self.id = id
        self.householdID = householdID
        self.memberID = memberID
        self.startsOn = startsOn
        self.endedOn = endedOn
    }

    package func isActive(on date: CalendarDate) -> Bool { startsOn <= date && (endedOn.map { date < $0 } ?? true) }
}

/// A visit by a member to a household, and the matter raised; open until `resolvedOn`.
package struct Visit: Hashable, Sendable {
    package var id: Int64
    package var memberID: Int64
    package var householdID: Int64
    package var visitedOn: CalendarDate
    package var raised: String
    package var followUpOn: CalendarDate?
    package var resolvedOn: CalendarDate?

    package init(id: Int64, memberID: Int64, householdID: Int64, visitedOn: CalendarDate, raised: String,
                 followUpOn: CalendarDate?, resolvedOn: CalendarDate?) {
        self.id = id
        self.memberID = memberID
        self.householdID = householdID
        self.visitedOn = visitedOn
        self.raised = raised
        self.followUpOn = followUpOn
        self.resolvedOn = resolvedOn
    }

    package var isOpen: Bool { resolvedOn == nil }
}
