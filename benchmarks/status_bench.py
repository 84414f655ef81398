#!/usr/bin/env python3
"""Benchmark: `burnrate status` of 1,000 SLOs at one instant, from 30 days of 5m history.

Uses the dataset of ingest_bench.py (100 service files, 1,000 events SLOs, period 30d, 8,640 steps
each = 8.64 million rows): ingests it once (untimed), or reuses a database ingested from it
(`--db`, e.g. written by `ingest_bench.py --keep-db FILE`). Times `burnrate status SLOS --db DB
--at <last step end> --format json` (every window of every SLO: 5m … 3d and 30d). Baseline,
measured in the same run: `sqlite3 DB "SELECT slo, SUM(errors), SUM(total) FROM step WHERE
step_start BETWEEN <at - 30d> AND <at - 5m> GROUP BY slo"` — one plain scan of every row of the
period, i.e. what re-summing the period would cost without the running totals. (The window
(at - 30d, at] holds the steps (start, start + 5m] with start in [at - 30d, at - 5m]: 8,640 steps;
`step_start > at - 30d` would miss the first one.) The 30d errors and totals that
status prints are checked against the baseline's sums. Target: under 1 s.

Not measured yet: the backtest shape (one SLO evaluated at every step of 30 days); there is no
CLI command for it.

Usage: benchmarks/status_bench.py [--runs 5] [--bin PATH | --scratch-path DIR] [--db FILE]
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

from ingest_bench import (DAYS, LAST_END, SERVICES, STEP, STEPS, build, rate_pools, timed, write_capture,
                          write_specs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=None, help="burnrate binary (default: build it)")
    parser.add_argument("--scratch-path", default=None, help="swift build --scratch-path for the release build")
    parser.add_argument("--db", default=None, help="a database ingest_bench.py's dataset was ingested into")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = build(args, root)
    shutil.which("sqlite3") or sys.exit("sqlite3 is required (apt-get install sqlite3)")

    work = tempfile.mkdtemp(prefix="burnrate-status-bench-")
    try:
        specs = os.path.join(work, "slos")
        os.mkdir(specs)
        write_specs(specs)
        db = args.db
        if db is None:
            capture, db = os.path.join(work, "capture"), os.path.join(work, "burnrate.db")
            started = time.perf_counter()
            write_capture(capture, rate_pools())
            ingest = subprocess.run([binary, "ingest", specs, "--from-dir", capture, "--db", db, "--quiet"],
                                    capture_output=True, text=True)
            other = [line for line in ingest.stderr.splitlines() if not line.startswith("ingest [")]
            if ingest.returncode != 0 or other:
                sys.exit(f"burnrate ingest: exit {ingest.returncode}\n" + "\n".join(other[:20]))
            shutil.rmtree(capture)
            print(f"generated and ingested the dataset in {time.perf_counter() - started:.1f} s")
        rows = int(subprocess.run(["sqlite3", "-batch", db, "SELECT COUNT(*) FROM step"], check=True,
                                  capture_output=True, text=True).stdout)

        at = LAST_END
        status = [binary, "status", specs, "--db", db, "--at", str(at), "--format", "json"]
        scan = (f"SELECT slo, SUM(errors), SUM(total) FROM step "
                f"WHERE step_start BETWEEN {at - DAYS * 86400} AND {at - STEP} GROUP BY slo")
        baseline = ["sqlite3", "-batch", db, scan]

        # Untimed: status agrees with the plain scan over the period.
        report = json.loads(subprocess.run(status, check=True, capture_output=True, text=True).stdout)
        sums = {}
        for line in subprocess.run(baseline, check=True, capture_output=True, text=True).stdout.splitlines():
            key, errors, total = line.split("|")
            sums[int(key)] = (float(errors), float(total))
        keys = dict(line.split("|")[::-1] for line in subprocess.run(
            ["sqlite3", "-batch", db, "SELECT id, slo_id FROM slo"], check=True, capture_output=True,
            text=True).stdout.splitlines())
        for slo in report["slos"]:
            window = slo["windows"][f"{DAYS}d"]
            errors, total = sums[int(keys[slo["id"]])]
            if abs(window["errors"] - errors) > 1e-6 * max(errors, 1) or abs(window["total"] - total) > 1e-6 * total:
                sys.exit(f"{slo['id']}: status says {window['errors']}/{window['total']} over {DAYS}d, "
                         f"the scan {errors}/{total}")
        windows = len(report["slos"][0]["windows"])

        ours, theirs, memory = [], [], []
        for _ in range(args.runs):
            elapsed, rss = timed(status)
            ours.append(elapsed)
            memory.append(rss)
            elapsed, _ = timed(baseline)
            theirs.append(elapsed)
        med, base = statistics.median(ours), statistics.median(theirs)
        print(f"input: {len(report['slos'])} SLOs ({SERVICES} service files), {rows:,} rows of history "
              f"({STEPS} steps x 5m each), {windows} windows per SLO, at {report['at']}")
        print(f"burnrate status --format json  median {med:.3f} s over {args.runs} runs "
              f"(min {min(ours):.3f}, max {max(ours):.3f}); peak RSS {max(memory):.1f} MiB")
        print(f"baseline sqlite3 SUM(...) GROUP BY slo over {DAYS}d  median {base:.3f} s "
              f"(min {min(theirs):.3f}, max {max(theirs):.3f})")
        print(f"ratio burnrate / baseline: {med / base:.2f}x")
        print(f"target (< 1 s): {'met' if med < 1.0 else 'NOT met'}")

        # The backtest shape: one SLO evaluated at every step of the period.
        first = report["slos"][0]["id"]
        backtest = [binary, "backtest", specs, "--db", db, "--slo", first, "--from", str(at - DAYS * 86400 + STEP),
                    "--to", str(at), "--format", "json"]
        result = json.loads(subprocess.run(backtest, check=True, capture_output=True, text=True).stdout)
        instants = result["slos"][0]["instants"]
        read_rows = ["sqlite3", "-batch", db,
                     f"SELECT COUNT(*), SUM(errors), SUM(total) FROM step WHERE slo = {keys[first]}"]
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(timed(backtest)[0])
            theirs.append(timed(read_rows)[0])
        med, base = statistics.median(ours), statistics.median(theirs)
        print(f"burnrate backtest (1 SLO, {instants} instants x {windows} windows)  median {med:.3f} s "
              f"(min {min(ours):.3f}, max {max(ours):.3f})")
        print(f"baseline sqlite3 reading that SLO's rows once  median {base:.3f} s; ratio {med / base:.2f}x")
        print(f"target (< 1 s): {'met' if med < 1.0 else 'NOT met'}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
