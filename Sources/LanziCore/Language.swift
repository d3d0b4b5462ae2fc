/// The language a person reads: Chinese, the market office's own, or English.
///
/// The service and the domain stay language-neutral: they say what they mean as `Phrase`s,
/// and a front end chooses the language of its work with `Language.$current.withValue(…)` —
/// the command line once per run, an HTTP server once per request.
package enum Language: String, CaseIterable, Sendable {
    case zh
    case en

    /// The language phrases are rendered in where nothing chose another: English, so that a
    /// program that never asks (a test, a log line) reads as it always has.
    @TaskLocal package static var current: Language = .en

    /// The language a POSIX locale environment asks for: `LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG` (the first of them set and not empty decides, as setlocale(3) reads them);
    /// a value beginning `zh` (`zh_CN.UTF-8`, `zh_TW`) is Chinese, anything else English.
    package static func from(locale environment: [String: String]) -> Language {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return value.hasPrefix("zh") ? .zh : .en
    }

    /// The language a name given on a command line or in a request names: `zh` or `en`
    /// (and their regional forms, `zh-CN`, `en_US`), nil for any other.
    package init?(named name: String) {
        let lowered = name.lowercased()
        let base = lowered.prefix { $0 != "-" && $0 != "_" }
        guard let language = Language(rawValue: String(base)) else { return nil }
        self = language
    }
}
