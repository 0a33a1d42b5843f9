"""`harvest report`: figures, empty states, escaping, and the page in a real headless browser."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE

HOSTILE = "<script>alert(1)</script>"

# Statuses, audits and archive lookups the later commands would write, so every section has something to show.
# The example links four repositories; one hostile paper and repository are added beside them.
FULL_CATALOG_SQL = f"""
INSERT INTO papers (arxiv_id, version, title, abstract, abs_url, pdf_url, primary_category, listing_date, content_hash)
    VALUES ('2101.99999', 1, '{HOSTILE}', 'x', 'https://arxiv.org/abs/2101.99999', 'https://arxiv.org/pdf/2101.99999',
            'cs.LG', '2021-01-25', 'h');
INSERT INTO repositories (forge, owner, name, owner_key, name_key, url, status, status_detail, http_status, checked_at)
    VALUES ('github', 'evil', 'repo', 'evil', 'repo', 'javascript:alert(2)', 'missing', '<img src=x onerror=alert(3)>', 404,
            '2021-02-01 00:00:00');
INSERT INTO paper_repos (paper_id, repository_id, link_status, evidence)
    SELECT p.id, r.id, 'released', 'x' FROM papers p, repositories r WHERE p.arxiv_id = '2101.99999' AND r.owner = 'evil';
UPDATE repositories SET status = 'missing', status_detail = 'HTTP 404', http_status = 404, checked_at = '2021-02-01 00:00:00'
    WHERE name = 'Anti-UAV';
UPDATE repositories SET status = 'available', checked_at = '2021-02-01 00:00:00' WHERE name IN ('FastCertRelPose', 'animesion');
UPDATE repositories SET status = 'blocked', status_detail = 'DMCA takedown', http_status = 451, checked_at = '2021-02-01 00:00:00'
    WHERE name = 'self-adaptive-training';
INSERT INTO audits (repository_id, audited_at, method, score, dependencies, training, evaluation, pretrained, results, evidence)
    SELECT id, '2021-02-02 00:00:00', 'git', 1, 1, 0, 0, 0, 0, '{HOSTILE}' FROM repositories WHERE name = 'FastCertRelPose';
INSERT INTO audits (repository_id, audited_at, method, score, dependencies, training, evaluation, pretrained, results)
    SELECT id, '2021-02-03 00:00:00', 'git', 4, 1, 1, 1, 0, 1 FROM repositories WHERE name = 'FastCertRelPose';
INSERT INTO audits (repository_id, audited_at, method, score, dependencies, training, evaluation, pretrained, results)
    SELECT id, '2021-02-03 00:00:00', 'git', 2, 1, 0, 0, 0, 1 FROM repositories WHERE name = 'animesion';
INSERT INTO archive_checks (repository_id, checked_at, swh_archived, swh_last_visit, wayback_url, wayback_timestamp)
    SELECT id, '2021-02-04 00:00:00', 1, '2020-12-01 00:00:00',
           'https://web.archive.org/web/20201201000000/https://github.com/ucas-vg/Anti-UAV', '2020-12-01 00:00:00'
    FROM repositories WHERE name = 'Anti-UAV';
INSERT INTO archive_checks (repository_id, checked_at, swh_archived)
    SELECT id, '2021-02-04 00:00:00', 0 FROM repositories WHERE name = 'self-adaptive-training';
INSERT INTO datasets (name, name_key, known) VALUES ('{HOSTILE}', 'hostile', 0);
INSERT INTO paper_datasets (paper_id, dataset_id, role, mention, evidence)
    SELECT p.id, d.id, 'introduced', 'x', '{HOSTILE}' FROM papers p, datasets d WHERE p.arxiv_id = '2101.99999' AND d.name_key = 'hostile';
"""


def ingest(cli, db: Path) -> None:
    assert cli("run", str(EXAMPLE), "--db", str(db), "--quiet").exit_code == 0


def fill(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.executescript(FULL_CATALOG_SQL)


def report(cli, db: Path, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / "report.html"
    result = cli("report", "--db", str(db), "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture
def full_db(cli, db_path) -> Path:
    ingest(cli, db_path)
    fill(db_path)
    return db_path


def test_full_catalog_shows_every_figure(cli, full_db, tmp_path):
    page = report(cli, full_db, tmp_path, "--title", "January & co")
    assert "<title>January &amp; co</title>" in page
    # Papers per day and per category, code shares (4 released, 2 promised, 38 none of 44).
    assert "2021-01-22: 43; 2021-01-25: 1" in page
    assert "cs.CV: 43; cs.LG: 1" in page
    assert "released: 4 (9%); promised: 2 (5%); none: 38 (86%)" in page
    # Status breakdown over 5 repositories, every status listed even when zero.
    assert ("available: 2 (40%); archived: 0 (0%); empty: 0 (0%); moved: 0 (0%); missing: 2 (40%); "
            "blocked: 1 (20%); unknown: 0 (0%); unchecked: 0 (0%)") in page
    # Latest audit only (4 replaces the older 1): scores 2 and 4, mean 3.0; item rates over 2 audited.
    assert "0: 0; 1: 0; 2: 1; 3: 0; 4: 1; 5: 0" in page and "<b>3.0</b>" in page
    assert ("dependencies: 2 (100%); training: 1 (50%); evaluation: 1 (50%); pretrained: 0 (0%); results: 2 (100%)") in page
    # Dead repositories with their archived copies, and which paper linked them.
    assert "https://archive.softwareheritage.org/browse/origin/?origin_url=https%3A%2F%2Fgithub.com%2Fucas-vg%2FAnti-UAV" in page
    assert 'href="https://web.archive.org/web/20201201000000/https://github.com/ucas-vg/Anti-UAV"' in page
    assert "not archived" in page and "DMCA takedown" in page and ">2101.08466<" in page
    # Datasets introduced, with their papers and evidence (escaped like everything else).
    assert ">DAF:re<" in page and ">UAVDark135<" in page and "(DanbooruAnimeFaces:revamped)" in page
    assert "The source code will be released soon." in page
    assert "not checked yet" not in page.lower() and "not audited yet" not in page.lower()


def test_untrusted_text_is_escaped(cli, full_db, tmp_path):
    page = report(cli, full_db, tmp_path, "--title", HOSTILE)
    assert page.count("<script>") == 1  # the page's own sort script, nothing from the catalog
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(3)&gt;" in page
    assert 'href="javascript:' not in page and ">javascript:alert(2)<" in page


def test_ingest_only_says_not_checked_yet(cli, db_path, tmp_path):
    ingest(cli, db_path)
    page = report(cli, db_path, tmp_path)
    assert "Not checked yet" in page and "Not audited yet" in page
    assert "<b>43</b><span>papers</span>" in page and 'id="chart-status"' not in page
    assert "https://github.com/ucas-vg/Anti-UAV" in page and ">AIST++<" in page


def test_empty_catalog(cli, db_path, tmp_path):
    assert cli("db", "upgrade", "--db", str(db_path)).exit_code == 0
    page = report(cli, db_path, tmp_path)
    assert "No papers yet" in page and "No repositories linked yet." in page and "<svg" not in page


def test_missing_catalog_is_a_clear_error(cli, tmp_path):
    result = cli("report", "--db", str(tmp_path / "nothing.db"), "--out", str(tmp_path / "r.html"))
    assert result.exit_code == 2 and "no such catalog" in result.output
    assert not (tmp_path / "nothing.db").exists()


# ---- a real browser -----------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")


def chromium(tmp_path: Path, *args: str) -> str:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    done = subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_page_in_headless_chromium(cli, full_db, tmp_path):
    report(cli, full_db, tmp_path)
    url = (tmp_path / "report.html").as_uri()
    # The address asks for the repositories table sorted by score, highest first; only the page's script can do that.
    dom = chromium(tmp_path, "--dump-dom", f"{url}#sort=repos:5:descending")
    assert len(re.findall(r'<table [^>]*data-sortable="ready"', dom)) == 4  # promises, repositories, dead, datasets
    repos = re.search(r'<table id="repos".*?</table>', dom, re.S).group(0)
    assert 'aria-sort="descending"' in repos
    scores = re.findall(r'<td data-sort="(\d*)" class="num">', repos)
    assert scores == ["4", "2", "", "", ""]  # unaudited repositories last
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert shot.stat().st_size > 10_000
