import Foundation

/// Turns one YAML document (one service) into validated SLOs, reporting every problem it finds
/// into the bag. Sloth's `prometheus/v1` is read with Sloth's fields; `burnrate/v1` adds its own.
struct SpecDecoder {
    let file: String
    let bag: DiagnosticBag

    static let namePattern = try! NSRegularExpression(pattern: "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
    static let labelNamePattern = try! NSRegularExpression(pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$")
    static let windowPlaceholder = try! NSRegularExpression(pattern: "\\{\\{ *\\.window *\\}\\}")
    static let metricNamePattern = try! NSRegularExpression(pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$")

    static let periodRange = PromDuration.days(1)...PromDuration.days(90)

    func decode(_ root: YAMLNode) -> [SLO] {
        guard let document = MappingReader(root, path: "", file: file, bag: bag) else { return [] }
        let version = decodeVersion(document)

        var service = ""
        if let (text, node) = document.string("service") {
            service = text
            checkName(text, field: "service", at: node)
        } else {
            document.missing("service", help: "add 'service: <name>', e.g. 'service: xp-api'")
        }
        let serviceLabels = decodeLabels(document, "labels")
        if let node = document.value("slo_plugins") {
            unsupportedPlugin(at: document.keyNode("slo_plugins") ?? node, field: "slo_plugins")
        }

        var slos: [SLO] = []
        if let node = document.value("slos") {
            if let items = node.items {
                if items.isEmpty {
                    bag.error(document.location(node), "slos must list at least one SLO, found an empty list")
                }
                for (index, item) in items.enumerated() {
                    if let slo = decodeSLO(
                        item, index: index, service: service, serviceLabels: serviceLabels, version: version)
                    {
                        slos.append(slo)
                    }
                }
            } else {
                bag.error(document.location(node), "slos must be a list of SLOs, found \(node.kindDescription)")
            }
        } else {
            document.missing("slos", help: "add a 'slos:' list with at least one SLO")
        }
        document.reportUnknown(allowed: ["version", "service", "labels", "slos"])
        return slos
    }

    // MARK: - Version

    private func decodeVersion(_ document: MappingReader) -> SpecVersion {
        guard let (text, node) = document.string("version") else {
            document.missing(
                "version", help: "add 'version: burnrate/v1' (or 'version: prometheus/v1' for a Sloth file)")
            return .burnrateV1
        }
        if let version = SpecVersion.supported.first(where: { $0.name == text }) { return version }
        var help = "supported versions: burnrate/v1, prometheus/v1 (Sloth)"
        if text == "openslo/v1" || text.hasPrefix("openslo/") {
            help = "OpenSLO files are not read yet; " + help
        }
        bag.error(document.location(node), "unsupported version '\(text)'", help: help)
        return .burnrateV1
    }

    // MARK: - SLO

    private func decodeSLO(
        _ node: YAMLNode, index: Int, service: String, serviceLabels: Labels, version: SpecVersion
    ) -> SLO? {
        guard let slo = MappingReader(node, path: "slos[\(index)]", file: file, bag: bag) else { return nil }
        let native = version == .burnrateV1
        if !native { slo.nativeOnlyFields = ["period", "min_events"] }
        let errorsBefore = bag.diagnostics.count

        var name = ""
        var nameMark = node.mark
        if let (text, nameNode) = slo.string("name") {
            name = text
            nameMark = nameNode.mark
            checkName(text, field: "name", at: nameNode)
        } else {
            slo.missing("name", help: "add 'name: <slo-name>', e.g. 'name: requests-availability'")
        }

        var objective = 0.0
        if let objectiveNode = slo.value("objective") {
            objective = decodeObjective(objectiveNode, reader: slo) ?? 0
        } else {
            slo.missing("objective", help: "add 'objective: <percent>', e.g. 'objective: 99.9'")
        }

        let description = slo.string("description")?.0
        var labels = serviceLabels
        for (key, value) in decodeLabels(slo, "labels") { labels[key] = value }

        var period = PromDuration.days(30)
        if native, let (text, periodNode) = slo.string("period") {
            if let parsed = PromDuration(parsing: text) {
                if Self.periodRange.contains(parsed) {
                    period = parsed
                } else {
                    bag.error(
                        slo.location(periodNode), "period must be between 1d and 90d, found \(text)",
                        help: "use a rolling window such as 7d, 28d or 30d")
                }
            } else {
                bag.error(
                    slo.location(periodNode), "period must be a Prometheus duration, found '\(text)'",
                    help: "write it like 30d, 4w or 28d (units: ms, s, m, h, d, w, y)")
            }
        }

        var minEvents: Int?
        if native, let (text, minNode) = slo.string("min_events") {
            if let value = Int(text), value > 0 {
                minEvents = value
            } else {
                bag.error(
                    slo.location(minNode), "min_events must be a whole number greater than 0, found '\(text)'",
                    help: "e.g. 'min_events: 100' suppresses alert state when the long window saw fewer events")
            }
        }

        if let pluginsNode = slo.value("plugins") {
            unsupportedPlugin(at: slo.keyNode("plugins") ?? pluginsNode, field: "slos[\(index)].plugins")
        }

        let sli = decodeSLI(slo, native: native)
        let alerting = decodeAlerting(slo, native: native, period: period, objective: objective)

        slo.reportUnknown(allowed: [
            "name", "objective", "description", "labels", "sli", "alerting", "period", "min_events",
        ])
        let hadErrors = bag.diagnostics[errorsBefore...].contains { $0.severity == .error }
        guard !hadErrors, let sli, let alerting else { return nil }
        return SLO(
            service: service, name: name, description: description, objectivePercent: objective, labels: labels,
            period: period, minEvents: minEvents, sli: sli, alerting: alerting, specVersion: version,
            location: SourceLocation(file: file, mark: nameMark))
    }

    private func decodeObjective(_ node: YAMLNode, reader: MappingReader) -> Double? {
        guard let scalar = node.scalar, scalar.style == .plain, let value = Double(scalar.text), value.isFinite
        else {
            let found = node.scalar.map { "'\($0.text)'" } ?? node.kindDescription
            bag.error(
                reader.location(node), "objective must be a number (a percentage), found \(found)",
                help: "write the target in percent without quotes or '%', e.g. 'objective: 99.9'")
            return nil
        }
        guard value > 0, value < 100, SLO.errorBudgetRatio(objectivePercent: value) >= 1e-9 else {
            let help =
                value >= 100
                ? "an objective of 100 leaves no error budget, so burn rates are undefined; use e.g. 99.99"
                : value > 0
                    ? "the error budget (100 − objective) must be at least 1e-7 %, e.g. 99.99999"
                    : "write the target in percent, e.g. 99.9 for 99.9 %"
            let rule =
                value > 0 && value < 100 ? "must leave an error budget" : "must be greater than 0 and less than 100"
            bag.error(reader.location(node), "objective \(rule), found \(scalar.text)", help: help)
            return nil
        }
        return value
    }

    // MARK: - SLI

    private func decodeSLI(_ slo: MappingReader, native: Bool) -> SLI? {
        guard let sli = slo.mapping("sli") else {
            if !slo.has("sli") {
                slo.missing("sli", help: "add an 'sli:' with one of: events, raw, latency, probe")
            }
            return nil
        }
        if !native { sli.nativeOnlyFields = ["latency", "probe"] }
        let kinds = native ? ["events", "raw", "latency", "probe"] : ["events", "raw"]
        if let pluginNode = sli.value("plugin") {
            unsupportedPlugin(at: sli.keyNode("plugin") ?? pluginNode, field: sli.field("plugin"))
            sli.reportUnknown(allowed: kinds + ["plugin"])
            return nil
        }
        let present = kinds.filter { sli.has($0) }
        sli.markKnown(kinds)
        sli.reportUnknown(allowed: kinds + ["plugin"])
        guard present.count == 1, let kind = present.first else {
            if present.isEmpty {
                bag.error(
                    sli.here, "\(sli.path) must define one SLI kind, found none",
                    help: "use one of: \(kinds.joined(separator: ", "))")
            } else {
                bag.error(
                    sli.location(sli.keyNode(present[1])!),
                    "\(sli.path) must define exactly one SLI kind, found \(present.joined(separator: " and "))",
                    help: "keep one of them and move the other into its own SLO")
            }
            return nil
        }
        guard let body = sli.mapping(kind) else { return nil }
        switch kind {
        case "events":
            if !native { body.nativeOnlyFields = ["good_query"] }
            let error = query(body, "error_query")
            let good = native ? query(body, "good_query") : nil
            let total = query(body, "total_query")
            body.reportUnknown(
                allowed: native ? ["error_query", "good_query", "total_query"] : ["error_query", "total_query"])
            if total == nil, !body.has("total_query") {
                body.missing("total_query", help: "add 'total_query:' counting all events per second over {{.window}}")
            }
            let hasError = body.has("error_query")
            let hasGood = native && body.has("good_query")
            if hasError && hasGood {
                bag.error(
                    body.location(body.keyNode("good_query")!),
                    "\(body.path) must set exactly one of error_query and good_query, found both",
                    help: "keep error_query (bad events) or good_query (good events), not both")
                return nil
            }
            if !hasError && !hasGood {
                bag.error(
                    body.here,
                    "\(body.path) must set one of error_query\(native ? " or good_query" : ""), found neither",
                    help: "add 'error_query:' counting failed events per second over {{.window}}")
                return nil
            }
            guard let total, error != nil || good != nil else { return nil }
            if let error, error == total {
                bag.error(
                    body.location(body.keyNode("error_query")!), "\(body.path).error_query is the same as total_query",
                    help: "the error query must count only failed events")
                return nil
            }
            return .events(errorQuery: error, goodQuery: good, totalQuery: total)
        case "raw":
            let ratio = query(body, "error_ratio_query")
            body.reportUnknown(allowed: ["error_ratio_query"])
            if ratio == nil, !body.has("error_ratio_query") {
                body.missing(
                    "error_ratio_query", help: "add 'error_ratio_query:' returning a 0..1 error ratio over {{.window}}")
            }
            return ratio.map { .raw(errorRatioQuery: $0) }
        case "latency":
            let metric = metricName(body)
            let selector = matchers(body)
            var bucket: String?
            if let (text, node) = body.string("threshold_seconds") {
                if let seconds = Double(text), seconds > 0, seconds.isFinite, node.scalar?.style == .plain {
                    bucket = text
                } else {
                    bag.error(
                        body.location(node), "threshold_seconds must be a positive number of seconds, found '\(text)'",
                        help: "write the histogram bucket's le value exactly, e.g. 'threshold_seconds: 0.3'")
                }
            } else {
                body.missing("threshold_seconds", help: "add the latency threshold as the bucket's le value, e.g. 0.3")
            }
            body.reportUnknown(allowed: ["metric", "selector", "threshold_seconds"])
            guard let metric, let selector, let bucket else { return nil }
            return .latency(metric: metric, selector: selector, bucketLE: bucket)
        default:  // probe
            let metric = metricName(body)
            let selector = matchers(body)
            body.reportUnknown(allowed: ["metric", "selector"])
            guard let metric, let selector else { return nil }
            return .probe(metric: metric, selector: selector)
        }
    }

    private func query(_ reader: MappingReader, _ key: String) -> String? {
        guard let (text, node) = reader.string(key) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard Self.windowPlaceholder.firstMatch(in: text, range: range) != nil else {
            bag.error(
                reader.location(node), "\(reader.field(key)) must contain the {{.window}} placeholder",
                help: "write the range as [{{.window}}], e.g. rate(http_requests_total[{{.window}}])")
            return nil
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
        return text
    }

    private func metricName(_ reader: MappingReader) -> String? {
        guard let (text, node) = reader.string("metric") else {
            reader.missing("metric", help: "add the metric name, e.g. 'metric: http_request_duration_seconds'")
            return nil
        }
        guard matches(Self.metricNamePattern, text) else {
            bag.error(
                reader.location(node), "\(reader.field("metric")) must be a Prometheus metric name, found '\(text)'",
                help: "metric names match [a-zA-Z_:][a-zA-Z0-9_:]*")
            return nil
        }
        return text
    }

    private func matchers(_ reader: MappingReader) -> [LabelMatcher]? {
        guard reader.has("selector") else { return [] }
        guard let entries = reader.stringMap("selector") else { return reader.value("selector") == nil ? [] : nil }
        var result: [LabelMatcher] = []
        var ok = true
        for entry in entries {
            if entry.key == "le" {
                bag.error(
                    reader.location(entry.keyNode), "\(reader.field("selector")) must not match 'le'",
                    help: "the bucket is chosen by threshold_seconds; remove 'le' from the selector")
                ok = false
                continue
            }
            if checkLabelName(entry.key, field: reader.field("selector"), at: entry.keyNode, reservedAllowed: true) {
                result.append(LabelMatcher(name: entry.key, value: entry.value))
            } else {
                ok = false
            }
        }
        return ok ? result : nil
    }

    // MARK: - Alerting

    private func decodeAlerting(_ slo: MappingReader, native: Bool, period: PromDuration, objective: Double)
        -> Alerting?
    {
        var alerting = Alerting()
        guard let reader = slo.mapping("alerting") else {
            if slo.has("alerting") { return nil }
            if !native {
                slo.missing("alerting", help: "Sloth files need 'alerting:' with at least 'name:'")
                return nil
            }
            alerting.policy = defaultPolicy(period: period, at: slo.here)
            checkPolicy(alerting.policy, period: period, objective: objective, at: [slo.here])
            return alerting
        }
        if !native { reader.nativeOnlyFields = ["for", "runbook_url", "policy"] }
        let errorsBefore = bag.diagnostics.count

        if let (text, node) = reader.string("name") {
            if text.isEmpty || text.contains("\n") {
                bag.error(reader.location(node), "alerting.name must be a non-empty single-line name, found '\(text)'")
            }
            alerting.name = text
        }
        if let (text, node) = native ? reader.string("for") : nil {
            if let duration = PromDuration(parsing: text) {
                alerting.forDuration = duration
            } else if text != "0s" && text != "0" {
                bag.error(
                    reader.location(node), "alerting.for must be a Prometheus duration, found '\(text)'",
                    help: "e.g. 'for: 2m'")
            }
        }
        if let (text, node) = native ? reader.string("runbook_url") : nil {
            if (text.hasPrefix("http://") || text.hasPrefix("https://")) && !text.contains("{{") && !text.contains("}}")
                && !text.contains(where: \.isWhitespace)
            {
                alerting.runbookURL = text
            } else {
                bag.error(
                    reader.location(node), "alerting.runbook_url must be an http(s) URL, found '\(text)'",
                    help: "e.g. 'runbook_url: https://runbooks.example.com/xp-api'")
            }
        }
        alerting.labels = decodeLabels(reader, "labels", templated: true)
        alerting.annotations = decodeAnnotations(reader, "annotations")
        for severity in Severity.allCases {
            let key = "\(severity.rawValue)_alert"
            guard let override = reader.mapping(key) else { continue }
            var value = SeverityAlerting()
            value.disabled = override.bool("disable") ?? false
            value.labels = decodeLabels(override, "labels", templated: true)
            value.annotations = decodeAnnotations(override, "annotations")
            override.reportUnknown(allowed: ["disable", "labels", "annotations"])
            if severity == .page { alerting.page = value } else { alerting.ticket = value }
        }
        if !native, !reader.has("name"), !(alerting.page.disabled && alerting.ticket.disabled) {
            reader.missing("name", help: "Sloth files need an alert name, e.g. 'name: XPAPIHighErrorRate'")
        }
        if native, let policyNode = reader.value("policy") {
            if let policy = decodePolicy(policyNode, reader: reader, period: period) {
                alerting.policy = policy
                let marks = policyNode.items?.map { reader.location($0) } ?? []
                checkPolicy(policy, period: period, objective: objective, at: marks)
            }
        } else {
            alerting.policy = defaultPolicy(period: period, at: reader.here)
            checkPolicy(alerting.policy, period: period, objective: objective, at: [reader.here])
        }
        reader.reportUnknown(allowed: [
            "name", "labels", "annotations", "page_alert", "ticket_alert", "for", "runbook_url", "policy",
        ])
        let hadErrors = bag.diagnostics[errorsBefore...].contains { $0.severity == .error }
        return hadErrors ? nil : alerting
    }

    private func decodePolicy(_ node: YAMLNode, reader: MappingReader, period: PromDuration) -> AlertPolicy? {
        guard let items = node.items, !items.isEmpty else {
            bag.error(
                reader.location(node),
                "alerting.policy must be a non-empty list of window pairs, found \(node.kindDescription)",
                help: "e.g. '- {short: 5m, long: 1h, budget_percent: 2, severity: page}'")
            return nil
        }
        var pairs: [BurnWindowPair] = []
        var ok = true
        for (index, item) in items.enumerated() {
            guard let pair = MappingReader(item, path: "\(reader.field("policy"))[\(index)]", file: file, bag: bag)
            else {
                ok = false
                continue
            }
            let short = duration(pair, "short")
            let long = duration(pair, "long")
            var budget: Double?
            if let (text, valueNode) = pair.string("budget_percent") {
                if let value = Double(text), value > 0, value <= 100 {
                    budget = value
                } else {
                    bag.error(
                        pair.location(valueNode),
                        "\(pair.field("budget_percent")) must be a number in (0, 100], found '\(text)'",
                        help: "the share of the period's error budget this pair alerts on, e.g. 2")
                }
            } else {
                pair.missing("budget_percent", help: "add the budget share in percent, e.g. 'budget_percent: 2'")
            }
            var severity: Severity?
            if let (text, valueNode) = pair.string("severity") {
                severity = Severity(rawValue: text)
                if severity == nil {
                    bag.error(
                        pair.location(valueNode), "\(pair.field("severity")) must be page or ticket, found '\(text)'",
                        help: Suggestion.closest(to: text, in: ["page", "ticket"]).map { "did you mean '\($0)'?" })
                }
            } else {
                pair.missing("severity", help: "add 'severity: page' or 'severity: ticket'")
            }
            pair.reportUnknown(allowed: ["short", "long", "budget_percent", "severity"])
            guard let short, let long, let budget, let severity else {
                ok = false
                continue
            }
            if short >= long {
                bag.error(
                    pair.location(item), "\(pair.path): short window \(short) must be shorter than long window \(long)",
                    help: "the workbook pairs a long window with a short one about 1/12 of it, e.g. 1h and 5m")
                ok = false
            } else if long > period {
                bag.error(
                    pair.location(item), "\(pair.path): long window \(long) is longer than the period \(period)",
                    help: "use windows within the SLO period")
                ok = false
            }
            pairs.append(BurnWindowPair(short: short, long: long, budgetPercent: budget, severity: severity))
        }
        return ok ? AlertPolicy(pairs: pairs) : nil
    }

    private func duration(_ reader: MappingReader, _ key: String) -> PromDuration? {
        guard let (text, node) = reader.string(key) else {
            reader.missing(key, help: "add '\(key): <duration>', e.g. '\(key): \(key == "short" ? "5m" : "1h")'")
            return nil
        }
        guard let value = PromDuration(parsing: text) else {
            bag.error(
                reader.location(node), "\(reader.field(key)) must be a Prometheus duration, found '\(text)'",
                help: "e.g. 5m, 1h, 3d")
            return nil
        }
        return value
    }

    /// The workbook policy, without the pairs whose long window does not fit in a short period
    /// (1d and 2d periods drop 3d/6h, 1d drops 1d/2h too), with a warning for each.
    private func defaultPolicy(period: PromDuration, at location: SourceLocation) -> AlertPolicy {
        var pairs: [BurnWindowPair] = []
        for pair in AlertPolicy.workbook.pairs {
            if pair.long <= period {
                pairs.append(pair)
            } else {
                bag.warning(
                    location,
                    "the default policy's \(pair.severity.rawValue) pair \(pair.name) does not fit the \(period) period and is left out",
                    help: "set alerting.policy to choose windows for a short period")
            }
        }
        return AlertPolicy(pairs: pairs)
    }

    /// Warns about pairs that can never fire: the threshold error ratio factor × budget is ≥ 1, and
    /// an error ratio cannot exceed 1. Errors when the default policy does not fit the period.
    private func checkPolicy(
        _ policy: AlertPolicy, period: PromDuration, objective: Double, at locations: [SourceLocation]
    ) {
        guard objective > 0, objective < 100, let first = locations.first else { return }
        let budget = SLO.errorBudgetRatio(objectivePercent: objective)
        for (index, pair) in policy.pairs.enumerated() {
            // A custom policy points at its own pair; the default policy at the alerting block.
            let location = index < locations.count ? locations[index] : first
            let factor = pair.factor(period: period)
            if factor * budget >= 1 {
                bag.warning(
                    location,
                    "alert pair \(pair.name) can never fire: its threshold error ratio \(NumberFormat.format(factor)) × \(NumberFormat.format(budget)) = \(NumberFormat.format(factor * budget)) is not below 1",
                    help:
                        "lower budget_percent or lengthen the long window so the factor is below \(NumberFormat.format(1 / budget))"
                )
            }
        }
    }

    // MARK: - Names and labels

    /// `templated`: the values are Prometheus alert templates (alert labels, annotations), so
    /// their `{{ … }}` actions must at least be balanced, or the rule file will not load.
    private func decodeLabels(_ reader: MappingReader, _ key: String, templated: Bool = false) -> Labels {
        guard let entries = reader.stringMap(key) else { return [:] }
        var labels: Labels = [:]
        for entry in entries
        where checkLabelName(entry.key, field: reader.field(key), at: entry.keyNode, reservedAllowed: false) {
            if templated { checkTemplate(entry.value, field: "\(reader.field(key)).\(entry.key)", at: entry.valueNode) }
            labels[entry.key] = entry.value
        }
        return labels
    }

    private func decodeAnnotations(_ reader: MappingReader, _ key: String) -> Labels {
        guard let entries = reader.stringMap(key) else { return [:] }
        var annotations: Labels = [:]
        for entry in entries
        where checkLabelName(entry.key, field: reader.field(key), at: entry.keyNode, reservedAllowed: true) {
            checkTemplate(entry.value, field: "\(reader.field(key)).\(entry.key)", at: entry.valueNode)
            annotations[entry.key] = entry.value
        }
        return annotations
    }

    /// Template actions must be balanced: every `{{` closed by a `}}` (quoted strings inside an
    /// action, such as `{{ "{{" }}`, are skipped), and no `}}` outside an action.
    private func checkTemplate(_ text: String, field: String, at node: YAMLNode) {
        let characters = Array(text)
        var index = 0
        var inAction = false
        var balanced = true
        while index < characters.count {
            let pair = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
            if inAction {
                if characters[index] == "\"" || characters[index] == "`" {
                    let quote = characters[index]
                    index += 1
                    while index < characters.count, characters[index] != quote {
                        index += characters[index] == "\\" ? 2 : 1
                    }
                    index += 1
                    continue
                }
                if pair == "}}" {
                    inAction = false
                    index += 2
                    continue
                }
            } else if pair == "{{" {
                inAction = true
                index += 2
                continue
            } else if pair == "}}" {
                balanced = false
                break
            }
            index += 1
        }
        if inAction || !balanced {
            bag.error(
                SourceLocation(file: file, mark: node.mark), "\(field) has unbalanced template braces",
                help:
                    "Prometheus reads alert labels and annotations as templates: close every {{ with }}, or write a literal brace as {{ \"{{\" }}"
            )
        }
    }

    @discardableResult
    private func checkLabelName(_ name: String, field: String, at node: YAMLNode, reservedAllowed: Bool) -> Bool {
        let location = SourceLocation(file: file, mark: node.mark)
        guard matches(Self.labelNamePattern, name), !name.hasPrefix("__") else {
            let fixed = String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" }).trimmingCharacters(
                in: CharacterSet(charactersIn: "_"))
            bag.error(
                location, "\(field) has an invalid label name '\(name)'",
                help:
                    "label names match [a-zA-Z_][a-zA-Z0-9_]* and must not start with '__'\(fixed.isEmpty ? "" : ", e.g. '\(fixed)'")"
            )
            return false
        }
        if !reservedAllowed, Conventions.reservedLabels.contains(name) {
            bag.error(
                location, "\(field) sets the reserved label '\(name)'",
                help: "Burnrate writes '\(name)' itself on every rule; rename the label")
            return false
        }
        return true
    }

    private func checkName(_ text: String, field: String, at node: YAMLNode) {
        guard matches(Self.namePattern, text) else {
            bag.error(
                SourceLocation(file: file, mark: node.mark), "\(field) '\(text)' is not a valid name",
                help: "names start and end with a letter or digit and contain only letters, digits, '.', '_' and '-'")
            return
        }
    }

    private func unsupportedPlugin(at node: YAMLNode, field: String) {
        bag.error(
            SourceLocation(file: file, mark: node.mark),
            "\(field) is a Sloth plugin feature that Burnrate does not run",
            help: "rewrite the SLI as sli.events, sli.raw, sli.latency or sli.probe (plugins are Go code run by Sloth)")
    }

    private func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
