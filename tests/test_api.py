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
