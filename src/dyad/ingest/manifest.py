"""A folder's sidecar manifest.json: outlet, author, dates and notes per file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dyad.errors import RejectedInputError

MANIFEST_NAME = "manifest.json"


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Map file name → its manifest entry; {} when the folder has none. Raises RejectedInputError if broken."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RejectedInputError("invalid_manifest", f"{path}: {error}") from error
    entries = data.get("articles", data) if isinstance(data, dict) else data
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e for e in entries):
        raise RejectedInputError("invalid_manifest", f"{path}: expected a list of objects with a 'file' field")
    return {entry["file"]: {k: v for k, v in entry.items() if k != "file"} for entry in entries}
