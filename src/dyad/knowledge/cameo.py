"""What the CAMEO/Phoenix dictionaries add to the knowledge base: office holders with dated terms, generic
agents with their sector ("protester" → OPP), and national institutions, companies and armed groups with
their state. Converted by scripts/convert_cameo_actors.py into data/; looked up by name, never added to the
entity ruler (18,000 people would slow every parse for names the NER finds anyway).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from dyad.data_cache import disk_cached
from dyad.data_files import data_text
from dyad.knowledge.base import slugify

# When two terms hold on one day, the office wins over the standing of an elite ("USAELI" with "USAGOV").
FORMER_SECTOR = "ELI"


@dataclass(frozen=True, slots=True)
class Term:
    country: str
    sector: str
    start: date | None
    end: date | None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True, slots=True)
class Standing:
    """What a person is on a day: their state, their sector, and whether the office is behind them."""

    country: str
    sector: str
    former: bool
    role: str  # "government of USA (from 2009-01-20 to 2017-01-20)"


@dataclass(frozen=True, slots=True)
class OfficeHolder:
    actor_id: str
    name: str
    terms: tuple[Term, ...]

    def standing(self, on: date | None) -> Standing:
        """The term that holds on the day (an office before an elite's standing); else the last one ended,
        as former; with no day, the latest term."""
        dated = [t for t in self.terms if t.dated]
        if on is None:
            term = max(dated or self.terms, key=_term_order)
            return _standing(term, former=False)
        holding = [t for t in dated if t.holds_on(on)]
        if holding:
            return _standing(max(holding, key=lambda t: (t.sector != FORMER_SECTOR, *_term_order(t))), former=False)
        ended = [t for t in dated if t.end is not None and t.end <= on]
        if ended:
            return _standing(max(ended, key=lambda t: t.end or date.min), former=True)
        undated = [t for t in self.terms if not t.dated]
        return _standing(undated[0] if undated else min(dated, key=_term_order), former=False)


@dataclass(frozen=True, slots=True)
class CameoOrganisation:
    actor_id: str
    name: str
    kind: str  # institution | group
    country: str
    sector: str


@dataclass(slots=True)
class CameoKnowledge:
    """Indexes built once per process; a person's terms are parsed only when the text names them."""

    person_rows: dict[str, tuple[str, str]] = field(default_factory=dict)  # casefolded name → (name, terms)
    surname_rows: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # one-word alias → rows
    last_name_rows: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # last word of a name → rows
    first_last_rows: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # "carlos menem" → rows
    organisations: dict[str, CameoOrganisation] = field(default_factory=dict)  # casefolded name → organisation
    agents: dict[str, str] = field(default_factory=dict)  # lower-case agent phrase → sector
    sectors: dict[str, str] = field(default_factory=dict)  # sector code → name
    collectives: frozenset[str] = frozenset()  # "group", "hundred": "a group of Moroccan diplomats" acts as them
    corrections: dict[str, list[Term]] = field(default_factory=dict)  # name → Dyad's own terms
    agent_words: int = 1  # the longest agent phrase, in words

    def person(self, name: str) -> OfficeHolder | None:
        """The office holder of this full name; else the one whose name this is without first or middle names
        ('Carlos Menem' for Carlos Saul Menem, 'Javad Zarif' for Mohammad Javad Zarif)."""
        row = self.person_rows.get(_key(name))
        if row is None:
            rows = self.first_last_rows.get(_key(name), [])
            row = rows[0] if len(rows) == 1 else None
        return self._holder(*row) if row else None

    def by_surname(self, surname: str, *, titled: bool = False) -> tuple[OfficeHolder, ...]:
        """People the dictionary knows by this one word ('Obama'); with a title before the word ('President
        Kagame'), also everyone whose full name ends with it."""
        rows = self.surname_rows.get(_key(surname), [])
        if titled and not rows:
            rows = self.last_name_rows.get(_key(surname), [])
        return tuple(self._holder(*row) for row in rows)

    def organisation(self, name: str) -> CameoOrganisation | None:
        return self.organisations.get(name.casefold())

    def agent_sector(self, words: list[str]) -> str | None:
        """The sector of the longest agent phrase that ends the words ('anti-riot police' → COP)."""
        for start in range(max(0, len(words) - self.agent_words), len(words)):
            sector = self.agents.get(" ".join(words[start:]))
            if sector:
                return sector
        return None

    def sector_of_role(self, role: str) -> str | None:
        """'Foreign Minister' → GOV, 'Army Chief' → MIL: the sector of the agent phrase the title ends with."""
        return self.agent_sector(role.lower().replace(",", " ").split())

    def _holder(self, name: str, terms: str) -> OfficeHolder:
        return _with_corrections(OfficeHolder(slugify(name), name, _terms(terms)), self.corrections.get(name, []))


def _key(name: str) -> str:
    """Names compared without case, hyphens or accents: 'Ban Ki-moon' is the dictionary's BAN_KI_MOON,
    'Nicolás Maduro' its NICOLAS_MADURO."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return plain.casefold().replace("-", " ")


def _shorter_forms(key: str) -> set[str]:
    """'carlos saul menem' → 'carlos menem', 'saul menem': a name written without its first or middle names."""
    words = key.split()
    return {f"{words[0]} {words[-1]}", f"{words[-2]} {words[-1]}"} if len(words) >= 3 else set()


def _term_order(term: Term) -> tuple[date, date]:
    return term.start or date.min, term.end or date.max


def _standing(term: Term, *, former: bool) -> Standing:
    sector_name = load_cameo().sectors.get(term.sector, term.sector)
    span = (f" (from {term.start.isoformat() if term.start else '?'}"
            f"{' to ' + term.end.isoformat() if term.end else ''})" if term.dated else "")
    role = f"{'former ' if former else ''}{sector_name} of {term.country}{span}"
    return Standing(term.country, FORMER_SECTOR if former else term.sector, former, role)


def _day(text: str) -> date | None:
    if len(text) != 8:
        return None
    year, month, day = int(text[:4]), int(text[4:6]) or 1, int(text[6:]) or 1
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 1)


def _term(code: str, start: str, end: str) -> Term:
    return Term(code[:3], code[3:6], _day(start), _day(end))


def _rows(name: str) -> list[list[str]]:
    text = data_text(name)
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _terms(cell: str) -> tuple[Term, ...]:
    terms = []
    for written in cell.split("|"):
        code, _, dates = written.partition(":")
        start, _, end = dates.partition("-")
        terms.append(_term(code, start, end))
    return tuple(terms)


def _with_corrections(holder: OfficeHolder, corrections: list[Term]) -> OfficeHolder:
    """Dyad's own terms (data/office_terms.tsv): close the open term they match, or add themselves."""
    terms = list(holder.terms)
    for fix in corrections:
        same = next((i for i, t in enumerate(terms) if (t.country, t.sector, t.start) == (fix.country, fix.sector,
                                                                                           fix.start)), None)
        if same is None:
            terms.append(fix)
        else:
            terms[same] = fix
    return replace(holder, terms=tuple(terms))


@cache
@disk_cached  # built from 20,000 rows of data/ (0.4 s), read back from Dyad's cache folder
def load_cameo() -> CameoKnowledge:
    cameo = CameoKnowledge()
    cameo.sectors = {code: name for code, name, *_ in _rows("sectors.tsv")}
    for name, code, start, end, *_ in ([*row, ""] for row in _rows("office_terms.tsv")):
        cameo.corrections.setdefault(name, []).append(_term(code, start, end))
    for name, aliases, terms, *_ in _rows("office_holders.tsv"):
        row = (name, terms)
        last_words, shorter = set(), set()
        for alias in (name, *aliases.split("|")) if aliases else (name,):
            key = _key(alias)
            if " " in key:
                cameo.person_rows.setdefault(key, row)
                last_words.add(key.rsplit(" ", 1)[-1])  # "Zarif" of Mohammad Javad Zarif (Zarif Khonsari)
                shorter |= _shorter_forms(key)
            else:
                cameo.surname_rows.setdefault(key, []).append(row)
        for word in last_words:
            cameo.last_name_rows.setdefault(word, []).append(row)
        for form in shorter:
            cameo.first_last_rows.setdefault(form, []).append(row)
    for name, aliases, kind, country, sector, *_ in _rows("cameo_organisations.tsv"):
        organisation = CameoOrganisation(slugify(name), name, kind, country, sector)
        for alias in (name, *aliases.split("|")) if aliases else (name,):
            cameo.organisations.setdefault(alias.casefold(), organisation)
    cameo.agents = {agent: sector for name in ("agents.tsv", "agents_more.tsv") for agent, sector, *_ in _rows(name)}
    cameo.collectives = frozenset(row[0] for row in _rows("collectives.txt"))
    cameo.agent_words = max((len(agent.split()) for agent in cameo.agents), default=1)
    return cameo
