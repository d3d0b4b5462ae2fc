import LanziCore

/// The command line was malformed: an unknown command or option, a missing value. Exit 2.
struct UsageError: Error, CustomStringConvertible {
    let message: Phrase
    /// The usage line of the command it concerns, printed after the message.
    let usage: String?

    var description: String { message.description }
}

/// One option a command takes: `--name VALUE`, or a flag when `valueName` is nil.
struct OptionSpec: Sendable {
    let name: String
    let valueName: String?
    let help: Phrase
    let isRequired: Bool

    static func value(_ name: String, _ valueName: String, _ help: Phrase, required: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, isRequired: required)
    }

    static func flag(_ name: String, _ help: Phrase) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, isRequired: false)
    }
}

/// A command: its words (`["lease", "create"]`), what it does, what it takes, and the code
/// that runs it.
struct CommandSpec: Sendable {
    let words: [String]
    let summary: Phrase
    /// Positional arguments by name, such as `["ID"]`; all are required.
    let arguments: [String]
    let options: [OptionSpec]
    /// Whether it prints data, and so takes `--json`.
    let printsData: Bool
    let run: @Sendable (Invocation) throws -> Void

    var usage: String {
        var parts = ["lanzi"] + words + arguments
        for option in options {
            let text = option.valueName.map { "--\(option.name) \($0)" } ?? "--\(option.name)"
            parts.append(option.isRequired ? text : "[\(text)]")
        }
        if printsData { parts.append("[--json]") }
        return parts.joined(separator: " ")
    }
}

/// The global options, which may stand anywhere on the line.
struct GlobalOptions: Sendable {
    var databasePath: String?
    var json = false
    var help = false
    /// `--lang zh|en`; nil to follow the locale.
    var language: Language?
    /// `--as USER`: the Lanzi user the command acts as; nil for the local administrator.
    var actingAs: String?
}

/// A parsed command line for one command.
struct Invocation: Sendable {
    let command: CommandSpec
    let global: GlobalOptions
    let values: [String: String]
    let flags: Set<String>
    let arguments: [String]

    func value(_ name: String) -> String? { values[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A required option's value. The parser has already checked that it is there.
    func required(_ name: String) -> String { values[name]! }

    func money(_ name: String) throws(DomainError) -> Money? {
        try values[name].map { text throws(DomainError) in try Money.parse(text, field: "--\(name)") }
    }

    func date(_ name: String) throws(DomainError) -> CalendarDate? {
        try values[name].map { text throws(DomainError) in try CalendarDate.parse(text, field: "--\(name)") }
    }

    func integer(_ name: String) throws(DomainError) -> Int? {
        try values[name].map { text throws(DomainError) in try Self.integer(text, field: "--\(name)") }
    }

    /// The positional argument `name` (as listed in the command's `arguments`) as an id.
    func id(_ index: Int = 0) throws(DomainError) -> Int64 {
        let typed = arguments[index]
        let text = InputText.halfWidth(typed)   // full-width digits as an office's input method types them
        guard let id = Int64(text), id > 0, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw DomainError(field: command.arguments[index], rule: "must be a positive whole number, got \"\(typed)\"")
        }
        return id
    }

    static func integer(_ typed: String, field: String) throws(DomainError) -> Int {
        let text = InputText.halfWidth(typed)
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            throw DomainError(field: field, rule: "must be a whole number, got \"\(typed)\"")
        }
        return value
    }
}

/// Splits the words of a command line into the command they name, its options and arguments.
struct ArgumentParser {
    let commands: [CommandSpec]

    /// Rendered when it is needed, in the language of the run.
    static var generalUsage: String { t("lanzi [--db PATH] [--as USER] [--json] [--lang zh|en] COMMAND …   (lanzi --help lists the commands)") }

    /// The language `--lang` asks for, read before anything else is parsed so that even a
    /// malformed line is answered in it; nil when it is absent or names no language (the
    /// parser then refuses it).
    static func language(in words: [String]) -> Language? {
        let options = Array(words.prefix { $0 != "--" })
        for (index, word) in options.enumerated() {
            if word == "--lang", index + 1 < options.count { return Language(named: options[index + 1]) }
            if word.hasPrefix("--lang=") { return Language(named: String(word.dropFirst(7))) }
        }
        return nil
    }

    enum Outcome {
        case run(Invocation)
        /// `--help`, `help`, or a group's name alone: the help text for these words.
        case help(words: [String], global: GlobalOptions)
    }

    func parse(_ words: [String]) throws -> Outcome {
        var global = GlobalOptions()
        var rest: [String] = []
        var index = 0
        // Global options first, wherever they stand; `--` ends option parsing.
        while index < words.count {
            let word = words[index]
            if word == "--" {
                rest += words[index...]
                break
            }
            switch word {
            case "--json": global.json = true
            case "--help", "-h": global.help = true
            case "--db":
                guard index + 1 < words.count, !words[index + 1].isEmpty else { throw UsageError(message: "--db needs a path", usage: Self.generalUsage) }
                global.databasePath = words[index + 1]
                index += 1
            case _ where word == "--lang" || word.hasPrefix("--lang="):
                let value = word == "--lang" ? (index + 1 < words.count ? words[index + 1] : "") : String(word.dropFirst(7))
                guard let language = Language(named: value) else {
                    throw UsageError(message: "--lang must be zh or en, got \"\(value)\"", usage: Self.generalUsage)
                }
                global.language = language
                if word == "--lang" { index += 1 }
            case _ where word.hasPrefix("--db="):
                guard word.count > 5 else { throw UsageError(message: "--db needs a path", usage: Self.generalUsage) }
                global.databasePath = String(word.dropFirst(5))
            case _ where word == "--as" || word.hasPrefix("--as="):
                let value = word == "--as" ? (index + 1 < words.count ? words[index + 1] : "") : String(word.dropFirst(5))
                guard !value.isEmpty, !value.hasPrefix("-") else { throw UsageError(message: "--as needs a user's login", usage: Self.generalUsage) }
                guard global.actingAs == nil else { throw UsageError(message: "--as is given twice", usage: Self.generalUsage) }
                global.actingAs = value
                if word == "--as" { index += 1 }
            default: rest.append(word)
            }
            index += 1
        }
        if rest.first == "help" { return .help(words: Array(rest.dropFirst()), global: global) }

        // The longest run of leading words that names a command.
        let leading = Array(rest.prefix { !$0.hasPrefix("-") })
        var match: CommandSpec?
        for length in stride(from: leading.count, through: 1, by: -1) {
            if let command = commands.first(where: { $0.words == Array(leading.prefix(length)) }) {
                match = command
                break
            }
        }
        guard let command = match else {
            if global.help || leading.isEmpty || commands.contains(where: { $0.words.starts(with: leading) }) {
                if !global.help, !leading.isEmpty || !rest.isEmpty {
                    if leading.isEmpty { throw UsageError(message: "expected a command before \(rest[0])", usage: Self.generalUsage) }
                }
                return .help(words: leading, global: global)
            }
            // The longest run of words that a group of commands begins with (`bill` of
            // `bill frobnicate`): the word after it is what was not understood.
            for length in stride(from: leading.count - 1, through: 1, by: -1) {
                let group = Array(leading.prefix(length))
                let members = commands.filter { $0.words.count > length && $0.words.starts(with: group) }
                guard !members.isEmpty else { continue }
                let next = Array(Set(members.map { $0.words[length] })).sorted()
                throw UsageError(message: "unknown command \"\(leading.joined(separator: " "))\": `lanzi \(group.joined(separator: " "))` takes \(next.joined(separator: ", ")), not \"\(leading[length])\"",
                                 usage: Self.generalUsage)
            }
            throw UsageError(message: "unknown command \"\(leading.joined(separator: " "))\"; run `lanzi --help` for the list", usage: Self.generalUsage)
        }
        if global.help { return .help(words: command.words, global: global) }
        if global.json && !command.printsData {
            throw UsageError(message: "`lanzi \(command.words.joined(separator: " "))` prints no data and takes no --json", usage: command.usage)
        }
        return .run(try parseOptions(Array(rest.dropFirst(command.words.count)), for: command, global: global))
    }

    private func parseOptions(_ words: [String], for command: CommandSpec, global: GlobalOptions) throws -> Invocation {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var arguments: [String] = []
        var index = 0
        var optionsEnded = false
        func fail(_ message: Phrase) -> UsageError { UsageError(message: message, usage: command.usage) }
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" && !optionsEnded {
                optionsEnded = true
                continue
            }
            if optionsEnded || !word.hasPrefix("--") {
                arguments.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = command.options.first(where: { $0.name == name }) else {
                throw fail("unknown option --\(name) for `lanzi \(command.words.joined(separator: " "))`")
            }
            guard values[name] == nil, !flags.contains(name) else { throw fail("--\(name) is given twice") }
            if option.valueName == nil {
                guard inlineValue == nil else { throw fail("--\(name) takes no value") }
                flags.insert(name)
            } else if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < words.count, !(words[index].hasPrefix("--") && words[index].count > 2) else {
                    throw fail("--\(name) needs a value (\(option.valueName!))")
                }
                values[name] = words[index]
                index += 1
            }
        }
        // A word too many is told first: it is most often a misspelt subcommand or a value
        // without its option, and "missing --merchant" would send the reader the wrong way.
        if arguments.count > command.arguments.count {
            throw fail("unexpected argument \"\(arguments[command.arguments.count])\" for `lanzi \(command.words.joined(separator: " "))`")
        }
        for option in command.options where option.isRequired && values[option.name] == nil {
            throw fail("missing --\(option.name) \(option.valueName ?? "")")
        }
        if arguments.count < command.arguments.count {
            throw fail("missing \(command.arguments[arguments.count])")
        }
        return Invocation(command: command, global: global, values: values, flags: flags, arguments: arguments)
    }
}
