"""The language identifier Dyad builds from its cached, restricted arrays guesses as py3langid's own does
(the model from its file, then set_languages with Dyad's languages), on real article text."""

from __future__ import annotations

from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from dyad.clean import language

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def samples() -> list[str]:
    texts = ["Germany invaded France", "Le président a dit que la France signerait", "Der Minister sagte heute",
             "El ministro dijo que España firmaría el acuerdo", ""]
    for folder in ("seeds", "dev"):
        for path in sorted((CORPUS / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            texts += [text[:3000], text[:150], text[400:600]]
    return texts


@pytest.mark.parametrize("cached", [False, True], ids=["built", "read back"])
def test_the_identifier_guesses_as_py3langids_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool):
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path))
    if cached:
        language._identifier.cache_clear()
        language._identifier()  # writes the cache folder
    language._identifier.cache_clear()
    ours = language._identifier()
    language._identifier.cache_clear()
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages([c for c in language._languages() if c in reference.nb_classes])
    assert ours.nb_classes == reference.nb_classes
    assert len(list(tmp_path.glob("langid-*"))) == 1
    texts = samples()
    assert len(texts) > 20, "the corpus was read"
    for text in texts:
        assert ours.rank(text) == reference.rank(text), text[:60]
