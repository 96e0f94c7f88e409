"""The server refuses foreign Host and Origin headers, sends its security headers, serves /docs without a
CDN, bounds the spans endpoint, and closes connections whose request head never completes."""

from __future__ import annotations

import base64
import hashlib
import re
import socket
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dyad.serve.api import MAX_PAGE
from dyad.serve.security import host_name, install_security

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "LOCALHOST", "[::1]"])
def test_local_host_names_are_served(served: str, host: str):
    port = urlsplit(served).port
    response = httpx.get(f"{served}/api/health", headers={"Host": f"{host}:{port}"})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "", "[::2]"])
def test_a_foreign_host_header_is_refused(served: str, host: str):
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 still sends Host: evil.example."""
    response = httpx.get(f"{served}/api/documents", headers={"Host": host})
    assert response.status_code == 400 and "documents" not in response.text
    assert all(name in response.headers for name in SECURITY_HEADERS)


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("https://evil.example", 403),
        ("http://localhost.evil.example:8000", 403),
        ("http://localhost:8000", 200),
        ("http://127.0.0.1:1234", 200),
        ("null", 200),
    ],
)
def test_a_request_from_a_page_of_another_site_is_refused(served: str, origin: str, status: int):
    assert httpx.get(f"{served}/api/documents", headers={"Origin": origin}).status_code == status


def test_every_answer_carries_the_security_headers(served: str):
    for path in ("/", "/api/health", "/api/documents", "/static/app.js", "/openapi.json", "/docs", "/api/nope"):
        response = httpx.get(f"{served}{path}")
        assert [h for h in SECURITY_HEADERS if h not in response.headers] == [], path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        if path != "/docs":
            assert "unsafe-inline" not in policy and "sha256-" not in policy


def test_the_docs_fetch_nothing_from_elsewhere(served: str):
    page = httpx.get(f"{served}/docs")
    assert page.status_code == 200
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), "no asset from another host"
    for asset in re.findall(r"""(?:src|href)=["']([^"']+)""", page.text):
        assert httpx.get(f"{served}{asset}").status_code == 200, asset
    [script] = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["content-security-policy"], "the inline start-up script may run"


def test_the_spans_of_a_document_come_a_page_at_a_time(served: str):
    doc_id = httpx.get(f"{served}/api/documents", params={"limit": 1}).json()["items"][0]["doc_id"]
    whole = httpx.get(f"{served}/api/documents/{doc_id}/spans").json()
    assert len(whole["spans"]) <= MAX_PAGE and whole["total"] >= len(whole["spans"]) > 10
    first = httpx.get(f"{served}/api/documents/{doc_id}/spans", params={"limit": 5}).json()
    second = httpx.get(f"{served}/api/documents/{doc_id}/spans", params={"limit": 5, "offset": 5}).json()
    assert first["spans"] + second["spans"] == whole["spans"][:10]
    assert httpx.get(f"{served}/api/documents/{doc_id}/spans", params={"limit": MAX_PAGE + 1}).status_code == 422


def test_a_client_that_never_finishes_its_request_head_is_disconnected(served: str):
    """Slow loris: one header byte at a time, never the blank line that ends the head."""
    address = urlsplit(served)
    with socket.create_connection((address.hostname, address.port), timeout=10) as client:
        client.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n")
        closed = False
        for _ in range(100):  # up to 100 bytes, one per 0.1 s: far longer than the head's deadline
            try:
                client.sendall(b"X")
                client.settimeout(0.1)
                closed = client.recv(1024) == b""
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
            if closed:
                break
        assert closed, "the server still holds a connection whose request head never ended"


def test_a_client_that_finishes_its_head_in_time_is_answered(served: str):
    address = urlsplit(served)
    with socket.create_connection((address.hostname, address.port), timeout=10) as client:
        client.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        assert client.recv(4096).startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize(
    ("header", "host"),
    [
        ("localhost:8000", "localhost"),
        ("[::1]:8000", "::1"),
        ("::1", "::1"),
        ("Example.ORG", "example.org"),
        ("", ""),
        ("[broken", ""),
    ],
)
def test_host_names_are_read_without_their_port(header: str, host: str):
    assert host_name(header) == host


def test_with_cors_other_origins_may_read_but_the_host_check_stays():
    app = FastAPI()
    app.get("/api/ping")(lambda: {"ok": True})
    install_security(app, any_origin=True)
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/api/ping", headers={"Origin": "https://dash.example.org"}).status_code == 200
        assert client.get("/api/ping", headers={"Host": "dash.example.org"}).status_code == 400
