/// A decoded Prometheus API result. Sample values are Doubles, including NaN and ±Inf, which the
/// API sends as the strings "NaN", "+Inf", "-Inf".
public enum QueryResult: Sendable, Equatable {
    case matrix([Series])
    case vector([Series])
    case scalar(Sample)
    case string(timestamp: Double, value: String)

    /// One series: its labels and its samples (one for a vector element).
    public struct Series: Sendable, Equatable {
        public var labels: [String: String]
        public var samples: [Sample]
        public init(labels: [String: String], samples: [Sample]) {
            self.labels = labels
            self.samples = samples
        }

        /// `{code="500", job="x"}` for messages.
        public var labelText: String {
            "{" + labels.keys.sorted().map { "\($0)=\(PromQLText.quote(labels[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// Joins the series of several chunked answers: samples of the same label set are appended in
    /// chunk order; label sets keep the order they first appeared in.
    public static func merge(_ chunks: [[Series]]) -> [Series] {
        var merged: [[String: String]: [Sample]] = [:]
        var order: [[String: String]] = []
        for chunk in chunks {
            for series in chunk {
                if merged[series.labels] == nil { order.append(series.labels) }
                merged[series.labels, default: []] += series.samples
            }
        }
        return order.map { Series(labels: $0, samples: merged[$0]!) }
    }

    public struct Sample: Sendable, Equatable {
        /// Unix seconds (the API gives millisecond precision).
        public var timestamp: Double
        public var value: Double
        public init(timestamp: Double, value: Double) {
            self.timestamp = timestamp
            self.value = value
        }

        public static func == (lhs: Sample, rhs: Sample) -> Bool {
            lhs.timestamp == rhs.timestamp
                && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
        }
    }
}

/// A decoded response: the result or the API's own error, plus warnings.
public struct PrometheusResponse: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case success(QueryResult)
        case error(errorType: String, message: String)
    }

    public var status: Status
    public var warnings: [String]
}

/// A body that is not a Prometheus API response.
public struct ResponseDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) (at byte \(offset))" }
}
