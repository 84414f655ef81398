/// Model → rule groups, a pure function. Per SLO three groups, in evaluation order: SLI
/// recordings, metadata recordings (read the SLI group), alerts (read the SLI group).
public struct RuleGenerator: Sendable {
    public var conventions: Conventions

    public init(conventions: Conventions = .native) {
        self.conventions = conventions
    }

    /// Groups for every SLO, gathered per service in the order services first appear.
    public func makeServiceRules(for slos: [SLO]) -> [ServiceRules] {
        var order: [String] = []
        var byService: [String: ServiceRules] = [:]
        for slo in slos {
            if byService[slo.service] == nil {
                order.append(slo.service)
                byService[slo.service] = ServiceRules(service: slo.service, sourceFiles: [], groups: [])
            }
            if !byService[slo.service]!.sourceFiles.contains(slo.location.file) {
                byService[slo.service]!.sourceFiles.append(slo.location.file)
            }
            byService[slo.service]!.groups += makeGroups(for: slo)
        }
        return order.map { byService[$0]! }
    }

    public func makeGroups(for slo: SLO) -> [RuleGroup] {
        var groups = [
            RuleGroup(name: groupName(conventions.sliGroupInfix, slo), rules: makeSLIRules(for: slo)),
            RuleGroup(name: groupName(conventions.metaGroupInfix, slo), rules: makeMetadataRules(for: slo)),
        ]
        let alerts = makeAlertRules(for: slo)
        if !alerts.isEmpty {
            groups.append(RuleGroup(name: groupName(conventions.alertGroupInfix, slo), rules: alerts))
        }
        return groups
    }

    // MARK: - Identity

    func groupName(_ infix: String, _ slo: SLO) -> String {
        conventions.groupName(infix, service: slo.service, name: slo.name)
    }

    func sloID(_ slo: SLO) -> String { conventions.sloID(service: slo.service, name: slo.name) }

    /// Identity labels plus the spec's labels; identity labels win (validation forbids overlap).
    func identityLabels(_ slo: SLO) -> Labels {
        var labels = slo.labels
        labels[conventions.idLabel] = sloID(slo)
        labels[conventions.serviceLabel] = slo.service
        labels[conventions.nameLabel] = slo.name
        return labels
    }

    /// `{slo_id="…"}`: the id alone selects the SLO's recorded series.
    func idSelector(_ slo: SLO) -> String {
        PromQLText.selector([(conventions.idLabel, sloID(slo))])
    }

    // MARK: - SLI recordings

    func makeSLIRules(for slo: SLO) -> [Rule] {
        let base = SLO.baseWindow
        let selector = idSelector(slo)
        func labels(_ window: PromDuration) -> Labels {
            var labels = identityLabels(slo)
            labels[conventions.windowLabel] = window.description
            return labels
        }
        var rules: [Rule] = []
        let baseRates = SLIQueries.eventRates(slo, window: base)
        if let baseRates {
            rules.append(Rule(.record(Conventions.errorsRate5m), expr: baseRates.errors, labels: labels(base)))
            rules.append(Rule(.record(Conventions.totalRate5m), expr: baseRates.total, labels: labels(base)))
        }
        for window in slo.windows {
            let expr: String
            if case .raw(let query) = slo.sli {
                if window == slo.period {
                    // A raw ratio has no event counts, so the period falls back to the average of
                    // the recorded base-window ratios (Sloth's optimisation, not traffic-weighted).
                    expr = "avg_over_time(\(Conventions.errorRatio(base))\(selector)[\(window)])"
                } else {
                    expr = "(\(PromQLText.renderWindow(query, window: window)))"
                }
            } else if window == base {
                expr = "\(Conventions.errorsRate5m)\(selector)\n/\n\(Conventions.totalRate5m)\(selector)"
            } else if window == slo.period {
                // Traffic-weighted: sum of recorded rates over the period, errors over total.
                expr =
                    "sum_over_time(\(Conventions.errorsRate5m)\(selector)[\(window)])\n/\n"
                    + "sum_over_time(\(Conventions.totalRate5m)\(selector)[\(window)])"
            } else {
                let rates = SLIQueries.eventRates(slo, window: window)!
                expr = "(\(rates.errors))\n/\n(\(rates.total))"
            }
            rules.append(Rule(.record(Conventions.errorRatio(window)), expr: expr, labels: labels(window)))
        }
        return rules
    }

    // MARK: - Metadata recordings

    func makeMetadataRules(for slo: SLO) -> [Rule] {
        let labels = identityLabels(slo)
        let selector = idSelector(slo)
        let on = "on (\(conventions.idLabel), \(conventions.serviceLabel), \(conventions.nameLabel)) group_left ()"
        var info = labels
        info[conventions.objectiveLabel] = NumberFormat.format(slo.objectivePercent)
        info[conventions.periodLabel] = slo.period.description
        info[conventions.specLabel] = slo.specVersion.name
        return [
            Rule(
                .record(Conventions.objective), expr: "vector(\(NumberFormat.format(slo.objectiveRatio)))",
                labels: labels),
            Rule(
                .record(Conventions.errorBudget), expr: "vector(\(NumberFormat.format(slo.errorBudgetRatio)))",
                labels: labels),
            Rule(
                .record(Conventions.periodDays), expr: "vector(\(NumberFormat.format(slo.period.days)))", labels: labels
            ),
            Rule(
                .record(Conventions.currentBurnRate),
                expr:
                    "\(Conventions.errorRatio(SLO.baseWindow))\(selector)\n/ \(on)\n\(Conventions.errorBudget)\(selector)",
                labels: labels),
            Rule(
                .record(Conventions.periodBurnRate),
                expr:
                    "\(Conventions.errorRatio(slo.period))\(selector)\n/ \(on)\n\(Conventions.errorBudget)\(selector)",
                labels: labels),
            Rule(
                .record(Conventions.periodBudgetRemaining), expr: "1 - \(Conventions.periodBurnRate)\(selector)",
                labels: labels),
            Rule(.record(conventions.infoMetric), expr: "vector(1)", labels: info),
        ]
    }

    // MARK: - Alerts

    func makeAlertRules(for slo: SLO) -> [Rule] {
        let alerting = slo.alerting
        let selector = idSelector(slo)
        let budget = NumberFormat.format(slo.errorBudgetRatio)
        var rules: [Rule] = []
        for pair in alerting.policy.pairs {
            let overrides = alerting.overrides(for: pair.severity)
            if overrides.disabled { continue }
            let factor = NumberFormat.format(pair.factor(period: slo.period))
            func condition(_ window: PromDuration) -> String {
                "(max without (\(conventions.windowLabel)) (\(Conventions.errorRatio(window))\(selector)) / \(budget)) > \(factor)"
            }
            // $value is the long window's burn rate: the left operand of `and`.
            let expr = "\(condition(pair.long))\nand\n\(condition(pair.short))"

            var labels: Labels = [conventions.severityLabel: pair.severity.rawValue]
            if let compat = conventions.compatSeverityLabel { labels[compat] = pair.severity.rawValue }
            labels.merge(alerting.labels) { $1 }
            labels.merge(overrides.labels) { $1 }
            labels[conventions.idLabel] = sloID(slo)
            labels[conventions.pairLabel] = pair.name

            let idRef = "{{ $labels.\(conventions.idLabel) }}"
            let spent = NumberFormat.format(pair.budgetPercent)
            var annotations: Labels = [
                "summary":
                    "\(idRef) is burning its error budget \(factor)x too fast (\(pair.severity.rawValue), \(pair.name))",
                "description":
                    "The \(pair.long) and \(pair.short) burn rates of \(idRef) are above \(factor)x (\(pair.long) burn rate: {{ $value | printf \"%.2f\" }}x). "
                    + "Sustained, this spends \(spent)% of the \(slo.period) error budget in \(pair.long); "
                    + "objective \(NumberFormat.format(slo.objectivePercent))%.",
            ]
            if let runbook = alerting.runbookURL { annotations["runbook_url"] = runbook }
            annotations.merge(alerting.annotations) { $1 }
            annotations.merge(overrides.annotations) { $1 }
            rules.append(
                Rule(
                    .alert(alerting.name), expr: expr, forDuration: alerting.forDuration, labels: labels,
                    annotations: annotations))
        }
        return rules
    }
}
