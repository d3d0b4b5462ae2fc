/// The Chinese of every phrase, keyed by its English template (see `Phrase`).
///
/// Split by area so that each part reads in one sitting: the domain's rules
/// (`Catalogue+Core.swift`), the service's refusals (`Catalogue+Service.swift`, and
/// `Catalogue+Party.swift` for the party branch's register, `Catalogue+Users.swift` for users and
/// sign-in), the command line's words
/// (`Catalogue+CommandLine.swift`, `Catalogue+Render.swift`). The test
/// `CatalogueTests` holds them to the sources: every phrase literal in `Sources/` has an
/// entry, no entry is stale, and both languages have the same placeholders.
package enum Catalogue {
    /// The areas, by name, for the completeness test to say where an entry is.
    package static let areas: [(name: String, entries: [String: String])] = [
        ("core", core), ("service", service), ("party", party), ("users", users), ("commandLine", commandLine), ("render", render),
        ("api", api), ("income", income), ("report", report), ("web", web),
    ]

    /// Every area's entries in one table. An English template in two areas would have two
    /// Chinese texts; the test refuses that, and here the first area wins.
    package static let chinese: [String: String] = areas.reduce(into: [:]) { table, area in
        table.merge(area.entries) { first, _ in first }
    }
}
