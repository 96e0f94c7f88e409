"""The HTTP API in-process (FastAPI's TestClient) over the written corpus: every endpoint, bad parameters,
pagination, and the read-only guarantee."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyad.serve.api import MAX_PAGE, create_app
from dyad.store import Store
from tests.conftest import query

INJECTIONS = ["x'; DROP TABLE events; --", "' OR 1=1 --", "ARM) UNION SELECT * FROM documents --"]


@pytest.fixture(scope="module")
def client(nordic_db: Path):
    with TestClient(create_app(str(nordic_db)), base_url="http://localhost") as test_client:
        yield test_client


def ok(client: TestClient, path: str, **params) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def doc_id(nordic_db: Path, outlet: str) -> str:
    return query(nordic_db, f"SELECT doc_id FROM documents WHERE outlet = '{outlet}'")[0][0]


def test_health_status_and_openapi(client: TestClient):
    assert ok(client, "/api/health")["status"] == "ok"
    status = ok(client, "/api/status")
    assert status["counts"]["documents"] == 4 and status["quarantine"] == []
    paths = ok(client, "/openapi.json")["paths"]
    for endpoint in ("documents", "documents/{doc_id}", "documents/{doc_id}/spans", "actors", "actors/{key}",
                     "mentions", "quotes", "events", "clusters", "commitments", "relations", "scores", "graph",
                     "stances", "claims", "compare", "brief"):
        assert f"/api/{endpoint}" in paths
        assert list(paths[f"/api/{endpoint}"]) == ["get"], "read-only: GET only"


def test_documents_and_one_document(client: TestClient, nordic_db: Path):
    listing = ok(client, "/api/documents", outlet="Outlet B")
    assert [d["outlet"] for d in listing["items"]] == ["Outlet B"]
    later = ok(client, "/api/documents", since="2025-02-01")["items"]
    assert [d["outlet"] for d in later] == ["Outlet D"]
    document = ok(client, f"/api/documents/{doc_id(nordic_db, 'Outlet A')[:8]}")
    assert document["body"].startswith("Norway and Sweden signed a fisheries agreement")
    spans = ok(client, f"/api/documents/{document['doc_id']}/spans")["spans"]
    layers = {s["layer"] for s in spans}
    assert {"mention", "quote", "event", "commitment", "relation", "stance", "claim"} <= layers
    quote = next(s for s in spans if s["layer"] == "quote")
    assert document["body"][quote["start_char"]:quote["end_char"]] == "We have waited ten years for this day,"


def test_actors_mentions_and_quotes(client: TestClient):
    people = ok(client, "/api/actors", kind="person")["items"]
    assert {"Ingrid Dahl", "Lars Berg"} <= {p["name"] for p in people}
    profile = ok(client, "/api/actors/Norway")
    assert profile["actor_id"] == "NOR" and profile["names_used"]
    mentions = ok(client, "/api/mentions", actor="SWE")["items"]
    assert mentions and {m["actor_id"] for m in mentions} == {"SWE"}
    quotes = ok(client, "/api/quotes", speaker="Lars Berg")["items"]
    assert quotes and {q["speaker_name"] for q in quotes} == {"Lars Berg"}
    assert ok(client, "/api/quotes", outlet="Outlet A")["items"][0]["outlet"] == "Outlet A"


def test_events_clusters_and_filters(client: TestClient):
    signing = ok(client, "/api/events", type="AGREE", since="2025-01-14", until="2025-01-14")["items"]
    assert len({e["doc_id"] for e in signing}) == 3
    assert all(e["plover_type"] == "AGREE" and e["event_date"] == "2025-01-14" for e in signing)
    clusters = ok(client, "/api/clusters", actor="NOR")["items"]
    biggest = max(clusters, key=lambda c: c["documents"])
    assert biggest["documents"] == 3 and biggest["event_date"] == "2025-01-14"
    assert ok(client, "/api/events", modality="announced", actor="Norway")["items"]


def test_commitments_relations_scores_graph(client: TestClient):
    commitments = ok(client, "/api/commitments", actor="NOR")["items"]
    assert commitments and all("NOR" in (c["who_id"], c["to_whom_id"]) for c in commitments)
    assert ok(client, "/api/commitments", status="kept")["items"]
    relations = ok(client, "/api/relations", as_of="2025-01-31")["items"]
    assert [(r["a_id"], r["type"], r["b_id"], r["status"]) for r in relations] == [("SWE", "member", "NATO", "active")]
    assert ok(client, "/api/relations", as_of="2024-12-31")["items"] == []
    assert isinstance(ok(client, "/api/scores")["items"], list)
    graph = ok(client, "/api/graph", as_of="2025-01-31")
    assert {"SWE", "NATO"} <= {n["id"] for n in graph["nodes"]}
    assert any(e["kind"] == "relation" and e["status"] == "active" for e in graph["edges"])


def test_stances_claims_compare_brief(client: TestClient):
    stances = ok(client, "/api/stances")["items"]
    assert {"positive", "negative"} <= {s["polarity"] for s in stances}
    claims = ok(client, "/api/claims", kind="internal_error")["items"]
    assert [c["kind"] for c in claims] == ["internal_error"] and "Oslo 2 times" in claims[0]["text"]
    compare = ok(client, "/api/compare")
    assert any(d["relation"] == "differs" for d in compare["disputes"])
    brief = ok(client, "/api/brief")
    assert brief["sections"][0]["title"] == "In brief" and brief["citations"]
    markdown = client.get("/api/brief", params={"format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown") and markdown.text.startswith("# Briefing")
    assert client.get("/api/brief", params={"format": "html"}).text.startswith("<!doctype html>")


def test_pagination_pages_do_not_overlap(client: TestClient):
    first = ok(client, "/api/mentions", limit=5, offset=0)
    second = ok(client, "/api/mentions", limit=5, offset=5)
    assert first["count"] == second["count"] == 5
    key = lambda m: (m["doc_id"], m["start_char"])  # noqa: E731
    assert not {key(m) for m in first["items"]} & {key(m) for m in second["items"]}
    assert ok(client, "/api/mentions", limit=MAX_PAGE)["limit"] == MAX_PAGE


@pytest.mark.parametrize(("path", "params"), [
    ("/api/events", {"limit": MAX_PAGE + 1}),
    ("/api/events", {"limit": 0}),
    ("/api/events", {"limit": "ten"}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"since": "last tuesday"}),
    ("/api/events", {"type": "HUG"}),
    ("/api/events", {"modality": "maybe"}),
    ("/api/actors", {"kind": "planet"}),
    ("/api/quotes", {"min_confidence": 2}),
    ("/api/relations", {"as_of": "2025-13-45"}),
    ("/api/brief", {"format": "pdf"}),
    ("/api/mentions", {"actor": "x" * 500}),
    ("/api/events", {"_sort": "nonsense"}),
    ("/api/events", {"_sort": "date; DROP TABLE events"}),
    ("/api/claims", {"_sort": "links"}),
    ("/api/events", {"counterpart": "SWE"}),
    ("/api/search", {"q": ""}),
])
def test_bad_parameters_are_clear_422s(client: TestClient, path: str, params: dict):
    response = client.get(path, params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and detail[0]["loc"][-1] in params


def test_unknown_things_are_404s(client: TestClient):
    assert client.get("/api/actors/Atlantis").status_code == 404
    assert "no actor 'Atlantis'" in client.get("/api/actors/Atlantis").json()["detail"]
    assert client.get("/api/documents/deadbeef").status_code == 404
    assert client.get("/api/documents/not-hex").status_code == 422
    assert client.get("/api/events", params={"actor": "Atlantis"}).status_code == 404


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_attempts_are_only_strings(client: TestClient, nordic_db: Path, attack: str):
    for path, name in (("/api/events", "actor"), ("/api/quotes", "speaker"), ("/api/documents", "outlet"),
                       ("/api/mentions", "doc"), ("/api/compare", "topic"), ("/api/brief", "topic")):
        response = client.get(path, params={name: attack})
        assert response.status_code in (200, 404), (path, response.text)
        if response.status_code == 200 and "items" in response.json():
            assert response.json()["items"] == []
    assert client.get(f"/api/actors/{attack}").status_code == 404
    assert ok(client, "/api/status")["counts"]["events"] > 0


def test_the_database_is_never_written(nordic_db: Path):
    before = hashlib.sha256(nordic_db.read_bytes()).hexdigest()
    with TestClient(create_app(str(nordic_db)), base_url="http://localhost") as client:
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)("/api/documents").status_code == 405
        ok(client, "/api/brief")
        ok(client, "/api/events")
        store: Store = client.app.state.store
        with pytest.raises(Exception, match="read-only"):
            store.con.execute("DELETE FROM events")
    assert hashlib.sha256(nordic_db.read_bytes()).hexdigest() == before


def test_a_missing_database_fails_before_serving(tmp_path: Path):
    with pytest.raises(Exception, match="no Dyad database"):
        create_app(str(tmp_path / "absent.duckdb"))


def test_the_web_ui_is_served_without_any_remote_asset(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200 and '<script src="/static/app.js">' in page.text
    for asset in ("/static/app.js", "/static/app.css"):
        body = client.get(asset).text
        assert "http://" not in body.replace("http://www.w3.org/2000/svg", "") and "https://" not in body


def test_pages_carry_the_total_and_the_next_page(client: TestClient, nordic_db: Path):
    [(mentions,)] = query(nordic_db, "SELECT count(*) FROM mentions")
    seen, url, pages = [], "/api/mentions?limit=7&actor=NOR", 0
    [(of_norway,)] = query(nordic_db, "SELECT count(*) FROM mentions WHERE actor_id = 'NOR'")
    while url:
        page = client.get(url).json()
        assert page["total"] == of_norway and page["count"] == len(page["items"]) <= 7
        seen += page["items"]
        url, pages = page["next"], pages + 1
    assert len(seen) == of_norway and pages == -(-of_norway // 7)
    assert ok(client, "/api/mentions", limit=5)["total"] == mentions


def test_sort_and_text_search(client: TestClient):
    events = ok(client, "/api/events", _sort="plover_type,-event_date", limit=MAX_PAGE)["items"]
    assert [e["plover_type"] for e in events] == sorted(e["plover_type"] for e in events)
    dated = [e["event_date"] for e in events if e["plover_type"] == "AGREE" and e["event_date"]]
    assert dated == sorted(dated, reverse=True)
    found = ok(client, "/api/quotes", q="WAITED TEN YEARS")
    assert found["total"] >= 1 and all("waited ten years" in q["text"].lower() for q in found["items"])
    assert ok(client, "/api/quotes", q="no such words anywhere")["total"] == 0
    search = ok(client, "/api/search", q="norw")
    assert any(a["actor_id"] == "NOR" for a in search["actors"])
    assert search["sentences"] and all("norw" in s["text"].lower() for s in search["sentences"])
    assert ok(client, "/api/search", q="100%_x")["sentences"] == [], "% and _ are literal characters"


def test_events_between_two_actors(client: TestClient):
    between = ok(client, "/api/events", actor="NOR", counterpart="SWE", limit=MAX_PAGE)["items"]
    assert between and all({e["source_id"], e["target_id"]} == {"NOR", "SWE"} for e in between)


def test_cors_only_when_asked(nordic_db: Path, client: TestClient):
    headers = {"Origin": "http://notebook.example"}
    assert "access-control-allow-origin" not in client.get("/api/health", headers=headers).headers
    with TestClient(create_app(str(nordic_db), cors=True), base_url="http://localhost") as open_client:
        response = open_client.get("/api/health", headers=headers)
        assert response.headers["access-control-allow-origin"] == "*"


def test_api_docs_are_served_from_the_app(client: TestClient):
    page = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 10_000


def test_sorted_and_searched_pages_join_up_to_the_whole_listing(client: TestClient):
    """Pages are cut in SQL: a search and a sort over every page give what they give over the whole listing,
    ties in the listing's own order."""
    whole = ok(client, "/api/mentions", limit=MAX_PAGE, _sort="-surface", q="o")
    pages, offset = [], 0
    while True:
        page = ok(client, "/api/mentions", limit=3, offset=offset, _sort="-surface", q="o")
        assert page["total"] == whole["total"]
        pages += page["items"]
        if page["next"] is None:
            break
        offset += 3
    assert pages == whole["items"] and len(pages) == whole["total"] > 3
    assert all("o" in " ".join(str(v).lower() for v in m.values() if isinstance(v, str)) for m in pages)
    surfaces = [m["surface"] for m in pages]
    assert surfaces == sorted(surfaces, reverse=True)
    assert ok(client, "/api/mentions", offset=10_000)["total"] == ok(client, "/api/mentions")["total"]


def test_a_briefing_is_built_once_per_database_version(monkeypatch):
    from dyad.serve import api as serving
    from dyad.serve.brief import BriefOptions

    built: list[BriefOptions] = []
    monkeypatch.setattr(serving, "build_brief", lambda db, options: built.append(options) or object())

    class Reader:
        version = 1

        def store_version(self) -> int:
            return self.version

    cache, reader = serving.BriefingCache(), Reader()
    first = cache.get(reader, BriefOptions())
    assert cache.get(reader, BriefOptions()) is first and len(built) == 1
    cache.get(reader, BriefOptions(topic="Norway"))
    assert len(built) == 2, "another topic is another briefing"
    reader.version = 2  # a write since
    assert cache.get(reader, BriefOptions()) is not first and len(built) == 3
