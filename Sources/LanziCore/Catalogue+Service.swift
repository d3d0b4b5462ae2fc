extension Catalogue {
    /// TODO
    static let service: [String: String] = [:]
}
