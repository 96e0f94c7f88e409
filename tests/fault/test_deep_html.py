"""HTML nested deeper than libxml2 parses is flattened, keeping its text; pages of ordinary depth are not."""

from __future__ import annotations

from dyad.clean.nesting import MAX_DEPTH, PARSER_DEPTH, flatten_deep_html, nesting_depth


def test_unclosed_paragraphs_and_list_items_are_not_depth():
    page = "<html><body><ul>" + "<li>one point<p>and its note" * 400 + "</ul></body></html>"
    assert nesting_depth(page) == 1
    assert flatten_deep_html(page) == page


def test_deep_containers_are_removed_and_their_text_kept():
    page = "<body>" + "<div class='wrap'>" * 5000 + "<h2>Ceasefire holds</h2><p>Talks resume.</p>" + "</div>" * 5000
    flat = flatten_deep_html(page)
    assert nesting_depth(page) > PARSER_DEPTH >= nesting_depth(flat) and nesting_depth(flat) <= MAX_DEPTH + 1
    assert "<h2>Ceasefire holds</h2><p>Talks resume.</p>" in flat
    assert flat.count("<div") == flat.count("</div>") == MAX_DEPTH


def test_markup_inside_scripts_and_comments_is_text_not_tags():
    inner = "<script>let s = '" + "<div>" * 300 + "';</script><!-- " + "<span>" * 300 + " -->"
    page = "<body>" + "<section>" * 300 + inner + "</section>" * 300 + "</body>"
    flat = flatten_deep_html(page)
    assert inner in flat and flat.count("<section>") == MAX_DEPTH


def test_stray_closing_tags_are_kept_out_of_the_stack():
    page = "</div>" * 1000 + "<div>" * 300 + "text" + "</span>" * 1000 + "</div>" * 300
    flat = flatten_deep_html(page)
    assert "text" in flat and flat.count("<div>") == MAX_DEPTH
