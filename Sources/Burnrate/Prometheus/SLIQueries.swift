/// The PromQL of an SLO's event rates. The rule generator records them and `ingest` queries them,
/// so the rules Prometheus evaluates and the history Burnrate stores measure the same events.
public enum SLIQueries {
    /// Error and total events per second over a window, as PromQL (nil for a raw-ratio SLI).
    public static func eventRates(_ slo: SLO, window: PromDuration) -> (errors: String, total: String)? {
        switch slo.sli {
        case .events(let errorQuery, let goodQuery, let totalQuery):
            let total = PromQLText.renderWindow(totalQuery, window: window)
            if let errorQuery {
                return (PromQLText.renderWindow(errorQuery, window: window), total)
            }
            let good = PromQLText.renderWindow(goodQuery ?? "", window: window)
            // A total outage can leave no good series at all: count it as zero good events, not as
            // no data, or every request failing would look like nothing happening.
            return ("(\(total)) - ((\(good)) or ((\(total)) * 0))", total)
        case .latency(let metric, let selector, let bucketLE):
            let pairs = selector.map { ($0.name, $0.value) }
            let total = "sum(rate(\(metric)_count\(PromQLText.selector(pairs))[\(window)]))"
            let good = "sum(rate(\(metric)_bucket\(PromQLText.selector(pairs + [("le", bucketLE)]))[\(window)]))"
            return ("\(total) - \(good)", total)
        case .probe(let metric, let selector):
            // Probe results are samples, not counters: count them over the window and divide by its
            // length so the recorded value is a per-second rate like the other SLI kinds.
            let matcher = PromQLText.selector(selector.map { ($0.name, $0.value) })
            let seconds = NumberFormat.format(window.seconds)
            let total = "sum(count_over_time(\(metric)\(matcher)[\(window)])) / \(seconds)"
            let good = "sum(sum_over_time(\(metric)\(matcher)[\(window)])) / \(seconds)"
            return ("(\(total)) - (\(good))", total)
        case .raw:
            return nil
        }
    }

}
