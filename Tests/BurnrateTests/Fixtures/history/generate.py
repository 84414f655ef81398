#!/usr/bin/env python3
"""Deterministic synthetic request history for Burnrate's history, engine and ingest tests.

Usage: generate.py OUTDIR [--days 8] [--start UNIX] [--initial-value N]

Writes three files into OUTDIR (created if missing):

  data.om        OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: the counters
                 http_requests_total{job="burnrate-hist",code="200"} and {...,code="500"}, one sample
                 every 60 s from --start to --start + --days (both ends included), ending in `# EOF`.
  slo.yaml       a burnrate/v1 spec for this data: hist/availability, 99.9 %, period 7d.
  expected.json  exact counts computed from the generated increments (never from PromQL).

Definitions (every time is unix seconds, UTC):

  sample         one (timestamp, value) per series per minute, timestamps start + 60·i.
  increment      of the sample at t > start: value(t) − value(t − 60), or value(t) when the counter
                 dropped at t (a reset: the process restarted and counted from 0, so Prometheus'
                 rate()/increase() see the post-reset value as the increment). The sample at
                 `start` has no predecessor and no increment, so increments are at start+60 … end.
  window W at T  the increments with timestamp in (T − W, T]: left-open, right-closed.
  errors, total  sums of the code="500" increments, and of the increments of both series.
  step           (e − 300, e] for a step end e aligned to 300 s. A step "has data" iff it holds at
                 least one increment timestamp; with one increment a minute that is start < e and
                 e − 300 < end, i.e. start + 300 <= e <= end.
  coverage       of W at T: (steps of the window that have data) / (W / 300). The W / 300 steps of
                 the window are (T − W + 300(i − 1), T − W + 300i], i = 1 … W/300.

expected.json (all counts are integers; every key is always present):

  {
    "format": "burnrate-history-fixture/v1",
    "start": 1767225600, "end": 1767916800,        # first and last sample
    "sample_interval_seconds": 60, "step_seconds": 300,
    "seed": 20260101, "initial_value": 0,
    "selectors": {"errors": "<PromQL selector>", "total": "<PromQL selector>"},
    "slo": {"id": "hist/availability", "objective_ratio": 0.999, "error_budget_ratio": 0.001,
            "period": "7d", "period_seconds": 604800},
    "windows": {"5m": 300, "30m": 1800, "1h": 3600, "2h": 7200, "6h": 21600, "1d": 86400,
                "3d": 259200, "7d": 604800},
    "policy": [{"short": "5m", "long": "1h", "budget_percent": 2, "severity": "page",
                "factor": 3.36, "factor_fraction": "84/25"}, ...],        # factor = share·P/long
    "incidents": [{"name": "counter-reset", "at": T, "rfc3339": "...", ...},
                  {"name": "fast-burn", "from": T0, "to": T1, "error_ratio": 0.02,
                   "burn_rate": 20.0, ...}, ...],                         # increments in (from, to]
    "instants": [
      {"time": T, "rfc3339": "2026-01-07T14:15:00Z", "label": "...",
       "windows": {"5m": {"errors": 0, "total": 0, "steps": 1, "steps_with_data": 1,
                          "coverage": 1.0, "burn_rate": 0.0 | null}, ...},
       "firing": ["1h/5m", ...]}                                          # default 7d policy
    ],
    "steps": [[step_end, errors, total], ...],   # every step end start+300 … end, ascending
    "alert_timeline": {"from": T, "to": T, "ties": [],
                       "pairs": {"1h/5m": [[first_firing_step_end, last_firing_step_end], ...]}}
  }

burn_rate is errors / total / 0.001 (null when total is 0). "firing" and "alert_timeline" use
exact rational arithmetic: a pair fires at T when both of its windows have errors/total/0.001 >
factor. alert_timeline evaluates every step end from start + 3d (the longest pair window is
fully covered) to end; "ties" lists any (time, window, pair) whose burn rate equals the factor
exactly, where a float implementation may go either way (none with the default arguments).

The data is a pure function of the arguments: a seeded splitmix64 generator (no library RNG,
no floating point), so every run and every platform writes the same bytes.
"""
import argparse
import json
import os
import sys
import time
from fractions import Fraction

SEED = 20260101
DEFAULT_START = 1767225600  # 2026-01-01T00:00:00Z
MINUTE, STEP, HOUR, DAY = 60, 300, 3600, 86400
JOB = "burnrate-hist"
ERRORS_SELECTOR = f'http_requests_total{{job="{JOB}",code="500"}}'
TOTAL_SELECTOR = f'http_requests_total{{job="{JOB}"}}'
WINDOWS = [("5m", 300), ("30m", 1800), ("1h", 3600), ("2h", 7200), ("6h", 21600), ("1d", 86400),
           ("3d", 259200), ("7d", 604800)]
WINDOW_SECONDS = dict(WINDOWS)
OBJECTIVE = Fraction(999, 1000)
BUDGET = 1 - OBJECTIVE
PERIOD = "7d"
PERIOD_SECONDS = 7 * DAY
# The default policy (SRE workbook): (short, long, budget percent, severity).
POLICY = [("5m", "1h", 2, "page"), ("30m", "6h", 5, "page"), ("2h", "1d", 10, "ticket"),
          ("6h", "3d", 10, "ticket")]

# Error ratios in units of 1/100000 (so 10 = 0.01 %).
PER_100K = 100000
BASELINE_RATIO = 10        # 0.01 %: burn 0.1, below every factor of a 7d period (lowest 0.2333)
FAST_RATIO = 2000          # 2 %: burn 20
SLOW_RATIO = 300           # 0.3 %: burn 3

# Incidents, as offsets from start. Burns cover the increments with timestamps in (from, to].
RESET_AT = 5 * DAY + 10 * HOUR                     # 2026-01-06T10:00Z, on a step end on purpose
RESET_ERRORS = 3                                    # errors in the restart minute (never 0, see below)
FAST_FROM, FAST_TO = 6 * DAY + 14 * HOUR, 6 * DAY + 15 * HOUR + 30 * MINUTE   # 90 min
SLOW_FROM, SLOW_TO = 7 * DAY + 2 * HOUR, 7 * DAY + 12 * HOUR                  # 10 h


class SplitMix64:
    """splitmix64: tiny, portable, and independent of Python's random module."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, n):
        """An integer in [0, n) (the modulo bias for n <= 2^17 is below 1e-14: irrelevant)."""
        return self.next() % n


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def ratio_at(offset):
    """Error ratio (per 100000) of the increment at `offset` seconds after start."""
    if FAST_FROM < offset <= FAST_TO:
        return FAST_RATIO
    if SLOW_FROM < offset <= SLOW_TO:
        return SLOW_RATIO
    return BASELINE_RATIO


def requests_at(offset, rng):
    """Requests in the minute ending at `offset`: a daily triangle, 700 at 00:00 UTC and 1300 at
    12:00 (mean 1000), plus an integer jitter in [-20, 20]."""
    minute_of_day = (offset % DAY) // MINUTE
    distance = abs(minute_of_day - 720)
    return 700 + (720 - distance) * 600 // 720 + rng.below(41) - 20


def generate_increments(days):
    """Per-minute increments at offsets 60 … days·86400: (offset, errors, total), all integers.
    Errors are dithered so that their expectation is exactly total · ratio: floor(total · ratio + u)
    with u uniform on a 1/100000 grid in [0, 1)."""
    rng = SplitMix64(SEED)
    rows = []
    for offset in range(MINUTE, days * DAY + 1, MINUTE):
        total = requests_at(offset, rng)
        errors = (total * ratio_at(offset) + rng.below(PER_100K)) // PER_100K
        if offset == RESET_AT:
            # The restart minute fails a few requests, so the reset increment of the error series
            # is not 0 (a reader that dropped the increment at a reset would otherwise go unseen).
            errors = RESET_ERRORS
        rows.append((offset, errors, total))
    return rows


def counter_values(increments, initial, reset_offset):
    """Cumulative values of the two counters at every sample (offset 0 first). At the reset
    sample each counter restarts from 0 plus that minute's increment."""
    ok, err = [initial], [initial]
    for offset, errors, total in increments:
        if offset == reset_offset:
            ok.append(total - errors)
            err.append(errors)
        else:
            ok.append(ok[-1] + total - errors)
            err.append(err[-1] + errors)
    return ok, err


def write_openmetrics(path, start, ok, err):
    lines = ["# HELP http_requests Requests served by burnrate-hist (synthetic).",
             "# TYPE http_requests counter"]
    for code, values in (("200", ok), ("500", err)):
        name = f'http_requests_total{{job="{JOB}",code="{code}"}}'
        lines.extend(f"{name} {v} {start + i * MINUTE}" for i, v in enumerate(values))
    lines.append("# EOF")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


SLO_YAML = f"""\
# Written by Tests/BurnrateTests/Fixtures/history/generate.py for its synthetic data (see README.md).
version: burnrate/v1
service: hist
slos:
  - name: availability
    objective: 99.9
    period: 7d
    sli:
      events:
        error_query: sum(rate(http_requests_total{{job="{JOB}",code="500"}}[{{{{.window}}}}]))
        total_query: sum(rate(http_requests_total{{job="{JOB}"}}[{{{{.window}}}}]))
    alerting:
      name: HistBurn
"""


class History:
    """Prefix sums over the per-step counts, for O(1) window sums."""

    def __init__(self, start, end, increments):
        """`increments`: (offset from start, errors, total)."""
        self.start, self.end = start, end
        step_count = (end - start) // STEP
        self.steps = []          # [step_end, errors, total]
        errors = [0] * step_count
        totals = [0] * step_count
        for offset, e, t in increments:
            index = (offset - 1) // STEP           # offset in (300·index, 300·(index + 1)]
            errors[index] += e
            totals[index] += t
        self.prefix_errors, self.prefix_total = [0], [0]
        for i in range(step_count):
            self.steps.append([start + (i + 1) * STEP, errors[i], totals[i]])
            self.prefix_errors.append(self.prefix_errors[-1] + errors[i])
            self.prefix_total.append(self.prefix_total[-1] + totals[i])

    def _index(self, t):
        """Number of step ends <= t that have data, clamped to the data range."""
        return max(0, min(len(self.steps), (t - self.start) // STEP))

    def window(self, t, seconds):
        lo, hi = self._index(t - seconds), self._index(t)
        return self.prefix_errors[hi] - self.prefix_errors[lo], self.prefix_total[hi] - self.prefix_total[lo], hi - lo


def factor(budget_percent, long_name):
    return Fraction(budget_percent, 100) * PERIOD_SECONDS / WINDOW_SECONDS[long_name]


def exceeds(errors, total, f):
    """errors / total / budget > f, exactly; returns (exceeds, tie)."""
    if total == 0:
        return False, False
    burn = Fraction(errors, total) / BUDGET
    return burn > f, burn == f


def firing_pairs(history, t, ties=None):
    result = []
    for short, long, percent, _ in POLICY:
        f = factor(percent, long)
        both = True
        for name in (short, long):
            e, tot, _ = history.window(t, WINDOW_SECONDS[name])
            above, tie = exceeds(e, tot, f)
            if tie and ties is not None:
                ties.append([t, name, f"{long}/{short}"])
            both = both and above
        if both:
            result.append(f"{long}/{short}")
    return result


def window_entry(history, t, seconds):
    errors, total, with_data = history.window(t, seconds)
    steps = seconds // STEP
    return {"errors": errors, "total": total, "steps": steps, "steps_with_data": with_data,
            "coverage": with_data / steps,
            "burn_rate": None if total == 0 else float(Fraction(errors, total) / BUDGET)}


def alert_timeline(history, start, end):
    begin = start + 3 * DAY
    ties = []
    spans = {f"{l}/{s}": [] for s, l, _, _ in POLICY}
    active = {}
    for t in range(begin, end + 1, STEP):
        now = set(firing_pairs(history, t, ties))
        for pair in spans:
            if pair in now:
                if pair not in active:
                    active[pair] = t
                    spans[pair].append([t, t])
                spans[pair][-1][1] = t
            else:
                active.pop(pair, None)
    return {"from": begin, "to": end, "ties": ties, "pairs": spans}


def choose_instants(history, start, end):
    """The evaluation instants: fixed points of the timeline, plus the first step of each burn at
    which the 1h/5m (fast) or 6h/30m (slow) page fires and the step before it."""
    def first_firing(pair, lo, hi):
        for t in range(lo, hi + 1, STEP):
            if pair in firing_pairs(history, t):
                return t
        return None

    points = [
        (start + HOUR, "1h after the first sample: windows from 2h up are partly covered"),
        (start + DAY, "day 1 ends: baseline, 1d covered"),
        (start + 3 * DAY, "baseline, every alert window (up to 3d) fully covered"),
        (start + RESET_AT - STEP, "5 min before the counter reset: no reset in any window"),
        (start + RESET_AT, "the counter reset: the last sample of every window is the post-reset value"),
        (start + RESET_AT + STEP, "just after the reset: the 5m range starts at the reset sample (its increment "
                                  "is outside (T-5m, T]); every longer window holds the drop"),
        (start + RESET_AT + HOUR, "1h after the reset: the 1h range starts at the reset sample"),
        (start + FAST_FROM, "fast burn begins (no burn increment yet)"),
        (start + FAST_TO, "fast burn ends (90 burn minutes in every window from 2h)"),
        (start + FAST_TO + HOUR, "1h after the fast burn: 5m and 1h back to baseline"),
        (start + 7 * DAY, "7d fully covered for the first time"),
        (start + SLOW_FROM, "slow burn begins (no burn increment yet)"),
        (start + SLOW_TO, "slow burn ends (10 burn hours)"),
        (start + 8 * DAY, "8d after the first sample: the end of the default range"),
    ]
    fast = first_firing("1h/5m", start + FAST_FROM, start + FAST_TO)
    if fast is not None:
        points += [(fast - STEP, "fast burn: 5m above 3.36x but the 1h/5m page not yet firing"),
                   (fast, "fast burn: first step at which the 1h/5m page fires")]
    slow = first_firing("6h/30m", start + SLOW_FROM, start + SLOW_TO)
    if slow is not None:
        points += [(slow - STEP, "slow burn: the 6h/30m page not yet firing"),
                   (slow, "slow burn: first step at which the 6h/30m page fires")]
    points.append((end, "the last sample"))
    points = sorted({t: label for t, label in points if start < t <= end}.items())
    return points


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--days", type=int, default=8, help="days of data (default 8)")
    parser.add_argument("--start", type=int, default=DEFAULT_START,
                        help=f"unix seconds of the first sample, a multiple of 300 (default {DEFAULT_START})")
    parser.add_argument("--initial-value", type=int, default=0,
                        help="value of both counters at the first sample (default 0; see README: a non-zero "
                             "value makes Prometheus extrapolate windows that reach before the data)")
    args = parser.parse_args(argv)
    if args.start % STEP:
        parser.error(f"--start must be a multiple of {STEP}, found {args.start}")
    if args.days < 1:
        parser.error(f"--days must be at least 1, found {args.days}")
    if args.initial_value < 0:
        parser.error(f"--initial-value must be >= 0, found {args.initial_value}")

    start, end = args.start, args.start + args.days * DAY
    os.makedirs(args.outdir, exist_ok=True)
    increments = generate_increments(args.days)
    reset = RESET_AT if RESET_AT <= args.days * DAY else None
    ok, err = counter_values(increments, args.initial_value, reset)
    write_openmetrics(os.path.join(args.outdir, "data.om"), start, ok, err)
    with open(os.path.join(args.outdir, "slo.yaml"), "w") as f:
        f.write(SLO_YAML)

    history = History(start, end, increments)
    incidents = []
    if reset is not None:
        i = reset // MINUTE
        incidents.append({"name": "counter-reset", "at": start + reset, "rfc3339": rfc3339(start + reset),
                          "errors_before": err[i - 1], "errors_after": err[i],
                          "ok_before": ok[i - 1], "ok_after": ok[i],
                          "note": "both series restart; the increment at 'at' is the post-reset value"})
    for name, lo, hi, ratio in (("fast-burn", FAST_FROM, FAST_TO, FAST_RATIO),
                                ("slow-burn", SLOW_FROM, SLOW_TO, SLOW_RATIO)):
        if hi <= args.days * DAY:
            errors = sum(e for o, e, _ in increments if lo < o <= hi)
            total = sum(t for o, _, t in increments if lo < o <= hi)
            incidents.append({"name": name, "from": start + lo, "to": start + hi,
                              "from_rfc3339": rfc3339(start + lo), "to_rfc3339": rfc3339(start + hi),
                              "error_ratio": ratio / PER_100K, "burn_rate": float(Fraction(ratio, PER_100K) / BUDGET),
                              "errors": errors, "total": total})
    instants = []
    for t, label in choose_instants(history, start, end):
        instants.append({"time": t, "rfc3339": rfc3339(t), "label": label,
                         "windows": {name: window_entry(history, t, s) for name, s in WINDOWS},
                         "firing": firing_pairs(history, t)})
    policy = []
    for short, long, percent, severity in POLICY:
        f = factor(percent, long)
        policy.append({"short": short, "long": long, "budget_percent": percent, "severity": severity,
                       "factor": float(f), "factor_fraction": str(f)})
    expected = {
        "format": "burnrate-history-fixture/v1",
        "start": start, "end": end, "start_rfc3339": rfc3339(start), "end_rfc3339": rfc3339(end),
        "sample_interval_seconds": MINUTE, "step_seconds": STEP,
        "seed": SEED, "initial_value": args.initial_value,
        "selectors": {"errors": ERRORS_SELECTOR, "total": TOTAL_SELECTOR},
        "slo": {"id": "hist/availability", "objective_ratio": float(OBJECTIVE),
                "error_budget_ratio": float(BUDGET), "period": PERIOD, "period_seconds": PERIOD_SECONDS},
        "windows": dict(WINDOWS),
        "policy": policy,
        "incidents": incidents,
        "instants": instants,
        "steps": history.steps,
        "alert_timeline": alert_timeline(history, start, end) if args.days >= 3 else None,
    }
    # One step per line: readable, and 2,304 steps stay about 100 KB.
    steps = expected.pop("steps")
    text = json.dumps(expected, indent=1)
    rows = ",\n".join("  " + json.dumps(row) for row in steps)
    text = text[:-2] + ',\n "steps": [\n' + rows + "\n ]\n}\n"
    with open(os.path.join(args.outdir, "expected.json"), "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
