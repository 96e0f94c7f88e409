"""MentionIndex.actors_of is memoised per head token: the memo must answer what a fresh reading of the index
answers, and a group added later (plural_parties adds them as it reads on) must be seen. Sentences written for
these tests; one seed article (read from ../shared) for a long real text."""

from __future__ import annotations

import pytest

from dyad.extract import build_context
from dyad.extract.mention_index import MentionIndex
from dyad.parse import load_nlp
from dyad.records import Article
from tests.conftest import SEEDS

TEXT = ("Egypt, Sudan and Ethiopia met in Khartoum on Friday. The three countries will hold talks in May. "
        "Chinese Foreign Ministry spokeswoman Mao Ning said officials from Norway and Sweden would attend.")


def _texts() -> list[str]:
    seeds = sorted(SEEDS.glob("*.txt"))[:1] if SEEDS.is_dir() else []
    return [TEXT, *(path.read_text(encoding="utf-8") for path in seeds)]


@pytest.fixture(scope="module", params=range(len(_texts())))
def context(request):
    text = _texts()[request.param]
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t")
    return build_context(article, load_nlp()(text))


def _fresh(index: MentionIndex) -> MentionIndex:
    return MentionIndex(dict(index.actor_at_token), index.place_tokens, dict(index.groups))


def test_the_memo_answers_what_a_fresh_index_answers(context):
    index = context.index
    asked = [index.actors_of(token) for token in context.doc]  # fills the memo
    again = [index.actors_of(token) for token in context.doc]  # read from it
    fresh = _fresh(index)
    assert asked == again == [fresh.actors_of(token) for token in context.doc]
    assert any(asked)


def test_what_the_memo_gives_may_be_changed_by_the_caller(context):
    token = next(t for t in context.doc if context.index.actors_of(t))
    context.index.actors_of(token).append("SOMEONE")
    assert "SOMEONE" not in context.index.actors_of(token)


def test_a_group_added_later_is_seen():
    doc = load_nlp()(TEXT)
    article = Article(doc_id="t", source="t", body=TEXT, content_type="text", encoding="utf-8", raw_sha256="t")
    index = _fresh(build_context(article, doc).index)
    index.groups.clear()
    sides = next(t for t in doc if t.text == "countries")
    before = index.actors_of(sides)
    index.add_group(sides.i, ("EGY", "SDN"))
    assert before != ["EGY", "SDN"] and index.actors_of(sides) == ["EGY", "SDN"]
    index.groups[sides.i + 1] = ("ETH",)  # a change made behind add_group's back is seen too
    assert index.actors_of(doc[sides.i + 1]) == ["ETH"]
