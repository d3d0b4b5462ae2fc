extension Catalogue {
    /// TODO
    static let commandLine: [String: String] = [:]
}
