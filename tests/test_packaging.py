"""Packaging metadata in the form current setuptools wants (no licence deprecation warnings on install)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    """`license` is an SPDX string and every `license-files` entry exists and is copied into the image build."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert "License :: " not in " ".join(project.get("classifiers", [])), "a licence classifier is deprecated too"
    dockerfile = (ROOT / "Dockerfile").read_text()
    for name in project["license-files"]:
        assert (ROOT / name).is_file()
        assert name in dockerfile.split("COPY pyproject.toml", 1)[1].splitlines()[0]
