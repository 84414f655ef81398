#!/usr/bin/env python3
"""Check generate.py's exact counts against a real Prometheus serving the same data.

Usage: verify_prometheus.py --url URL --expected OUTDIR/expected.json [--tolerance 1e-9] [--verbose]

For every instant T and window W of expected.json it evaluates, at T,

  sum(increase(<errors selector>[W]))   and   sum(increase(<total selector>[W]))

and for every 5m step end e (one query_range from the first to the last step, step 300 s)

  sum(rate(<selector>[5m])) * 300

and, per instant and window with data, the SLI ratio as the rules write it,

  sum(rate(<errors selector>[W])) / sum(rate(<total selector>[W]))   against errors / total,

and compares them with the expected counts. It prints one line per comparison that differs by more
than --tolerance (relative; absolute when the expected count is 0), a summary of the largest
relative differences, and exits 1 when anything differs. With --verbose it prints every instant.

--period-report adds an informational table (never a failure): the period ratio computed the way
the generated rules do it, sum_over_time of 5m rates over the period, emulated with subqueries
[P:5m] and [P:1m] (rules evaluated every 5m / every 1m), against the exact errors(P) / total(P).
Start Prometheus with prometheus_harness.py first.
"""
import argparse
import json
import sys
import urllib.parse
import urllib.request


def query(url, path, params):
    with urllib.request.urlopen(f"{url}{path}?{urllib.parse.urlencode(params)}", timeout=120) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise SystemExit(f"query failed: {params}: {body}")
    return body["data"]


def instant_value(url, expr, t):
    data = query(url, "/api/v1/query", {"query": expr, "time": t})
    if data["resultType"] == "scalar":
        return float(data["result"][1])
    if not data["result"]:
        return None
    (sample,) = data["result"]
    return float(sample["value"][1])


def difference(got, want):
    if got is None:
        return float("inf")
    if want == 0:
        return abs(got)
    return abs(got - want) / abs(want)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--period-report", action="store_true")
    args = parser.parse_args(argv)
    url = args.url.rstrip("/")
    with open(args.expected) as f:
        expected = json.load(f)
    selectors = expected["selectors"]
    failures = 0
    worst = {}

    def record(kind, got, want, context):
        nonlocal failures
        d = difference(got, want)
        if d > worst.get(kind, (-1,))[0]:
            worst[kind] = (d, context, got, want)
        if d > args.tolerance:
            failures += 1
            print(f"DIFF {kind} {context}: prometheus {got!r}, expected {want}, rel {d:.3g}")

    for instant in expected["instants"]:
        t = instant["time"]
        for name, window in instant["windows"].items():
            for series in ("errors", "total"):
                got = instant_value(url, f"sum(increase({selectors[series]}[{name}]))", t)
                context = f"{instant['rfc3339']} {name} {series} (coverage {window['coverage']:.4f})"
                record(f"increase[W] {series}", got, window[series], context)
                if args.verbose:
                    print(f"{context}: prometheus {got!r}, expected {window[series]}")
            if window["total"]:
                got = instant_value(url, f"sum(rate({selectors['errors']}[{name}])) / "
                                         f"sum(rate({selectors['total']}[{name}]))", t)
                record("ratio rate[W]/rate[W]", got, window["errors"] / window["total"],
                       f"{instant['rfc3339']} {name}")

    steps = expected["steps"]
    first, last = steps[0][0], steps[-1][0]
    for series, column in (("errors", 1), ("total", 2)):
        data = query(url, "/api/v1/query_range", {"query": f"sum(rate({selectors[series]}[5m])) * 300",
                                                  "start": first, "end": last, "step": 300})
        got = {}
        if data["result"]:
            got = {int(round(float(ts))): float(v) for ts, v in data["result"][0]["values"]}
        for step in steps:
            record(f"rate[5m]*300 {series}", got.get(step[0]), step[column], f"step {step[0]}")
        # The same through instant queries, at the steps around every instant (spot check).
        for instant in expected["instants"]:
            for step in steps:
                if abs(step[0] - instant["time"]) <= 300:
                    value = instant_value(url, f"sum(rate({selectors[series]}[5m])) * 300", step[0])
                    record(f"instant rate[5m]*300 {series}", value, step[column], f"step {step[0]}")

    if args.period_report:
        period = expected["slo"]["period"]
        budget = expected["slo"]["error_budget_ratio"]
        print(f"period ratio as sum_over_time of 5m rates over {period}, as burn rates (informational):")
        for instant in expected["instants"]:
            window = instant["windows"][period]
            exact = window["errors"] / window["total"]
            cells = [f"{instant['rfc3339']} exact {exact / budget:.6f}"]
            for resolution in ("5m", "1m"):
                got = instant_value(url, f"sum_over_time((sum(rate({selectors['errors']}[5m])))[{period}:{resolution}]) / "
                                         f"sum_over_time((sum(rate({selectors['total']}[5m])))[{period}:{resolution}])",
                                    instant["time"])
                cells.append(f"[{period}:{resolution}] {got / budget:.6f} ({(got - exact) / exact:+.2e})")
            print("  " + "  ".join(cells))

    for kind, (d, context, got, want) in sorted(worst.items()):
        print(f"largest relative difference, {kind}: {d:.3g} at {context} (prometheus {got!r}, expected {want})")
    comparisons = len(expected["instants"]) * len(expected["windows"]) * 2 + len(steps) * 2
    print(f"{failures} of about {comparisons} comparisons differ by more than {args.tolerance:g}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
