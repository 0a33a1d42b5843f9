"""Named datasets and their role (baseline: none found yet)."""

from __future__ import annotations

from harvester.extract.findings import DatasetMention


def find_datasets(abstract: str, title: str = "") -> list[DatasetMention]:
    return []
