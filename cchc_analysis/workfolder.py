"""`cchc init DIR`: a working folder of one's own, from the one the package ships.

Writes `cchc.toml` (the rules, to edit), `notebooks/` (the reports, to adapt) and `data/raw/README.md` (what to
put where). A file already there is kept as it is: the folder belongs to its user once written.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .config import STARTER


def starter_files() -> list[Path]:
    """The shipped files, relative to the starter folder (links followed: in the checkout they are links)."""
    found = []
    for folder, subfolders, files in os.walk(STARTER, followlinks=True):
        subfolders[:] = [s for s in subfolders if s not in ("__pycache__", ".ipynb_checkpoints")]
        found += [(Path(folder) / name).relative_to(STARTER) for name in files]
    return sorted(found)


def init_folder(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """Copy the starter files into folder; returns (written, kept as they were)."""
    folder = Path(folder)
    written, kept = [], []
    for relative in starter_files():
        target = folder / relative
        if target.exists():
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STARTER / relative, target)  # the content, never a link back into the package
        written.append(target)
    return written, kept
