import LanziCore

/// Party members, households, assignments and visits.
extension Database {
    package func insertPartyMember(_ member: PartyMemberDraft, createdAt: String) throws -> Int64 {
        try run("INSERT INTO party_members (name, branch, phone, created_at) VALUES (?, ?, ?, ?)",
                [.text(member.name), .text(member.branch), SQLValue(member.phone), .text(createdAt)])
        return lastInsertedRowID
    }

    package func deactivatePartyMember(id: Int64, on date: CalendarDate) throws {
        try run("UPDATE party_members SET deactivated_on = ? WHERE id = ? AND deactivated_on IS NULL", [.text(date.description), .integer(id)])
    }

    package func partyMembers() throws -> [PartyMember] {
        try rows("SELECT id, name, branch, phone, deactivated_on FROM party_members ORDER BY id").map(Self.partyMember)
    }

    package func partyMember(id: Int64) throws -> PartyMember? {
        try row("SELECT id, name, branch, phone, deactivated_on FROM party_members WHERE id = ?", [.integer(id)]).map(Self.partyMember)
    }

    private static func partyMember(_ row: Row) throws -> PartyMember {
        PartyMember(id: try row.int64("id"), name: try row.text("name"), branch: try row.text("branch"),
                    phone: try row.optionalText("phone"), deactivatedOn: try row.optionalDate("deactivated_on"))
    }

    package func insertHousehold(_ household: HouseholdDraft, createdAt: String) throws -> Int64 {
        try run("INSERT INTO households (head_name, village_group, people, address, merchant_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(household.headName), .text(household.villageGroup), SQLValue(household.people), SQLValue(household.address),
                 SQLValue(household.merchantID), .text(createdAt)])
        let id = lastInsertedRowID
        for tag in household.tags {
            try run("INSERT INTO household_tags (household_id, tag) VALUES (?, ?)", [.integer(id), .text(tag)])
        }
        return id
    }

    /// Households with their active contact (open assignments), in id order.
    package func households(id: Int64? = nil) throws -> [Household] {
        var tags: [Int64: [String]] = [:]
        try forEachRow("SELECT household_id, tag FROM household_tags" + (id == nil ? "" : " WHERE household_id = ?1") + " ORDER BY household_id, tag",
                       id.map { [.integer($0)] } ?? []) { row in
            tags[try row.int64("household_id"), default: []].append(try row.text("tag"))
        }
        var households: [Household] = []
        try forEachRow("""
            SELECT h.id, h.head_name, h.village_group, h.people, h.address, h.merchant_id, a.member_id, m.name AS member_name
            FROM households AS h
            LEFT JOIN assignments AS a ON a.household_id = h.id AND a.ended_on IS NULL
            LEFT JOIN party_members AS m ON m.id = a.member_id
            """ + (id == nil ? "" : " WHERE h.id = ?1") + " ORDER BY h.id", id.map { [.integer($0)] } ?? []) { row in
            let householdID = try row.int64("id")
            households.append(Household(
                id: householdID, headName: try row.text("head_name"), villageGroup: try row.text("village_group"),
                people: try row.int("people"), address: try row.optionalText("address"), tags: tags[householdID] ?? [],
                merchantID: try row.optionalInt64("merchant_id"), memberID: try row.optionalInt64("member_id"),
                memberName: try row.optionalText("member_name")))
        }
        return households
    }

    package func household(id: Int64) throws -> Household? { try households(id: id).first }

    /// Opens an assignment. The triggers refuse a second active contact for the household,
    /// a member over the market's maximum, or a deactivated member.
    package func insertAssignment(householdID: Int64, memberID: Int64, on date: CalendarDate, createdAt: String) throws -> Int64 {
        try run("INSERT INTO assignments (household_id, member_id, starts_on, created_at) VALUES (?, ?, ?, ?)",
                [.integer(householdID), .integer(memberID), .text(date.description), .text(createdAt)])
        return lastInsertedRowID
    }

    /// Closes the household's active assignment on `date` (the handover day).
    /// - Returns: whether there was one to close.
    @discardableResult
    package func endAssignment(householdID: Int64, on date: CalendarDate) throws -> Bool {
        try run("UPDATE assignments SET ended_on = ? WHERE household_id = ? AND ended_on IS NULL",
                [.text(date.description), .integer(householdID)])
        return changedRowCount > 0
    }

    /// Closes every active assignment of a member on `date`.
    /// - Returns: the household ids that lost their contact.
    package func endAssignments(memberID: Int64, on date: CalendarDate) throws -> [Int64] {
        let ids = try rows("SELECT household_id FROM assignments WHERE member_id = ? AND ended_on IS NULL ORDER BY household_id",
                           [.integer(memberID)]).map { try $0.int64("household_id") }
        try run("UPDATE assignments SET ended_on = ? WHERE member_id = ? AND ended_on IS NULL", [.text(date.description), .integer(memberID)])
        return ids
    }

    /// Assignments, newest first, optionally one member's or one household's.
    package func assignments(memberID: Int64? = nil, householdID: Int64? = nil) throws -> [Assignment] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let memberID { conditions.append("member_id = ?"); arguments.append(.integer(memberID)) }
        if let householdID { conditions.append("household_id = ?"); arguments.append(.integer(householdID)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try rows("SELECT id, household_id, member_id, starts_on, ended_on FROM assignments" + filter + " ORDER BY id", arguments).map { row in
            Assignment(id: try row.int64("id"), householdID: try row.int64("household_id"), memberID: try row.int64("member_id"),
                       startsOn: try row.date("starts_on"), endedOn: try row.optionalDate("ended_on"))
        }
    }

    /// The member who was the household's contact on `date`, if any.
    package func contactMemberID(householdID: Int64, on date: CalendarDate) throws -> Int64? {
        try row("""
            SELECT member_id FROM assignments WHERE household_id = ?1 AND starts_on <= ?2 AND (ended_on IS NULL OR ended_on > ?2)
            ORDER BY id DESC
            """, [.integer(householdID), .text(date.description)])?.int64("member_id")
    }

    /// Active households per member.
    package func activeLoads() throws -> [Int64: Int] {
        var loads: [Int64: Int] = [:]
        try forEachRow("SELECT member_id, count(*) AS n FROM assignments WHERE ended_on IS NULL GROUP BY member_id") { row in
            loads[try row.int64("member_id")] = try row.int("n")
        }
        return loads
    }

    package func insertVisit(memberID: Int64, householdID: Int64, on date: CalendarDate, raised: String,
                             followUpOn: CalendarDate?, resolvedOn: CalendarDate?, createdAt: String) throws -> Int64 {
        try run("""
            INSERT INTO visits (member_id, household_id, visited_on, raised, follow_up_on, resolved_on, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.integer(memberID), .integer(householdID), .text(date.description), .text(raised),
                  SQLValue(followUpOn?.description), SQLValue(resolvedOn?.description), .text(createdAt)])
        return lastInsertedRowID
    }

    package func closeVisit(id: Int64, on date: CalendarDate) throws {
        try run("UPDATE visits SET resolved_on = ? WHERE id = ? AND resolved_on IS NULL", [.text(date.description), .integer(id)])
    }

    package func visits(id: Int64? = nil, openOnly: Bool = false) throws -> [Visit] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let id { conditions.append("id = ?"); arguments.append(.integer(id)) }
        if openOnly { conditions.append("resolved_on IS NULL") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try rows("SELECT id, member_id, household_id, visited_on, raised, follow_up_on, resolved_on FROM visits" + filter
                        + " ORDER BY visited_on, id", arguments).map { row in
            Visit(id: try row.int64("id"), memberID: try row.int64("member_id"), householdID: try row.int64("household_id"),
                  visitedOn: try row.date("visited_on"), raised: try row.text("raised"), followUpOn: try row.optionalDate("follow_up_on"),
                  resolvedOn: try row.optionalDate("resolved_on"))
        }
    }
}

/// Natural keys, by which a seed file finds its records again.
extension Database {
    package func partyMemberID(name: String, branch: String) throws -> Int64? {
        try row("SELECT id FROM party_members WHERE name = ? AND branch = ? ORDER BY id", [.text(name), .text(branch)])?.int64("id")
    }

    package func householdID(head: String, group: String) throws -> Int64? {
        try row("SELECT id FROM households WHERE head_name = ? AND village_group = ? ORDER BY id", [.text(head), .text(group)])?.int64("id")
    }

    package func visitID(memberID: Int64, householdID: Int64, on date: CalendarDate, raised: String) throws -> Int64? {
        try row("SELECT id FROM visits WHERE member_id = ? AND household_id = ? AND visited_on = ? AND raised = ?",
                [.integer(memberID), .integer(householdID), .text(date.description), .text(raised)])?.int64("id")
    }
}
