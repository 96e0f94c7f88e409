"""Build small WARC archives for tests with warcio's writer."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def warc_bytes(records: list[tuple[str, str, bytes]], *, gzip: bool = False, requests: bool = True) -> bytes:
    """records: (url, content type, payload) responses, each after a request record unless requests=False."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, content_type, payload in records:
        if requests:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(response)
    return buffer.getvalue()


def html_page(body_paragraphs: str, *, title: str = "Norland and Vesteria sign a trade deal") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body_paragraphs.split("\n\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:site_name' content='Geneva Daily'>"
        "<meta property='article:published_time' content='2024-03-04T10:00:00Z'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/europe'>Europe</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<section id='comments' class='comments'><h3>2 Comments</h3>"
        "<div class='comment'><p>Reader one thinks this deal is a betrayal of every fisherman.</p></div>"
        "<div class='comment'><p>Reader two says Norland always gets its way in these talks.</p></div></section>"
        "<footer>© 2024 Geneva Daily. All rights reserved.</footer></body></html>"
    ).encode()
