import LanziCore

/// The text of `phrase` in the language of this run (`Language.current`, which
/// `LanziCommandLine.run` sets from `--lang` or the locale). Every sentence, heading and
/// column the command line prints goes through here or through a `Phrase` it holds
/// (a command's summary, an option's help), so that `CatalogueTests` finds each one in the
/// sources and holds the catalogue to it.
func t(_ phrase: Phrase) -> String {
    phrase.description
}
