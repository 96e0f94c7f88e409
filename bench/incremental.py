"""Incremental corpus steps and the bounded briefing against the size of the database, on distinct synthetic
articles (bench/synthetic.py), every figure a ratio measured in one run.

    .venv/bin/python bench/incremental.py [--sizes 200,400,800,1600,3200] [--add 10] [--source DB] [--json FILE]
        [--articles FOLDER] [--growth dense|stream] [--no-steps] [--no-brief]

The articles are analysed once (--source: a database `dyad analyze` made of the articles bench/synthetic.py
writes, at least max(sizes) + add of them; without it they are generated and analysed first, which takes
long). A database of N articles is then made by copying the records of the first N articles out of it (the
per-article records are what `dyad analyze` would store; only actors are shared), and the corpus steps are
rebuilt over it (`dyad rebuild`). For each N:

(a) the corpus steps of a run that adds --add articles (their records copied in, then dyad.analyze.
    run_corpus_steps, best of three on fresh copies): wall and CPU seconds per added article, against N = the
    smallest (the CPU ratio is the one to read when the machine is loaded);
(b) `dyad analyze` of --add article files into a copy of that database, against into an empty database,
    each in its own process (start-up and model load included; best of two by CPU): seconds, CPU seconds
    of the process, peak memory;
(c) /api/brief (in-process test client): the first request, a second one (the server's cache per database
    version), and one with since= a week before the last article; `dyad brief --since` a week as a process
    (best of two; wall and CPU seconds).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timed_cli import best_of, machine_note, run_dyad

# The per-article tables, with the column naming the article of a row.
PER_ARTICLE = {"documents": "doc_id", "sentences": "doc_id", "mentions": "doc_id", "quotes": "doc_id",
               "events": "doc_id", "relations": "doc_id", "stances": "doc_id", "commitments": "evidence_doc_id"}


def sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def ordered_doc_ids(source: Path) -> list[str]:
    """The source database's articles in the order bench/synthetic.py wrote them (file names 00000.txt …)."""
    with duckdb.connect(str(source), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT doc_id FROM documents ORDER BY source").fetchall()]


# The dated columns of the per-article tables: what re-dating an article moves with its publication date.
DATED = {"documents": ("doc_id", ["published"]), "events": ("doc_id", ["event_date", "date_end"]),
         "commitments": ("evidence_doc_id", ["due_date"]),
         "relations": ("doc_id", ["valid_from", "valid_to", "observed_on"])}
FIRST_DAY = date(2005, 1, 1)


def stream_days(doc_ids: list[str], first: int, per_day: int) -> dict[str, date]:
    """The publication day of each of these articles in a stream of per_day articles a day from FIRST_DAY, the
    first of them being the stream's article number `first`."""
    return {doc_id: FIRST_DAY + timedelta(days=(first + i) // per_day) for i, doc_id in enumerate(doc_ids)}


def copy_articles(source: Path, target: Path, doc_ids: list[str], days: dict[str, date] | None = None) -> None:
    """Add the per-article records of these articles (and the actors they name) from source to target, as
    a run would store them: no cluster, no corpus claim, commitments pending. days: each article published on
    that day instead, every date of its records moved by as many days as its publication date (the dates an
    article gives are near its publication date, bench/synthetic.py: they keep their distance to it)."""
    from dyad.store import Store
    from dyad.store.tables import MERGE_ACTORS

    with Store(target) as store:  # creates and migrates the target
        con = store.con
        con.execute(f"ATTACH '{source}' AS source (READ_ONLY)")
        con.register("chosen", pa.table({"doc_id": doc_ids}))
        con.execute("BEGIN TRANSACTION")
        for table, column in PER_ARTICLE.items():
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM source.{table} "
                        f"WHERE {column} IN (SELECT doc_id FROM chosen)")
        if days:
            shifts = pa.table({"doc_id": list(days), "day": list(days.values())})
            con.register("redated", shifts)
            con.execute("CREATE TEMP TABLE shifts AS SELECT r.doc_id, CAST(r.day - d.published AS INTEGER) AS shift "
                        "FROM redated r "
                        "JOIN documents d USING (doc_id)")
            con.unregister("redated")
            for table, (column, dated) in DATED.items():
                moved = ", ".join(f"{c} = {c} + s.shift" for c in dated)
                con.execute(f"UPDATE {table} SET {moved} FROM shifts s WHERE {table}.{column} = s.doc_id")
            con.execute("DROP TABLE shifts")
        con.execute("UPDATE events SET cluster_id = NULL WHERE doc_id IN (SELECT doc_id FROM chosen)")
        con.execute("UPDATE commitments SET status = 'pending', settled_by_event_id = NULL "
                    "WHERE evidence_doc_id IN (SELECT doc_id FROM chosen)")
        con.execute(
            "INSERT INTO actors BY NAME SELECT a.* FROM source.actors a WHERE a.actor_id IN ("
            "SELECT actor_id FROM source.mentions WHERE doc_id IN (SELECT doc_id FROM chosen) UNION "
            "SELECT source_id FROM source.events WHERE doc_id IN (SELECT doc_id FROM chosen) UNION "
            "SELECT target_id FROM source.events WHERE doc_id IN (SELECT doc_id FROM chosen) UNION "
            "SELECT speaker_id FROM source.quotes WHERE doc_id IN (SELECT doc_id FROM chosen)) " + MERGE_ACTORS)
        con.execute("COMMIT")
        con.unregister("chosen")
        con.execute("DETACH source")


def corpus_step_seconds(db: Path, source: Path, added: list[str], scratch: Path, repeats: int = 3,
                        days: dict[str, date] | None = None) -> tuple[float, float, dict]:
    """Best wall and CPU time (this process's, DuckDB's threads included) of run_corpus_steps after the
    records of `added` are stored into a fresh copy of db. On a shared machine the CPU time is the steadier."""
    from dyad.analyze import run_corpus_steps
    from dyad.store import Store

    wall = cpu = float("inf")
    for _ in range(repeats):
        copy = scratch / "steps.duckdb"
        shutil.copyfile(db, copy)
        copy_articles(source, copy, added, days)
        with Store(copy) as store:
            start, start_cpu = time.perf_counter(), time.process_time()
            summary = run_corpus_steps(store)
            wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
            assert summary.documents == len(added), summary
        copy.unlink()
    return wall, cpu, {"reclustered": summary.reclustered, "compared": getattr(summary, "compared", None),
                       **summary.touched}


def brief_latency(db: Path, last_day) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from dyad.serve.api import create_app

    figures = {}
    with TestClient(create_app(str(db), allowed_hosts=["testserver"])) as client:
        for name, url in (("first", "/api/brief"), ("cached", "/api/brief"),
                          ("since_week", f"/api/brief?since={last_day - timedelta(days=7)}")):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            figures[name] = round(time.perf_counter() - start, 3)
    return figures


def extra_folder(articles: Path, scratch: Path, names: list[str]) -> Path:
    folder = scratch / "extra"
    folder.mkdir()
    manifest = json.loads((articles / "manifest.json").read_text())["articles"]
    wanted = set(names)
    for name in names:
        shutil.copyfile(articles / name, folder / name)
    entries = [entry for entry in manifest if entry["file"] in wanted]
    (folder / "manifest.json").write_text(json.dumps({"articles": entries}))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes, default=sizes("200,400,800,1600,3200"))
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--source", type=Path, help="a database of the synthetic articles (see above)")
    parser.add_argument("--articles", type=Path, help="the folder of those articles (for the whole-run figures)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--growth", choices=["dense", "stream"], default="dense",
                        help="dense: the first N articles as written (dates at random over 2005-2026 whatever N: a "
                        "larger N is a denser stream over the same years); stream: article i re-dated to day "
                        "i // --per-day and the added ones to the day after the database's last (a larger N is a "
                        "longer stream at one rate)")
    parser.add_argument("--per-day", type=int, help="articles a day for --growth stream (default: --add, the "
                        "added articles being the next day's news)")
    parser.add_argument("--no-brief", action="store_true", help="skip (b) and (c)")
    parser.add_argument("--no-steps", action="store_true", help="skip (a)")
    args = parser.parse_args()
    per_day = args.per_day or args.add
    largest = max(args.sizes)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        articles, source = args.articles, args.source
        if source is None:
            from synthetic import generate, write

            articles = scratch / "articles"
            write(articles, list(generate(largest + args.add, args.seed)))
            source = scratch / "source.duckdb"
            run_dyad(["analyze", str(articles), "--db", str(source)])
        doc_ids = ordered_doc_ids(source)
        added = doc_ids[largest:largest + args.add]
        assert len(added) == args.add, "the source database holds too few articles"
        report: dict = {"note": machine_note(), "add": args.add, "growth": args.growth,
                        "per_day": per_day if args.growth == "stream" else None, "steps": {}, "add_run": {},
                        "brief": {}}
        extra = extra_folder(articles, scratch, [f"{i:05}.txt" for i in range(largest, largest + args.add)]) \
            if articles else None
        if extra:
            empty = scratch / "empty.duckdb"
            report["add_run"]["0"] = _add_run(extra, None, empty)
            report["startup"] = round(best_of(2, ["--version"]).seconds, 2)
        for n in args.sizes:
            db = scratch / f"n{n}.duckdb"
            stream = args.growth == "stream"
            copy_articles(source, db, doc_ids[:n], stream_days(doc_ids[:n], 0, per_day) if stream else None)
            added_days = stream_days(added, -(-n // per_day) * per_day, per_day) if stream else None
            start = time.perf_counter()
            run_dyad(["rebuild", "--db", str(db)])
            rebuild = time.perf_counter() - start
            steps, steps_cpu, work = (0.0, 0.0, {}) if args.no_steps else corpus_step_seconds(
                db, source, added, scratch, days=added_days)
            report["steps"][str(n)] = {"seconds": round(steps, 3), "per_article": round(steps / args.add, 4),
                                       "cpu_seconds": round(steps_cpu, 3),
                                       "cpu_per_article": round(steps_cpu / args.add, 4),
                                       "rebuild_process_seconds": round(rebuild, 2), "work": work}
            if args.no_brief:
                db.unlink()
                print(f"N={n}: {report['steps'][str(n)]}", flush=True)
                continue
            with duckdb.connect(str(db), read_only=True) as con:
                last_day = con.execute("SELECT max(published) FROM documents").fetchone()[0]
            report["brief"][str(n)] = brief_latency(db, last_day)
            brief_run = best_of(2, ["brief", "--db", str(db), "--since", str(last_day - timedelta(days=7)),
                                    "--out", str(scratch / "brief.md")])
            report["brief"][str(n)]["cli_since_week"] = round(brief_run.seconds, 2)
            report["brief"][str(n)]["cli_since_week_cpu"] = round(brief_run.cpu_seconds, 2)
            if extra:
                report["add_run"][str(n)] = _add_run(extra, db, scratch / "grown.duckdb")
            db.unlink()
            print(f"N={n}: {report['steps'][str(n)]} {report['brief'][str(n)]} {report['add_run'].get(str(n))}",
                  flush=True)
    print_report(report, args.sizes)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


def _add_run(extra: Path, source: Path | None, db: Path) -> dict[str, float]:
    runs = []
    for _ in range(2):
        db.unlink(missing_ok=True)
        if source is not None:
            shutil.copyfile(source, db)
        runs.append(run_dyad(["analyze", str(extra), "--db", str(db)]))
    db.unlink(missing_ok=True)
    run = min(runs, key=lambda r: r.cpu_seconds)  # on a shared machine the CPU time is the steadier
    return {"seconds": round(run.seconds, 2), "cpu_seconds": round(run.cpu_seconds, 2),
            "corpus_seconds": round(run.corpus_seconds, 3), "peak_mib": round(run.peak_mib)}


def print_report(report: dict, ns: list[int]) -> None:
    print(report["note"])
    print(f"growth: {report['growth']}" + (f", {report['per_day']} articles a day" if report["per_day"] else ""))
    base = report["steps"][str(ns[0])]
    if base["cpu_seconds"]:
        print_steps(report, ns, base)
    if report["add_run"]:
        empty = report["add_run"]["0"]
        print(f"\n(b) dyad analyze of {report['add']} new article files into a database of N (best of two by CPU)")
        print("| N | seconds | vs N = 0 | CPU s | CPU vs N = 0 | corpus steps s | peak MiB | vs N = 0 |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in ["0", *map(str, ns)]:
            r = report["add_run"][n]
            print(f"| {n} | {r['seconds']:.1f} | ×{r['seconds'] / empty['seconds']:.2f} | {r['cpu_seconds']:.2f} "
                  f"| ×{r['cpu_seconds'] / empty['cpu_seconds']:.2f} | {r['corpus_seconds']:.2f} | {r['peak_mib']} "
                  f"| ×{r['peak_mib'] / empty['peak_mib']:.2f} |")
    if not report["brief"]:
        return
    print("\n(c) /api/brief (in-process client) and dyad brief --since a week (a process)")
    print("| N | first request s | cached s | since a week s | dyad brief --since s | its CPU s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in ns:
        r = report["brief"][str(n)]
        print(f"| {n} | {r['first']:.2f} | {r['cached']:.3f} | {r['since_week']:.2f} | {r['cli_since_week']:.2f} "
              f"| {r['cli_since_week_cpu']:.2f} |")


def print_steps(report: dict, ns: list[int], base: dict) -> None:
    print(f"\n(a) corpus steps of a run adding {report['add']} articles to a database of N (best of three)")
    print(f"| N | seconds | per added article | vs N = {ns[0]} | CPU s | CPU per added article | CPU vs N = {ns[0]} "
          "| full rebuild (process) | mentions compared with | clusters rebuilt |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in ns:
        r = report["steps"][str(n)]
        print(f"| {n} | {r['seconds']:.2f} | {r['per_article']:.3f} | ×{r['per_article'] / base['per_article']:.2f} "
              f"| {r['cpu_seconds']:.2f} | {r['cpu_per_article']:.3f} "
              f"| ×{r['cpu_per_article'] / base['cpu_per_article']:.2f} | {r['rebuild_process_seconds']:.1f} s "
              f"| {r['work'].get('compared', '')} | {r['work'].get('clusters', '')} |")


if __name__ == "__main__":
    main()
