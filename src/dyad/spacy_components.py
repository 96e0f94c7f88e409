"""Two of en_core_web_md's components rewritten to give the same annotations at a fraction of the cost.

The stock attribute ruler (tag map and exceptions: POS, MORPH, some LEMMAs) runs a Matcher over every token
with its ~180 patterns and then sets each match's attributes one match at a time: a fifth of the whole
parse. Nearly all of its patterns test one token's TAG, LOWER, DEP and IS_SPACE, so what they set on a
token is a function of those four values: worked out once per distinct combination and cached, and set
for the whole doc at once (Doc.from_array). The few patterns that span tokens or test a regular expression
are matched over the doc's arrays in numpy. Rules apply in the stock order (a later rule overrides an
earlier one), so every token ends with the same attributes; a ruler with rules of other kinds stays stock.

The stock rule lemmatizer caches its lemmas by (ORTH, POS, MORPH) but never caches a base form, and
checks every token in Python; here every token's lemma is looked up by that key and computed by the stock
lemmatizer only the first time a key is met. tests/test_spacy_components.py compares both with the stock
components token by token on the real corpora.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

SLOT_FACTORY = "dyad_fast_component"
_SETTABLE = {POS, MORPH, LEMMA, TAG, DEP}  # what Doc.from_array sets on the token alone, as the ruler does
_SIGNATURE = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # a token's values the one-token rules test


class AttributeRules:
    """The stock AttributeRuler's rules, applied per distinct (TAG, LOWER, DEP, IS_SPACE)."""

    def __init__(self, stock: AttributeRuler) -> None:
        strings = stock.vocab.strings
        self._attrs: list[dict] = list(stock.attrs)
        self._indices: list[int] = list(stock.indices)
        self._by_lower: dict[int, list[tuple[int, list]]] = defaultdict(list)
        self._by_tag: dict[int, list[tuple[int, list]]] = defaultdict(list)
        self._others: list[tuple[int, list]] = []
        self._spanning: list[tuple[int, list[list[tuple[str, str, object]]]]] = []
        self._strings = strings
        self._columns = sorted({attr for attrs in self._attrs for attr in attrs})
        for rule_id, rule in enumerate(stock.patterns):
            for pattern in rule["patterns"]:
                tokens = [_conditions(token, strings) for token in pattern]
                if len(tokens) > 1 or any(op == "regex" for _, op, _ in tokens[0]):
                    self._spanning.append((rule_id, tokens))  # matched over the whole doc at once
                    continue
                self._index(rule_id, tokens[0])
        self._check(stock)
        self._key_ids: dict[tuple[int, int, int, int], int] = {}  # each distinct key: what its rules set
        self._sets: list[list[bool]] = []
        self._values: list[list[int]] = []

    def _index(self, rule_id: int, conditions: list[tuple[str, str, object]]) -> None:
        """A one-token rule under the LOWER or TAG values it names, so a token meets only its candidates."""
        indexed = {k: v for k, op, v in conditions if op in ("==", "in")}
        entry = (rule_id, conditions)
        if "LOWER" in indexed:
            for value in _values(indexed["LOWER"]):
                self._by_lower[value].append(entry)
        elif "TAG" in indexed:
            for value in _values(indexed["TAG"]):
                self._by_tag[value].append(entry)
        else:
            self._others.append(entry)

    def _check(self, stock: AttributeRuler) -> None:
        """ValueError where these rules would not give the stock results (use_fast_components keeps the stock
        component then)."""
        # The cache's key leaves LOWER out when no rule indexed by it could meet the token, which holds while
        # the other rules do not test LOWER (true of every stock English model; checked here).
        if any(key == "LOWER" for _, conditions in (*self._others, *(e for es in self._by_tag.values() for e in es))
               for key, _, _ in conditions):
            raise ValueError("attribute rules: a rule tests LOWER without naming its value; cannot cache by tag")
        if set(self._columns) - _SETTABLE:
            raise ValueError(f"attribute rules set {set(self._columns) - _SETTABLE}: only {_SETTABLE} are applied")
        for attrs in self._attrs:  # Doc.from_array reads a MORPH value back as a string; the ruler holds keys
            if MORPH in attrs and self._strings.add(stock.vocab.morphology.get(attrs[MORPH])) != attrs[MORPH]:
                raise ValueError(f"attribute rules: morph key {attrs[MORPH]} is not its string's hash")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        values = array.tolist()
        keys = [self._key_id(signature) for signature in values]
        present, inverse = np.unique(np.array(keys), return_inverse=True)
        sets = np.array([self._sets[k] for k in present])[inverse]
        annotations = doc.to_array(self._columns)
        annotations = np.where(sets, np.array([self._values[k] for k in present], dtype=np.uint64)[inverse],
                               annotations)
        for i, rule_ids in self._spanning_rules(array).items():
            sets_i, values_i = self._row(self._fold(sorted({*self._rules(values[i]), *rule_ids})))
            annotations[i] = np.where(sets_i, np.array(values_i, dtype=np.uint64), annotations[i])
        doc.from_array(self._columns, annotations)
        return doc

    def _key_id(self, signature: list[int]) -> int:
        key = (signature[0], signature[1] if signature[1] in self._by_lower else 0, signature[2], signature[3])
        found = self._key_ids.get(key)
        if found is None:
            found = self._key_ids[key] = len(self._sets)
            sets, values = self._row(self._fold(self._rules(signature)))
            self._sets.append(sets)
            self._values.append(values)
        return found

    def _row(self, attrs: dict) -> tuple[list[bool], list[int]]:
        """Which of the columns the rules set, and to what."""
        return [c in attrs for c in self._columns], [attrs.get(c, 0) for c in self._columns]

    def _rules(self, signature: list[int]) -> list[int]:
        """The one-token rules this token meets, in the stock order."""
        candidates = (*self._by_lower.get(signature[1], ()), *self._by_tag.get(signature[0], ()), *self._others)
        return sorted({rule_id for rule_id, conditions in candidates if _meets(signature, conditions)})

    def _spanning_rules(self, array: np.ndarray) -> dict[int, list[int]]:
        """token → the rules of several tokens (or a regular expression) that set it, as the Matcher finds
        them: every start where each of the pattern's tokens meets its conditions."""
        found: dict[int, list[int]] = defaultdict(list)
        for rule_id, tokens in self._spanning:
            starts = len(array) - len(tokens) + 1
            if starts <= 0:
                continue
            meets = np.ones(starts, dtype=bool)
            for offset, conditions in enumerate(tokens):
                for key, op, value in conditions:
                    meets &= self._column_meets(array[offset:offset + starts, _SIGNATURE[key]], op, value)
            index = self._indices[rule_id]
            for start in np.flatnonzero(meets).tolist():
                found[start + index if index >= 0 else start + len(tokens) + index].append(rule_id)
        return found

    def _column_meets(self, column: np.ndarray, op: str, value) -> np.ndarray:
        if op == "==":
            return column == value
        if op == "regex":  # the Matcher's REGEX: re.search over the attribute's string
            value = [h for h in np.unique(column).tolist() if value.search(self._strings[h])]
        inside = np.isin(column, np.array(list(value), dtype=np.uint64))
        return ~inside if op == "not in" else inside

    def _fold(self, rule_ids: list[int]) -> dict:
        """What the rules set, a later rule's value overriding an earlier one's, as the stock ruler does."""
        attrs: dict = {}
        for rule_id in rule_ids:
            attrs.update(self._attrs[rule_id])
        return attrs


class CachedLemmas:
    """The stock rule lemmatizer's lemmas, each (ORTH, POS, MORPH) computed once."""

    def __init__(self, stock: Lemmatizer) -> None:
        self._stock = stock
        self._overwrite = stock.overwrite
        self._cache: dict[tuple[int, int, int], int] = {}
        # The stock rules look each candidate lemma up in a list of the language's words (57,000 nouns):
        # as sets, the same lookups.
        if "lemma_index" in stock.lookups:
            index = stock.lookups.get_table("lemma_index")
            for key, words in list(index.items()):
                index[key] = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = values[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma and not self._overwrite:
                continue
            key = (orth, pos, morph)
            if key not in self._cache:
                self._cache[key] = strings.add(self._stock.lemmatize(doc[i])[0])
            lemmas[i] = self._cache[key]
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(np.uint64))
        return doc


def use_fast_components(nlp: Language) -> None:
    """Replace the stock attribute ruler and lemmatizer, where the pipeline has them, by the same rules
    applied faster (same names, same place)."""
    for name, make in (("attribute_ruler", AttributeRules), ("lemmatizer", CachedLemmas)):
        if name in nlp.pipe_names:
            stock = nlp.get_pipe(name)
            try:
                work = make(stock)
            except ValueError:  # rules this rewrite does not handle: the stock component stays
                continue
            nlp.replace_pipe(name, SLOT_FACTORY)
            nlp.get_pipe(name).use(work)


class _Slot:
    """A pipeline component whose work is set after the pipeline is built (it needs the stock one's data)."""

    def __init__(self) -> None:
        self._work = None

    def use(self, work) -> None:
        self._work = work

    def __call__(self, doc: Doc) -> Doc:
        return self._work(doc)


@Language.factory(SLOT_FACTORY)
def _slot(nlp: Language, name: str) -> _Slot:
    return _Slot()


def _conditions(token: dict, strings) -> list[tuple[str, str, object]]:
    """One token of a pattern as (key, op, value) conditions over string hashes (a compiled expression for
    REGEX); ValueError for what the rules here do not handle (other attributes, operators)."""
    conditions: list[tuple[str, str, object]] = []
    for key, value in token.items():
        if key not in _SIGNATURE:
            raise ValueError(f"attribute rules: a pattern tests {key}")
        if not isinstance(value, dict):
            conditions.append((key, "==", _hash(value, strings)))
        elif set(value) == {"REGEX"}:
            conditions.append((key, "regex", re.compile(value["REGEX"])))
        elif len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            op, options = next(iter(value.items()))
            conditions.append((key, op.lower().replace("_", " "), frozenset(_hash(o, strings) for o in options)))
        else:
            raise ValueError(f"attribute rules: a pattern tests {key} by {sorted(value)}")
    return conditions


def _hash(value: object, strings) -> int:
    if isinstance(value, bool):
        return int(value)
    return 0 if value == "" else strings.add(value)


def _values(value: object) -> tuple:
    return tuple(value) if isinstance(value, frozenset) else (value,)


def _meets(signature: list[int], conditions: list[tuple[str, str, object]]) -> bool:
    for key, op, value in conditions:
        actual = signature[_SIGNATURE[key]]
        if op == "==":
            if actual != value:
                return False
        elif (actual in value) != (op == "in"):
            return False
    return True

