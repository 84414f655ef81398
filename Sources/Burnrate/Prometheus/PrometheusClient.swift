import Dispatch
public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How to reach a Prometheus-compatible API (Prometheus, Thanos, Mimir, Cortex).
public struct PrometheusConnection: Sendable {
    /// The base URL without user-info (user-info becomes basic auth and is never printed).
    public var baseURL: URL
    public var bearerToken: String?
    public var basicAuth: (user: String, password: String)?
    /// Extra headers, e.g. `X-Scope-OrgID` for a Mimir/Cortex/Thanos tenant.
    public var headers: [String: String] = [:]
    public var timeoutSeconds: Double = 60
    /// Retries after the first try for 5xx, 429, timeouts and connection failures.
    public var maxRetries = 3
    /// First backoff; doubled per retry (bounded exponential backoff).
    public var initialBackoffSeconds = 0.5
    /// Points per series Prometheus allows in one query_range; longer ranges are split.
    public var maxPointsPerQuery = 11_000

    /// Parses a URL, moving user-info into basic auth so it never appears in output.
    public init(url text: String) throws(PrometheusError) {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else {
            throw .invalidURL(PrometheusConnection.redact(text))
        }
        if let user = components.user {
            basicAuth = (user.removingPercentEncoding ?? user, components.password?.removingPercentEncoding ?? "")
        }
        components.user = nil
        components.password = nil
        while components.path.hasSuffix("/") { components.path.removeLast() }
        guard let url = components.url else { throw .invalidURL(PrometheusConnection.redact(text)) }
        baseURL = url
    }

    /// The URL for messages: scheme, host, port and path only.
    public var displayURL: String { baseURL.absoluteString }

    /// Removes user-info from a URL-like string (for error messages about bad URLs).
    public static func redact(_ text: String) -> String {
        // Everything before the last '@' of the authority may be credentials (a password may hold
        // an unescaped '@'; the scheme may be missing).
        let afterScheme = text.range(of: "://").map { text[$0.upperBound...] } ?? text[...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return text }
        let prefix = text.range(of: "://").map { String(text[..<$0.upperBound]) } ?? ""
        return prefix + "…@" + String(text[text.index(after: at)...])
    }
}

/// Everything that can go wrong talking to Prometheus, with what the user needs to fix it.
public enum PrometheusError: Error, Sendable, CustomStringConvertible {
    case invalidURL(String)
    /// No answer after the retries: connection refused, DNS, TLS, timeouts, 5xx, 429.
    case unavailable(url: String, reason: String, attempts: Int)
    /// 4xx: the query or the request is wrong.
    case rejected(url: String, status: Int, errorType: String?, message: String, query: String)
    /// A 200 answer whose body is not a Prometheus response.
    case undecodable(url: String, query: String, reason: String)
    /// A query that must return one series returned several.
    case multipleSeries(query: String, labels: [String])
    /// `status: error` in a 2xx answer.
    case apiError(url: String, errorType: String, message: String, query: String)
    /// A sample whose time is not a step end of the requested grid (e.g. a capture whose manifest
    /// names another step than its answers were taken at).
    case offGrid(query: String, timestamp: Int64, stepSeconds: Int64)

    public var description: String {
        switch self {
        case .invalidURL(let text):
            return "invalid Prometheus URL '\(text)'; use e.g. http://127.0.0.1:9090"
        case .unavailable(let url, let reason, let attempts):
            return "Prometheus at \(url) is unavailable after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
        case .rejected(let url, let status, let errorType, let message, let query):
            var text = "Prometheus at \(url) rejected the query (HTTP \(status)"
            if let errorType { text += ", \(errorType)" }
            text += "): \(message)\n  query: \(query)"
            if status == 401 || status == 403 {
                text += "\n  hint: check the credentials (--bearer-token-file, --basic-auth-file) and the tenant header"
            } else {
                text += "\n  hint: check the SLI query in the definition; try it in the Prometheus UI"
            }
            return text
        case .undecodable(let url, let query, let reason):
            return
                "Prometheus at \(url) sent a response that is not a Prometheus API answer: \(reason)\n  query: \(query)"
        case .multipleSeries(let query, let labels):
            return
                "the SLI query returned \(labels.count) series, expected one: \(labels.joined(separator: ", "))\n  query: \(query)\n  hint: aggregate it, e.g. sum(…)"
        case .apiError(let url, let errorType, let message, let query):
            return "Prometheus at \(url) answered with an error (\(errorType)): \(message)\n  query: \(query)"
        case .offGrid(let query, let timestamp, let step):
            return
                "a sample at \(timestamp) is not on the \(PromDuration(seconds: step)) step grid of the request\n  query: \(query)\n  hint: was the capture taken with another --step?"
        }
    }

    /// Whether the fault lies with the input (exit 65) rather than the server (exit 69).
    public var isInputProblem: Bool {
        switch self {
        case .rejected(_, let status, _, _, _): return status != 401 && status != 403
        case .undecodable, .multipleSeries, .apiError, .invalidURL, .offGrid: return true
        case .unavailable: return false
        }
    }
}

/// A blocking client for `/api/v1/query` and `/api/v1/query_range` (POST, form-encoded, so long
/// queries fit), with retries and automatic splitting of long ranges.
public final class PrometheusClient: @unchecked Sendable {
    public let connection: PrometheusConnection
    private let session: URLSession
    /// Requests made (for progress and tests).
    public private(set) var requestCount = 0

    public init(connection: PrometheusConnection) {
        self.connection = connection
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = connection.timeoutSeconds
        configuration.timeoutIntervalForResource = connection.timeoutSeconds
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Raw body of one query_range call (used by `capture`, which stores responses as they came).
    public func queryRangeBody(_ query: String, start: Int64, end: Int64, stepSeconds: Int64)
        throws(PrometheusError) -> [UInt8]
    {
        try post(
            path: "/api/v1/query_range",
            form: [("query", query), ("start", "\(start)"), ("end", "\(end)"), ("step", "\(stepSeconds)")],
            query: query)
    }

    /// The chunks a range is split into so that no request exceeds the points limit.
    public func chunks(start: Int64, end: Int64, stepSeconds: Int64) -> [(start: Int64, end: Int64)] {
        var result: [(Int64, Int64)] = []
        let span = Int64(max(1, connection.maxPointsPerQuery - 1)) * stepSeconds
        var from = start
        while from <= end {
            let to = min(end, from + span)
            result.append((from, to))
            from = to + stepSeconds
        }
        return result
    }

    /// query_range over `[start, end]` at `step`, split into chunks as needed; the result's series
    /// are merged by labels. Returns the decoded series.
    /// `progress` is told after each chunk how many steps of the range are done.
    public func queryRange(
        _ query: String, start: Int64, end: Int64, stepSeconds: Int64, progress: ((_ doneSteps: Int64) -> Void)? = nil
    ) throws(PrometheusError) -> [QueryResult.Series] {
        var answers: [[QueryResult.Series]] = []
        for chunk in chunks(start: start, end: end, stepSeconds: stepSeconds) {
            let body = try queryRangeBody(query, start: chunk.start, end: chunk.end, stepSeconds: stepSeconds)
            answers.append(try Self.decodeMatrix(body, url: connection.displayURL, query: query))
            progress?((chunk.end - start) / stepSeconds + 1)
        }
        return QueryResult.merge(answers)
    }

    /// Decodes a query_range body into its series, turning API errors into `PrometheusError`.
    public static func decodeMatrix(_ body: [UInt8], url: String, query: String) throws(PrometheusError)
        -> [QueryResult.Series]
    {
        let response: PrometheusResponse
        do {
            response = try ResponseDecoder.decode(body)
        } catch {
            throw .undecodable(url: url, query: query, reason: error.description)
        }
        switch response.status {
        case .error(let errorType, let message):
            throw .apiError(url: url, errorType: errorType, message: message, query: query)
        case .success(.matrix(let series)):
            return series
        case .success(let other):
            throw .undecodable(url: url, query: query, reason: "expected a matrix result, got \(other)")
        }
    }

    /// An instant query.
    public func query(_ query: String, at time: Int64) throws(PrometheusError) -> QueryResult {
        let body = try post(path: "/api/v1/query", form: [("query", query), ("time", "\(time)")], query: query)
        do {
            let response = try ResponseDecoder.decode(body)
            switch response.status {
            case .success(let result): return result
            case .error(let errorType, let message):
                throw PrometheusError.apiError(
                    url: connection.displayURL, errorType: errorType, message: message, query: query)
            }
        } catch let error as PrometheusError {
            throw error
        } catch {
            throw .undecodable(url: connection.displayURL, query: query, reason: "\(error)")
        }
    }

    // MARK: - HTTP

    private func post(path: String, form: [(String, String)], query: String) throws(PrometheusError) -> [UInt8] {
        var request = URLRequest(url: connection.baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("burnrate", forHTTPHeaderField: "User-Agent")
        if let token = connection.bearerToken {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        } else if let basic = connection.basicAuth {
            let encoded = Data("\(basic.user):\(basic.password)".utf8).base64EncodedString()
            request.setValue("Basic \(encoded)", forHTTPHeaderField: "Authorization")
        }
        for (name, value) in connection.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&").utf8)

        var attempt = 0
        var delay = connection.initialBackoffSeconds
        while true {
            attempt += 1
            requestCount += 1
            let outcome = perform(request)
            let retryable: String
            switch outcome {
            case .failure(let reason):
                retryable = reason
            case .response(let status, let body, let retryAfter):
                if (200..<300).contains(status) { return body }
                if status == 429 || status >= 500 {
                    retryable = "HTTP \(status)\(Self.errorSummary(body).map { ": \($0)" } ?? "")"
                    if let retryAfter { delay = max(delay, min(retryAfter, 10)) }
                } else {
                    let decoded = try? ResponseDecoder.decode(body)
                    var errorType: String?
                    var message = String(decoding: body.prefix(300), as: UTF8.self)
                    if case .error(let type, let text)? = decoded?.status {
                        errorType = type
                        message = text
                    }
                    throw .rejected(
                        url: connection.displayURL, status: status, errorType: errorType, message: message,
                        query: query)
                }
            }
            if attempt > connection.maxRetries {
                throw .unavailable(url: connection.displayURL, reason: retryable, attempts: attempt)
            }
            Thread.sleep(forTimeInterval: delay)
            delay *= 2
        }
    }

    private enum Outcome {
        case response(status: Int, body: [UInt8], retryAfter: Double?)
        case failure(String)
    }

    private final class ResultBox: @unchecked Sendable {
        var outcome: Outcome = .failure("no response")
    }

    private func perform(_ request: URLRequest) -> Outcome {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                // Never echo the request: only the transport's own description.
                box.outcome = .failure(Self.describe(error))
            } else if let http = response as? HTTPURLResponse {
                let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
                box.outcome = .response(status: http.statusCode, body: [UInt8](data ?? Data()), retryAfter: retryAfter)
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return box.outcome
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        switch nsError.code {
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorCannotFindHost: return "host not found"
        case NSURLErrorNetworkConnectionLost: return "connection lost"
        case NSURLErrorServerCertificateUntrusted, NSURLErrorSecureConnectionFailed:
            return "TLS failure (certificate not trusted? see --ca-file)"
        default: return nsError.localizedDescription
        }
    }

    private static func errorSummary(_ body: [UInt8]) -> String? {
        if case .error(let type, let message)? = (try? ResponseDecoder.decode(body))?.status {
            return "\(type): \(message)"
        }
        return nil
    }

    private static let formAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: formAllowed) ?? text
    }
}
