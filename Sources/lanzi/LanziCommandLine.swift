import Foundation
import LanziCore
import LanziService
import LanziAPI

/// Runs one command line and maps the outcome to an exit code: 0 done, 1 refused by a rule
/// (nothing changed), 2 a malformed command line.
enum LanziCommandLine {
    static let commands: [CommandSpec] = Commands.register + Commands.leases + Commands.party + Commands.billing + Commands.collective + Commands.income + Commands.publication + Commands.audit + Commands.receipts
        + Commands.users + Commands.serve + Commands.backup

    /// Runs the line in the language it asks for (`--lang`), else the locale's
    /// (`Language.from(locale:)`): every phrase rendered during the run reads in it.
    static func run(_ words: [String]) -> Int32 {
        let language = ArgumentParser.language(in: words) ?? Language.from(locale: ProcessInfo.processInfo.environment)
        return Language.$current.withValue(language) { runInCurrentLanguage(words) }
    }

    private static func runInCurrentLanguage(_ words: [String]) -> Int32 {
        var command: CommandSpec?
        // Under --json a refusal is JSON too (on stderr, with the same exit code), so that a
        // script reads both answers the same way; decided from the words themselves, since
        // the line may be malformed.
        let json = words.prefix { $0 != "--" }.contains("--json")
        func refuse(_ code: String, field: String?, _ message: String, problems: [DomainError] = [], text: String) {
            printError(json ? ErrorDocument.json(code: code, field: field, message: message, problems: problems).serialized(pretty: false) : text)
        }
        do {
            switch try ArgumentParser(commands: commands).parse(words) {
            case .help(let words, _):
                print(Help.text(for: words, in: commands))
            case .run(let invocation):
                command = invocation.command
                try invocation.command.run(invocation)
            }
            return 0
        } catch is CheckFailed {
            return 1
        } catch let error as UsageError {
            refuse("usage", field: nil, error.message.description + (error.usage.map { t("; usage: \($0)") } ?? ""),
                   text: "lanzi: \(error.message)" + (error.usage.map { "\n" + t("usage: \($0)") } ?? ""))
            return 2
        } catch let error as DomainError {
            let field = FieldNames.label(error.field, in: command)
            refuse(ServiceError.Code.invalid.rawValue, field: field, error.rule.description, text: "lanzi: \(field): \(error.rule)")
            return 1
        } catch let error as ServiceError {
            let field = error.field.map { FieldNames.label($0, in: command) }
            refuse(error.code.rawValue, field: field, error.message.description, text: "lanzi: " + (field.map { "\($0): " } ?? "") + error.message.description)
            return 1
        } catch let error as ImportError {
            refuse(ServiceError.Code.invalid.rawValue, field: error.source, error.summary.description,
                   problems: error.problems, text: "lanzi: \(error)")
            return 1
        } catch {
            // Only the service's own errors above are meant for a person; anything else is a
            // fault whose detail goes to standard error for whoever runs this terminal.
            let message = t("the command failed: \(error)")
            refuse(ServiceError.Code.internal.rawValue, field: nil, message, text: "lanzi: " + message)
            return 1
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// What a running command needs: its parsed line, the service, and the way to print.
struct Context {
    let invocation: Invocation
    /// The command's clock, which the service it opens shares: every default date and stored
    /// instant of one command comes from here.
    var clock: Clock { Self.clock(environment: ProcessInfo.processInfo.environment) }

    /// The machine's clock, or — for rehearsals and tests — noon of `LANZI_TODAY` (YYYY-MM-DD,
    /// China Standard Time). The command line acts as the local administrator, who could set
    /// the machine's own clock as well; the server never reads this.
    static func clock(environment: [String: String]) -> Clock {
        guard let text = environment["LANZI_TODAY"], !text.isEmpty else { return .system }
        guard let date = try? CalendarDate.parse(text, field: "LANZI_TODAY") else {
            LanziCommandLine.printError("lanzi: " + t("LANZI_TODAY must be a date written YYYY-MM-DD, got \"\(text)\"; using the machine's clock"))
            return .system
        }
        return .fixed(on: date)
    }

    /// Today in China Standard Time, by the command's clock.
    var today: CalendarDate { clock.today() }

    var databasePath: String {
        invocation.global.databasePath ?? ProcessInfo.processInfo.environment["LANZI_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "lanzi.db"
    }

    /// The service over the database, acting as the user `--as` names, else as the local
    /// administrator. Passwords are stored at the production count, always.
    /// - Parameter create: make the database file if missing (init and seed only).
    /// - Throws: `ServiceError` naming `--as` for a user that is unknown or disabled.
    func service(create: Bool = false) throws -> LanziService {
        let queue = try LanziService.openDatabase(at: databasePath, create: create, schemaDirectory: SchemaLocation.find(), clock: clock)
        let login = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let administrator = LanziService(queue: queue, caller: .localAdministrator(login: login), clock: clock, passwordHashing: .production)
        guard let user = invocation.global.actingAs else { return administrator }
        do {
            return administrator.acting(as: try administrator.caller(forUser: user))
        } catch let error as ServiceError {
            // The service names the login it was given; here it came from --as.
            throw ServiceError(error.code, error.message, field: "--as")
        }
    }

    /// Runs `body`, which may create the database; if it fails and the file did not exist
    /// before, the file is removed again, so that a refused command leaves nothing behind.
    func removingNewDatabaseOnFailure(_ body: () throws -> Void) throws {
        let existed = FileManager.default.fileExists(atPath: databasePath)
        do {
            try body()
        } catch {
            if !existed {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
            }
            throw error
        }
    }

    /// The UTF-8 text of the file named by the FILE argument.
    /// - Throws: `DomainError` for a file that cannot be read or is not UTF-8.
    func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw DomainError(field: "FILE", rule: "cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw DomainError(field: "FILE", rule: "\(path) is not UTF-8 text") }
        return text
    }

    /// Prints `json` under --json, else the text.
    func emit(_ json: @autoclosure () -> JSONValue, text: () -> String) {
        print(invocation.global.json ? json().serialized() : text())
    }
}

extension CommandSpec {
    /// A command whose body gets a `Context`.
    init(_ words: [String], _ summary: Phrase, arguments: [String] = [], options: [OptionSpec] = [], printsData: Bool = true,
         run: @escaping @Sendable (Context) throws -> Void) {
        self.init(words: words, summary: summary, arguments: arguments, options: options, printsData: printsData,
                  run: { try run(Context(invocation: $0)) })
    }
}

/// Text for `--help` and `lanzi help`.
enum Help {
    static func text(for words: [String], in commands: [CommandSpec]) -> String {
        if let command = commands.first(where: { $0.words == words }) {
            var lines = [t("usage: \(command.usage)"), "", command.summary.description]
            let options = command.options + globalOptions(json: command.printsData)
            lines.append("")
            lines.append(t("options:"))
            let width = options.map { optionLabel($0).count }.max() ?? 0
            for option in options {
                let label = optionLabel(option)
                lines.append("  \(label)\(String(repeating: " ", count: width - label.count))  \(option.help)")
            }
            return lines.joined(separator: "\n")
        }
        let matching = commands.filter { $0.words.starts(with: words) }
        let shown = matching.isEmpty ? commands : matching
        var lines = words.isEmpty || matching.isEmpty ? [
            t("lanzi — the register, leases and books of a village-owned produce market"),
            "",
            t("usage: lanzi [--db PATH] [--as USER] [--json] [--lang zh|en] COMMAND …   (lanzi COMMAND --help for one command)"),
            "",
            t("The database is --db PATH, else $LANZI_DB, else ./lanzi.db. Exit status: 0 done,"),
            t("1 refused by a rule (the message names the field and the rule; nothing changed), 2 usage error."),
            t("Language: --lang zh or --lang en, else the locale (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese)."),
            t("Acting: --as USER runs the command as that Lanzi user, with its role; else as the local administrator."),
            "",
            t("commands:"),
        ] : [t("commands of `lanzi \(words.joined(separator: " "))`:")]
        let width = shown.map { $0.words.joined(separator: " ").count }.max() ?? 0
        for command in shown {
            let name = command.words.joined(separator: " ")
            lines.append("  \(name)\(String(repeating: " ", count: width - name.count))  \(command.summary)")
        }
        return lines.joined(separator: "\n")
    }

    static func optionLabel(_ option: OptionSpec) -> String {
        "--\(option.name)" + (option.valueName.map { " \($0)" } ?? "")
    }

    static func globalOptions(json: Bool) -> [OptionSpec] {
        var options = [OptionSpec.value("db", "PATH", "the database (default $LANZI_DB, else ./lanzi.db)"),
                       OptionSpec.value("as", "USER", "act as this Lanzi user, with its role (default: the local administrator)"),
                       OptionSpec.value("lang", "zh|en", "the language of the text (default: the locale; JSON keys and codes stay English)")]
        if json { options.append(.flag("json", "print JSON: money in integer fen (*_fen), dates YYYY-MM-DD")) }
        options.append(.flag("help", "show this help"))
        return options
    }
}
