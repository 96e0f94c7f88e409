"""How many: the numbers an event's clause gives ("will send 500 tonnes of food aid", "deployed 1,000
troops"), each with what it counts, so that reports of one event that give different numbers can be told apart."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dyad.extract.entities import entities_in

COUNTED_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
# What a number counts when the number carries its own unit.
UNIT_OF_LABEL = {"MONEY": "money", "PERCENT": "percent"}


def quantities_of(trigger: Token, sent: Span) -> tuple[str, ...]:
    """'unit|value|text' for every number in the trigger's phrase: 'tonne|500|500 tonnes'."""
    phrase = {t.i for t in trigger.subtree}
    found = []
    for ent in entities_in(sent):
        if ent.label_ in COUNTED_LABELS and ent.root.i in phrase and ent.root.i != trigger.i:
            counted = _counted(ent)
            if counted:
                unit, text = counted
                found.append(f"{unit}|{_value(ent)}|{text}")
    return tuple(dict.fromkeys(found))


def _counted(ent: Span) -> tuple[str, str] | None:
    """What the number counts and how the text puts it: ('troop', '1,000 troops')."""
    if ent.label_ in UNIT_OF_LABEL:
        return UNIT_OF_LABEL[ent.label_], ent.text
    if ent.label_ == "QUANTITY":
        return ent.root.lemma_.lower(), ent.text
    noun = ent.root.head if ent.root.dep_ == "nummod" else None
    if noun is None or noun.pos_ != "NOUN":
        return None
    return noun.lemma_.lower(), f"{ent.text} {noun.text}"


def _value(ent: Span) -> str:
    """The number as written, without thousands separators or the unit: '1,000 troops' → '1000'."""
    numbers = [t.text.replace(",", "") for t in ent if t.like_num]
    return " ".join(numbers) or ent.text.lower()
