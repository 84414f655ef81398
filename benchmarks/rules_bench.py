#!/usr/bin/env python3
"""Benchmark: `burnrate rules` for 1,000 SLOs across 100 service files.

Prints the median wall time over N runs and the peak resident memory of `burnrate rules`, and the
ratio against a baseline measured in the same run: `promtool check rules` reading the generated
rules (a real tool parsing the same output). Targets (issue 2): under 1 s and under 100 MiB.

Usage: benchmarks/rules_bench.py [--runs 5] [--bin PATH]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

from ingest_bench import timed  # one way to time a child process (wall time, peak RSS)

SERVICES, SLOS_PER_SERVICE = 100, 10


def write_specs(directory):
    kinds = ["events", "good", "latency", "probe", "raw"]
    for s in range(SERVICES):
        lines = ["version: burnrate/v1", f"service: svc-{s:03d}", "labels: {team: team-%d, tier: \"%d\"}" % (s % 7, s % 3), "slos:"]
        for n in range(SLOS_PER_SERVICE):
            kind = kinds[n % len(kinds)]
            lines += [f"  - name: slo-{n:02d}", f"    objective: {[99.9, 99.5, 99.95, 99][n % 4]}",
                      f"    period: {['30d', '28d', '7d'][n % 3]}", "    labels: {category: %s}" % kind, "    sli:"]
            job = f'job=\\"svc-{s:03d}\\"'
            if kind == "events":
                lines += ["      events:",
                          f'        error_query: "sum(rate(http_requests_total{{{job},code=~\\"5..\\"}}[{{{{.window}}}}]))"',
                          f'        total_query: "sum(rate(http_requests_total{{{job}}}[{{{{.window}}}}]))"']
            elif kind == "good":
                lines += ["      events:",
                          f'        good_query: "sum(rate(http_requests_total{{{job},code!~\\"5..\\"}}[{{{{.window}}}}]))"',
                          f'        total_query: "sum(rate(http_requests_total{{{job}}}[{{{{.window}}}}]))"']
            elif kind == "latency":
                lines += ["      latency:", "        metric: http_request_duration_seconds",
                          f"        selector: {{job: svc-{s:03d}}}", "        threshold_seconds: 0.3"]
            elif kind == "probe":
                lines += ["      probe:", "        metric: probe_success",
                          f"        selector: {{job: blackbox, instance: 'https://svc-{s:03d}/healthz'}}"]
            else:
                lines += ["      raw:", f'        error_ratio_query: "avg_over_time(svc_error_ratio{{{job}}}[{{{{.window}}}}])"']
            lines += ["    alerting:", f"      name: Svc{s:03d}Slo{n:02d}Burn", "      runbook_url: https://runbooks.example/x"]
        with open(os.path.join(directory, f"svc-{s:03d}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=None)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.bin
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "burnrate"], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
        bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                                 capture_output=True, text=True).stdout.strip()
        binary = os.path.join(bin_dir, "burnrate")
    promtool = shutil.which("promtool") or sys.exit("promtool is required (apt-get install prometheus)")

    work = tempfile.mkdtemp(prefix="burnrate-bench-")
    try:
        specs = os.path.join(work, "slos")
        os.mkdir(specs)
        write_specs(specs)
        out = os.path.join(work, "rules.yaml")
        subprocess.run([binary, "rules", specs, "-o", out], check=True, stderr=subprocess.DEVNULL)
        with open(out) as f:
            text = f.read()
        rules = text.count("- record:") + text.count("- alert:")

        ours, theirs, memory = [], [], []
        for _ in range(args.runs):
            elapsed, rss = timed([binary, "rules", specs, "-o", out])
            ours.append(elapsed)
            memory.append(rss)
            elapsed, _ = timed([promtool, "check", "rules", out])
            theirs.append(elapsed)
        med, base = statistics.median(ours), statistics.median(theirs)
        print(f"input: {SERVICES} service files, {SERVICES * SLOS_PER_SERVICE} SLOs -> {rules} rules, "
              f"{len(text) / 1e6:.1f} MB of YAML")
        print(f"burnrate rules         median {med:.3f} s over {args.runs} runs (min {min(ours):.3f}, max {max(ours):.3f}); "
              f"peak RSS {max(memory):.1f} MiB")
        print(f"baseline promtool check rules (same output)  median {base:.3f} s")
        print(f"ratio burnrate / promtool-check: {med / base:.2f}x")
        ok = med < 1.0 and max(memory) < 100
        print(f"targets (< 1 s, < 100 MiB): {'met' if ok else 'NOT met'}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
