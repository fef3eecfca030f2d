"""Shared fixtures: the shared data folder and a once-per-session coded article helper."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_a3b256fcb9815394.txt"


def shared_file(*parts: str) -> Path:
    """A file from ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests need the shared data folder beside the repo")
    return path


@pytest.fixture(scope="session")
def code():
    """Code a text with the real pipeline (the model loads once per session)."""
    from eventwire.pipeline import extract

    def run(text: str, published: str | None = "2020-06-15"):
        return extract(text, published=published)

    return run
