"""Claims about standing positions, built from the stored records: what each article says of a relation
between two actors, and how the holders of a stance judge one target.

- A relation claim groups the statements of one pair in one family (membership, alignment, presence: see
  data/claims.toml). Each article counts once, by its latest statement (undated background only when it has
  nothing else). The status most articles give is the usual one: articles that give it support the claim; one
  that gives an opposite one contradicts it ("is already a member" against "pursues membership", "no longer
  Moscow" against "formally an ally"), any other differs ("suspended" against "in force"). Articles far apart
  in time tell history, not a dispute: only those within the window of the latest are compared.
- A naming claim compares the names articles give one place: an article whose name for it shares no word
  with any name the other articles use, while it never uses theirs ("Artsakh" against "Nagorno-Karabakh";
  "Karabakh" is only a shorter "Nagorno-Karabakh"), differs from them.
- A document-name claim compares the names articles give the agreement they all report (one real signing):
  "Strategic Partnership Charter" against "strategic partnership agreement". Only names of two words or
  more count ("the agreement" names nothing); the name most articles give is the usual one.
- A stance claim groups the judgements of one target (the agreement, an actor, the relations of two) held by
  different holders in at least two articles. Each holder counts once, by the polarity most of its sentences
  give (a holder split evenly judges it mixed); the sentences of holders who share the view most holders take
  support the claim, those of the others differ, with who judges which way. The agreement an article
  reports is compared only between articles whose main agreement is one real event.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dyad.data_files import data_toml
from dyad.resolve.claims import Link


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence stating a relation, with its pair at state level."""

    a_id: str
    b_id: str
    type: str
    status: str
    fact_date: date | None  # valid_from or the article's date; None for undated background
    observed_on: date | None
    doc_id: str
    label: str  # outlet, or the document id
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Judgement:
    """One sentence's stance: who judges the target, and which way."""

    holder: str
    holder_name: str
    target: str
    polarity: str
    doc_id: str
    label: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class _Rules:
    family_of: dict[str, str]
    contradictions: frozenset[frozenset[str]]
    window_days: int


@cache
def _rules() -> _Rules:
    raw = data_toml("claims.toml")["positions"]
    family_of = {kind: family for family, kinds in raw["families"].items() for kind in kinds}
    pairs = raw["contradiction_pairs"]["pairs"]
    return _Rules(family_of, frozenset(frozenset(pair) for pair in pairs), int(raw["window_days"]))


def relation_claims(statements: list[Statement]) -> list[Link]:
    rules = _rules()
    groups: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for statement in statements:
        family = rules.family_of.get(statement.type)
        if family is not None:
            a, b = sorted((statement.a_id, statement.b_id))
            groups[(a, b, family)].append(statement)
    links = []
    for (a, b, family), group in sorted(groups.items()):
        links += _relation_links(f"relation:{a}|{b}|{family}", f"{a} {family} {b}", group, rules)
    return links


def _value(statement: Statement, family: str) -> str:
    """What a statement says of the tie: membership keeps its kind ('applicant' is not 'member'); a planned
    partnership is a partnership to come, not a dispute with one in force."""
    status = "active" if statement.status == "planned" and family != "membership" else statement.status
    return f"{statement.type}:{status}" if family == "membership" else status


def _relation_links(claim_id: str, text: str, group: list[Statement], rules: _Rules) -> list[Link]:
    family = rules.family_of[group[0].type]
    by_doc: dict[str, list[Statement]] = defaultdict(list)
    for statement in group:
        by_doc[statement.doc_id].append(statement)
    latest = max((s.observed_on for s in group if s.observed_on), default=None)
    voices = {}
    for doc_id, said in sorted(by_doc.items()):
        dated = [s for s in said if s.fact_date is not None] or said
        if latest and dated[0].observed_on and latest - dated[0].observed_on > timedelta(days=rules.window_days):
            continue  # an older article tells what held then
        voices[doc_id] = dated
    if len(voices) < 2:
        return []
    decided = {doc_id: _deciding(said, family) for doc_id, said in voices.items()}
    counts = Counter(decided.values()).most_common()
    tied = len(counts) > 1 and counts[0][1] == counts[1][1]
    usual = None if tied else counts[0][0]  # with no usual view every version differs from the others
    # each article's (word, outlet), counted once: an article is weighed against the others in time that grows
    # with the pair's articles, not with their square (a pair told by hundreds)
    told_by = Counter((decided[d], said[0].label) for d, said in voices.items())
    links = []
    for doc_id, said in voices.items():
        own = (decided[doc_id], said[0].label)
        for statement in said:
            mine = _value(statement, family)
            others = sorted(version for version, n in told_by.items()
                            if version[0] != mine and n - (version == own) > 0)
            if mine == usual or not others:
                relation, detail = "supports", None
            else:
                against = [usual] if usual else [value for value, _ in others]
                opposite = any(frozenset({mine, value}) in rules.contradictions for value in against)
                relation = "contradicts" if opposite else "differs"
                versions = "; ".join(f'"{value}" ({label})' for value, label in others)
                detail = f'status: "{mine}" ({statement.label}) vs {versions}'
            links.append(Link(claim_id, "relation", text, doc_id, relation, statement.start_char,
                              statement.end_char, detail))
    return links


def _deciding(said: list[Statement], family: str) -> str:
    """An article's word on the tie: its latest statement; of one date, the one that says most."""
    order = {"ended": 0, "suspended": 1, "active": 2, "planned": 3}
    best = max(said, key=lambda s: (s.fact_date or date.min, -order.get(s.status, 9)))
    return _value(best, family)


@dataclass(frozen=True, slots=True)
class Naming:
    """One mention of a place: the name an article gives it, and where."""

    actor_id: str
    name: str
    doc_id: str
    label: str
    start_char: int
    end_char: int


def naming_claims(namings: list[Naming]) -> list[Link]:
    by_place: dict[str, dict[str, list[Naming]]] = defaultdict(lambda: defaultdict(list))
    for naming in namings:
        by_place[naming.actor_id][naming.doc_id].append(naming)
    links = []
    for place, by_doc in sorted(by_place.items()):
        if len(by_doc) < 2:
            continue
        words = {doc: {w for n in said for w in _name_words(n.name)} for doc, said in by_doc.items()}
        articles_using = Counter(w for doc_words in words.values() for w in doc_words)
        for doc_id, said in sorted(by_doc.items()):
            if any(articles_using[w] > 1 for w in words[doc_id]):  # a word another article uses too
                continue  # the article also uses a name the others use: no framing of its own
            own = said
            first = own[0]
            theirs = sorted({(n.name, n.label) for d, ns in by_doc.items() if d != doc_id for n in ns})
            versions = "; ".join(f'"{name}" ({label})' for name, label in theirs)
            links.append(Link(f"naming:{place}", "naming", f"what {place} is called", doc_id, "differs",
                              first.start_char, first.end_char, f'name: "{first.name}" ({first.label}) vs {versions}'))
    return links


@dataclass(frozen=True, slots=True)
class DocumentName:
    """The name an article gives the agreement of one real signing, and the sentence of the signing."""

    cluster_id: str
    name: str
    doc_id: str
    label: str
    start_char: int
    end_char: int


def document_name_claims(names: list[DocumentName]) -> list[Link]:
    by_cluster: dict[str, dict[str, DocumentName]] = defaultdict(dict)
    for name in names:
        if len(name.name.split()) >= 2:
            by_cluster[name.cluster_id].setdefault(name.doc_id, name)
    links = []
    for cluster, by_doc in sorted(by_cluster.items()):
        given = Counter(n.name.lower() for n in by_doc.values()).most_common()
        if len(by_doc) < 2 or len(given) < 2:
            continue
        usual = given[0][0] if given[0][1] > given[1][1] else None
        for name in by_doc.values():
            if name.name.lower() == usual:
                relation, detail = "supports", None
            else:
                others = "; ".join(f'"{n.name}" ({n.label})' for n in by_doc.values()
                                   if n.name.lower() != name.name.lower())
                relation, detail = "differs", f'document: "{name.name}" ({name.label}) vs {others}'
            links.append(Link(f"document:{cluster}", "document", "what the agreement is called", name.doc_id,
                              relation, name.start_char, name.end_char, detail))
    return links


def _name_words(name: str) -> set[str]:
    """The stems of a name's words ('Crimean' and 'Crimea' are one name)."""
    return {w[:5] for w in re.split(r"[^a-z]+", name.lower()) if len(w) > 2 and w != "the"}


def stance_claims(judgements: list[Judgement]) -> list[Link]:
    """Per target judged both ways, one claim per side ('the agreement is judged negatively'): the sentences
    of holders who take that side support it, those of holders who take the opposite side contradict it, and
    a divided holder's differ. No majority decides which side is the claim: a count of voices is no evidence,
    and one voice more or less must not turn a dispute into an agreement."""
    by_target: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        if judgement.polarity in ("positive", "negative"):
            by_target[judgement.target].append(judgement)
    links = _reported_views(judgements)
    for target, group in sorted(by_target.items()):
        holders: dict[str, Counter] = {}
        for judgement in group:
            holders.setdefault(judgement.holder, Counter())[judgement.polarity] += 1
        view = {h: c.most_common(1)[0][0] if len(c) == 1 or c.most_common(2)[0][1] > c.most_common(2)[1][1]
                else "mixed" for h, c in holders.items()}
        sides = set(view.values())
        if not {"positive", "negative"} <= sides or len({j.doc_id for j in group}) < 2:
            continue
        names = {j.holder: j.holder_name for j in group}
        summary = "; ".join(f"{polarity}: " + ", ".join(sorted(names[h] for h, p in view.items() if p == polarity))
                            for polarity in ("positive", "negative", "mixed") if polarity in sides)
        for side in ("positive", "negative"):
            for judgement in group:
                holder_view = view[judgement.holder]
                if holder_view not in (judgement.polarity, "mixed"):
                    continue  # a holder's nuance against its own overall view is no dispute with others
                relation = ("supports" if holder_view == side else "differs" if holder_view == "mixed"
                            else "contradicts")
                links.append(Link(f"stance:{target}:{side}", "stance", f"how {_readable(target)} is judged",
                                  judgement.doc_id, relation, judgement.start_char, judgement.end_char,
                                  None if relation == "supports" else summary))
    return links


def _readable(target: str) -> str:
    """'the agreement (<cluster>)' reads 'the agreement': the cluster is in the claim id."""
    return re.sub(r" \([0-9a-f]+\)$", "", target)


def _reported_views(judgements: list[Judgement]) -> list[Link]:
    """How several articles report one speaker's view of one target ('Lavrov: the results matter more than the
    agreement itself' in two outlets). Outlets that report the same view (each by the polarity most of its
    sentences give; a speaker who names the target without judging it is neutral) support it; outlets that
    report the speaker one way and others the opposite way differ. A neutral report against a judging one
    is neither: not judging in one sentence does not deny a judgement in another."""
    by_view: dict[tuple[str, str], dict[str, list[Judgement]]] = defaultdict(lambda: defaultdict(list))
    for judgement in judgements:
        own_voice = judgement.holder.startswith(("document:", "unnamed:")) or judgement.holder_name == judgement.label
        if not own_voice:
            by_view[(judgement.holder, judgement.target)][judgement.doc_id].append(judgement)
    links = []
    for (holder, target), by_doc in sorted(by_view.items()):
        if len(by_doc) < 2:
            continue
        views = {doc: _view_of(said) for doc, said in by_doc.items()}
        judged = {doc: view for doc, view in views.items() if view != "neutral"}
        name = next(iter(by_doc.values()))[0].holder_name
        claim_id, text = f"view:{holder}:{target}", f"how {name} judges {_readable(target)}"
        if {"positive", "negative"} <= set(judged.values()):
            summary = "; ".join(f"reported {view} by " + ", ".join(sorted(by_doc[d][0].label for d in judged
                                                                          if judged[d] == view))
                                for view in ("positive", "negative", "mixed") if view in judged.values())
            links += [Link(claim_id, "stance", text, j.doc_id, "differs", j.start_char, j.end_char, summary)
                      for doc, view in judged.items() for j in by_doc[doc] if j.polarity in (view, "mixed")]
            continue
        agreed = judged if len(set(judged.values())) == 1 and len(judged) >= 2 else (
            views if not judged else {})
        links += [Link(claim_id, "stance", text, j.doc_id, "supports", j.start_char, j.end_char, None)
                  for doc, view in agreed.items() for j in by_doc[doc] if j.polarity == view]
    return links


def _view_of(said: list[Judgement]) -> str:
    """One article's report of a speaker's view: its judging sentences' majority (a tie is mixed); neutral
    when it reports the speaker only naming the target."""
    counts = Counter(j.polarity for j in said if j.polarity != "neutral")
    if not counts:
        return "neutral"
    ranked = counts.most_common(2)
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else "mixed"
