import LanziCore
import LanziStore

extension LanziService {
    /// Registers a merchant.
    /// - Parameter again: the operator says that a merchant of the same name and phone
    ///   already registered is another person (without it, that is a probable double entry).
    /// - Throws: `DomainError` for a bad value; `ServiceError.conflict` for an ID number
    ///   that is already registered, or a name and phone already registered without `again`.
    package func addMerchant(_ draft: MerchantDraft, again: Bool = false) throws -> Merchant {
        try authorize(.addMerchant)
        try draft.validate()
        return try change(.addMerchant) { database in
            if !again, let existing = try database.merchant(name: draft.name, phone: draft.phone) {
                throw ServiceError.conflict("merchant \(existing.id) \(existing.name) with phone \(existing.phone) is already registered; if this is another merchant, register it again on purpose (--again)", field: "name")
            }
            return try insertMerchant(draft, database)
        }
    }

    func insertMerchant(_ draft: MerchantDraft, _ database: Database) throws -> Merchant {
        if let idNumber = draft.idNumber, let existing = try database.merchant(idNumber: idNumber) {
            throw ServiceError.conflict("this ID number is already registered to merchant \(existing.id) \(existing.name)", field: "id_number")
        }
        let id = try database.insertMerchant(draft, createdAt: clock.timestamp())
        try log(database, "merchant.add", "merchant \(id)", .object([("name", .string(draft.name))]))
        // Shown masked, as everywhere unless asked for: the operator has just typed it.
        return masked(Merchant(id: id, name: draft.name, phone: draft.phone, idNumber: draft.idNumber), reveal: false)
    }

    /// Every merchant, ID numbers masked unless `revealIDNumbers` (operators and administrators only).
    /// - Throws: `ServiceError.forbidden` when the caller may not see full ID numbers.
    package func merchants(revealIDNumbers: Bool = false) throws -> [Merchant] {
        try authorize(.listMerchants)
        try checkReveal(revealIDNumbers)
        return try look(.listMerchants) { database in try database.merchants().map { masked($0, reveal: revealIDNumbers) } }
    }

    /// One merchant and its leases.
    /// - Throws: `ServiceError.notFound` for an unknown id; `.forbidden` as for `merchants`.
    package func merchant(id: Int64, revealIDNumber: Bool = false) throws -> (merchant: Merchant, leases: [Lease]) {
        try authorize(.showMerchant)
        try checkReveal(revealIDNumber)
        return try look(.showMerchant) { database in
            let merchant = try requireMerchant(id, database, field: "id")
            return (masked(merchant, reveal: revealIDNumber), try database.leases(merchantID: id))
        }
    }

    /// The merchant `id`; to a merchant caller, only itself (another merchant is missing).
    /// - Throws: `ServiceError.notFound` naming `field`.
    func requireMerchant(_ id: Int64, _ database: Database, field: String) throws -> Merchant {
        let missing = ServiceError.notFound("no merchant \(id)", field: field)
        try requireOwn(id, else: missing)
        guard let merchant = try database.merchant(id: id) else { throw missing }
        return merchant
    }

    /// `requireMerchant` where only the merchant's name matters, not its record.
    /// - Throws: `ServiceError.notFound` naming `field` for an unknown merchant, and for
    ///   another's to a merchant caller.
    func requireMerchantName(_ id: Int64, _ database: Database, field: String) throws -> String {
        let missing = ServiceError.notFound("no merchant \(id)", field: field)
        try requireOwn(id, else: missing)
        guard let name = try database.merchantName(id: id) else { throw missing }
        return name
    }

    private func checkReveal(_ reveal: Bool) throws {
        if reveal { try authorize(.revealIDNumbers) }
    }

    private func masked(_ merchant: Merchant, reveal: Bool) -> Merchant {
        var shown = merchant
        if !reveal { shown.idNumber = merchant.maskedIDNumber }
        return shown
    }
}
