"""Distinct synthetic news articles for benchmarks: real sentences re-combined, with states, people and dates swapped.

    .venv/bin/python bench/synthetic.py FOLDER [--articles 200] [--seed 1] [--per-day RATE]

The sentences are read at run time from ../shared/corpus/{seeds,dev} (cleaned by Dyad first, so that no
navigation or reader comment is sampled) and never copied into the repository. Each article takes a random
handful of them; every state named (by name, capital or adjective, from src/dyad/data/states.tsv) is swapped
for another state consistently within the article, every listed person (src/dyad/data/people.tsv) for a new
name made of the list's given names and surnames, and every full date or year for one near the article's
random publication date. An article whose cleaned body or whose set of entities was already produced is
drawn again, so no two articles are duplicates for Dyad. The same --seed gives the same bytes, and the first
N articles of a larger run are the N articles of a smaller one.

FOLDER receives NNNNN.txt files and a manifest.json (outlet, published) that `dyad analyze` reads.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = [REPO.parent / "shared" / "corpus" / name for name in ("seeds", "dev")]
DATA = REPO / "src" / "dyad" / "data"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MONTH = "|".join(MONTHS)
# "14 January 2025", "January 14, 2025", "January 14": the forms news uses for a full date.
DAY_MONTH_YEAR = re.compile(rf"\b(?:\d{{1,2}} (?:{MONTH})(?: \d{{4}})?|(?:{MONTH}) \d{{1,2}}(?:, \d{{4}})?)\b")
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-3]\d)\b")
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
MIN_CHARS, MAX_CHARS = 40, 400


@dataclass(frozen=True, slots=True)
class State:
    name: str
    capital: str
    adjective: str
    other_names: tuple[str, ...]  # short forms ("UK", "the U.S."): swapped for the other state's name


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    surname: str


@dataclass(frozen=True, slots=True)
class Article:
    file: str
    text: str
    outlet: str
    published: str


def _rows(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _first(field: str, fallback: str) -> str:
    return field.split("|")[0].strip() or fallback


def load_states() -> list[State]:
    states = []
    for row in _rows(DATA / "states.tsv"):
        row += [""] * (5 - len(row))
        others = tuple(form for form in row[4].split("|") if form.strip())
        states.append(State(row[1], _first(row[2], row[1]), _first(row[3], row[1]), others))
    return states


def load_people() -> list[Person]:
    people = []
    for row in _rows(DATA / "people.tsv"):
        name = row[1]
        people.append(Person(name, name.split()[-1]))
    return people


def load_outlets() -> list[str]:
    return [row[1] for row in _rows(DATA / "outlets.tsv")]


def load_sentences(corpora: list[Path] = CORPORA) -> list[str]:
    """Every sentence of the cleaned bodies of the corpora, in file order, without repeats."""
    from dyad.clean import clean
    from dyad.records import RawDocument

    seen: dict[str, None] = {}
    for folder in corpora:
        for path in sorted(folder.glob("*.txt")):
            body = clean(RawDocument(str(path), path.read_bytes(), "text")).body
            for paragraph in body.split("\n"):
                for sentence in SENTENCE_END.split(paragraph.strip()):
                    if MIN_CHARS <= len(sentence) <= MAX_CHARS and sentence[-1] in ".!?”\"":
                        seen.setdefault(sentence, None)
    return list(seen)


class Swapper:
    """Replaces states, people and dates in a sentence, consistently within one article."""

    def __init__(self, states: list[State], people: list[Person]) -> None:
        self.states, self.people = states, people
        self.given_names = sorted({p.name.split()[0] for p in people})
        self.surnames = sorted({p.surname for p in people})
        forms: dict[str, tuple[str, int]] = {}
        for index, state in enumerate(states):
            for kind, form in (("adjective", state.adjective), ("capital", state.capital), ("name", state.name)):
                forms.setdefault(form, (kind, index))
            for form in state.other_names:
                forms.setdefault(form, ("name", index))
        for index, person in enumerate(people):
            forms.setdefault(person.name, ("person", index))
            forms.setdefault(person.surname, ("surname", index))
        self.forms = forms
        # Longest first, so that "South Africa" wins over "Africa" and a full name over its surname.
        alternatives = sorted(forms, key=lambda form: (-len(form), form))
        self.pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in alternatives) + r")\b")

    def article(self, rng: random.Random, published: date) -> ArticleSwaps:
        return ArticleSwaps(self, rng, published)


class ArticleSwaps:
    def __init__(self, swapper: Swapper, rng: random.Random, published: date) -> None:
        self.swapper, self.rng, self.published = swapper, rng, published
        self.states: dict[int, State] = {}
        self.people: dict[int, Person] = {}

    def entities(self) -> tuple[str, ...]:
        return tuple(sorted({s.name for s in self.states.values()} | {p.name for p in self.people.values()}))

    def sentence(self, text: str) -> str:
        text = self.swapper.pattern.sub(self._entity, text)
        text = DAY_MONTH_YEAR.sub(self._full_date, text)
        return YEAR.sub(lambda m: str(self.published.year - self.rng.randrange(0, 4)), text)

    def _entity(self, match: re.Match[str]) -> str:
        kind, index = self.swapper.forms[match.group()]
        if kind in ("person", "surname"):
            person = self.people.get(index) or self.people.setdefault(index, self._new_person())
            return person.name if kind == "person" else person.surname
        state = self.states.get(index) or self.states.setdefault(index, self._new_state())
        return getattr(state, kind)

    def _new_state(self) -> State:
        taken = set(self.states.values())
        return self.rng.choice([s for s in self.swapper.states if s not in taken])

    def _new_person(self) -> Person:
        surname = self.rng.choice(self.swapper.surnames)
        return Person(f"{self.rng.choice(self.swapper.given_names)} {surname}", surname)

    def _full_date(self, match: re.Match[str]) -> str:
        day = self.published - timedelta(days=self.rng.randrange(0, 30))
        has_year = bool(re.search(r"\d{4}$", match.group()))
        if match.group()[0].isdigit():
            return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if has_year else "")
        return f"{MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if has_year else "")


def generate(count: int, seed: int = 1, sentences: list[str] | None = None,
             per_day: int | None = None) -> Iterator[Article]:
    """count distinct articles, the same for the same seed (and prefix-stable: article i does not depend on count).
    Publication dates: at random over 2005-2026 for any count (the default: a larger count is a denser stream
    over the same years), or with per_day a news stream of that many articles a day from 2005-01-01 on (article
    i on day i // per_day: a larger count is a longer stream, as a database grows). The text is the same either
    way except for the dates."""
    pool = sentences if sentences is not None else load_sentences()
    swapper, outlets = Swapper(load_states(), load_people()), load_outlets()
    rng = random.Random(seed)
    bodies: set[str] = set()
    signatures: set[tuple[str, ...]] = set()
    first_day, days = date(2005, 1, 1), (date(2026, 6, 30) - date(2005, 1, 1)).days
    produced = 0
    while produced < count:
        published = first_day + timedelta(days=rng.randrange(days))  # drawn either way: the same texts
        if per_day:
            published = first_day + timedelta(days=produced // per_day)
        swaps = swapper.article(rng, published)
        chosen = rng.sample(pool, rng.randint(8, 20))
        lines = [swaps.sentence(s) for s in chosen]
        title = lines[0].rstrip(".!?”\"")
        paragraphs = [" ".join(lines[i : i + 2]) for i in range(1, len(lines), 2)]
        body = "\n".join(paragraphs)
        digest = hashlib.sha256(body.encode()).hexdigest()
        if digest in bodies or swaps.entities() in signatures:
            continue  # a duplicate for Dyad's de-duplication, or the same actors again: draw another
        bodies.add(digest)
        signatures.add(swaps.entities())
        yield Article(f"{produced:05}.txt", f"{title}\n{body}\n", rng.choice(outlets), published.isoformat())
        produced += 1


def write(folder: Path, articles: list[Article]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (folder / article.file).write_text(article.text, encoding="utf-8")
    entries = [{"file": a.file, "outlet": a.outlet, "published": a.published} for a in articles]
    (folder / "manifest.json").write_text(json.dumps({"articles": entries}, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-day", type=int, help="a stream of this many articles a day (default: dates at random "
                        "over 2005-2026 whatever the count)")
    args = parser.parse_args()
    articles = list(generate(args.articles, args.seed, per_day=args.per_day))
    write(args.folder, articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} distinct articles, {words:,} words, into {args.folder}")


if __name__ == "__main__":
    main()
