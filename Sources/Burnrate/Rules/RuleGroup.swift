/// A Prometheus rule: a recording rule (`record`) or an alerting rule (`alert`).
public struct Rule: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case record(String)
        case alert(String)
    }

    public var kind: Kind
    public var expr: String
    public var forDuration: PromDuration?
    public var labels: Labels
    public var annotations: Labels

    public init(
        _ kind: Kind, expr: String, forDuration: PromDuration? = nil, labels: Labels = [:], annotations: Labels = [:]
    ) {
        self.kind = kind
        self.expr = expr
        self.forDuration = forDuration
        self.labels = labels
        self.annotations = annotations
    }
}

public struct RuleGroup: Sendable, Hashable {
    public var name: String
    public var rules: [Rule]
    public init(name: String, rules: [Rule]) {
        self.name = name
        self.rules = rules
    }
}

/// All rule groups of one service, with the files its SLOs came from.
public struct ServiceRules: Sendable, Hashable {
    public var service: String
    public var sourceFiles: [String]
    public var groups: [RuleGroup]
}
