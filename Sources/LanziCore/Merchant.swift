import Foundation

/// A merchant as the operator enters it, before it has an id.
package struct MerchantDraft: Hashable, Sendable {
    package var name: String
    package var phone: String
    package var idNumber: String?

    package init(name: String, phone: String, idNumber: String? = nil) {
        self.name = name.trimmingCharacters(in: .whitespaces)
        self.phone = phone.trimmingCharacters(in: .whitespaces)
        self.idNumber = idNumber?.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// The register's rules: a name of 1–40 characters; a phone of 7–15 digits, which may be
    /// written with one leading '+' and '-' or spaces between groups; an ID or business-licence
    /// number of 6–20 letters and digits.
    /// - Throws: `DomainError` naming the field (its domain name) and the rule.
    package func validate() throws(DomainError) {
        guard !name.isEmpty, name.unicodeScalars.count <= 40 else {
            throw DomainError(field: "name", rule: "must be 1 to 40 characters")
        }
        guard name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
            throw DomainError(field: "name", rule: "must not contain control characters")
        }
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        let shapeIsValid = phone.enumerated().allSatisfy { index, character in
            (character.isASCII && character.isNumber) || character == "-" || character == " " || (character == "+" && index == 0)
        }
        guard shapeIsValid, (7...15).contains(digits.count) else {
            throw DomainError(field: "phone", rule: "must be 7 to 15 digits (a leading + and - or spaces between groups allowed), got \"\(phone)\"")
        }
        // A resident ID number's check digit (GB 11643) and a business licence's check
        // character (GB 32100) catch a typo at the counter, not on a receipt months later.
        if let idNumber { _ = try IdentityNumber.validate(idNumber, field: "id_number") }
    }
}

/// A merchant of the register.
package struct Merchant: Hashable, Sendable {
    package var id: Int64
    package var name: String
    package var phone: String
    package var idNumber: String?

    package init(id: Int64, name: String, phone: String, idNumber: String?) {
        self.id = id
        self.name = name
        self.phone = phone
        self.idNumber = idNumber
    }

    /// The ID number as anyone but an operator sees it: the first four and last four
    /// characters kept, the rest starred, so that a receipt identifies without exposing.
    package var maskedIDNumber: String? { idNumber.map(Self.mask) }

    /// The name as a village finance board shows it: the family name, then two stars (张**),
    /// whatever the length, so that the board says who owes without saying who exactly.
    package var maskedName: String { Self.maskName(name) }

    package static func maskName(_ name: String) -> String {
        guard let first = name.trimmingCharacters(in: .whitespaces).first else { return "**" }
        return String(first) + "**"
    }

    package static func mask(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8) + String(characters.suffix(4))
    }
}
