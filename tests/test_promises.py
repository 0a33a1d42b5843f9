"""Released vs promised links, and code promised with no link: pure functions on strings."""

from __future__ import annotations

import pytest

from harvester.extract import extract
from harvester.extract.links import find_links
from harvester.extract.promises import find_code_promises, label_link_status


def statuses(text: str) -> list[str | None]:
    links = find_links(text)
    label_link_status(text, links)
    return [link.status for link in links]


def promises(text: str) -> list[str]:
    return [promise.evidence for promise in find_code_promises(text, "abstract", find_links(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The code will be released at https://github.com/a/b.",
        "Code and models will be made publicly available at https://github.com/a/b.",
        "The code is coming soon at https://github.com/a/b.",
        "The dataset and code are soon available at https://github.com/a/b.",
        "We will release our code at \\url{https://github.com/a/b}.",
        "We will make the code and data available at https://github.com/a/b upon acceptance.",
        "We plan to release the implementation at https://github.com/a/b.",
        "The Anti-UAV benchmark and the code of the proposed approach will be publicly available at "
        '<a class="link-external link-https" href="https://github.com/ucas-vg/Anti-UAV">this https URL</a>.',
    ],
)
def test_promised(text: str) -> None:
    assert statuses(text) == ["promised"]


@pytest.mark.parametrize(
    "text",
    [
        "The code is available at https://github.com/a/b.",
        "Code: https://github.com/a/b",
        "Our code has been made public available at https://github.com/a/b.",
        "We make the code publicly available \\url{https://github.com/a/b}.",
        "Source code can be found at https://github.com/a/b. It will help future research.",
        "Experiments will show gains. Code: https://github.com/a/b",
        "The code will be released soon, and the toolbox is available at https://github.com/a/b.",
    ],
)
def test_released(text: str) -> None:
    assert statuses(text) == ["released"]


def test_each_link_has_its_own_wording() -> None:
    text = "Code is available at https://github.com/a/b, and the dataset will be released at https://zenodo.org/x."
    assert statuses(text) == ["released", "promised"]


def test_a_link_without_wording_shares_the_previous_links_status() -> None:
    text = "Code and models will be released at https://github.com/a/b and https://huggingface.co/a/b."
    assert statuses(text) == ["promised", "promised"]


def test_promise_after_the_link() -> None:
    assert statuses("Code: https://github.com/a/b (coming soon).") == ["promised"]


def test_a_promise_in_another_sentence_does_not_count() -> None:
    assert statuses("The data will be released. Code: https://github.com/a/b.") == ["released"]


# --- code promised without a link ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, evidence",
    [
        ("We propose X. The source code will be released soon.", "The source code will be released soon."),
        ("X works. Code will be made public upon acceptance.", "Code will be made public upon acceptance."),
        ("X works. We will release our code and models.", "We will release our code and models."),
        ("X works. We plan to release the code after the anonymity period.", "We plan to release the code after the anonymity period."),
        ("X works. Source codes are coming soon", "Source codes are coming soon"),
        ("X works. Our implementation will be open-sourced.", "Our implementation will be open-sourced."),
        ("X works. The benchmark and code will be available on GitHub.", "The benchmark and code will be available on GitHub."),
        ("X works. We will open-source the benchmark.", "We will open-source the benchmark."),
        (r"X works. The \textbf{code} will be released.", "The code will be released."),
    ],
)
def test_code_promise_without_link(text: str, evidence: str) -> None:
    assert promises(text) == [evidence]


@pytest.mark.parametrize(
    "text",
    [
        "We evaluate on three publicly available datasets.",
        "The dataset will be released to the community.",
        "We will show that our model outperforms others. Code was used from prior work.",
        "The code is available upon request.",
        "Our encoder will be released.",  # "encoder" is not code
        "For licensing reasons the code will not be released.",
        "The source code will be released at this https URL.",  # the listing lost the address
        "The code will be released at https://github.com/a/b.",  # a promise with its link
    ],
)
def test_not_a_code_promise_without_link(text: str) -> None:
    assert promises(text) == []


def test_promise_offsets_index_the_field() -> None:
    text = "We propose X.  The code will be released soon."
    (promise,) = find_code_promises(text, "comments", [])
    assert text[promise.start : promise.end] == promise.evidence
    assert promise.field == "comments"


def test_a_repository_link_anywhere_in_the_paper_cancels_the_promise() -> None:
    findings = extract("We propose X. The code will be released soon.", comments="Code: https://github.com/a/b")
    assert findings.promises == []
    assert [link.status for link in findings.links] == ["released"]


def test_a_project_page_link_elsewhere_does_not_cancel_the_promise() -> None:
    findings = extract(
        "We propose X. The code will be released soon.", comments="Project page: https://x.github.io/y"
    )
    assert [promise.evidence for promise in findings.promises] == ["The code will be released soon."]


def test_released_beats_promised_for_the_same_repository() -> None:
    findings = extract(
        "Code will be released at https://github.com/Owner/Repo.", comments="Code: https://github.com/owner/repo"
    )
    (link,) = findings.repositories.values()
    assert link.status == "released"
    assert link.repo is not None and link.repo.name == "repo"


def test_one_promise_per_paper() -> None:
    findings = extract(
        "We propose X. Code will be released. Models will be released soon too.",
        comments="Code will be released upon acceptance",
    )
    assert [promise.evidence for promise in findings.promises] == ["Code will be released."]


def test_the_comments_promise_when_the_abstract_does_not() -> None:
    findings = extract("We propose X.", comments="15 pages; code will be released upon acceptance")
    assert [(promise.field, promise.evidence) for promise in findings.promises] == [
        ("comments", "15 pages; code will be released upon acceptance")
    ]


def test_title_links_are_found_but_titles_promise_nothing() -> None:
    findings = extract("We propose X.", title="X: code will be released at github.com/a/b")
    assert [link.field for link in findings.links] == ["title"]
    assert findings.promises == []


def test_sentence_after_emphasis_mark() -> None:
    text = "We win on LTCC. *The code will be made public soon.*"
    assert promises(text) == ["*The code will be made public soon.*"]
