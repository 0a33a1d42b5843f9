"""The audit measured on the hand-labelled corpus in ../shared/audit-corpus (skipped when shared/ is absent).

Every item must agree with the labels on at least 95% of the repositories, with and without the
cases the labeller marked as doubtful; `python benchmarks/score_audit.py` prints the figures.
"""

from __future__ import annotations

import pytest

from harvester.audit.checklist import ITEMS
from tests.support.audit_corpus import FIELDS, corpus_dir, doubted, expected, predictions, same

CORPUS = corpus_dir()
pytestmark = pytest.mark.skipif(CORPUS is None, reason="../shared/audit-corpus not found")


@pytest.fixture(scope="module")
def results():
    return predictions(CORPUS)


@pytest.mark.parametrize("field", FIELDS)
def test_item_agreement_at_least_95_percent(results, field):
    for skip_doubts in (False, True):
        cases = [(r, v) for r, v in results if not (skip_doubts and field in doubted(r.labels))]
        wrong = [f"{r.owner}/{r.name}" for r, v in cases if not same(field, v[field], expected(r.labels)[field])]
        assert len(wrong) <= 0.05 * len(cases), f"{field}: disagrees on {wrong}"


def test_score_error(results):
    errors = [abs(v["score"] - expected(r.labels)["score"]) for r, v in results]
    assert sum(errors) / len(errors) <= 0.25 and max(errors) <= 1
    assert len(results) == len({r.folder.name for r, _ in results}) >= 13
    assert set(ITEMS) <= set(FIELDS)
