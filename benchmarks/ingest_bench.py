#!/usr/bin/env python3
"""Benchmark: `burnrate ingest --from-dir` of 1,000 SLOs x 30 days at a 5m step.

Writes 100 service files with 1,000 events SLOs (period 30d) and a capture directory in the
`burnrate-capture/v1` layout: per SLO one errors and one total query_range body with 8,640 points
each (17.28 million samples, about 0.6 GB of JSON). Times `burnrate ingest SLOS --from-dir DIR
--db NEW.db --quiet` (a fresh database each run) and reports samples/s (2 samples per stored step)
and peak RSS. Baseline, measured in the same run: the `sqlite3` shell importing the same 8.64
million rows, with the running totals precomputed, as CSV (`.mode csv`, `.import`, which wraps
the import in one BEGIN/COMMIT) into the same STRICT, WITHOUT ROWID table with burnrate's
pragmas (journal_mode=WAL, synchronous=NORMAL). The baseline's samples/s also counts 2 per row.
Targets: burnrate >= 0.7x the baseline's samples/s, peak RSS < 500 MiB.

Usage: benchmarks/ingest_bench.py [--runs 3] [--bin PATH | --scratch-path DIR] [--keep-db FILE]
"""
import argparse, itertools, json, math, os, random, shutil, statistics, subprocess, sys, tempfile, time

SERVICES, SLOS_PER_SERVICE = 100, 10
STEP = 300
DAYS = 30
STEPS = DAYS * 86400 // STEP  # 8,640 step ends per series
LAST_END = 1764547200  # 2025-12-01T00:00:00Z, a multiple of the step
FIRST_END = LAST_END - DAYS * 86400 + STEP
POOL = 10007  # distinct rates per series kind; each SLO reads the pool from its own offset

STEP_SCHEMA = """CREATE TABLE step (
    slo INTEGER NOT NULL,
    step_start INTEGER NOT NULL,
    errors REAL NOT NULL,
    total REAL NOT NULL,
    cum_errors REAL NOT NULL,
    cum_total REAL NOT NULL,
    cum_steps INTEGER NOT NULL,
    PRIMARY KEY (slo, step_start)
) STRICT, WITHOUT ROWID;"""


def slo_ids():
    return [(f"svc-{s:03d}", f"slo-{n:02d}") for s in range(SERVICES) for n in range(SLOS_PER_SERVICE)]


def queries(service):
    """error_query and total_query as written in the spec (PromQL, {{.window}} placeholder)."""
    job = f'job="{service}"'
    return (f'sum(rate(http_requests_total{{{job},code=~"5.."}}[{{{{.window}}}}]))',
            f'sum(rate(http_requests_total{{{job}}}[{{{{.window}}}}]))')


def write_specs(directory):
    for s in range(SERVICES):
        service = f"svc-{s:03d}"
        lines = ["version: burnrate/v1", f"service: {service}", "labels: {team: team-%d}" % (s % 7), "slos:"]
        errors, total = (q.replace('"', '\\"') for q in queries(service))
        for n in range(SLOS_PER_SERVICE):
            lines += [f"  - name: slo-{n:02d}", f"    objective: {[99.9, 99.5, 99.95, 99][n % 4]}",
                      "    period: 30d", "    labels: {category: availability}", "    sli:", "      events:",
                      f'        error_query: "{errors}"', f'        total_query: "{total}"',
                      "    alerting:", f"      name: Svc{s:03d}Slo{n:02d}Burn"]
        with open(os.path.join(directory, f"{service}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


def rate_pools():
    """Per-second rates as Prometheus prints them (shortest round-trip text) and their values:
    totals 20..800 req/s with a daily shape, error ratios mostly 0.01..1 %, some zero, some spikes."""
    rng = random.Random(42)
    totals, errors = [], []
    for i in range(POOL):
        total = rng.uniform(20, 800) * (1 + 0.4 * math.sin(2 * math.pi * i / 288))
        roll = rng.random()
        ratio = 0 if roll < 0.05 else rng.uniform(0.05, 0.3) if roll > 0.998 else rng.uniform(0.0001, 0.01)
        totals.append(total)
        errors.append(total * ratio)
    text = lambda x: "0" if x == 0 else repr(x)
    return [text(x) for x in totals] * 2, [text(x) for x in errors] * 2, totals * 2, errors * 2


def offset(index):
    return index * 7919 % POOL


def write_capture(directory, pools):
    """DIR/capture.json and DIR/<service>/<name>/{errors,total}-<first_end>.json. Returns bytes written."""
    total_text, error_text, _, _ = pools
    prefixes = [f'[{FIRST_END + i * STEP},"' for i in range(STEPS)]
    head = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":['
    tail = '"]]}]}}'
    written = 0
    entries = {}
    for index, (service, name) in enumerate(slo_ids()):
        relative = f"{service}/{name}"
        os.makedirs(os.path.join(directory, relative))
        o = offset(index)
        files = {}
        for kind, pool in (("errors", error_text), ("total", total_text)):
            body = head + '"],'.join(map(str.__add__, prefixes, pool[o:o + STEPS])) + tail
            file = f"{relative}/{kind}-{FIRST_END}.json"
            with open(os.path.join(directory, file), "w") as f:
                f.write(body)
            written += len(body)
            files[kind] = [file]
        errors, total = (q.replace("{{.window}}", "5m") for q in queries(service))
        entries[f"{service}/{name}"] = {"errors_query": errors, "total_query": total,
                                        "errors_files": files["errors"], "total_files": files["total"]}
    manifest = {"format": "burnrate-capture/v1", "step_seconds": STEP, "first_end": FIRST_END,
                "last_end": LAST_END, "source": "synthetic", "slos": entries}
    with open(os.path.join(directory, "capture.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return written


def write_rows_csv(path, pools):
    """The rows burnrate stores, running totals included: slo,step_start,errors,total,cum_errors,cum_total,cum_steps.
    slo keys 1..1000 in definition order (the order burnrate registers them)."""
    _, _, totals, errors = pools
    starts = range(FIRST_END - STEP, LAST_END, STEP)
    counts = range(1, STEPS + 1)
    row = "{},{},{!r},{!r},{!r},{!r},{}\n".format
    with open(path, "w") as f:
        for index in range(SERVICES * SLOS_PER_SERVICE):
            o = offset(index)
            e = [x * STEP for x in errors[o:o + STEPS]]
            t = [x * STEP for x in totals[o:o + STEPS]]
            f.writelines(map(row, itertools.repeat(index + 1), starts, e, t, itertools.accumulate(e),
                             itertools.accumulate(t), counts))


def timed(cmd):
    """Wall time and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024


def remove_db(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def sqlite_import_cmd(db, csv):
    return ["sqlite3", "-batch", db, "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", STEP_SCHEMA,
            ".mode csv", f".import {csv} step"]


def build(args, root):
    """The release binary: --bin, else `swift build -c release --product burnrate` (in --scratch-path if given)."""
    if args.bin:
        return args.bin
    scratch = ["--scratch-path", args.scratch_path] if args.scratch_path else []
    subprocess.run(["swift", "build", "-c", "release", "--product", "burnrate"] + scratch, cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"] + scratch, cwd=root, check=True,
                             capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "burnrate")


def sql(db, query):
    return subprocess.run(["sqlite3", "-batch", db, query], check=True, capture_output=True, text=True).stdout.strip()


def check_same_rows(ours, theirs):
    """Both databases hold the same rows (values compared to 1e-9 relative: the shell parses CSV text itself)."""
    query = ("SELECT COUNT(*), SUM(errors), SUM(total), SUM(cum_errors), SUM(cum_total), SUM(cum_steps), "
             "MIN(step_start), MAX(step_start) FROM step")
    a, b = sql(ours, query).split("|"), sql(theirs, query).split("|")
    same = all(abs(float(x) - float(y)) <= 1e-9 * max(abs(float(x)), 1) for x, y in zip(a, b))
    order = sql(ours, "SELECT group_concat(slo_id, ',') FROM (SELECT slo_id FROM slo ORDER BY id)")
    same = same and order == ",".join(f"{s}/{n}" for s, n in slo_ids())
    if not same:
        sys.exit(f"the baseline database differs from burnrate's:\n  burnrate {a}\n  baseline {b}")
    return int(a[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bin", default=None, help="burnrate binary (default: build it)")
    parser.add_argument("--scratch-path", default=None, help="swift build --scratch-path for the release build")
    parser.add_argument("--keep-db", default=None, help="move the last burnrate database here (for status_bench.py)")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = build(args, root)
    shutil.which("sqlite3") or sys.exit("sqlite3 is required (apt-get install sqlite3)")

    work = tempfile.mkdtemp(prefix="burnrate-ingest-bench-")
    try:
        specs, capture = os.path.join(work, "slos"), os.path.join(work, "capture")
        os.mkdir(specs)
        write_specs(specs)
        started = time.perf_counter()
        pools = rate_pools()
        json_bytes = write_capture(capture, pools)
        csv = os.path.join(work, "rows.csv")
        write_rows_csv(csv, pools)
        print(f"generated {json_bytes / 1e6:.0f} MB of JSON and {os.path.getsize(csv) / 1e6:.0f} MB of CSV "
              f"in {time.perf_counter() - started:.1f} s")

        ours_db, theirs_db = os.path.join(work, "burnrate.db"), os.path.join(work, "sqlite3.db")
        # One untimed run each: warnings (e.g. query mismatch) would show here, and the rows are compared.
        check = subprocess.run([binary, "ingest", specs, "--from-dir", capture, "--db", ours_db, "--quiet"],
                               capture_output=True, text=True)
        # Progress lines are expected on stderr even with --quiet (the flag is looked up by the wrong
        # name at the time of writing); anything else (a warning) fails the benchmark.
        other = [line for line in check.stderr.splitlines() if not line.startswith("ingest [")]
        if check.returncode != 0 or other:
            sys.exit(f"burnrate ingest: exit {check.returncode}\n" + "\n".join(other[:20]))
        subprocess.run(sqlite_import_cmd(theirs_db, csv), check=True, stdout=subprocess.DEVNULL)
        rows = check_same_rows(ours_db, theirs_db)
        samples = 2 * rows

        ours, theirs, memory, memory_sqlite = [], [], [], []
        for _ in range(args.runs):
            remove_db(ours_db)
            elapsed, rss = timed([binary, "ingest", specs, "--from-dir", capture, "--db", ours_db, "--quiet"])
            ours.append(elapsed)
            memory.append(rss)
            remove_db(theirs_db)
            elapsed, rss = timed(sqlite_import_cmd(theirs_db, csv))
            theirs.append(elapsed)
            memory_sqlite.append(rss)
        db_size = os.path.getsize(ours_db)
        if args.keep_db:
            remove_db(args.keep_db)
            shutil.move(ours_db, args.keep_db)

        med, base = statistics.median(ours), statistics.median(theirs)
        print(f"input: {SERVICES} service files, {SERVICES * SLOS_PER_SERVICE} SLOs x {STEPS} steps of {STEP}s "
              f"(errors + total) = {samples:,} samples, {json_bytes / 1e6:.0f} MB of query_range JSON; "
              f"{rows:,} rows, database {db_size / 1e6:.0f} MB")
        print(f"burnrate ingest --from-dir   median {med:.2f} s over {args.runs} runs "
              f"(min {min(ours):.2f}, max {max(ours):.2f}) = {samples / med / 1e6:.2f} M samples/s; "
              f"peak RSS {max(memory):.1f} MiB")
        print(f"baseline sqlite3 .import CSV median {base:.2f} s (min {min(theirs):.2f}, max {max(theirs):.2f}) "
              f"= {samples / base / 1e6:.2f} M samples/s; peak RSS {max(memory_sqlite):.1f} MiB")
        ratio = base / med
        print(f"ratio burnrate / baseline (samples/s): {ratio:.2f}x")
        ok = ratio >= 0.7 and max(memory) < 500
        print(f"targets (>= 0.7x, < 500 MiB): {'met' if ok else 'NOT met'}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
