import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `user …`.
extension Commands {
    static let passwordOption = OptionSpec.flag("password-stdin", "read the password from standard input (one line) instead of generating one")

    /// The password on standard input, without the line's end; nil without `--password-stdin`.
    /// - Throws: `DomainError` for input that is not UTF-8.
    static func password(_ invocation: Invocation) throws -> String? {
        guard invocation.flag("password-stdin") else { return nil }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard var text = String(data: data, encoding: .utf8) else { throw DomainError(field: "--password-stdin", rule: "must be UTF-8 text") }
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    static let users: [CommandSpec] = [
        CommandSpec(["user", "add"], "add a user who signs in: staff with a role, or a merchant's own user (it may sign in with the merchant's phone)",
                    arguments: ["LOGIN"], options: [
            .value("role", "ROLE", "admin, operator, auditor or merchant (管理员, 操作员, 审计员, 商户)", required: true),
            .value("merchant", "ID", "a merchant user's merchant (required for merchant, refused for staff)"),
            passwordOption,
        ]) { context in
            let invocation = context.invocation
            let role = try Role.parse(invocation.required("role"), field: "--role")
            let change = try context.service().addUser(login: invocation.arguments[0], role: role,
                                                       merchantID: try invocation.integer("merchant").map(Int64.init), password: try password(invocation))
            context.emit(change.json) {
                var lines = [t("added \(Render.user(change.user))")]
                if let generated = change.generatedPassword { lines.append(Render.generatedPassword(generated)) }
                return lines.joined(separator: "\n")
            }
        },
        CommandSpec(["user", "list"], "list the users, their roles and whether they are disabled (never a password)") { context in
            let users = try context.service().users()
            context.emit(.array(users.map(\.json))) { Render.users(users) }
        },
        CommandSpec(["user", "reset-password"], "give a user a new password (generated unless --password-stdin) and end its sessions",
                    arguments: ["LOGIN"], options: [passwordOption]) { context in
            let change = try context.service().resetPassword(login: context.invocation.arguments[0], newPassword: try password(context.invocation))
            context.emit(change.json) {
                var lines = [t("changed the password of \(Render.user(change.user)); \(change.endedSessions) session(s) ended")]
                if let generated = change.generatedPassword { lines.append(Render.generatedPassword(generated)) }
                return lines.joined(separator: "\n")
            }
        },
        CommandSpec(["user", "disable"], "disable a user for good: it signs in no more and its sessions end now", arguments: ["LOGIN"]) { context in
            let change = try context.service().disableUser(login: context.invocation.arguments[0])
            context.emit(change.json) { t("disabled \(Render.user(change.user)); \(change.endedSessions) session(s) ended") }
        },
    ]
}
