import LanziCore
import LanziService

/// Users as a person reads them.
extension Render {
    static func users(_ users: [User]) -> String {
        guard !users.isEmpty else { return t("no users") }
        var table = TextTable([(t("login"), .left), (t("role"), .left), (t("merchant"), .left), (t("added"), .left),
                               (t("password set"), .left), (t("disabled"), .left)])
        for user in users {
            let merchant = user.merchantID.map { id in "\(id) \(user.merchantName ?? "")" } ?? ""
            table.append([user.login, user.role.phrase.description, merchant, user.createdAt, user.passwordChangedAt, user.disabledAt ?? ""])
        }
        return table.rendered() + "\n" + t("\(users.count) user(s)")
    }

    /// One user in a line: its login, role and merchant.
    static func user(_ user: User) -> String {
        guard let merchantID = user.merchantID else { return t("user \(user.login) (\(user.role.phrase))") }
        return t("user \(user.login) (merchant \(merchantID) \(user.merchantName ?? ""))")
    }

    /// The password a change generated, said this once.
    static func generatedPassword(_ password: String) -> String {
        t("password: \(password)   (shown this once and kept nowhere: hand it to the user now)")
    }
}
