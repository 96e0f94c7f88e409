"""The web UI in real headless Chromium (Debian's chromium, driven by Playwright) on the seed database:
what the pages show, clicking from a record to its sentence, changing the as-of date. Screenshots go to
build/screenshots/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, query, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = REPO / "build" / "screenshots"
# Flags for a sandboxed machine without network: no background connections, no first-run work.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Chromium for the browser tests: scripts/setup installs Debian's chromium")
    pytest.skip("Chromium is not installed (scripts/setup installs it as root)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(seed_db: Path) -> Iterator[str]:
    with serving(seed_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str, tmp_path: Path) -> Iterator:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert errors == [], "the page logged errors"


def visit(page, hash_: str, view: str) -> None:
    page.goto(f"/{hash_}")
    ready(page, view)


def ready(page, view: str) -> None:
    page.wait_for_selector(f"body[data-ready='{view}']", timeout=15_000)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def selected_text(page) -> str:
    return "".join(page.locator("#doc-body .selected").all_text_contents())


def span_of(href: str) -> tuple[str, int, int]:
    doc_id, params = href.split("#/doc/")[1].split("?")
    values = dict(p.split("=") for p in params.split("&"))
    return doc_id, int(values["start"]), int(values["end"])


def body_slice(seed_db: Path, doc_id: str, start: int, end: int) -> str:
    [(body,)] = query(seed_db, f"SELECT body FROM documents WHERE doc_id = '{doc_id}'")
    return body[start:end]


def follow_to_sentence(page, link, seed_db: Path) -> str:
    """Clicks a link to a record's sentence; the document view must mark exactly that stored span."""
    doc_id, start, end = span_of(link.get_attribute("href"))
    link.click()
    ready(page, "doc")
    assert selected_text(page) == body_slice(seed_db, doc_id, start, end)
    return selected_text(page)


def test_overview_is_the_cited_brief_and_a_citation_opens_its_sentence(page, seed_db: Path):
    visit(page, "#/", "overview")
    assert page.locator("h1").first.text_content() == "Briefing"
    lead = page.locator("li.statement").first
    assert "Reported in 5 of 5 articles" in lead.text_content()
    assert page.locator("li.statement a.cite").count() >= 20
    shot(page, "overview")
    assert "signed" in follow_to_sentence(page, lead.locator("a.cite").first, seed_db)
    assert page.locator("#doc-body .selected").first.is_visible()


def test_timeline_picture_and_a_click_from_event_to_sentence(page, seed_db: Path):
    visit(page, "#/timeline", "timeline")
    dots = page.locator("svg.timeline circle.event-dot")
    assert dots.count() >= 10
    assert page.locator("svg.timeline text.row-label", has_text="Armenia → CSTO").count() == 1
    shot(page, "timeline")
    biggest = max(range(dots.count()), key=lambda i: float(dots.nth(i).get_attribute("r")))
    assert "2025-01-14" in dots.nth(biggest).locator("title").text_content()
    dots.nth(biggest).click()
    ready(page, "doc")
    doc_id, start, end = span_of(page.url)
    assert selected_text(page) == body_slice(seed_db, doc_id, start, end)
    assert "sign" in selected_text(page)


def relation_status(page, pair: str) -> str | None:
    row = page.locator(f"tr[data-pair='{pair}'] td.status")
    return row.text_content() if row.count() else None


def set_as_of(page, as_of: str) -> None:
    """Types a date into the as-of control, as a user would, and waits for the graph of that date."""
    page.fill("#as-of", as_of)
    page.locator("#as-of").dispatch_event("change")
    page.wait_for_function(f"location.hash.endsWith('{as_of}')")
    ready(page, "graph")
    assert page.locator("#as-of").input_value() == as_of


def test_alignment_graph_moves_with_the_as_of_date(page):
    visit(page, "#/graph", "graph")
    assert page.locator("svg.graph g.node").count() >= 5
    # Russian border guards: in place as News.az has it on 14 January, ended as of the European Leadership
    # Network's article of 27 February; Armenia's CSTO membership suspended throughout (an undated article says
    # so too: "formally an ally … But it suspended participation")
    for as_of, pair, status in (("2025-01-31", "RUS-border_guards-ARM", "active"),
                                ("2025-03-01", "RUS-border_guards-ARM", "ended"),
                                ("2023-10-01", "ARM-member-CSTO", "suspended")):
        set_as_of(page, as_of)
        assert relation_status(page, pair) == status
        assert page.locator(f"svg.graph line.edge.relation.{status}").count() >= 1
        shot(page, f"graph-{as_of}")
    set_as_of(page, "2025-01-31")
    assert relation_status(page, "ARM-member-EAEU") == "active"
    assert relation_status(page, "ARM-applicant-EU") == "planned"


def test_quotes_explorer_filters_by_speaker_and_opens_the_sentence(page, seed_db: Path):
    visit(page, "#/quotes", "quotes")
    everyone = page.locator("article.quote").count()
    assert everyone >= 40
    page.select_option("#filter-speaker", "sergey-lavrov")
    page.wait_for_function("location.hash.includes('speaker=sergey-lavrov')")
    ready(page, "quotes")
    speakers = page.locator("article.quote header strong").all_text_contents()
    [(expected,)] = query(seed_db, "SELECT count(*) FROM quotes WHERE speaker_id = 'sergey-lavrov'")
    assert len(speakers) == expected and set(speakers) == {"Sergey Lavrov"}
    shot(page, "quotes-lavrov")
    follow_to_sentence(page, page.locator("a.quote-link").first, seed_db)
    shot(page, "document")


def test_document_view_highlights_and_explains_spans(page, seed_db):
    visit(page, "#/documents", "documents")
    assert page.locator("tbody tr").count() == 5
    page.locator("tbody a", has_text="The Armenian Weekly").click()
    ready(page, "doc")
    # the heading is the article's own title, read from the store rather than copied here
    [(title,)] = query(seed_db, "SELECT title FROM documents WHERE outlet = 'The Armenian Weekly'")
    assert title and page.locator("h1").text_content() == title
    swatches = set(page.locator("#legend .swatch").all_text_contents())
    assert {"quotes", "events", "commitments", "stances", "claims"} <= swatches
    colour = "e => getComputedStyle(e).backgroundColor"
    assert page.locator("#legend .swatch.hl-quote").evaluate(colour) == page.locator(
        "#doc-body .hl-quote:not(.hl-commitment)").first.evaluate(colour), "the legend shows the highlight's colour"
    assert page.locator("#doc-body .hl-quote").count() > 10
    assert page.locator("#doc-body .hl-event").count() > 10
    page.locator("#doc-body .hl-quote").first.click()
    assert "quote" in page.locator("#span-detail").text_content()
    assert "Comments" not in page.locator("#doc-body").text_content(), "reader comments were cleaned away"


def test_claims_view_opens_a_disputed_detail(page, seed_db: Path):
    visit(page, "#/claims", "claims")
    assert page.locator("tr.claim").count() >= 20
    differing = page.locator("a.claim-link", has_text=": differs — ")
    assert differing.count() >= 1
    follow_to_sentence(page, differing.first, seed_db)


def test_overview_has_a_contents_bar(page):
    visit(page, "#/", "overview")
    contents = page.locator("#contents a")
    titles = contents.all_text_contents()
    assert titles[0] == "In brief" and titles[-1] == "Sources" and "Where the sources differ" in titles
    contents.last.click()
    page.wait_for_function("document.querySelector('#section-sources').getBoundingClientRect().top < 300")
    assert page.locator("#contents").is_visible(), "the contents bar stays in view"
    shot(page, "overview-contents")


def test_search_finds_an_actor_and_its_page_tells_its_story(page, seed_db: Path):
    visit(page, "#/", "overview")
    page.fill("#search", "lavrov")
    page.press("#search", "Enter")
    ready(page, "search")
    assert page.locator("#found-sentences li").count() >= 3
    shot(page, "search-lavrov")
    page.locator("#found-actors a", has_text="Sergey Lavrov").click()
    ready(page, "actor")
    assert page.locator("h1").text_content() == "Sergey Lavrov"
    text = page.locator("main").text_content()
    assert "Names used: " in text and "Quotes (" in text and "Relations (" in text and "Events (" in text
    [(said,)] = query(seed_db, "SELECT count(*) FROM quotes WHERE speaker_id = 'sergey-lavrov'")
    assert f"Quotes ({said})" in text
    shot(page, "actor-lavrov")
    visit(page, "#/actor/ARM", "actor")
    assert page.locator("#actor-events tr").count() >= 10
    assert "2025-01-14" in page.locator("#actor-events").text_content(), "ISO dates at their precision"
    shot(page, "actor-armenia")


def test_lists_filter_and_download_as_csv(page, seed_db: Path):
    visit(page, "#/list/events?actor=ARM&type=AGREE", "list")
    [(expected,)] = query(seed_db, "SELECT count(*) FROM events e LEFT JOIN actors s ON s.actor_id = e.source_id "
                                   "LEFT JOIN actors t ON t.actor_id = e.target_id WHERE e.plover_type = 'AGREE' AND "
                                   "'ARM' IN (e.source_id, e.target_id, s.country, t.country)")
    assert page.locator("#list-table tbody tr").count() == expected > 0
    with page.expect_download() as download:
        page.locator("#csv-download").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('"date","plover_type"') and len(lines) == expected + 1
    shot(page, "list-events")
    for kind in ("commitments", "stances"):
        page.locator("nav.tabs a", has_text=kind).click()
        page.locator("main h1", has_text=f"Lists: {kind}").wait_for()
        ready(page, "list")
        [(rows,)] = query(seed_db, f"SELECT count(*) FROM {kind}")
        assert page.locator("#list-table tbody tr").count() == min(rows, 500) > 0
    page.fill("#list-holder", "Pashinyan")
    page.locator("#list-filters button").click()
    page.wait_for_function("location.hash.includes('holder=Pashinyan')")
    ready(page, "list")
    assert set(page.locator("#list-table tbody tr td:first-child").all_text_contents()) == {"Nikol Pashinyan"}
    shot(page, "list-stances")


def test_graph_nodes_keep_their_places_between_dates(page):
    visit(page, "#/graph", "graph")
    places = lambda: {n.get_attribute("data-actor"): n.locator("circle").get_attribute("cx") + "," +  # noqa: E731
                      n.locator("circle").get_attribute("cy") for n in page.locator("svg.graph g.node").all()}
    latest = places()
    set_as_of(page, "2024-01-01")
    earlier = places()
    assert earlier and all(latest[actor] == place for actor, place in earlier.items())
