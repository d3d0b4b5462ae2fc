import Foundation

/// The market a database holds, and its settings.
package struct Market: Hashable, Sendable {
    /// The short code used in receipt numbers, such as `BWG`.
    package var code: String
    package var name: String
    package var operatorName: String
    package var collectiveName: String
    /// The bounds on how many households one party member looks after.
    package var householdMinimum: Int
    package var householdMaximum: Int

    package init(code: String, name: String, operatorName: String, collectiveName: String,
                 householdMinimum: Int = 3, householdMaximum: Int = 5) {
        self.code = code
        self.name = name.trimmingCharacters(in: .whitespaces)
        self.operatorName = operatorName.trimmingCharacters(in: .whitespaces)
        self.collectiveName = collectiveName.trimmingCharacters(in: .whitespaces)
        self.householdMinimum = householdMinimum
        self.householdMaximum = householdMaximum
    }

    /// - Throws: `DomainError` naming the field (its domain name) and the rule.
    package func validate() throws(DomainError) {
        guard (2...8).contains(code.count), code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw DomainError(field: "code", rule: "must be 2 to 8 capital letters A-Z, such as BWG, got \"\(code)\"")
        }
        guard (1...80).contains(name.unicodeScalars.count) else { throw DomainError(field: "name", rule: "must be 1 to 80 characters") }
        guard (1...80).contains(operatorName.unicodeScalars.count) else { throw DomainError(field: "operator", rule: "must be 1 to 80 characters") }
        guard (1...80).contains(collectiveName.unicodeScalars.count) else { throw DomainError(field: "collective", rule: "must be 1 to 80 characters") }
        guard (1...50).contains(householdMinimum) else {
            throw DomainError(field: "household_min", rule: "must be between 1 and 50, got \(householdMinimum)")
        }
        guard (householdMinimum...50).contains(householdMaximum) else {
            throw DomainError(field: "household_max", rule: "must be between the minimum (\(householdMinimum)) and 50, got \(householdMaximum)")
        }
    }
}
