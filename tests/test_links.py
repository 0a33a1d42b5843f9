"""Link finding, repair and classification: pure functions on strings, no network."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.extract.classify import classify
from harvester.extract.findings import Link, RepoRef
from harvester.extract.links import find_links, normalize


def only_link(text: str) -> Link:
    links = find_links(text)
    assert len(links) == 1, [link.raw for link in links]
    return links[0]


# --- damage: every kind the listings and abstracts show ------------------------------------


@pytest.mark.parametrize(
    "text, raw",
    [
        ("Code: https://github. com/ronan-39/tlt/).", "https://github. com/ronan-39/tlt/"),
        ("Code: github.com/ foo/bar now.", "github.com/ foo/bar"),
        ("at https: // github. com/ yahya-ben/ mplug2-vp.", "https: // github. com/ yahya-ben/ mplug2-vp"),
        ("at https: //github.com/Megvii/FSCE", "https: //github.com/Megvii/FSCE"),
        ("at https: github.com/ouc/SurroundNet.", "https: github.com/ouc/SurroundNet"),
        ("at https//github.com/a/b.", "github.com/a/b"),  # no colon: the scheme is lost
        ("Code: https://github.com /owner/name.", "https://github.com /owner/name"),
        ("Code: https://github.com/owner /name.", "https://github.com/owner /name"),
        ("comments:\n  https://github.com/\n  owner/name", "https://github.com/\n  owner/name"),
    ],
)
def test_urls_broken_by_spaces_are_joined(text: str, raw: str) -> None:
    link = only_link(text)
    assert link.raw == raw
    assert text[link.start : link.end] == raw  # offsets index the text as given
    assert " " not in link.url and link.kind == "repository"


def test_user_page_slash_is_not_joined_with_the_next_word() -> None:
    link = only_link("Code will be released at https://github.com/nkusyl/ and on our page.")
    assert link.raw == "https://github.com/nkusyl/"
    assert link.kind == "other" and link.repo is None


def test_host_cut_at_a_dot_is_not_joined_with_a_sentence() -> None:
    link = only_link("See https://example.org. we continue")
    assert link.url == "https://example.org"


@pytest.mark.parametrize(
    "text, url",
    [
        (r"\url{https://github.com/TeCSAR/Carolinas\_Dataset}", "https://github.com/TeCSAR/Carolinas_Dataset"),
        (r"\url{https://github.com/a/b{\_}c}", "https://github.com/a/b_c"),
        (r"\url{https://example.org/\~user/page}", "https://example.org/~user/page"),
        (r"at https://example.org/$\sim$user.", "https://example.org/~user"),
        (r"\url{https://example.org/a\%20b\#frag}", "https://example.org/a%20b#frag"),
        (r"FLamby is available at~\url{www.github.com/owkin/flamby}.", "https://www.github.com/owkin/flamby"),
        (r"Website at \url{deep-reactive-policy.com}", "https://deep-reactive-policy.com"),
        (r"\url{ https://github.com/yang/SAP-Net}.", "https://github.com/yang/SAP-Net"),
    ],
)
def test_latex_escapes_and_commands(text: str, url: str) -> None:
    assert only_link(text).url == url


def test_href_gives_both_arguments() -> None:
    text = r"\texttt{\href{github.com/leharris3/w4c-25}{github.com/leharris3/satformer}}"
    assert [link.repo.key for link in find_links(text)] == [
        ("github", "leharris3", "w4c-25"),
        ("github", "leharris3", "satformer"),
    ]


def test_href_with_prose_text_gives_the_url_only() -> None:
    assert [link.url for link in find_links(r"See \href{https://github.com/a/b}{Website}.")] == ["https://github.com/a/b"]


@pytest.mark.parametrize(
    "text, raw",
    [
        ("Code is available at https://github.com/a/b.", "https://github.com/a/b"),
        ("(code: https://github.com/a/b).", "https://github.com/a/b"),
        ("[https://github.com/a/b] Dataset", "https://github.com/a/b"),
        ('at "https://github.com/a/b".', "https://github.com/a/b"),
        ("at <https://github.com/a/b.git>.", "https://github.com/a/b.git"),
        ("results at https://github.com/a/b_video}.%\\footnote{x}", "https://github.com/a/b_video"),
        ("see https://en.wikipedia.org/wiki/Foo_(bar).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("code at https://github.com/a/b; fix typos", "https://github.com/a/b"),
        ("代码：https://github.com/a/b。", "https://github.com/a/b"),
    ],
)
def test_trailing_punctuation_and_unbalanced_brackets_are_dropped(text: str, raw: str) -> None:
    link = only_link(text)
    assert link.raw == raw
    assert text[link.start : link.end] == raw


def test_urls_glued_together_are_two() -> None:
    text = "Code: https://github.com/a/b,https://github.com/c/d and https://x.org/yhttps://github.com/e/f."
    assert [link.raw for link in find_links(text)] == [
        "https://github.com/a/b",
        "https://github.com/c/d",
        "https://x.org/y",
        "https://github.com/e/f",
    ]


def test_invisible_characters_are_dropped_from_the_url() -> None:
    link = only_link("Code: https://github.com/ow\u200bner/na\u00adme.")
    assert link.repo is not None and link.repo.key == ("github", "owner", "name")
    assert link.raw == "https://github.com/ow\u200bner/na\u00adme"


def test_glued_scheme_and_backslashed_scheme() -> None:
    assert only_link("will be available athttps://github.com/a/b.").url == "https://github.com/a/b"
    link = only_link(r"Project page: https:\\augmented-latent.github.io")
    assert link.url == "https://augmented-latent.github.io" and link.kind == "project_page"


def test_listing_that_lost_the_address_has_nothing_to_extract() -> None:
    assert find_links("Code is available at this https URL. Project page: this http URL") == []


def test_text_without_urls_has_no_links() -> None:
    assert find_links("We use 1/10 of the data and/or e.g. ImageNet: results improve.") == []


def test_slashless_scheme_less_hosts() -> None:
    assert only_link("Code and data are available at: vlmsarebiased.github.io.").url == "https://vlmsarebiased.github.io"
    assert only_link("will be released at www.openegocentric.com.").url == "https://www.openegocentric.com"


def test_email_domain_is_not_a_link() -> None:
    assert find_links("Contact me@github.com or ask.") == []


# --- HTML listings ---------------------------------------------------------------------------


def test_listing_anchor_gives_href_with_offsets_of_the_raw_attribute() -> None:
    text = (
        "We make the code publicly available \\url{<a class=\"link-external link-https\" "
        'href="https://github.com/mergarsal/FastCertRelPose.git" rel="external noopener nofollow">'
        "this https URL</a>}."
    )
    link = only_link(text)
    assert text[link.start : link.end] == "https://github.com/mergarsal/FastCertRelPose.git"
    assert link.repo == RepoRef("github", "mergarsal", "FastCertRelPose")
    assert link.evidence == "We make the code publicly available this https URL."


def test_listing_anchor_entities_and_bare_urls_beside_anchors() -> None:
    text = (
        'Data: <a href="https://example.org/get?a=1&amp;b=2">https://example.org/get?a=1&amp;b=2</a><br>'
        "Code: github.com/a/b"
    )
    links = find_links(text)
    assert [link.url for link in links] == ["https://example.org/get?a=1&b=2", "https://github.com/a/b"]
    assert text[links[0].start : links[0].end] == "https://example.org/get?a=1&amp;b=2"
    assert text[links[1].start : links[1].end] == "github.com/a/b"


def test_offsets_and_evidence_on_multiline_html() -> None:
    text = 'First line.<br>\nSecond <a href="https://gitlab.com/g/p">this https URL</a>.'
    link = only_link(text)
    assert text[link.start : link.end] == "https://gitlab.com/g/p"
    assert link.evidence == "Second this https URL."
    assert link.field == "abstract"


def test_evidence_is_the_plain_sentence() -> None:
    text = r"We propose X. The code is available at \url{https://github.com/a/b\_c}. Results follow."
    assert only_link(text).evidence == "The code is available at https://github.com/a/b_c."


# --- identity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/Owner/Name",
        "https://github.com/owner/name.git",
        "https://github.com/owner/name/",
        "https://github.com/owner/name/tree/main/src",
        "https://github.com/owner/name/blob/master/README.md",
        "https://github.com/owner/name#readme",
        "https://github.com/owner/name?tab=readme-ov-file",
        "http://www.github.com/OWNER/NAME/releases/tag/v1.0",
        "https://GitHub.com/owner/name",
    ],
)
def test_repository_identity_drops_decorations(url: str) -> None:
    kind, repo = classify(normalize(url))
    assert kind == "repository"
    assert repo is not None and repo.key == ("github", "owner", "name")


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/spaces/MinhDS/OCR",
        "https://sourceforge.net/projects/opencvlibrary",
        "https://gitlab.com/a/b/c",
    ],
)
def test_repository_url_is_the_canonical_address(url: str) -> None:
    repo = classify(url + "/tree/main")[1]
    assert repo is not None and repo.url == url


def test_identity_keeps_display_case() -> None:
    repo = classify("https://github.com/LayneH/self-adaptive-training/tree/main")[1]
    assert repo == RepoRef("github", "LayneH", "self-adaptive-training")
    assert repo.url == "https://github.com/LayneH/self-adaptive-training"


# --- classification ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, kind, repo",
    [
        ("https://gitlab.com/nct_tso_public/muli-class", "repository", ("gitlab", "nct_tso_public", "muli-class")),
        ("https://gitlab.com/a/b/c/-/tree/main/x", "repository", ("gitlab", "a/b", "c")),
        ("https://gitlab.com/a/b/c.git", "repository", ("gitlab", "a/b", "c")),
        ("https://bitbucket.org/team/repo/src/master", "repository", ("bitbucket", "team", "repo")),
        ("https://gitee.com/owner/repo", "repository", ("gitee", "owner", "repo")),
        ("https://huggingface.co/raidium/curia", "repository", ("huggingface", "raidium", "curia")),
        ("https://huggingface.co/spaces/MinhDS/OCR", "repository", ("huggingface-spaces", "minhds", "ocr")),
        ("https://sourceforge.net/projects/opencvlibrary/files", "repository", ("sourceforge", "", "opencvlibrary")),
        ("https://huggingface.co/datasets/jmhb/VidDiffBench", "dataset", None),
        ("https://zenodo.org/records/14793518", "dataset", None),
        ("https://drive.google.com/file/d/1Ucc/view?usp=sharing", "dataset", None),
        ("https://www.kaggle.com/datasets/owner/data", "dataset", None),
        ("https://www.kaggle.com/c/some-challenge/data", "dataset", None),
        ("https://paperswithcode.com/dataset/cityscapes", "dataset", None),
        ("https://huggingface.co/papers/2401.00001", "paper", None),
        ("https://ndownloader.figshare.com/files/1", "dataset", None),
        ("https://arxiv.org/abs/2101.08674", "paper", None),
        ("https://doi.org/10.1016/j.patcog.2021.108252", "paper", None),
        ("https://shubham-goel.github.io/ds/", "project_page", None),
        ("https://sites.google.com/view/icml-eva", "project_page", None),
        ("https://gist.github.com/user/0123abcd", "other", None),
        ("https://www.youtube.com/watch?v=BpHixKs91i8", "other", None),
    ],
)
def test_kinds(url: str, kind: str, repo: tuple[str, str, str] | None) -> None:
    found_kind, found_repo = classify(url)
    assert found_kind == kind
    assert (found_repo.key if found_repo else None) == repo


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/nkusyl",
        "https://github.com",
        "https://github.com/features/actions",
        "https://github.com/topics/deep-learning",
        "https://github.com/orgs/openai/repositories",
        "https://github.com/sponsors/someone",
        "https://github.com/marketplace/actions",
        "https://github.com/settings/profile",
        "https://github.com//jiaxiaojunQAQ//FGSM-SDI",
        "https://github.com/some_user/repo",  # not a GitHub user name
        "https://gitlab.com/group",
        "https://gitlab.com/explore/projects",
        "https://huggingface.co/docs/transformers",
    ],
)
def test_user_pages_and_reserved_paths_are_not_repositories(url: str) -> None:
    assert classify(url) == ("other", None)


@pytest.mark.parametrize(
    "text",
    [
        "see https://github.com.evil.example/owner/repo now",
        "see https://github.com@evil.example/owner/repo now",
        "see https://evil.example\\@github.com/owner/repo now",
        "see https://g\u0456thub.com/owner/repo now",  # Cyrillic i
        "see https://xn--gthub-n4a.com/owner/repo now",
        "see https://github.com:8080/owner/repo now",
        "see https://user@github.com/owner/repo now",  # credentials in a URL: not taken at face value
        "see https://bitbuc\u212aet.org/team/repo now",  # Kelvin sign: lowercases to an ASCII "k"
        "see file:///etc/passwd now",
        "see http://169.254.169.254/latest/meta-data/ now",
        "see ftp://github.com/owner/repo now",
        r"see \url{javascript:alert(1)} now",
        'see <a href="javascript:alert(document.cookie)">this https URL</a> now',
        "see github.com.evil.example/owner/repo now",
    ],
)
def test_hostile_urls_are_recorded_but_never_a_repository(text: str) -> None:
    link = only_link(text)
    assert link.kind == "other"
    assert link.repo is None
    assert text[link.start : link.end] == link.raw


def test_scheme_and_host_are_lowercased_in_the_url_only() -> None:
    link = only_link("Code: HTTPS://GitHub.com/Owner/Name")
    assert link.url == "https://github.com/Owner/Name"
    assert link.raw == "HTTPS://GitHub.com/Owner/Name"


def test_scheme_less_domain_with_a_path() -> None:
    link = only_link("Our source code will be publicly available at mias.group/DiMoDE upon publication.")
    assert link.url == "https://mias.group/DiMoDE" and link.kind == "other"


@pytest.mark.parametrize("text", ["see Sec.III/IV for details", "we use 1.5/2.0 scaling and/or e.g./i.e. forms"])
def test_dotted_words_with_slashes_are_not_domains(text: str) -> None:
    assert find_links(text) == []


@pytest.mark.parametrize(
    ("text", "raws"),
    [
        ("in km/s and/or 3/4 units, code: at HTTPS : //github.com/a/b", ["HTTPS : //github.com/a/b"]),
        ("the a/b test\\_x \\cite{k} uses \\url{github.com/c/d} and mias.group/DiMoDE/x", ["github.com/c/d", "mias.group/DiMoDE/x"]),
        ("ratio 1.5/2.0, e.g./i.e. and x.y/z, see www.x.org/y or a@mias.group/y", ["www.x.org/y"]),
        ("Javascript:alert(1) with no slash", ["Javascript:alert(1)"]),
    ],
)
def test_urls_among_colons_backslashes_and_slashes_that_start_none(text: str, raws: list[str]) -> None:
    """Only colons after a scheme, \\url{ or \\href{, and slashes after a dotted token are tried."""
    assert [link.raw for link in find_links(text)] == raws


@pytest.mark.parametrize("href", ["/abs/2101.00001", "#", "mailto:someone"])
def test_relative_hrefs_are_no_urls_but_other_schemes_are_recorded(href: str) -> None:
    links = find_links(f'Read <a href="{href}">this</a>.')
    assert [link.url for link in links] == ([href] if ":" in href else [])


# --- any text at all -------------------------------------------------------------------------

_URLISH = st.sampled_from(
    ["https://", "http: //", "github.com/", "www.", ".io", "\\url{", "\\href{", "}", "{", "/", ":", "\\_", " ",
     ". ", "a", "Owner", "<a href=\"", "\">", "</a>", "<br>", "&amp;", "(", ")", "$\\sim$", "\u0456", "\n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_URLISH, st.text(max_size=4)), max_size=30).map("".join))
def test_any_text_gives_links_whose_offsets_hold_their_raw_text(text: str) -> None:
    for link in find_links(text):
        assert 0 <= link.start < link.end <= len(text)
        assert text[link.start : link.end] == link.raw
        assert link.kind in {"repository", "project_page", "dataset", "paper", "other"}
        assert (link.repo is not None) == (link.kind == "repository")
        assert link.url and not any(char.isspace() for char in link.url)
