/// Which file format a definition was written in.
public struct SpecVersion: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public static let burnrateV1 = SpecVersion(name: "burnrate/v1")
    public static let slothV1 = SpecVersion(name: "prometheus/v1")
    public static let supported: [SpecVersion] = [.burnrateV1, .slothV1]
    public var description: String { name }
}

/// A label set; kept as a dictionary and always written in sorted key order.
public typealias Labels = [String: String]

/// Equality matchers of a latency or probe SLI, in the order the spec wrote them.
public struct LabelMatcher: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// How an SLO's good and bad events are measured.
public enum SLI: Sendable, Hashable {
    /// Counter-based events: `errorQuery` or `goodQuery` (exactly one) over `totalQuery`, each with
    /// the `{{.window}}` placeholder, each returning a per-second rate.
    case events(errorQuery: String?, goodQuery: String?, totalQuery: String)
    /// A ready-made 0..1 error ratio per window.
    case raw(errorRatioQuery: String)
    /// A classic histogram: good events are those in the `le` bucket, total is `_count`.
    case latency(metric: String, selector: [LabelMatcher], bucketLE: String)
    /// A 0/1 gauge (blackbox `probe_success`): good = sum_over_time, total = count_over_time.
    case probe(metric: String, selector: [LabelMatcher])

    public var kindName: String {
        switch self {
        case .events: "events"
        case .raw: "raw"
        case .latency: "latency"
        case .probe: "probe"
        }
    }
}

/// Alert severity; page goes to the pager, ticket to chat.
public enum Severity: String, Sendable, Hashable, CaseIterable {
    case page, ticket
}

/// One multi-window pair of a burn-rate alert policy.
public struct BurnWindowPair: Sendable, Hashable {
    public var short: PromDuration
    public var long: PromDuration
    /// Share of the period's error budget that a burn at the threshold spends over `long`.
    public var budgetPercent: Double
    public var severity: Severity

    public init(short: PromDuration, long: PromDuration, budgetPercent: Double, severity: Severity) {
        self.short = short
        self.long = long
        self.budgetPercent = budgetPercent
        self.severity = severity
    }

    /// Burn-rate factor: budget share × period / long window (SRE workbook), rounded by the one
    /// number formatter so the rules and the engine use the same value.
    public func factor(period: PromDuration) -> Double {
        NumberFormat.rounded(budgetPercent / 100 * Double(period.milliseconds) / Double(long.milliseconds))
    }

    /// "1h/5m": the long window first, as alert labels and status output print it.
    public var name: String { "\(long)/\(short)" }
}

/// The alert policy: which window pairs page and which open tickets.
public struct AlertPolicy: Sendable, Hashable {
    public var pairs: [BurnWindowPair]
    public init(pairs: [BurnWindowPair]) { self.pairs = pairs }

    /// The SRE workbook's policy (Sloth's defaults): budget shares 2 % and 5 % page, 10 % and 10 %
    /// open tickets. Factors are derived from the period, so 30d gives 14.4/6/3/1.
    public static let workbook = AlertPolicy(pairs: [
        BurnWindowPair(short: .minutes(5), long: .hours(1), budgetPercent: 2, severity: .page),
        BurnWindowPair(short: .minutes(30), long: .hours(6), budgetPercent: 5, severity: .page),
        BurnWindowPair(short: .hours(2), long: .days(1), budgetPercent: 10, severity: .ticket),
        BurnWindowPair(short: .hours(6), long: .days(3), budgetPercent: 10, severity: .ticket),
    ])
}

/// Per-severity overrides of the alerting block (Sloth's `page_alert` / `ticket_alert`).
public struct SeverityAlerting: Sendable, Hashable {
    public var disabled: Bool = false
    public var labels: Labels = [:]
    public var annotations: Labels = [:]
    public init() {}
}

public struct Alerting: Sendable, Hashable {
    public static let defaultName = "SLOErrorBudgetBurn"
    public var name: String = Alerting.defaultName
    public var forDuration: PromDuration?
    public var runbookURL: String?
    public var labels: Labels = [:]
    public var annotations: Labels = [:]
    public var page = SeverityAlerting()
    public var ticket = SeverityAlerting()
    public var policy: AlertPolicy = .workbook
    public init() {}

    public func overrides(for severity: Severity) -> SeverityAlerting {
        severity == .page ? page : ticket
    }
}

/// Where a definition came from, for diagnostics and output headers.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var mark: SourceMark
    public init(file: String, mark: SourceMark) {
        self.file = file
        self.mark = mark
    }
    public var description: String { "\(file):\(mark.line):\(mark.column)" }
}

/// A validated SLO: every field checked, every default applied.
public struct SLO: Sendable, Hashable {
    public var service: String
    public var name: String
    public var description: String?
    /// The objective as written, in percent (99.9).
    public var objectivePercent: Double
    /// Service labels merged with the SLO's own labels (the SLO's win).
    public var labels: Labels
    public var period: PromDuration
    public var minEvents: Int?
    public var sli: SLI
    public var alerting: Alerting
    public var specVersion: SpecVersion
    public var location: SourceLocation

    public init(
        service: String, name: String, description: String? = nil, objectivePercent: Double, labels: Labels = [:],
        period: PromDuration = .days(30), minEvents: Int? = nil, sli: SLI, alerting: Alerting = Alerting(),
        specVersion: SpecVersion = .burnrateV1, location: SourceLocation
    ) {
        self.service = service
        self.name = name
        self.description = description
        self.objectivePercent = objectivePercent
        self.labels = labels
        self.period = period
        self.minEvents = minEvents
        self.sli = sli
        self.alerting = alerting
        self.specVersion = specVersion
        self.location = location
    }

    /// `<service>/<name>`, unique across all definitions.
    public var id: String { "\(service)/\(name)" }

    /// The objective as a ratio (0.999), free of float noise.
    public var objectiveRatio: Double { NumberFormat.rounded(objectivePercent / 100) }

    /// The error budget as a ratio (0.001 for 99.9 %), free of float noise.
    public var errorBudgetRatio: Double { Self.errorBudgetRatio(objectivePercent: objectivePercent) }

    /// `1 − objective`, rounded at 1e-15 absolute: the subtraction's noise is relative to 1, so
    /// 1 − 0.9995 prints 0.0005, not 0.000499999999999945.
    public static func errorBudgetRatio(objectivePercent: Double) -> Double {
        let objective = NumberFormat.rounded(objectivePercent / 100)
        return NumberFormat.rounded(NumberFormat.roundedAbsolute(1 - objective))
    }

    /// Every window the rules record and the engine evaluates: the standard windows, the policy's
    /// windows (all shorter than the period), and the period itself, ascending.
    public var windows: [PromDuration] {
        var set = Set(Self.standardWindows.filter { $0 < period })
        for pair in alerting.policy.pairs {
            set.insert(pair.short)
            set.insert(pair.long)
        }
        set.insert(period)
        return set.sorted()
    }

    /// The windows of DESIGN.md: 5m, 30m, 1h, 2h, 6h, 1d, 3d (plus the period).
    public static let standardWindows: [PromDuration] = [
        .minutes(5), .minutes(30), .hours(1), .hours(2), .hours(6), .days(1), .days(3),
    ]

    /// The short window whose ratio is the "current" burn rate and whose recorded rates feed the
    /// traffic-weighted period ratio.
    public static let baseWindow = PromDuration.minutes(5)
}

extension SLO {
    /// A stable hash of what the history means: objective, period and the SLI's queries. A change
    /// is recorded by `ingest`, so numbers before and after it can be told apart.
    public var definitionHash: String {
        var text = "\(NumberFormat.format(objectivePercent))|\(period)|\(sli.kindName)|"
        switch sli {
        case .events(let error, let good, let total): text += "\(error ?? "")|\(good ?? "")|\(total)"
        case .raw(let query): text += query
        case .latency(let metric, let selector, let bucket):
            text += "\(metric)|\(selector.map { "\($0.name)=\($0.value)" }.joined(separator: ","))|\(bucket)"
        case .probe(let metric, let selector):
            text += "\(metric)|\(selector.map { "\($0.name)=\($0.value)" }.joined(separator: ","))"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
