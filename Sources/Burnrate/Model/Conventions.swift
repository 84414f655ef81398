/// Every metric, label and group name Burnrate writes, in one place. `--compat sloth` swaps the
/// identity labels and group names for Sloth's, so existing Sloth dashboards keep working.
///
/// This lives in Model (not Rules) because validation must know the reserved label names too,
/// and Spec may not depend on Rules.
public struct Conventions: Sendable, Hashable {
    public var idLabel: String
    public var serviceLabel: String
    public var nameLabel: String
    public var windowLabel: String
    public var pairLabel: String
    public var severityLabel: String
    /// Labels of the info series.
    public var objectiveLabel: String
    public var periodLabel: String
    public var specLabel: String
    /// Sloth writes its own severity label beside the user's; nil when not in compat mode.
    public var compatSeverityLabel: String?
    public var infoMetric: String
    public var groupPrefix: String
    public var sliGroupInfix: String
    public var metaGroupInfix: String
    public var alertGroupInfix: String
    /// Sloth ids are `<service>-<name>`; Burnrate's are `<service>/<name>`.
    public var idSeparator: String

    public static let native = Conventions(
        idLabel: "slo_id", serviceLabel: "slo_service", nameLabel: "slo_name", windowLabel: "slo_window",
        pairLabel: "slo_window_pair", severityLabel: "severity", objectiveLabel: "slo_objective",
        periodLabel: "slo_period", specLabel: "slo_spec", compatSeverityLabel: nil,
        infoMetric: "burnrate_slo_info", groupPrefix: "burnrate", sliGroupInfix: "sli", metaGroupInfix: "meta",
        alertGroupInfix: "alerts", idSeparator: "/")

    public static let sloth = Conventions(
        idLabel: "sloth_id", serviceLabel: "sloth_service", nameLabel: "sloth_slo", windowLabel: "sloth_window",
        pairLabel: "sloth_window_pair", severityLabel: "severity", objectiveLabel: "sloth_objective",
        periodLabel: "sloth_period", specLabel: "sloth_spec", compatSeverityLabel: "sloth_severity",
        infoMetric: "sloth_slo_info", groupPrefix: "sloth-slo", sliGroupInfix: "sli-recordings",
        metaGroupInfix: "meta-recordings", alertGroupInfix: "alerts", idSeparator: "-")

    // Recording rule names (the same in both modes: Sloth's names).
    public static func errorRatio(_ window: PromDuration) -> String { "slo:sli_error:ratio_rate\(window)" }
    public static let errorsRate5m = "slo:sli_errors:rate5m"
    public static let totalRate5m = "slo:sli_total:rate5m"
    public static let objective = "slo:objective:ratio"
    public static let errorBudget = "slo:error_budget:ratio"
    public static let periodDays = "slo:time_period:days"
    public static let currentBurnRate = "slo:current_burn_rate:ratio"
    public static let periodBurnRate = "slo:period_burn_rate:ratio"
    public static let periodBudgetRemaining = "slo:period_error_budget_remaining:ratio"

    /// Labels a spec may not set, in either mode, because the generated rules own them.
    public static let reservedLabels: Set<String> = {
        var names: Set<String> = []
        for conventions in [Conventions.native, .sloth] {
            names.formUnion([
                conventions.idLabel, conventions.serviceLabel, conventions.nameLabel, conventions.windowLabel,
                conventions.pairLabel, conventions.objectiveLabel, conventions.periodLabel, conventions.specLabel,
            ])
            if let extra = conventions.compatSeverityLabel { names.insert(extra) }
        }
        return names
    }()

    public func sloID(service: String, name: String) -> String { "\(service)\(idSeparator)\(name)" }

    public func groupName(_ infix: String, service: String, name: String) -> String {
        "\(groupPrefix)-\(infix)-\(service)-\(name)"
    }
}
