import Foundation

/// What a unit is: a lockable shop, an open stall in the hall, or a room of a cold store.
package enum UnitKind: String, CaseIterable, Sendable, Codable {
    case shop
    case stall
    case coldRoom = "cold_room"

    /// The words a Chinese office uses for the kinds.
    static let chineseWords: [String: UnitKind] = ["商铺": .shop, "摊位": .stall, "冷库": .coldRoom]

    /// Reads a kind by its English name or its Chinese word (`shop` or `商铺`).
    /// - Throws: `DomainError` naming `field` when `text` is not one of the kinds.
    package static func parse(_ text: String, field: String) throws(DomainError) -> UnitKind {
        guard let kind = InputText.choice(text, words: chineseWords) else {
            throw DomainError(field: field, rule: "must be one of shop (商铺), stall (摊位), cold_room (冷库), got \"\(text)\"")
        }
        return kind
    }
}

/// A unit's status on a given day. `leased` is derived from the leases, never stored.
package enum UnitStatus: String, CaseIterable, Sendable {
    case available
    case leased
    case outOfService = "out_of_service"

    /// - Throws: `DomainError` naming `field` when `text` is not one of the statuses.
    package static func parse(_ text: String, field: String) throws(DomainError) -> UnitStatus {
        guard let status = UnitStatus(rawValue: text) else {
            throw DomainError(field: field, rule: "must be one of available, leased, out_of_service, got \"\(text)\"")
        }
        return status
    }

    /// A status an operator sets: `available` or `out_of_service`; `leased` follows from the leases.
    /// - Throws: `DomainError` naming `field` for any other text, `leased` included.
    package static func parseSettable(_ text: String, field: String) throws(DomainError) -> UnitStatus {
        let status = try parse(text, field: field)
        guard status != .leased else {
            throw DomainError(field: field, rule: "must be available or out_of_service; leased follows from the leases")
        }
        return status
    }
}

/// The cold-store details that only a cold room has.
package struct ColdRoomDetails: Hashable, Sendable {
    package var building: String
    package var capacityKilograms: Int64

    package init(building: String, capacityKilograms: Int64) {
        self.building = building
        self.capacityKilograms = capacityKilograms
    }

    /// The details as a unit's entry gives them: either one makes them a cold room's (and
    /// `UnitDraft.validate` then says which is missing, or that the kind has none); neither, nil.
    package init?(building: String?, capacityKilograms: Int64?) {
        guard building != nil || capacityKilograms != nil else { return nil }
        self.init(building: building ?? "", capacityKilograms: capacityKilograms ?? 0)
    }
}

/// A unit of the register as the operator enters it, before it has an id.
package struct UnitDraft: Hashable, Sendable {
    package var code: String
    package var kind: UnitKind
    package var phase: Int
    package var area: Area
    package var coldRoom: ColdRoomDetails?

    package init(code: String, kind: UnitKind, phase: Int = 1, area: Area, coldRoom: ColdRoomDetails? = nil) {
        self.code = code
        self.kind = kind
        self.phase = phase
        self.area = area
        self.coldRoom = coldRoom
    }

    /// The register's rules for a unit: a code of 1–16 letters, digits and dashes; phase
    /// 1–99; building and capacity for cold rooms and only for them.
    /// - Throws: `DomainError` naming the field that breaks a rule (its domain name).
    package func validate() throws(DomainError) {
        try Self.validateCode(code, field: "code")
        guard (1...99).contains(phase) else { throw DomainError(field: "phase", rule: "must be between 1 and 99, got \(phase)") }
        switch (kind, coldRoom) {
        case (.coldRoom, nil):
            throw DomainError(field: "building", rule: "a cold room needs its building and capacity in kg")
        case (.coldRoom, let details?):
            let building = details.building.trimmingCharacters(in: .whitespaces)
            guard !building.isEmpty, building.unicodeScalars.count <= 40 else {
                throw DomainError(field: "building", rule: "must be 1 to 40 characters")
            }
            guard (1...100_000_000).contains(details.capacityKilograms) else {
                throw DomainError(field: "capacity_kg", rule: "must be a whole number of kg between 1 and 100000000, got \(details.capacityKilograms)")
            }
        case (_, .some):
            throw DomainError(field: "building", rule: "only a cold room has a building and capacity; a \(kind.rawValue) has none")
        case (_, nil):
            break
        }
    }

    /// - Throws: `DomainError` unless `code` is 1–16 characters of A–Z, 0–9 and '-'.
    package static func validateCode(_ code: String, field: String) throws(DomainError) {
        let allowed = code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard !code.isEmpty, code.count <= 16, allowed else {
            throw DomainError(field: field, rule: "must be 1 to 16 characters of A-Z, 0-9 and '-', such as S-001, got \"\(code)\"")
        }
    }
}

/// A unit of the register with its status on the day it was read for. (Not `Unit`, which
/// Foundation already names.)
package struct MarketUnit: Hashable, Sendable {
    package var id: Int64
    package var code: String
    package var kind: UnitKind
    package var phase: Int
    package var area: Area
    package var coldRoom: ColdRoomDetails?
    package var isOutOfService: Bool
    /// The lease that holds the unit on the day the unit was read for, if any.
    package var currentLeaseID: Int64?

    package init(id: Int64, code: String, kind: UnitKind, phase: Int, area: Area, coldRoom: ColdRoomDetails?,
                 isOutOfService: Bool, currentLeaseID: Int64?) {
        self.id = id
        self.code = code
        self.kind = kind
        self.phase = phase
        self.area = area
        self.coldRoom = coldRoom
        self.isOutOfService = isOutOfService
        self.currentLeaseID = currentLeaseID
    }

    /// Out of service wins over leased: the service refuses to take a leased unit out of
    /// service, so both hold at once only for a lease that starts later.
    package var status: UnitStatus {
        if isOutOfService { return .outOfService }
        return currentLeaseID == nil ? .available : .leased
    }
}
