"""Load on the read-only HTTP API: requests per second and latency percentiles for the main endpoints, against
a trivial endpoint (/api/health: the framework, the cursor, no query) measured in the same run.

    .venv/bin/python bench/api_load.py [--db FILE] [--requests 300] [--concurrency 8]

Without --db, the seed corpus (../shared/corpus/seeds) is analysed into a temporary database first. The server
runs in its own process (uvicorn, one worker), the client in this one with --concurrency threads.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import socket
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
BASELINE = "/api/health"


def endpoints(doc_id: str) -> list[str]:
    return [
        "/api/documents",
        f"/api/documents/{doc_id}/spans",
        "/api/actors?limit=100",
        "/api/events?limit=100",
        "/api/events?actor=ARM&type=AGREE",
        "/api/clusters?limit=100",
        "/api/quotes?limit=100",
        "/api/relations?as_of=2025-01-31",
        "/api/graph?as_of=2025-01-31",
        "/api/claims?limit=100",
        "/api/brief",
    ]


def serve(db: str, port: int) -> None:
    import uvicorn

    from dyad.serve.api import create_app

    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + BASELINE, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    sys.exit("bench: the server did not start")


def load(client: httpx.Client, path: str, requests: int, concurrency: int) -> dict[str, float]:
    def one(_: int) -> float:
        start = time.perf_counter()
        response = client.get(path)
        response.raise_for_status()
        return time.perf_counter() - start

    client.get(path).raise_for_status()  # warm up
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = sorted(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    return {"requests_per_s": requests / elapsed, "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))]}


def database(given: str | None, folder: Path) -> str:
    if given:
        return given
    from dyad.analyze import analyze

    db = folder / "bench.duckdb"
    analyze([str(SEEDS)], db=db)
    return str(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = database(args.db, Path(folder))
        port = free_port()
        server = multiprocessing.get_context("spawn").Process(target=serve, args=(db, port), daemon=True)
        server.start()
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            with httpx.Client(base_url=base, timeout=60, limits=httpx.Limits(max_connections=args.concurrency)) as c:
                doc_id = c.get("/api/documents").json()["items"][0]["doc_id"]
                baseline = load(c, BASELINE, args.requests, args.concurrency)
                results = {path: load(c, path, args.requests, args.concurrency) for path in endpoints(doc_id)}
        finally:
            server.terminate()
    report(baseline, results, args)


def report(baseline: dict[str, float], results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    print(f"{args.requests} requests per endpoint, {args.concurrency} concurrent clients")
    print(f"{'endpoint':45} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs health':>10}")
    for path, r in {BASELINE: baseline, **results}.items():
        ratio = r["requests_per_s"] / baseline["requests_per_s"]
        print(f"{path:45} {r['requests_per_s']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {ratio:10.2f}")
    out = REPO / "bench" / "results" / "api_load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"baseline": baseline, "endpoints": results, "requests": args.requests,
                               "concurrency": args.concurrency}, indent=2))


if __name__ == "__main__":
    main()
