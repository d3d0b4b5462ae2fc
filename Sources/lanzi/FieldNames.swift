/// The command line's names for the domain's fields. The service names a field as a request
/// would (`merchant_id`, `end_on`); a person at the terminal typed an option (`--merchant`,
/// `--end`) or an argument (`ID`), and the message must name what was typed.
enum FieldNames {
    /// Fields whose option is not simply the field with `-` for `_`.
    static let optionsByField: [String: String] = [
        "merchant_id": "merchant", "member_id": "member", "household_id": "household", "bill_ids": "bills",
        "start_on": "start", "end_on": "end", "paid_on": "on", "follow_up_on": "follow-up", "area_m2": "area",
        "password": "password-stdin",
    ]

    /// The option or argument of `command` that gave `field`: `--merchant` for `merchant_id`
    /// where the command takes `--merchant`, `ID` where it takes an argument `ID`; any other
    /// field (a seed file's JSON path, a CSV line) is named as it is.
    static func label(_ field: String, in command: CommandSpec?) -> String {
        guard let command else { return field }
        let option = optionsByField[field] ?? field.replacingOccurrences(of: "_", with: "-")
        if command.options.contains(where: { $0.name == option }) { return "--\(option)" }
        let argument = field.uppercased()
        if command.arguments.contains(argument) { return argument }
        // A field of the domain that this command takes no option for (a renewal's units,
        // which it keeps from the old lease) is still named as the option that sets it.
        let isDomainName = !field.isEmpty && field.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return isDomainName ? "--\(option)" : field
    }
}
