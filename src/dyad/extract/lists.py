"""Lists that name one actor twice ("Chile, Peru, Bolivia, Chile and Ecuador"): an article's
internal error, kept as a claim of its own so that a reader sees it."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from dyad.extract.context import ArticleContext
from dyad.records import ClaimRecord

_MIN_ITEMS = 3


def repeated_list_items(context: ArticleContext) -> list[ClaimRecord]:
    article, doc, index, names = context.article, context.doc, context.named_index, context.names
    found = []
    # a list's head: a token with a conjunct of its own that is not itself one (heads found in one pass)
    heads = sorted({token.head.i for token in doc if token.dep_ == "conj" and token.head.i != token.i})
    for token in (doc[i] for i in heads):
        if token.dep_ == "conj":
            continue
        items = _conjuncts(token)
        actors = [index.actor_at_token.get(t.i) for t in items]
        counts = Counter(a for a in actors if a)
        if len(items) < _MIN_ITEMS:
            continue
        for actor, count in sorted(counts.items()):
            if count > 1:
                start, end = items[0].idx, items[-1].idx + len(items[-1])
                name = names.get(actor, actor)
                found.append(ClaimRecord(
                    kind="internal_error", text=f"A list names {name} {count} times: {article.body[start:end]}",
                    doc_id=article.doc_id, relation="differs", start_char=start, end_char=end,
                    detail=f"list names {name} {count} times"))
    return found


def _conjuncts(head: Token) -> list[Token]:
    items, frontier = [head], [head]
    while frontier:
        frontier = [c for t in frontier for c in t.children if c.dep_ == "conj"]
        items += frontier
    return sorted(items, key=lambda t: t.i)
