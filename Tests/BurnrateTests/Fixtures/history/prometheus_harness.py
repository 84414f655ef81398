#!/usr/bin/env python3
"""Start and stop a real Prometheus on 127.0.0.1 over backfilled data, for tests and benchmarks.

Usage:
  prometheus_harness.py start --data FILE.om --workdir DIR [--rules FILE] [--timeout 60]
      Backfills FILE.om into DIR/tsdb with `promtool tsdb create-blocks-from openmetrics`, writes
      DIR/prometheus.yml (no scrape targets; `rule_files` only with --rules), starts `prometheus` on a
      free loopback port with a 100y retention, waits until /-/ready answers 200, and prints one
      JSON line: {"url": "http://127.0.0.1:PORT", "pid": PID, "workdir": DIR, "log": DIR/prometheus.log}.
      Prometheus keeps running detached (own session, stdin /dev/null, stdout and stderr to the log),
      so a caller that reads this script's stdout to EOF does not wait for Prometheus.
      Exit 0 ready; 1 promtool or Prometheus failed (the log tail is on stderr); 64 usage.
  prometheus_harness.py stop --pid PID [--timeout 10]
      SIGTERM, wait up to --timeout seconds, then SIGKILL. By PID only, never by name; refuses a PID
      whose command line is not a prometheus (a recycled PID). Exit 0 when the process is gone.
  prometheus_harness.py query --url URL --expr EXPR [--time T]
  prometheus_harness.py query-range --url URL --expr EXPR --start T --end T --step SECONDS
      Print the API's JSON answer (a convenience for checking by hand).

Rules given with --rules are evaluated only from the moment Prometheus starts, never over the
backfilled history. To check a rule's value at a historical instant, query its expression with
`query --time T` instead.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PROMETHEUS = os.environ.get("PROMETHEUS_BIN", "prometheus")
PROMTOOL = os.environ.get("PROMTOOL_BIN", "promtool")


def fail(message, code=1):
    print(f"prometheus_harness: {message}", file=sys.stderr)
    sys.exit(code)


def tail(path, lines=40):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError as error:
        return f"(no log: {error})"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=10):
    """(status, body) of a GET; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError):
        return 0, b""


def backfill(data, tsdb):
    if not os.path.isfile(data):
        fail(f"no such data file: {data}")
    if os.path.isdir(tsdb) and os.listdir(tsdb):
        fail(f"{tsdb} is not empty; use a fresh --workdir")
    os.makedirs(tsdb, exist_ok=True)
    result = subprocess.run([PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "--quiet", data, tsdb],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"promtool tsdb create-blocks-from openmetrics exited {result.returncode}:\n"
             f"{result.stdout}{result.stderr}")


def write_config(workdir, rules, interval="1m"):
    path = os.path.join(workdir, "prometheus.yml")
    lines = ["# Written by prometheus_harness.py: no scrape targets (backfilled data only).",
             "global:", f"  evaluation_interval: {interval}"]
    if rules:
        lines += ["rule_files:", f"  - {json.dumps(os.path.abspath(rules))}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def launch(workdir, config, port, log_path):
    tsdb = os.path.join(workdir, "tsdb")
    args = [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={tsdb}",
            "--storage.tsdb.retention.time=100y", f"--web.listen-address=127.0.0.1:{port}"]
    log = open(log_path, "ab")
    try:
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, close_fds=True, cwd=workdir)
    finally:
        log.close()


def start(args):
    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    if args.rules and not os.path.isfile(args.rules):
        fail(f"no such rules file: {args.rules}")
    backfill(os.path.abspath(args.data), os.path.join(workdir, "tsdb"))
    config = write_config(workdir, args.rules, args.evaluation_interval)
    log_path = os.path.join(workdir, "prometheus.log")
    # A free port can be taken between the probe and Prometheus' bind: retry with a new one.
    for attempt in range(3):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = launch(workdir, config, port, log_path)
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            status, _ = http_get(url + "/-/ready", timeout=2)
            if status == 200:
                print(json.dumps({"url": url, "pid": process.pid, "workdir": workdir, "log": log_path}),
                      flush=True)
                return 0
            time.sleep(0.1)
        if process.poll() is None:
            stop_pid(process.pid, 10)
            fail(f"Prometheus (pid {process.pid}) not ready at {url} after {args.timeout} s; "
                 f"log tail ({log_path}):\n{tail(log_path)}")
        if "address already in use" not in tail(log_path, 5):
            break
    fail(f"Prometheus exited with status {process.returncode}; log tail ({log_path}):\n{tail(log_path)}")


def is_gone(pid):
    """True when `pid` no longer runs; a zombie (exited, not yet reaped) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state == "Z"
    except (OSError, IndexError):
        return True


def stop_pid(pid, timeout):
    if is_gone(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_gone(pid):
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 5
    while not is_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def stop(args):
    if args.pid <= 1:
        fail(f"refusing to signal pid {args.pid}", 64)
    if is_gone(args.pid):
        print(f"pid {args.pid} is not running", file=sys.stderr)
        return 0
    try:
        with open(f"/proc/{args.pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode(errors="replace")
    except OSError:
        argv0 = ""
    if argv0 and os.path.basename(argv0) != os.path.basename(PROMETHEUS):
        fail(f"pid {args.pid} runs {argv0!r}, not prometheus; not signalling it")
    stop_pid(args.pid, args.timeout)
    if not is_gone(args.pid):
        fail(f"pid {args.pid} survived SIGKILL")
    return 0


def api(url, path, params):
    status, body = http_get(f"{url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}", timeout=60)
    if status == 0:
        fail(f"nothing answers at {url}", 69)
    sys.stdout.write(body.decode() + "\n")
    return 0 if status == 200 else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("start", help="backfill and start Prometheus; print {url, pid}")
    p.add_argument("--data", required=True, help="OpenMetrics file (generate.py's data.om)")
    p.add_argument("--workdir", required=True, help="directory for tsdb/, prometheus.yml and prometheus.log")
    p.add_argument("--rules", help="rule file to load (evaluated from start-up on, not over history)")
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for /-/ready (default 60)")
    p.add_argument("--evaluation-interval", default="1m", help="rule evaluation interval (default 1m)")
    p = commands.add_parser("stop", help="stop a Prometheus started by `start`, by PID")
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--timeout", type=float, default=10, help="seconds between SIGTERM and SIGKILL (default 10)")
    p = commands.add_parser("query", help="instant query; prints the JSON answer")
    p.add_argument("--url", required=True)
    p.add_argument("--expr", required=True)
    p.add_argument("--time", help="unix seconds or RFC 3339 (default: Prometheus' now)")
    p = commands.add_parser("query-range", help="range query; prints the JSON answer")
    p.add_argument("--url", required=True)
    p.add_argument("--expr", required=True)
    p.add_argument("--start", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--step", required=True, help="seconds or a Prometheus duration")
    args = parser.parse_args(argv)
    if args.command == "start":
        return start(args)
    if args.command == "stop":
        return stop(args)
    if args.command == "query":
        params = {"query": args.expr}
        if args.time:
            params["time"] = args.time
        return api(args.url, "/api/v1/query", params)
    return api(args.url, "/api/v1/query_range",
               {"query": args.expr, "start": args.start, "end": args.end, "step": args.step})


if __name__ == "__main__":
    sys.exit(main())
