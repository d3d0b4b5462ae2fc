import Foundation
import LanziCore
import LanziService
import LanziAPI

/// `init`, `seed`, `market …`, `unit …`, `merchant …`.
enum Commands {
    static let marketOptions: [OptionSpec] = [
        .value("name", "NAME", "the market's name"),
        .value("operator", "NAME", "the operating company"),
        .value("collective", "NAME", "the village collective that owns the market"),
        .value("household-min", "N", "fewest households a party member looks after (default 3)"),
        .value("household-max", "N", "most households a party member looks after (default 5)"),
    ]

    static let register: [CommandSpec] = [
        CommandSpec(["init"], "create the database (or bring its schema up to date) and, with --code, set up its market",
                    options: [.value("code", "CODE", "the market's short code, 2–8 capital letters, used in receipt numbers")] + marketOptions) { context in
            let invocation = context.invocation
            var market: Market?
            if let code = invocation.value("code") {
                for name in ["name", "operator", "collective"] where invocation.value(name) == nil {
                    throw DomainError(field: "--\(name)", rule: "is required with --code")
                }
                market = Market(code: code, name: invocation.required("name"), operatorName: invocation.required("operator"),
                                collectiveName: invocation.required("collective"),
                                householdMinimum: try invocation.integer("household-min") ?? 3,
                                householdMaximum: try invocation.integer("household-max") ?? 5)
            } else if let name = ["name", "operator", "collective", "household-min", "household-max"].first(where: { invocation.value($0) != nil }) {
                throw DomainError(field: "--\(name)", rule: "needs --code: a market is set up with its code, name, operator and collective")
            }
            try market?.validate()
            var result: Market?
            try context.removingNewDatabaseOnFailure { result = try context.service(create: true).initialize(market: market) }
            context.emit(.object([("database", .string(context.databasePath)), ("market", .optional(result) { $0.json })])) {
                result.map { t("database \(context.databasePath) is ready: market \($0.code) \($0.name)") }
                    ?? t("database \(context.databasePath) is ready (no market yet: run `lanzi init --code …` or `lanzi seed FILE`)")
            }
        },
        CommandSpec(["seed"], "load a seed file (seeds/README.md) into the database, creating it if needed; loading it again adds nothing",
                    arguments: ["FILE"]) { context in
            let path = context.invocation.arguments[0]
            let document = try JSONValue.parse(try context.readText(path), source: path)
            var seeded: SeedReport?
            try context.removingNewDatabaseOnFailure {
                seeded = try context.service(create: true).seed(document, keyPath: Commands.defaultKeyPath(context))
            }
            let report = seeded!
            // The file it went into is the command line's to say.
            let json = JSONValue.object([("database", .string(context.databasePath))]).merging(report.json)
                .appending(("signing_key", .optional(report.madeKey) { $0.json }))
            context.emit(json) {
                var lines = [t("seeded \(context.databasePath) with market \(report.market.code) \(report.market.name)")]
                for section in SeedReport.sections {
                    lines.append("  " + t("\(Render.seedSection(section)): \(report.added[section] ?? 0) added, \(report.alreadyPresent[section] ?? 0) already present"))
                }
                if let key = report.madeKey { lines.append(Render.keyMade(key)) }
                return lines.joined(separator: "\n")
            }
        },
        CommandSpec(["market", "show"], "show the market and its settings") { context in
            let market = try context.service().market()
            context.emit(market.json) { Render.market(market) }
        },
        CommandSpec(["market", "set"], "change the market's settings (its code never changes)", options: marketOptions) { context in
            let invocation = context.invocation
            let market = try context.service().updateMarket(
                name: invocation.value("name"), operatorName: invocation.value("operator"), collectiveName: invocation.value("collective"),
                householdMinimum: try invocation.integer("household-min"), householdMaximum: try invocation.integer("household-max"))
            context.emit(market.json) { Render.market(market) }
        },
        CommandSpec(["market", "summary"], "units by kind and status, occupancy by count and area, merchants and active leases",
                    options: [.value("on", "DATE", "the day to report on (default today, China time)")]) { context in
            let summary = try context.service().summary(on: try context.invocation.date("on") ?? context.today)
            context.emit(summary.json) { Render.summary(summary) }
        },
        CommandSpec(["unit", "list"], "list the units with their status on a day", options: [
            .value("kind", "KIND", "only shop, stall or cold_room"),
            .value("status", "STATUS", "only available, leased or out_of_service"),
            .value("on", "DATE", "the day the status is for (default today, China time)"),
        ]) { context in
            let invocation = context.invocation
            let units = try context.service().units(
                kind: try invocation.value("kind").map { text throws(DomainError) in try UnitKind.parse(text, field: "--kind") },
                status: try invocation.value("status").map { text throws(DomainError) in try UnitStatus.parse(text, field: "--status") },
                on: try invocation.date("on") ?? context.today)
            context.emit(.array(units.map(\.json))) { Render.units(units) }
        },
        CommandSpec(["unit", "show"], "show one unit and its status", arguments: ["CODE"],
                    options: [.value("on", "DATE", "the day the status is for (default today, China time)")]) { context in
            let unit = try context.service().unit(code: context.invocation.arguments[0], on: try context.invocation.date("on") ?? context.today)
            context.emit(unit.json) { Render.units([unit]) }
        },
        CommandSpec(["unit", "add"], "add a shop, stall or cold room to the register", options: [
            .value("code", "CODE", "unique code such as S-001, T-001, C1-01", required: true),
            .value("kind", "KIND", "shop, stall or cold_room", required: true),
            .value("area", "M2", "floor area in m², at most two decimals", required: true),
            .value("phase", "N", "construction phase (default 1)"),
            .value("building", "NAME", "cold rooms: the cold store it is in"),
            .value("capacity-kg", "N", "cold rooms: capacity in kg"),
        ]) { context in
            let invocation = context.invocation
            let coldRoom = ColdRoomDetails(building: invocation.value("building"), capacityKilograms: try invocation.integer("capacity-kg").map(Int64.init))
            let draft = UnitDraft(code: invocation.required("code"), kind: try UnitKind.parse(invocation.required("kind"), field: "--kind"),
                                  phase: try invocation.integer("phase") ?? 1,
                                  area: try Area.parse(invocation.required("area"), field: "--area"), coldRoom: coldRoom)
            let unit = try context.service().addUnit(draft)
            context.emit(unit.json) { t("added \(unit.kind.phrase) \(unit.code), \(unit.area) m²") }
        },
        CommandSpec(["unit", "set-status"], "take a unit out of service, or put it back (available)", arguments: ["CODE", "STATUS"],
                    options: [.value("on", "DATE", "from which day (default today, China time)")]) { context in
            let invocation = context.invocation
            let status = try UnitStatus.parseSettable(invocation.arguments[1], field: "STATUS")
            let unit = try context.service().setUnitStatus(code: invocation.arguments[0], outOfService: status == .outOfService,
                                                           on: try invocation.date("on") ?? context.today)
            context.emit(unit.json) { t("unit \(unit.code) is \(unit.status.phrase)") }
        },
        CommandSpec(["merchant", "add"], "register a merchant", options: [
            .value("name", "NAME", "the merchant's name", required: true),
            .value("phone", "PHONE", "phone number", required: true),
            .value("id-number", "X", "resident ID or business-licence number"),
            .flag("again", "register it although a merchant of the same name and phone is registered (another person)"),
        ]) { context in
            let invocation = context.invocation
            let merchant = try context.service().addMerchant(
                MerchantDraft(name: invocation.required("name"), phone: invocation.required("phone"), idNumber: invocation.value("id-number")),
                again: invocation.flag("again"))
            context.emit(merchant.json) { t("added merchant \(merchant.id) \(merchant.name)") }
        },
        CommandSpec(["merchant", "list"], "list the merchants (ID numbers masked)",
                    options: [.flag("reveal-id", "show full ID numbers (operators and administrators)")]) { context in
            let merchants = try context.service().merchants(revealIDNumbers: context.invocation.flag("reveal-id"))
            context.emit(.array(merchants.map(\.json))) { Render.merchants(merchants) }
        },
        CommandSpec(["merchant", "show"], "show a merchant and its leases", arguments: ["ID"],
                    options: [.flag("reveal-id", "show the full ID number (operators and administrators)")]) { context in
            let (merchant, leases) = try context.service().merchant(id: try context.invocation.id(), revealIDNumber: context.invocation.flag("reveal-id"))
            context.emit(merchant.json(leases: leases)) { Render.merchant(merchant, leases: leases, today: context.today) }
        },
    ]
}
