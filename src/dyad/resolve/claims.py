"""Claims across articles: which outlets report a thing, which differ in a detail, which contradict it.

Two kinds of claim are built from the records already stored:
- an event claim per real event (an event cluster): each article that reports it supports it, contradicts it
  when it tells the event as not having happened, and differs when its date does not fit the others';
- a commitment claim per undertaking reported by several articles (same party, same recipient, shared key
  words): articles that give it a different due date or wording of the date differ.
Reports of either kind that count the same thing differently ("500 tonnes" against "600 tonnes") differ, and
so do reports of an event that name different people of one country as its party ("signed by the foreign
minister" against "signed by the prime minister").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import ClassVar

from dyad.data_files import data_toml

_WORD = re.compile(r"[a-z][a-z'-]+")


@dataclass(frozen=True, slots=True)
class Mention:
    """One article's report of an event or commitment."""

    group: str  # cluster id, or (for commitments) who → to whom
    doc_id: str
    label: str  # the source's name (outlet, else title, else file name)
    text: str
    start_char: int
    end_char: int
    modality: str | None = None
    start: date | None = None
    end: date | None = None
    date_text: str | None = None
    signature: str | None = None  # type, mode and parties: what a denial must match to contradict a claim
    quantities: tuple[str, ...] | list[str] = ()  # 'unit|value|text': the numbers the report gives
    people: tuple[str, ...] | list[str] = ()  # 'country|person id|name': the people it names as parties


@dataclass(frozen=True, slots=True)
class Link:
    claim_id: str
    kind: str
    claim_text: str
    doc_id: str
    relation: str  # supports | contradicts | differs
    start_char: int
    end_char: int
    detail: str | None


def event_claims(mentions: list[Mention], titles: dict[str, str]) -> list[Link]:
    """One claim per event cluster; every sentence of an article that tells the event is linked, each weighed
    against the other articles' first reports."""
    reports = EventReports.of(mentions)
    return reports.links(titles)


@dataclass(slots=True)
class EventReports:
    """The reports of each cluster (an article's first mention of it, and the denials that joined it) and the
    sentences each article tells it in: what event claims are made of."""

    by_cluster: dict[str, dict[str, Mention]]
    told: dict[tuple[str, str], list[Mention]]

    @classmethod
    def of(cls, mentions: list[Mention]) -> EventReports:
        by_cluster: dict[str, dict[str, Mention]] = defaultdict(dict)
        told: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_cluster[mention.group].setdefault(mention.doc_id, mention)
            told[(mention.group, mention.doc_id)].append(mention)
        _attach_denials(by_cluster)
        return cls(by_cluster, told)

    def joined_denials(self, cluster: str) -> set[tuple[str, int, int]]:
        """The (doc_id, start, end) of the denials that joined this cluster from others."""
        return {(m.doc_id, m.start_char, m.end_char) for m in self.by_cluster.get(cluster, {}).values()
                if m.group != cluster}

    def links(self, titles: dict[str, str], clusters: set[str] | None = None) -> list[Link]:
        """The links of every cluster's claim (or of these clusters only)."""
        links = []
        for cluster, reports in sorted(self.by_cluster.items()):
            if clusters is not None and cluster not in clusters:
                continue
            if all(r.modality == "negated" for r in reports.values()):
                continue  # a denial of nothing reported elsewhere is no claim of its own
            group = list(reports.values())  # once per cluster: a copy per mention was quadratic in its size
            usual_date = _usual_date(group)
            details = _GroupDetails(group)
            for report in group:
                sentences = self.told.get((cluster, report.doc_id)) or [report]
                for mention in {(m.start_char, m.end_char): m for m in sentences}.values():
                    relation, detail = _event_relation(mention, usual_date, details)
                    links.append(Link(f"event:{cluster}", "event", titles[cluster], mention.doc_id, relation,
                                      mention.start_char, mention.end_char, detail))
        return links


def _attach_denials(by_cluster: dict[str, dict[str, Mention]]) -> None:
    """'Russia did not attack Ukraine on March 3' joins the claim it denies (same type, parties, date): the
    first cluster, in the order clusters were met, one of whose reports has the denial's signature."""
    affirmed = {c: r for c, r in by_cluster.items() if any(m.modality != "negated" for m in r.values())}
    reporting = _clusters_by_signature(affirmed)
    for cluster, reports in list(by_cluster.items()):
        if cluster in affirmed:
            continue
        for denial in reports.values():
            target = next((c for c in reporting.get(denial.signature, ())
                           if any(_same_signature(denial, m) for m in affirmed[c].values())), None)
            if target is not None:
                by_cluster[target].setdefault(denial.doc_id, denial)


def _clusters_by_signature(clusters: dict[str, dict[str, Mention]]) -> dict[str | None, list[str]]:
    """signature → the clusters with a report of it, in the clusters' order: the only ones a denial of that
    signature can join (an attached denial brings no new signature to its cluster)."""
    index: dict[str | None, list[str]] = defaultdict(list)
    for cluster, reports in clusters.items():
        for signature in dict.fromkeys(m.signature for m in reports.values()):
            index[signature].append(cluster)
    return index


def _same_signature(denial: Mention, report: Mention) -> bool:
    if denial.signature is None or denial.signature != report.signature:
        return False
    if denial.start and report.start and denial.end and report.end:
        return denial.start <= report.end and report.start <= denial.end
    return True


def commitment_claims(mentions: list[Mention]) -> list[Link]:
    """Undertakings of one party to another that share key words are one claim; differing due dates differ."""
    groups: list[list[Mention]] = []
    of_party: dict[str, list[list[Mention]]] = defaultdict(list)  # the groups of one 'who → to whom', in order
    for mention in sorted(mentions, key=lambda m: (m.group, m.doc_id, m.start_char)):
        group = next((g for g in of_party[mention.group] if _shares_words(g, mention)), None)
        if group is None:
            groups.append([mention])
            of_party[mention.group].append(groups[-1])
        elif all(m.doc_id != mention.doc_id for m in group):
            group.append(mention)
    links = _self_commitments(mentions)
    for group in groups:
        claim_id = f"commitment:{group[0].group}:{group[0].doc_id}:{group[0].start_char}"
        text = min((m.text for m in group), key=len)
        dues = {m.doc_id: m.date_text for m in group if m.date_text}
        details = _GroupDetails(group)
        for mention in group:
            detail = _due_difference(mention, group, dues) or details.odd("number", mention)
            links.append(Link(claim_id, "commitment", text, mention.doc_id, "differs" if detail else "supports",
                              mention.start_char, mention.end_char, detail))
    return links


def _self_commitments(mentions: list[Mention]) -> list[Link]:
    """'Norway was committed to Norway': an undertaking of a party to itself is an error
    of the article that states it (the other party was meant). Built with the commitment claims, it is rebuilt
    with them on every run (kind 'commitment'; the id says it is internal)."""
    selves = [m for m in mentions if len(set(m.group.split(" → "))) == 1]
    return [Link(f"internal:{m.doc_id}:{m.start_char}", "commitment",
                 f"An undertaking of {m.group.split(' → ')[0]} to itself: {m.text}", m.doc_id, "differs",
                 m.start_char, m.end_char, "committer and recipient are one party") for m in selves]


def _usual_date(reports) -> tuple[date, date] | None:
    dated = Counter((r.start, r.end) for r in reports if r.start is not None and r.end is not None)
    return dated.most_common(1)[0][0] if dated else None


def _event_relation(report: Mention, usual: tuple[date, date] | None, details: _GroupDetails) -> tuple[str, str | None]:
    """How one report stands to its claim. A denial contradicts it: every claim weighed here has an affirming
    report (`EventReports.links` skips a cluster of denials alone)."""
    if report.modality == "negated":
        return "contradicts", "told as not having happened"
    if usual and report.start and report.end and (report.end < usual[0] or report.start > usual[1]):
        return "differs", f"date: {report.date_text} ({report.start}) vs {usual[0]}"
    detail = details.odd("number", report) or details.odd("name", report)
    return ("differs", detail) if detail else ("supports", None)


def _due_difference(mention: Mention, group: list[Mention], dues: dict[str, str]) -> str | None:
    mine = dues.get(mention.doc_id)
    others = {text: m.label for m in group for text in [dues.get(m.doc_id)] if text and m.doc_id != mention.doc_id}
    differing = {text: label for text, label in others.items() if text != mine}
    if not mine or not differing:
        return None
    versions = "; ".join(f'"{text}" ({label})' for text, label in sorted(differing.items()))
    return f'due: "{mine}" ({mention.label}) vs {versions}'


class _GroupDetails:
    """The details ('key|value|text') the reports of one group give: numbers ('500 tonnes' against '600
    tonnes') and the people named as parties, counted once per group so that each report is weighed against
    the others in time that grows with the group, not with its square (a cluster of a thousand reports).
    A report is weighed against the reports of the other articles (a group has one report per article)."""

    _DETAILS: ClassVar[dict[str, Callable[[Mention], Sequence[str]]]] = {
        "number": lambda mention: mention.quantities, "name": lambda mention: mention.people}

    def __init__(self, reports: list[Mention]) -> None:
        # kind → key → value → how many details of the other reports give it; and the (value, text, label)
        # versions with their counts; own: the versions of one article's reports, taken back out for it
        self._values: dict[str, dict[str, Counter]] = {kind: defaultdict(Counter) for kind in self._DETAILS}
        self._versions: dict[str, dict[str, Counter]] = {kind: defaultdict(Counter) for kind in self._DETAILS}
        self._own: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
        for report in reports:
            for kind, details_of in self._DETAILS.items():
                for key, value, text in (d.split("|", 2) for d in details_of(report)):
                    self._values[kind][key][value] += 1
                    self._versions[kind][key][(value, text, report.label)] += 1
                    self._own[(kind, report.doc_id)].append((key, value, text, report.label))

    def odd(self, kind: str, report: Mention) -> str | None:
        """'number: "600 tonnes" (Outlet B) vs "500 tonnes" (Outlet A)', 'name: "Nikol Pashinyan" (Outlet B) vs
        "Ararat Mirzoyan" (Outlet A)': a detail the report gives otherwise than other articles' reports do.
        When most reports agree on a value only the others differ; when no value is the usual one, all do."""
        mine = {key: (value, text) for key, value, text in (d.split("|", 2) for d in self._DETAILS[kind](report))}
        own = self._own.get((kind, report.doc_id), [])
        for key, (value, text) in sorted(mine.items()):
            counts = Counter(self._values[kind][key])
            counts.subtract(v for k, v, _, _ in own if k == key)
            if not any(n > 0 for v, n in counts.items() if v != value):
                continue  # no other article gives another value
            counts[value] = max(counts[value], 0) + 1  # the report's own value, counted with the others'
            if all(counts[value] > n for v, n in counts.items() if v != value):
                continue  # the report gives the usual value
            versions = Counter(self._versions[kind][key])
            versions.subtract((v, t, label) for k, v, t, label in own if k == key)
            others = sorted({(t, label) for (v, t, label), n in versions.items() if n > 0 and v != value})
            return f'{kind}: "{text}" ({report.label}) vs ' + "; ".join(f'"{t}" ({label})' for t, label in others)
        return None


@cache
def _settings() -> tuple[frozenset[str], int]:
    raw = data_toml("claims.toml")
    return frozenset(raw["stopwords"]), int(raw["min_shared_words"])


@lru_cache(maxsize=1 << 16)
def _key_words(text: str) -> frozenset[str]:
    """Memoised (bounded): a commitment's words are compared with every other of its party's, and a pass
    rebuilds whole groups."""
    stopwords, _ = _settings()
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in stopwords)


def _shares_words(group: list[Mention], mention: Mention) -> bool:
    words = _key_words(mention.text)
    return any(len(words & _key_words(m.text)) >= _settings()[1] for m in group)
