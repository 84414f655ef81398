#!/usr/bin/env python3
"""Fake Prometheus HTTP API for fault tests of Burnrate's Prometheus client (stdlib only).

Binds 127.0.0.1 on a free port, prints ONE JSON line {"url": "http://127.0.0.1:PORT", "pid": PID}
to stdout, then serves until SIGTERM/SIGINT or until --max-seconds (default 120) have passed.
Serves GET and POST (form-encoded) .../api/v1/query_range and .../api/v1/query under any path
prefix (e.g. /prometheus for Mimir). Nothing else is written to stdout; stderr stays silent unless
--verbose, so a parent that never drains the pipes cannot block the server.

Modes (--mode):
  ok               query_range: one series {} with a point per step from start to end inclusive,
                   value --value (default "1"); query: a vector of one sample at `time` (default now)
  flaky            the first --fail-count (default 2) requests get 500 errorType "internal",
                   then behaves like ok
  always-500       500 {"errorType":"internal"}
  always-503       503 {"errorType":"unavailable"}
  always-429       429 {"errorType":"too_many_requests"} with header Retry-After: 1
  bad-data         400 {"errorType":"bad_data","error":"1:10: parse error: unexpected character"}
  garbage          200 text/html body "<html>not json</html>"
  truncated        200 with the ok body cut in the middle (Content-Length matches the cut body)
  slow             sleeps --delay seconds (default 30) and then answers like ok
  too-many-points  400 bad_data "exceeded maximum resolution of 11,000 points per timeseries..."
                   when a range has more than --max-points points, (end-start)/step+1 > 11000 by
                   default, else like ok. Real Prometheus tests (end-start)/step > 11000 and so
                   accepts 11001 points; --max-points 11001 imitates it exactly
  multi-series     two series {code="200"} (value --value) and {code="500"} (value "0")
  nan              range values cycle "NaN", "+Inf", "-Inf", --value; instant value is "NaN"
  auth             needs "Authorization: Bearer <--token>", else 401 errorType "unauthorized"

In the modes that answer with data, bad start/end/step/time/query give Prometheus' own 400
bad_data errors, and more than 1,000,000 points give 422 "execution" (a safety cap).
In every mode, --warning TEXT (repeatable) adds "warnings" to success bodies, and --log FILE gets
one JSON line per request, written before the response is sent (and before slow's sleep): seq,
time, mode, method, path, query (URL args), form (body args, read only when Content-Type is
application/x-www-form-urlencoded, as in Go), args (merged, body wins as in Go), headers (names
lower-cased, repeats joined with ", "), status.
Timestamps are JSON numbers in Prometheus' own format (seconds, "1700000000" or "1700000000.500").
"""
import argparse, json, os, re, signal, sys, threading, time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SAFETY_MAX_POINTS = 1_000_000   # keeps a runaway client from making the fake build huge bodies
DUR_RE = re.compile(r"^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$")
DUR_MS = [365 * 86400000, 7 * 86400000, 86400000, 3600000, 60000, 1000, 1]


class BadData(Exception):
    pass


def parse_time_ms(name, s):
    """Unix seconds (float) or RFC3339 -> integer milliseconds, like Prometheus' parseTime."""
    try:
        return round(float(s) * 1000)
    except ValueError:
        pass
    try:
        return round(datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        raise BadData(f'invalid parameter "{name}": cannot parse "{s}" to a valid timestamp')


def parse_duration_ms(name, s):
    """Float seconds or a Prometheus duration (1h30m, 5m, 250ms) -> integer milliseconds."""
    try:
        return round(float(s) * 1000)
    except ValueError:
        pass
    m = DUR_RE.match(s)
    if not s or not m:
        raise BadData(f'invalid parameter "{name}": cannot parse "{s}" to a valid duration')
    return sum(int(g) * unit for g, unit in zip(m.groups(), DUR_MS) if g)


def fmt_ts(ms):
    """Prometheus' marshalTimestamp: whole seconds, plus exactly 3 decimals if there is a fraction."""
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    return f"{sign}{ms // 1000}" + (f".{ms % 1000:03d}" if ms % 1000 else "")


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"))   # compact, as Prometheus writes it


def error_body(error_type, message):
    return dumps({"status": "error", "errorType": error_type, "error": message})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakePrometheus/1.0"

    def log_message(self, fmt, *args):
        if self.server.opts.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        self.handle_api()

    def do_POST(self):
        self.handle_api()

    def handle_api(self):
        opts = self.server.opts
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        form = {}
        if "application/x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            form = dict(parse_qsl(raw_body.decode("utf-8", "replace"), keep_blank_values=True))
        args = {**query, **form}
        headers = {}
        for k, v in self.headers.items():
            k = k.lower()
            headers[k] = f"{headers[k]}, {v}" if k in headers else v
        with self.server.lock:
            self.server.seq += 1
            seq = self.server.seq
        status, extra_headers, ctype, body = self.respond(url.path, args, seq)
        if opts.log:
            entry = {"seq": seq, "time": round(time.time(), 3), "mode": opts.mode,
                     "method": self.command, "path": url.path, "query": query, "form": form,
                     "args": args, "headers": headers, "status": status}
            with self.server.lock, open(opts.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
        if opts.mode == "slow":
            time.sleep(opts.delay)
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            for k, v in extra_headers:
                self.send_header(k, v)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):   # client gave up (e.g. timeout test)
            self.close_connection = True

    def respond(self, path, args, seq):
        """Returns (status, extra headers, content type, body) for one request."""
        opts, js = self.server.opts, "application/json"
        is_range = path.endswith("/api/v1/query_range")
        if not is_range and not path.endswith("/api/v1/query"):
            return 404, [], "text/plain; charset=utf-8", "404 page not found\n"
        mode = opts.mode
        if mode == "auth" and self.headers.get("Authorization") != f"Bearer {opts.token}":
            return (401, [("WWW-Authenticate", 'Bearer realm="fakeprom"')], js,
                    error_body("unauthorized", "missing or invalid bearer token"))
        if mode == "flaky" and seq <= opts.fail_count:
            return 500, [], js, error_body("internal", "simulated failure")
        if mode == "always-500":
            return 500, [], js, error_body("internal", "simulated failure")
        if mode == "always-503":
            return 503, [], js, error_body("unavailable", "simulated unavailability")
        if mode == "always-429":
            return (429, [("Retry-After", "1")], js,
                    error_body("too_many_requests", "too many outstanding requests"))
        if mode == "bad-data":
            return 400, [], js, error_body("bad_data", "1:10: parse error: unexpected character")
        if mode == "garbage":
            return 200, [], "text/html; charset=utf-8", "<html>not json</html>"
        try:
            body = self.success_body(is_range, args, mode)
        except BadData as e:
            return 400, [], js, error_body("bad_data", str(e))
        if body is None:
            return 422, [], js, error_body("execution", "query processing would load too many "
                                           "samples into memory in query execution")
        if mode == "truncated":
            body = body[: len(body) // 2]
        return 200, [], js, body

    def success_body(self, is_range, args, mode):
        opts = self.server.opts
        if not args.get("query", "").strip():
            raise BadData('invalid parameter "query": 1:1: parse error: no expression found in input')
        if mode == "multi-series":
            series = [({"code": "200"}, lambda k: opts.value), ({"code": "500"}, lambda k: "0")]
        elif mode == "nan":
            cycle = ["NaN", "+Inf", "-Inf", opts.value]
            series = [({}, lambda k: cycle[k % 4] if is_range else "NaN")]
        else:
            series = [({}, lambda k: opts.value)]
        if is_range:
            for name in ("start", "end", "step"):
                if name not in args:
                    raise BadData(f'invalid parameter "{name}": cannot parse "" to a valid '
                                  + ("duration" if name == "step" else "timestamp"))
            start, end = parse_time_ms("start", args["start"]), parse_time_ms("end", args["end"])
            step = parse_duration_ms("step", args["step"])
            if end < start:
                raise BadData('invalid parameter "end": end timestamp must not be before start time')
            if step <= 0:
                raise BadData('invalid parameter "step": zero or negative query resolution step '
                              "widths are not accepted. Try a positive integer")
            points = (end - start) // step + 1
            if mode == "too-many-points" and points > opts.max_points:
                raise BadData("exceeded maximum resolution of 11,000 points per timeseries. "
                              "Try decreasing the query resolution (?step=XX)")
            if points > SAFETY_MAX_POINTS:
                return None
            items = []
            for labels, value in series:
                vals = ",".join(f'[{fmt_ts(start + k * step)},{dumps(value(k))}]' for k in range(points))
                items.append(f'{{"metric":{dumps(labels)},"values":[{vals}]}}')
            rtype = "matrix"
        else:
            t = parse_time_ms("time", args["time"]) if args.get("time") else round(time.time() * 1000)
            items = [f'{{"metric":{dumps(labels)},"value":[{fmt_ts(t)},{dumps(value(0))}]}}'
                     for labels, value in series]
            rtype = "vector"
        warnings = f',"warnings":{dumps(opts.warning)}' if opts.warning else ""
        return f'{{"status":"success","data":{{"resultType":"{rtype}","result":[{",".join(items)}]}}{warnings}}}'


MODES = ["ok", "flaky", "always-500", "always-503", "always-429", "bad-data", "garbage",
         "truncated", "slow", "too-many-points", "multi-series", "nan", "auth"]


def main():
    p = argparse.ArgumentParser(description="Fake Prometheus HTTP API for fault tests.")
    p.add_argument("--mode", choices=MODES, default="ok")
    p.add_argument("--value", default="1", help='sample value string (default "1")')
    p.add_argument("--fail-count", type=int, default=2, help="flaky: failing requests (default 2)")
    p.add_argument("--delay", type=float, default=30.0, help="slow: seconds to sleep (default 30)")
    p.add_argument("--max-points", type=int, default=11000, help="too-many-points: limit (default 11000)")
    p.add_argument("--token", help="auth: expected bearer token")
    p.add_argument("--warning", action="append", default=[], help="add to success bodies' warnings")
    p.add_argument("--log", help="append one JSON line per request to this file")
    p.add_argument("--max-seconds", type=float, default=120.0, help="exit after this long (default 120)")
    p.add_argument("--verbose", action="store_true", help="access log on stderr")
    opts = p.parse_args()
    if opts.mode == "auth" and not opts.token:
        p.error("--mode auth needs --token")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.opts, server.lock, server.seq = opts, threading.Lock(), 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=lambda: (time.sleep(opts.max_seconds), os._exit(0)), daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}", "pid": os.getpid()}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
