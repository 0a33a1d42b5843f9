"""The audit's pure rules: licence texts, README reading, and each checklist item on small snapshots."""

from __future__ import annotations

import pytest

from harvester.audit import paths as P
from harvester.audit import readme as R
from harvester.audit.checklist import score
from harvester.audit.license import spdx_id
from harvester.audit.snapshot import PaperInfo, Snapshot

from tests.support.research_repos import MIT

PAPER = PaperInfo("2101.08732", "Self-Adaptive Training: Bridging the Supervised and Self-Supervised Learning")

APACHE = """                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
"""
GPL3 = """                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 ... use the GNU Lesser General Public License instead of this License.
"""
LGPL3 = """                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public License
"""
BSD3 = """Copyright (c) 2024, Someone.
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
    * Redistributions of source code must retain the above copyright
      notice, this list of conditions and the following disclaimer.
    * Neither the name of the copyright holder nor the names of its contributors may be used
"""
BSD2 = BSD3.split("    * Neither")[0] + "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"\n"


@pytest.mark.parametrize("text, expected", [
    (MIT, "MIT"),
    (APACHE, "Apache-2.0"),
    (GPL3, "GPL-3.0"),
    (LGPL3, "LGPL-3.0"),
    ("GNU AFFERO GENERAL PUBLIC LICENSE\n Version 3, 19 November 2007\n", "AGPL-3.0"),
    ("    GNU GENERAL PUBLIC LICENSE\n       Version 2, June 1991\n", "GPL-2.0"),
    (BSD3, "BSD-3-Clause"),
    (BSD2, "BSD-2-Clause"),
    ("\nAttribution-NonCommercial 4.0 International\n\n=====\nCreative Commons Corporation", "CC-BY-NC-4.0"),
    ("Attribution-NonCommercial-ShareAlike 4.0 International\nCreative Commons", "CC-BY-NC-SA-4.0"),
    ("Creative Commons\nAttribution 4.0 International Public License", "CC-BY-4.0"),
    ("Mozilla Public License Version 2.0\n==================\n1.4. \"Covered Software\"\n    means", "MPL-2.0"),
    ("This is free and unencumbered software released into the public domain.\n", "Unlicense"),
    ("Licensed under the MIT license.", None),  # a pointer, not the text: GitHub says "other" too
    ("All rights reserved.", None),
    ("", None),
    (MIT + "\n\nThird-party notices:\n\n" + APACHE, "MIT"),  # the licence that starts first
])
def test_licence_is_recognised_by_its_text(text, expected):
    assert spdx_id(text) == expected


def test_root_readme_and_licence_are_picked_like_github():
    paths = ["docs/README.md", "README.rst", "Readme.md", "LICENSE.txt", "sub/LICENSE", "COPYING"]
    assert P.root_readme(paths) == "Readme.md"
    assert P.root_license(paths) == "LICENSE.txt"
    assert P.root_readme(["docs/README.md"]) is None


def test_vendored_folders_are_those_with_their_own_licence_or_conventional_names():
    paths = ["detectron2/LICENSE", "detectron2/tools/train_net.py", "third_party/x/train.py", "src/train.py"]
    vendored = P.vendored_dirs(paths, ["ext/sub"])
    assert vendored == {"detectron2", "third_party", "ext/sub"}


def test_readme_blocks_know_their_headings_and_comments_are_dropped():
    readme = R.parse("# Top\ntext\n\n## Training\n```\npython train.py\n```\n<!--\n| a | b |\n|---|---|\n| 1.0 | 2.0 |\n-->\n")
    code = [b for b in readme.blocks if b.kind == "code"][0]
    assert code.headings == ("Top", "Training")
    assert [c for _, c in R.command_lines(readme)] == ["python train.py"]
    assert R.tables(readme) == []


def test_restructuredtext_headings():
    readme = R.parse("Project\n=======\n\nTraining\n--------\n\n::\n\n    python tools/train.py cfg\n")
    assert [(b.kind, b.headings) for b in readme.blocks][-1] == ("code", ("Project", "Training"))


def test_results_tables_versus_statistics_tables():
    results = R.parse("|Method|mAP|\n|---|---|\n|Ours|42.0|\n|Base|40.1|\n")
    counts = R.parse("| Floor | 1 | 2 |\n|:-:|:-:|:-:|\n| Queries | 280 | 253 |\n| Database | 1368 | 2268 |\n")
    html = R.parse("<table><tr><th>R@1</th><th>F1</th></tr>\n<tr><td>76.53</td><td>64.15</td></tr></table>\n")
    aligned = R.parse("```\nModel    AP     AP50\nR50      42.0   62.4\nR101     43.5   63.8\n```\n")
    assert all(R.is_results_table(t) for t in R.tables(results) + R.tables(html) + R.tables(aligned))
    assert not any(R.is_results_table(t) for t in R.tables(counts))


def snapshot(files: dict[str, str], readme: str = "", **kw) -> Snapshot:
    paths = sorted(set(files) | ({"README.md"} if readme else set()))
    return Snapshot(paths, "README.md" if readme else None, readme, files=files, **kw)


def test_dependencies_need_a_machine_readable_file():
    assert score(snapshot({"requirements.txt": "torch\n"}), []).dependencies.value
    assert not score(snapshot({"requirements.txt": "# nothing yet\n"}), []).dependencies.value
    assert not score(snapshot({"main.py": ""}, "## Requirements\n- PyTorch >= 1.0\n"), []).dependencies.value
    conda = {"env/ffa.yml": "name: x\ndependencies:\n  - python\n", "configs/train.yaml": "lr: 1\n"}
    assert score(snapshot(conda), []).dependencies.paths == ["env/ffa.yml"]
    assert not score(snapshot({"config.yaml": "lr: 0.1\n"}), []).dependencies.value
    assert score(snapshot({"requirements/base.txt": "torch\n"}), []).dependencies.value
    cpp = snapshot({"CMakeLists.txt": "project(x)\nfind_package(Eigen3 REQUIRED)\n", "src/a.cpp": ""})
    assert score(cpp, []).dependencies.value


def test_training_and_evaluation_scripts_and_readme_commands():
    files = {"main.py": "", "scripts/run_sat.sh": "", "attack.py": "", "tests/test_eval.py": "", "demo/eval_demo.py": "",
             "utils/train_utils.py": "", "tools/make_train_split.py": ""}
    text = "## Standard training\n```\nbash scripts/run_sat.sh\n```\n#### Robust evaluation\n```\n$ python attack.py --ckpt x\n```\n"
    result = score(snapshot(files, text), [])
    assert result.training.value and result.training.paths == ["scripts/run_sat.sh"]
    assert result.evaluation.value and result.evaluation.paths == ["attack.py"]
    assert score(snapshot({"val.py": "", "tools/test.py": ""}), []).evaluation.paths == ["val.py", "tools/test.py"]
    bare = score(snapshot(files), [])
    assert not bare.training.value and not bare.evaluation.value  # helpers, unit tests, demos, data prep do not count


def test_a_readme_promise_of_training_code_wins_over_vendored_names():
    files = {"eval.py": "", "lib/LICENSE": "x", "lib/train.py": ""}
    result = score(snapshot(files, "#### Training\n> Training code will come soon, please stay tuned.\n"), [])
    assert not result.training.value and "come soon" in result.training.readme_line
    assert result.evaluation.value
    ticked = score(snapshot({"train.py": ""}, "- [x] Training code (expected 2021-6-10)\n"), [])
    assert ticked.training.value


def test_pretrained_weights_links_releases_and_committed_files():
    own = "## Model Testing\nDownload the trained model from [checkpoints](https://share.example.com/s/abc), then evaluate.\n"
    init = "It requires the base checkpoints for initialization.\n\nput [pretrained_model](https://drive.google.com/file/d/1) into networks/\n"
    dataset = "# Dataset\n[Google Drive](https://drive.google.com/file/d/2)\n"
    assert score(snapshot({"a.py": ""}, own), []).pretrained.value
    assert not score(snapshot({"a.py": ""}, init), []).pretrained.value
    assert not score(snapshot({"a.py": ""}, dataset), []).pretrained.value
    assert score(snapshot({"a.py": ""}, "[model](https://dl.example.org/x/detr-r50.pth)\n"), []).pretrained.value
    assert score(snapshot({"a.py": ""}, release_assets=["net_best.pth"]), []).pretrained.value
    assert score(snapshot({"checkpoints/model_best.pt": ""}), []).pretrained.value
    assert not score(snapshot({"data/camera_params/c0001.pt": ""}), []).pretrained.value


def test_results_need_table_and_command():
    table = "| Method | Acc |\n|---|---|\n| Ours | 94.1 |\n| Base | 92.0 |\n"
    command = "```\npython eval.py\n```\n"
    files = {"eval.py": ""}
    assert score(snapshot(files, table + command), []).results.value
    assert not score(snapshot(files, table), []).results.value
    assert not score(snapshot(files, command), []).results.value


def test_placeholder_shapes():
    assert score(snapshot({"LICENSE": MIT}, "# X\nCode coming\n"), []).placeholder.value
    assert score(snapshot({}, "# Title\n![image](x.png)\n"), []).placeholder.value  # README only, no promise
    assert score(snapshot({"model.py": ""}, "# X\nThe code will be released soon.\n"), []).placeholder.value
    many = {f"m{i}.py": "" for i in range(10)}
    assert not score(snapshot(many, "Code for part two will be available soon.\n"), []).placeholder.value
    assert not score(Snapshot([]), []).placeholder.value  # an empty tree is not a placeholder
    page = {"index.html": "", "static/js/a.js": "", "static/js/b.js": "", "static/js/c.js": "", "static/js/d.js": ""}
    assert score(snapshot(page, "# Project page\nCode will be released.\n"), []).placeholder.value


@pytest.mark.parametrize("text, cited, arxiv_id", [
    ("[paper](https://arxiv.org/abs/2101.08732)", True, "2101.08732"),
    ("see arxiv.org/pdf/2101.08732v2.pdf", True, "2101.08732"),
    ("eprint={2101.08732},", True, "2101.08732"),
    ("# Self-Adaptive Training: Bridging the Supervised and Self-Supervised Learning", True, None),
    ("**self-adaptive training** bridging the supervised and self supervised learning!", True, None),
    ("arXiv:2101.087321 is another paper; 12101.08732 too", False, None),
    ("Self-Adaptive Training for everything", False, None),
])
def test_cites_paper_by_id_or_exact_title(text, cited, arxiv_id):
    result = score(snapshot({"a.py": ""}, text), [PAPER])
    assert (result.cites_paper.value, result.cites_arxiv_id) == (cited, arxiv_id)


def test_evidence_is_json_ready_and_names_the_items():
    result = score(snapshot({"requirements.txt": "x\n", "LICENSE": MIT}, "# x\n"), [PAPER])
    evidence = result.evidence()
    assert set(evidence) == {"dependencies", "training", "evaluation", "pretrained", "results", "license",
                             "placeholder", "cites_paper"}
    assert evidence["dependencies"] == {"value": True, "evidence": "requirements.txt", "paths": ["requirements.txt"]}
