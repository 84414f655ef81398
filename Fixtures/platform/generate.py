#!/usr/bin/env python3
"""Deterministic synthetic metrics of the esports.jobs platform, for every SLO in slos/.

Usage: generate.py OUTDIR [--days 8]
       generate.py - --list-incidents

Writes OUTDIR/data.om (created if missing): OpenMetrics text for
`promtool tsdb create-blocks-from openmetrics`, one sample a minute from 2026-01-01T00:00:00Z
(unix 1767225600) to start + --days (both ends included), ending in `# EOF`. It holds every series
the SLO queries of slos/*.yaml and slos/sloth/*.yaml read, plus a few neighbours the selectors
must leave out (other handlers, another probe):

  http_requests_total{job, handler, method, code}        counters: xp-api, job-search,
                                                         applications, xp-leaderboard
  http_request_duration_seconds_{bucket,count,sum}       classic histograms {job, handler[, le]}:
                                                         xp-api (le 0.3), job-search (le 0.5),
                                                         xp-leaderboard (le 0.25)
  xp_events_ingested_total{job, source}                  counter
  xp_events_failed_total{job, reason}                    counter; a series exists only from its
                                                         first failure (as client libraries do)
  xp_event_ingest_duration_seconds_{bucket,count,sum}    histogram {job[, le]} (le 2.5)
  probe_success{job="blackbox", instance}                gauge, 0 or 1

Every counter is an integer that starts at 0 (or at its first value, for a series that appears
later, and after the xp-events restart, which resets that service's counters), except the
histograms' `_sum`, which is a whole number of milliseconds printed in seconds. The samples are at
start + 60·i, so the increment "of minute i" is the one at that timestamp.

Traffic follows a daily cycle (UTC; trough about 05:00, peak about 20:00, European evening), a
per-day factor (New Year's Day and the weekend of 3-4 January are busier) and a small jitter, plus
a tournament final on 7 January 17:30-21:30. Baselines burn every error budget at 0.05-0.4x.
The incidents are in INCIDENTS below and in README.md next to this file.

Random numbers come from splitmix64, one stream per series family seeded from SEED and its name,
not from Python's `random`, and no floating point is involved: every run and every platform
writes the same bytes. Python 3 standard library only.
"""
import argparse
import os
import sys
import time

SEED = 20260101
START = 1767225600  # 2026-01-01T00:00:00Z, a Thursday
MINUTE, HOUR, DAY = 60, 3600, 86400
PPM = 1_000_000


class SplitMix64:
    """splitmix64: tiny, portable, and independent of Python's random module."""

    MASK = (1 << 64) - 1

    def __init__(self, name):
        h = 0xCBF29CE484222325  # FNV-1a of the stream name, mixed with the seed
        for byte in name.encode():
            h = ((h ^ byte) * 0x100000001B3) & self.MASK
        self.state = (SEED ^ h) & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, n):
        """An integer in [0, n) (modulo bias below 1e-12 for the n used here: irrelevant)."""
        return self.next() % n


def minute(day, hh, mm=0):
    """Sample index of day `day` (0 = 2026-01-01) at hh:mm UTC."""
    return (day * DAY + hh * HOUR + mm * MINUTE) // MINUTE


def rfc3339(index):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(START + index * MINUTE))


# --- Incidents. Minute ranges are (from, to]: the increments (or probe samples) at sample
# indices from+1 … to, i.e. the minutes that end after `from` and no later than `to`. -------------
INCIDENTS = [
    {"name": "healthz-outage", "from": minute(4, 3, 10), "to": minute(4, 3, 20),
     "slos": ["xp-api/healthz-probe-availability", "xp-api/readyz-probe-availability"],
     "what": "The edge load balancer serves an expired TLS certificate after a botched rotation: "
             "every blackbox probe of /healthz and /readyz fails for 10 minutes. Clients cannot "
             "connect either, so xp-api's own metrics only show traffic dropping to 10 %, no errors."},
    {"name": "xp-events-restart", "from": minute(4, 10, 0) - 1, "to": minute(4, 10, 0),
     "slos": [],
     "what": "Routine deploy of xp-events: the process restarts, all its counters reset to 0 and "
             "its xp_events_failed_total series disappear until the next failure. No SLO impact."},
    {"name": "leaderboard-cache-failover", "from": minute(4, 14, 0), "to": minute(4, 14, 40),
     "slos": ["xp-api/readyz-probe-availability", "xp-leaderboard/requests-availability",
              "xp-leaderboard/requests-latency"],
     "what": "The leaderboard cache (Redis) fails over and flaps: /readyz fails half of its "
             "probes, xp-leaderboard answers 1.2 % 5xx and 6 % of its requests take over 250 ms."},
    {"name": "xp-events-ledger-conflicts", "from": minute(5, 1, 0), "to": minute(5, 6, 30),
     "slos": ["xp-events/ingestion-availability", "xp-events/ingestion-latency"],
     "what": "A ledger schema migration makes 6 % of XP events fail with "
             "reason=\"ledger_conflict\" (dead-lettered) for 5.5 hours of the night; the retries "
             "slow 4 % of the others past 2.5 s, and 10 % while the backlog drains (06:30-07:00)."},
    {"name": "xp-api-bad-deploy", "from": minute(5, 19, 30), "to": minute(5, 20, 15),
     "slos": ["xp-api/requests-availability", "xp-api/requests-latency"],
     "what": "xp-api v2.14 exhausts its database connection pool at the evening peak: 3.5 % of "
             "GET and 2 % of POST requests fail (mostly 503) and 5 % take over 300 ms, for 45 "
             "minutes until the rollback."},
    {"name": "tournament-final", "from": minute(6, 17, 30), "to": minute(6, 21, 30),
     "slos": [],
     "what": "Season final: xp-api, xp-leaderboard and xp-events see 40 % more traffic, and "
             "leaderboard latency rises a little (still within its SLO)."},
    {"name": "job-search-degradation", "from": minute(6, 12, 0), "to": None,
     "slos": ["job-search/search-latency"],
     "what": "After a rebuild of the jobs index, a slow query plan creeps in: the share of "
             "searches slower than 500 ms grows from 0.2 % to 3.4 % by 8 January 00:00 and stays "
             "there (worse under load) until the end of the data. Never a page; the tickets open."},
    {"name": "applications-db-failover", "from": minute(7, 3, 40), "to": minute(7, 4, 0),
     "slos": ["applications/submit-availability"],
     "what": "A planned database failover at night goes wrong: 40 % of application submissions "
             "fail (503/500) for 20 minutes, while only about 1.5 submissions a minute arrive."},
]
INCIDENT = {incident["name"]: incident for incident in INCIDENTS}


def during(name, i):
    incident = INCIDENT[name]
    return incident["from"] < i and (incident["to"] is None or i <= incident["to"])


# --- Load. -----------------------------------------------------------------------------------
# Per-mille of the mean-ish level at hh:00 UTC, interpolated linearly within the hour.
DIURNAL = [760, 620, 480, 380, 320, 300, 330, 420, 540, 660, 760, 840,
           900, 950, 1000, 1060, 1150, 1270, 1400, 1500, 1520, 1430, 1220, 980]
# Per-mille by day at 00:00 UTC (Thu 1 Jan … Fri 9 Jan), interpolated across the day.
DAY_FACTOR = [1080, 1000, 1150, 1180, 960, 980, 1000, 990, 1000, 1000]


def load(i):
    """Per-mille load of the minute ending at sample i (i >= 1)."""
    m = (i - 1) % 1440
    d = (i - 1) // 1440
    h, mm = divmod(m, 60)
    w = (DIURNAL[h] * (60 - mm) + DIURNAL[(h + 1) % 24] * mm) // 60
    f = (DAY_FACTOR[d] * (1440 - m) + DAY_FACTOR[d + 1] * m) // 1440
    return w * f // 1000


def count(rng, base_milli, level, jitter_pm):
    """Events in one minute: base_milli/1000 per minute at load 1000, times the load, a uniform
    jitter of ±jitter_pm per mille, dithered to an integer (expectation exact)."""
    expected = base_milli * level // 1000
    expected = expected * (1000 + rng.below(2 * jitter_pm + 1) - jitter_pm) // 1000
    return (expected + rng.below(1000)) // 1000


def dither(rng, n, ppm):
    """floor(n × ppm / 1e6 + u), u uniform on a 1e-6 grid: expectation exactly n × ppm / 1e6."""
    return (n * ppm + rng.below(PPM)) // PPM


def split(rng, n, weights):
    """n split into len(weights) integer parts proportional to weights (dithered)."""
    parts, rest, total = [], n, sum(weights)
    for w in weights[:-1]:
        k = min(rest, (rest * w + rng.below(total)) // total) if total else 0
        parts.append(k)
        rest -= k
        total -= w
    parts.append(rest)
    return parts


# --- Histograms: bucket bounds (as written in `le`), the threshold the SLO uses, how the fast
# (<= threshold) and slow (> threshold) observations spread over the buckets, and a representative
# duration in ms per bucket for `_sum`. -----------------------------------------------------------
class Histogram:
    def __init__(self, bounds, threshold, fast, slow, ms):
        self.bounds = bounds + ["+Inf"]
        self.cut = bounds.index(threshold) + 1
        assert len(fast) == self.cut and len(fast) + len(slow) == len(self.bounds) == len(ms)
        self.fast, self.slow, self.ms = fast, slow, ms

    def observe(self, rng, n, slow_ppm):
        """Per-bucket (non-cumulative) counts and the sum in ms of n observations."""
        slow = dither(rng, n, slow_ppm)
        counts = split(rng, n - slow, self.fast) + split(rng, slow, self.slow)
        return counts, sum(c * ms for c, ms in zip(counts, self.ms))


XP_API_HIST = Histogram(["0.05", "0.1", "0.3", "0.5", "1", "3"], "0.3",
                        [55, 30, 15], [60, 30, 9, 1], [30, 70, 160, 380, 700, 1600, 4500])
JOB_SEARCH_HIST = Histogram(["0.05", "0.1", "0.25", "0.5", "1", "2.5"], "0.5",
                            [20, 35, 35, 10], [70, 25, 5], [35, 75, 170, 360, 700, 1500, 4000])
LEADERBOARD_HIST = Histogram(["0.025", "0.05", "0.1", "0.25", "0.5", "1"], "0.25",
                             [40, 30, 20, 10], [75, 20, 5], [15, 38, 75, 160, 340, 700, 1800])
XP_EVENTS_HIST = Histogram(["0.1", "0.25", "0.5", "1", "2.5", "5", "10"], "2.5",
                           [10, 30, 30, 20, 10], [60, 30, 10], [60, 180, 380, 720, 1600, 3500, 7000, 15000])


# --- Series. ----------------------------------------------------------------------------------
class Series:
    """One exported series: its samples as (sample index, value), in time order."""

    def __init__(self, labels, first_index=None):
        self.labels = labels
        self.samples = []
        self.value = 0
        self.hidden = False      # not exported (a labelled child dropped by a restart)
        if first_index is not None:
            self.samples.append((first_index, 0))

    def add(self, i, delta):
        self.value += delta
        self.samples.append((i, self.value))

    def reset(self):
        """The process restarted: the next sample counts from 0."""
        self.value = 0


class Family:
    def __init__(self, name, kind, help_text):
        self.name, self.kind, self.help = name, kind, help_text
        self.series = {}   # (sample name, labels text) -> Series, in creation order

    def get(self, sample_name, labels, first_index=0):
        key = (sample_name, labels)
        if key not in self.series:
            self.series[key] = Series(labels, first_index)
        return self.series[key]


def labels_text(**labels):
    return ",".join(f'{k}="{v}"' for k, v in labels.items())


class Platform:
    def __init__(self, days):
        self.n = days * 1440  # last sample index
        self.requests = Family("http_requests", "counter", "HTTP requests served, by handler, method and status code.")
        self.durations = Family("http_request_duration_seconds", "histogram", "HTTP request latency.")
        self.ingested = Family("xp_events_ingested", "counter", "XP events written to the XP ledger.")
        self.failed = Family("xp_events_failed", "counter", "XP events that failed ingestion (dead-lettered).")
        self.ingest_durations = Family("xp_event_ingest_duration_seconds", "histogram",
                                       "Time from receiving an XP event to its ledger write.")
        self.probe_success = Family("probe_success", "gauge", "Whether the blackbox probe succeeded.")

    def families(self):
        return [self.requests, self.durations, self.ingested, self.failed, self.ingest_durations, self.probe_success]

    # -- helpers --
    def counter(self, family, i, delta, **labels):
        family.get(family.name + "_total", labels_text(**labels)).add(i, delta)

    def histogram(self, family, hist, i, counts, sum_ms, **labels):
        base = labels_text(**labels)
        cumulative = 0
        for bound, c in zip(hist.bounds, counts):
            cumulative += c
            family.get(family.name + "_bucket", base + f',le="{bound}"').add(i, cumulative)
        family.get(family.name + "_count", base).add(i, cumulative)
        family.get(family.name + "_sum", base).add(i, sum_ms)

    # -- services --
    def xp_api(self):
        rng = SplitMix64("xp-api")
        for i in range(1, self.n + 1):
            level = load(i)
            if during("tournament-final", i):
                level = level * 140 // 100
            if during("healthz-outage", i):
                level = level * 10 // 100
            bad = during("xp-api-bad-deploy", i)
            slow_ppm = 1200 + max(0, level - 1000) * 1
            if bad:
                slow_ppm = 50000
            for handler, method, base, err_ppm, client_code, client_ppm in (
                    ("/api/v1/players/:id/xp", "GET", 2_100_000, 35000 if bad else 150, "404", 30000),
                    ("/api/v1/xp/grants", "POST", 700_000, 20000 if bad else 150, "400", 8000)):
                n = count(rng, base, level, 30)
                errors = dither(rng, n, err_ppm)
                client = dither(rng, n - errors, client_ppm)
                e500, e503 = split(rng, errors, [15, 85] if bad else [70, 30])
                ok = "200" if method == "GET" else "201"
                for code, value in ((ok, n - errors - client), (client_code, client), ("500", e500), ("503", e503)):
                    self.counter(self.requests, i, value, job="xp-api", handler=handler, method=method, code=code)
                counts, ms = XP_API_HIST.observe(rng, n, slow_ppm)
                self.histogram(self.durations, XP_API_HIST, i, counts, ms, job="xp-api", handler=handler)

    def job_search(self):
        rng = SplitMix64("job-search")
        degradation = INCIDENT["job-search-degradation"]
        ramp_from, ramp_to = degradation["from"], minute(7, 0, 0)
        for i in range(1, self.n + 1):
            level = load(i)
            search_slow = 2000 + max(0, level - 1000) * 2
            if during("job-search-degradation", i):
                plateau = 34000 * (700 + 300 * level // 1000) // 1000
                progress = min(i - ramp_from, ramp_to - ramp_from)
                search_slow += (plateau - 2000) * progress // (ramp_to - ramp_from)
            for handler, base, slow_ppm, client_code, client_ppm in (
                    ("/api/v1/search", 800_000, search_slow, "400", 5000),
                    ("/api/v1/jobs/:id", 500_000, 1500, "404", 20000)):
                n = count(rng, base, level, 30)
                errors = dither(rng, n, 120)
                client = dither(rng, n - errors, client_ppm)
                e500, e503 = split(rng, errors, [80, 20])
                for code, value in (("200", n - errors - client), (client_code, client), ("500", e500), ("503", e503)):
                    self.counter(self.requests, i, value, job="job-search", handler=handler, method="GET", code=code)
                counts, ms = JOB_SEARCH_HIST.observe(rng, n, slow_ppm)
                self.histogram(self.durations, JOB_SEARCH_HIST, i, counts, ms, job="job-search", handler=handler)

    def applications(self):
        rng = SplitMix64("applications")
        for i in range(1, self.n + 1):
            level = load(i)
            failover = during("applications-db-failover", i)
            # POST submissions: few, so a ±20 % jitter; GET lists a player's applications.
            n = count(rng, 4_500, level, 200)
            errors = dither(rng, n, 400000 if failover else 50)
            invalid = dither(rng, n - errors, 20000)
            e500, e503 = split(rng, errors, [30, 70])
            for code, value in (("201", n - errors - invalid), ("422", invalid), ("500", e500), ("503", e503)):
                self.counter(self.requests, i, value, job="applications", handler="/api/v1/applications",
                             method="POST", code=code)
            n = count(rng, 30_000, level, 100)
            errors = dither(rng, n, 50)
            for code, value in (("200", n - errors), ("500", errors)):
                self.counter(self.requests, i, value, job="applications", handler="/api/v1/applications",
                             method="GET", code=code)

    def xp_leaderboard(self):
        rng = SplitMix64("xp-leaderboard")
        handler = "/api/v1/leaderboards/:season"
        for i in range(1, self.n + 1):
            level = load(i)
            err_ppm, slow_ppm = 100, 1500 + max(0, level - 1000) * 1
            if during("tournament-final", i):
                level = level * 140 // 100
                slow_ppm += 4000
            if during("leaderboard-cache-failover", i):
                err_ppm, slow_ppm = 12000, 60000
            n = count(rng, 1_800_000, level, 30)
            errors = dither(rng, n, err_ppm)
            e500, e503 = split(rng, errors, [40, 60])
            for code, value in (("200", n - errors), ("500", e500), ("503", e503)):
                self.counter(self.requests, i, value, job="xp-leaderboard", handler=handler, method="GET", code=code)
            counts, ms = LEADERBOARD_HIST.observe(rng, n, slow_ppm)
            self.histogram(self.durations, LEADERBOARD_HIST, i, counts, ms, job="xp-leaderboard", handler=handler)

    def xp_events(self):
        rng = SplitMix64("xp-events")
        restart = INCIDENT["xp-events-restart"]["to"]
        drain_to = minute(5, 7, 0)
        for i in range(1, self.n + 1):
            if i == restart:
                # Every counter of the process counts from 0 again; labelled failure children are
                # gone until they are incremented again.
                for family in (self.ingested, self.failed, self.ingest_durations):
                    for series in family.series.values():
                        series.reset()
                for series in self.failed.series.values():
                    series.hidden = True
            level = load(i)
            if during("tournament-final", i):
                level = level * 140 // 100
            conflicts = during("xp-events-ledger-conflicts", i)
            drain = INCIDENT["xp-events-ledger-conflicts"]["to"] < i <= drain_to
            slow_ppm = 40000 if conflicts else 100000 if drain else 1000
            ingested_all = invalid_all = conflict_all = 0
            for source, base in (("match_result", 500_000), ("quest", 350_000), ("achievement", 150_000)):
                n = count(rng, base, level, 30)
                invalid = dither(rng, n, 300)
                conflict = dither(rng, n - invalid, 60000) if conflicts else 0
                ingested = n - invalid - conflict
                self.counter(self.ingested, i, ingested, job="xp-events", source=source)
                ingested_all += ingested
                invalid_all += invalid
                conflict_all += conflict
            for reason, value in (("invalid_payload", invalid_all), ("ledger_conflict", conflict_all)):
                self.failure(i, value, reason)
            counts, ms = XP_EVENTS_HIST.observe(rng, ingested_all, slow_ppm)
            self.histogram(self.ingest_durations, XP_EVENTS_HIST, i, counts, ms, job="xp-events")

    def failure(self, i, delta, reason):
        """xp_events_failed_total{reason}: a labelled child, exported from its first failure on
        (its first sample is that minute's count), and again only from its first failure after a
        restart. Prometheus' rate() cannot see the count in a series' first sample."""
        key = ("xp_events_failed_total", labels_text(job="xp-events", reason=reason))
        series = self.failed.series.get(key)
        if series is None or series.hidden:
            if delta == 0:
                return
            if series is None:
                series = self.failed.get(*key, first_index=None)
            series.hidden = False
        series.add(i, delta)

    def probes(self):
        rng = SplitMix64("blackbox")
        # Isolated probe failures (a timeout here and there), by sample index.
        blips = {"https://xp.esports.jobs/healthz": {minute(2, 11, 7), minute(6, 16, 43)},
                 "https://xp.esports.jobs/readyz": {minute(1, 8, 52), minute(3, 1, 18), minute(6, 22, 5),
                                                    minute(7, 15, 31)},
                 "https://esports.jobs/": {minute(3, 9, 14)}}
        for instance in ("https://xp.esports.jobs/healthz", "https://xp.esports.jobs/readyz", "https://esports.jobs/"):
            series = self.probe_success.get("probe_success", labels_text(job="blackbox", instance=instance), None)
            for i in range(0, self.n + 1):
                ok = i not in blips[instance]
                if instance.startswith("https://xp.") and during("healthz-outage", i):
                    ok = False
                if instance.endswith("/readyz") and during("leaderboard-cache-failover", i):
                    ok = rng.below(2) == 1
                series.samples.append((i, 1 if ok else 0))

    def generate(self):
        self.xp_api()
        self.job_search()
        self.applications()
        self.xp_leaderboard()
        self.xp_events()
        self.probes()


def format_sum(ms):
    return f"{ms // 1000}.{ms % 1000:03d}"


def write_openmetrics(path, platform):
    with open(path, "w") as f:
        for family in platform.families():
            f.write(f"# HELP {family.name} {family.help}\n# TYPE {family.name} {family.kind}\n")
            for (sample_name, labels), series in family.series.items():
                fmt = format_sum if sample_name.endswith("_sum") else str
                f.write("".join(f"{sample_name}{{{labels}}} {fmt(v)} {START + i * MINUTE}\n"
                                for i, v in series.samples))
        f.write("# EOF\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--days", type=int, default=8, help="days of data from 2026-01-01 (default 8, at most 8)")
    parser.add_argument("--list-incidents", action="store_true", help="print the incident timeline and exit")
    args = parser.parse_args(argv)
    if args.list_incidents:
        for incident in INCIDENTS:
            to = rfc3339(incident["to"]) if incident["to"] is not None else "end of data"
            print(f'{incident["name"]}: {rfc3339(incident["from"])} -> {to}  {", ".join(incident["slos"]) or "-"}')
        return 0
    if not 1 <= args.days <= 8:
        parser.error(f"--days must be between 1 and 8, found {args.days}")
    os.makedirs(args.outdir, exist_ok=True)
    platform = Platform(args.days)
    platform.generate()
    write_openmetrics(os.path.join(args.outdir, "data.om"), platform)
    return 0


if __name__ == "__main__":
    sys.exit(main())
