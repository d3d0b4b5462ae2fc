extension Catalogue {
    /// TODO
    static let render: [String: String] = [:]
}
