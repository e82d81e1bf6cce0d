"""Where things are: the corpus directory, the repository root, the processing cache."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

#: The repository root (the package is installed editable from it).
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
#: Lexicons and grammars: what the processing reads (part of the NLP cache key).
LEXICON_DIR = DATA_DIR / "lexicons"
#: Editorial data: what only the book's pages read (renderings, projects, routes, the assessed corpus).
EDITORIAL_DIR = DATA_DIR / "editorial"


def corpus_dir(path: str | os.PathLike | None = None) -> Path:
    """Return the corpus directory: *path* if given, else ``$BRIEFING_CORPUS``, else ``seeds/``."""
    if path is not None:
        return Path(path).expanduser().resolve()
    env = os.environ.get("BRIEFING_CORPUS")
    if env:
        return Path(env).expanduser().resolve()
    return REPO_ROOT / "seeds"


def cache_dir() -> Path:
    """Return the on-disk cache for processed corpora (``$BRIEFING_CACHE`` or ``.cache/analysis``)."""
    env = os.environ.get("BRIEFING_CACHE")
    return Path(env).expanduser().resolve() if env else REPO_ROOT / ".cache" / "analysis"


#: libyaml's C parser when PyYAML was built with it (the pinned wheels are): the same objects as
#: ``yaml.safe_load`` at about a tenth of the time, which every kernel of the book pays once per file.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source):
    """Parse YAML from a string or an open text file, safely (no arbitrary objects), like ``yaml.safe_load``."""
    return yaml.load(source, Loader=_YAML_LOADER)
