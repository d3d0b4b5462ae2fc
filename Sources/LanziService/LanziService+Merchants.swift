import LanziCore
import LanziStore

extension LanziService {
    /// Registers a merchant.
    /// - Throws: `DomainError` for a bad value; `ServiceError.conflict` for an ID number
    ///   that is already registered.
    package func addMerchant(_ draft: MerchantDraft) throws -> Merchant {
        try checkMayChange()
        try draft.validate()
        return try change { database in try insertMerchant(draft, database, field: "--id-number") }
    }

    func insertMerchant(_ draft: MerchantDraft, _ database: Database, field: String) throws -> Merchant {
        if let idNumber = draft.idNumber, let existing = try database.merchant(idNumber: idNumber) {
            throw ServiceError.conflict("\(field): this ID number is already registered to merchant \(existing.id)")
        }
        let id = try database.insertMerchant(draft)
        try log(database, "merchant.add", "merchant \(id)", .object([("name", .string(draft.name))]))
        // Shown masked, as everywhere unless asked for: the operator has just typed it.
        return masked(Merchant(id: id, name: draft.name, phone: draft.phone, idNumber: draft.idNumber), reveal: false)
    }

    /// Every merchant, ID numbers masked unless `revealIDNumbers` (operators and administrators only).
    /// - Throws: `ServiceError.forbidden` when the caller may not see full ID numbers.
    package func merchants(revealIDNumbers: Bool = false) throws -> [Merchant] {
        try checkReveal(revealIDNumbers)
        return try look { database in try database.merchants().map { masked($0, reveal: revealIDNumbers) } }
    }

    /// One merchant and its leases.
    /// - Throws: `ServiceError.notFound` for an unknown id; `.forbidden` as for `merchants`.
    package func merchant(id: Int64, revealIDNumber: Bool = false) throws -> (merchant: Merchant, leases: [Lease]) {
        try checkReveal(revealIDNumber)
        return try look { database in
            let merchant = try Self.requireMerchant(id, database, field: "ID")
            return (masked(merchant, reveal: revealIDNumber), try database.leases(merchantID: id))
        }
    }

    static func requireMerchant(_ id: Int64, _ database: Database, field: String) throws -> Merchant {
        guard let merchant = try database.merchant(id: id) else { throw ServiceError.notFound("\(field): no merchant \(id)") }
        return merchant
    }

    private func checkReveal(_ reveal: Bool) throws {
        if reveal && !caller.maySeeIDNumbers {
            throw ServiceError.forbidden("a \(caller.role.rawValue) may not see full ID numbers")
        }
    }

    private func masked(_ merchant: Merchant, reveal: Bool) -> Merchant {
        var shown = merchant
        if !reveal { shown.idNumber = merchant.maskedIDNumber }
        return shown
    }
}
