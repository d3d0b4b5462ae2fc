import Foundation
import Testing
import LanziTestSupport

@Suite("user add / list / disable / reset-password, and --as")
struct UserCommandTests {
    /// `sqlite3 DATABASE SQL`'s output, trimmed; skipped without the shell, failed under CI.
    static func sqlite3(_ sandbox: Sandbox, _ sql: String) throws -> String {
        let result = Lanzi.run(try ExternalTool.sqlite3.require(), [sandbox.database, sql], in: sandbox.directory)
        try #require(result.status == 0, "sqlite3: \(result)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The generated password a `user add` or `user reset-password` printed.
    static func printedPassword(_ result: RunResult) throws -> String {
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("password: ") }, "\(result)")
        return String(line.dropFirst("password: ".count).prefix { $0 != " " })
    }

    @Test("user add prints a generated password once, and stores only its PBKDF2-HMAC-SHA256 key at 600,000 rounds, as the stock openssl derives it")
    func addStoresTheProductionKey() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let added = try sandbox.must("user", "add", "wang", "--role", "operator")
        #expect(added.stdout.hasPrefix("added user wang (operator)\npassword: "), "\(added)")
        let password = try Self.printedPassword(added)
        #expect(password.count == 19, "\(password)")
        // Never again: not in the list, not in the database.
        #expect(!(try sandbox.must("user", "list").stdout.contains(password)))
        #expect(!sandbox.dump().contains(password))
        let stored = try Self.sqlite3(sandbox, "SELECT password_iterations, hex(password_salt), lower(hex(password_hash)) FROM users WHERE login = 'wang'")
            .split(separator: "|").map(String.init)
        #expect(stored.count == 3 && stored[0] == "600000", "\(stored)")
        let openssl = try ExternalTool.openssl.require()
        let derived = Lanzi.run(openssl, ["kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "pass:\(password)",
                                          "-kdfopt", "hexsalt:\(stored[1])", "-kdfopt", "iter:600000", "PBKDF2"], in: sandbox.directory)
        #expect(derived.status == 0, "\(derived)")
        #expect(derived.stdout.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ":", with: "").lowercased() == stored[2])
    }

    @Test("--password-stdin takes the password from standard input; a weak one is refused naming the option and changes nothing")
    func chosenPassword() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        let added = sandbox.lanzi(["user", "add", "shop-li", "--role", "商户", "--merchant", "1", "--password-stdin"], input: "李家的长密码 2030\n")
        #expect(added.status == 0 && added.stdout == "added user shop-li (merchant 1 李春华)\n", "\(added)")
        let before = sandbox.snapshot()
        let weak = sandbox.lanzi(["user", "add", "wang", "--role", "operator", "--password-stdin"], input: "short\n")
        #expect(weak.status == 1 && weak.stderr == "lanzi: --password-stdin: must be 10 to 128 characters, got 5\n", "\(weak)")
        let empty = sandbox.lanzi(["user", "add", "wang", "--role", "operator", "--password-stdin"])
        #expect(empty.status == 1 && empty.stderr.contains("--password-stdin: must be 10 to 128 characters, got 0"), "\(empty)")
        #expect(sandbox.snapshot() == before)
        let json = try sandbox.object("user", "add", "zhang", "--role", "auditor")
        #expect(json.object("user")?.string("login") == "zhang" && json.object("user")?.string("role") == "auditor")
        #expect(json.string("generated_password")?.count == 19 && json.int("sessions_ended") == 0, "\(json)")
    }

    @Test("each bad user add is refused naming what was typed, and changes nothing", arguments: [
        (["user", "add", "wang", "--role", "boss"], "--role", "must be one of admin (管理员), operator (操作员), auditor (审计员), merchant (商户), got \"boss\""),
        (["user", "add", "shop", "--role", "merchant"], "--merchant", "is required for a merchant user"),
        (["user", "add", "wang", "--role", "operator", "--merchant", "1"], "--merchant", "is given only for a merchant user"),
        (["user", "add", "shop", "--role", "merchant", "--merchant", "99"], "--merchant", "no merchant 99"),
        (["user", "add", "Wang", "--role", "operator"], "LOGIN", "a lower-case letter first"),
        (["user", "add", "13800000000", "--role", "operator"], "LOGIN", "a lower-case letter first"),
        (["user", "add", "taken", "--role", "operator"], "LOGIN", "the login taken is taken"),
        (["user", "disable", "ghost"], "LOGIN", "no user ghost"),
        (["user", "reset-password", "ghost"], "LOGIN", "no user ghost"),
    ])
    func refusals(arguments: [String], field: String, rule: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("user", "add", "taken", "--role", "auditor")
        let result = sandbox.expectRefusal(arguments, naming: field, [rule])
        #expect(result.stderr.hasPrefix("lanzi: \(field): "), "\(result)")
    }

    @Test("user list shows logins, roles and merchants, never a password; in Chinese the roles are Chinese")
    func list() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        #expect(try sandbox.must("user", "list").stdout == "no users\n")
        try sandbox.must("user", "add", "wang", "--role", "操作员")
        try sandbox.must("user", "add", "shop-wang", "--role", "merchant", "--merchant", "2")
        let text = try sandbox.must("user", "list")
        #expect(text.stdout.hasPrefix("login"), "\(text)")
        #expect(text.stdout.contains("shop-wang  merchant  2 王永富") && text.stdout.hasSuffix("2 user(s)\n"), "\(text)")
        let chinese = try sandbox.must("--lang", "zh", "user", "list")
        #expect(chinese.stdout.hasPrefix("登录名") && chinese.stdout.contains("操作员") && chinese.stdout.contains("共 2 个用户"), "\(chinese)")
        let json = try sandbox.array("user", "list")
        #expect(json.map { $0.string("login") ?? "" } == ["wang", "shop-wang"])
        #expect(json[1].int("merchant_id") == 2 && json[1].string("merchant_name") == "王永富" && json[0].isNull("disabled_at"))
        #expect(json.allSatisfy { Set($0.keys) == ["id", "login", "role", "merchant_id", "merchant_name", "created_at", "password_changed_at", "disabled_at"] })
    }

    @Test("disable is final: the user acts no more and keeps no new password; reset-password prints a new one")
    func disableAndReset() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("user", "add", "wang", "--role", "operator")
        let first = try Self.sqlite3(sandbox, "SELECT hex(password_hash) FROM users")
        let reset = try sandbox.must("user", "reset-password", "wang")
        #expect(reset.stdout.hasPrefix("changed the password of user wang (operator); 0 session(s) ended\npassword: "), "\(reset)")
        #expect(try Self.sqlite3(sandbox, "SELECT hex(password_hash) FROM users") != first)
        let chosen = sandbox.lanzi(["user", "reset-password", "wang", "--password-stdin"], input: "a chosen long password")
        #expect(chosen.status == 0 && chosen.stdout == "changed the password of user wang (operator); 0 session(s) ended\n", "\(chosen)")

        #expect(try sandbox.must("user", "disable", "wang").stdout == "disabled user wang (operator); 0 session(s) ended\n")
        sandbox.expectRefusal(["user", "disable", "wang"], naming: "LOGIN", ["was already disabled at"])
        sandbox.expectRefusal(["user", "reset-password", "wang"], naming: "LOGIN", ["add a new user instead"])
        sandbox.expectRefusal(["--as", "wang", "market", "show"], naming: "--as", ["user wang was disabled at"])
        #expect(try sandbox.array("user", "list").first?.string("disabled_at")?.hasPrefix("2030-06-30") == true)
        // Each change is one line of the activity log, with no password in it.
        let log = try Self.sqlite3(sandbox, "SELECT action || ' ' || detail FROM activity_log WHERE action LIKE 'user.%' ORDER BY id")
        #expect(log.split(separator: "\n").map { String($0.prefix { $0 != " " }) } == ["user.add", "user.reset_password", "user.reset_password", "user.disable"])
        #expect(!log.contains("a chosen long password"))
    }

    @Test("--as USER runs the command with that user's rights; an unknown user is refused, a missing login is a usage error")
    func actingAs() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("user", "add", "zhang", "--role", "auditor")
        try sandbox.must("user", "add", "clerk", "--role", "operator")
        try sandbox.must("user", "add", "shop-li", "--role", "merchant", "--merchant", "1")
        #expect(try sandbox.array("--as", "zhang", "unit", "list").count == 4)
        sandbox.expectRefusal(["--as", "zhang", "unit", "add", "--code", "S-009", "--kind", "shop", "--area", "9"], naming: "an auditor may not change the market's records")
        sandbox.expectRefusal(["--as=clerk", "user", "add", "li", "--role", "admin"], naming: "an operator may not manage users (administrators only)")
        // An operator's change is logged by its user.
        try sandbox.must("unit", "add", "--code", "S-009", "--kind", "shop", "--area", "9", "--as", "clerk")
        #expect(try Self.sqlite3(sandbox, "SELECT actor FROM activity_log WHERE action = 'unit.add' ORDER BY id DESC LIMIT 1") == "user:clerk")
        // A merchant's user reads its own merchant only.
        #expect(try sandbox.object("--as", "shop-li", "merchant", "show", "1").string("name") == "李春华")
        sandbox.expectRefusal(["--as", "shop-li", "merchant", "show", "2"], naming: "ID", ["no merchant 2"])
        sandbox.expectRefusal(["--as", "shop-li", "merchant", "list"], naming: "a merchant may not read the market's records")
        sandbox.expectRefusal(["--as", "ghost", "market", "show"], naming: "--as", ["no user ghost"])
        sandbox.expectUsageError(["--db", sandbox.database, "market", "show", "--as"], ["--as needs a user's login"])
        sandbox.expectUsageError(["--db", sandbox.database, "--as", "zhang", "--as", "clerk", "market", "show"], ["--as is given twice"])
        #expect(try sandbox.must("market", "show", "--help").stdout.contains("--as USER"))
    }
}
