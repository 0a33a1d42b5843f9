"""Named datasets and their roles: gazetteer names, aliases, lists, new names from phrasing, negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.extract.datasets import find_datasets
from harvester.extract.findings import DatasetMention
from harvester.extract.gazetteer import gazetteer
from harvester.extract.text import plain_text


def found(abstract: str, title: str = "") -> dict[str, DatasetMention]:
    return {m.name: m for m in find_datasets(abstract, title)}


def roles(abstract: str, title: str = "") -> dict[str, str]:
    return {name: m.role for name, m in found(abstract, title).items()}


# --- known names and aliases ---------------------------------------------------------------


def test_known_name_in_other_case_gets_the_gazetteer_name():
    mentions = found("Our method achieves 0.587 AMOTA in NuScenes validation set.")
    assert set(mentions) == {"nuScenes"}
    assert mentions["nuScenes"].known and mentions["nuScenes"].surface == "NuScenes"


def test_known_names_in_a_list_after_dataset_word():
    text = "We evaluate our model on challenging datasets: THUMOS14, Charades, and EPIC-Kitchens-100."
    assert roles(text) == {"THUMOS14": "used", "Charades": "used", "EPIC-KITCHENS-100": "used"}


def test_spelling_variant_maps_to_canonical_name():
    text = "Results on three benchmarks: CUB-200-2011, Stanford Cars, and FGVC Aircraft."
    assert set(found(text)) == {"CUB-200-2011", "Stanford Cars", "FGVC-Aircraft"}


def test_slash_list_of_numbered_names():
    text = "We report accuracy on CIFAR-10/100 and ImageNet."
    mentions = found(text)
    assert {"CIFAR-10", "CIFAR-100", "ImageNet"} <= set(mentions)


def test_family_stem_and_numbered_stem_in_dataset_list():
    assert set(found("Experiments on the CIFAR, STL and ImageNet datasets verify it.")) == {"CIFAR", "STL-10", "ImageNet"}


def test_size_suffix_is_the_same_dataset_and_kept_as_alias():
    mentions = found("We pre-train on ImageNet-21K and fine-tune on ImageNet-1k.")
    assert set(mentions) == {"ImageNet"}
    assert "ImageNet-21K" in mentions["ImageNet"].aliases


def test_frame_rate_setting_is_an_alias_of_the_dataset():
    text = "Experiments are extended on daytime benchmarks, i.e., UAV123 10fps, DTB70, and UAV123@10fps."
    mentions = found(text)
    assert set(mentions) == {"UAV123", "DTB70"}
    assert {"UAV123 10fps", "UAV123@10fps"} <= set(mentions["UAV123"].aliases)


def test_abbreviation_records_long_form_as_alias():
    text = (
        "For this purpose we present DAF:re (DanbooruAnimeFaces:revamped), a large-scale, crowd-sourced, "
        "long-tailed dataset with almost 500 K images. We conduct experiments on DAF:re and similar datasets."
    )
    mentions = found(text)
    assert set(mentions) == {"DAF:re"}
    assert mentions["DAF:re"].aliases == ("DanbooruAnimeFaces:revamped",)
    assert mentions["DAF:re"].role == "introduced"


def test_new_version_of_known_dataset_is_its_own_dataset():
    text = (
        "This work presents a new fine-grained transparent object segmentation dataset, termed Trans10K-v2, "
        "extending Trans10K-v1, the first large-scale transparent object segmentation dataset."
    )
    assert roles(text) == {"Trans10K-v2": "introduced", "Trans10K-v1": "used"}


# --- roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("In addition, we propose a new dataset of paired 3D motion and music called AIST++, which we reconstruct.", "AIST++"),
        ("To facilitate research, we propose a dataset, Anti-UAV, with more than 300 video pairs.", "Anti-UAV"),
        ("Besides, this work also constructed one UAV nighttime tracking benchmark UAVDark135.", "UAVDark135"),
        ("Models pre-trained with the proposed Fractal DataBase (FractalDB), a database without natural images.", "FractalDB"),
        ("With it, we construct three new failure detection benchmarks: RLBench-Fail, BridgeDataV2-Fail, and UR5-Fail.", "UR5-Fail"),
    ],
)
def test_introduced_by_the_paper(text, name):
    assert roles(text).get(name) == "introduced"


def test_used_datasets_in_a_paper_that_introduces_another():
    text = (
        "We introduce FooScenes-3k, a new benchmark for occlusion reasoning. "
        "We also evaluate on KITTI and nuScenes, where our method achieves state-of-the-art results."
    )
    assert roles(text) == {"FooScenes-3k": "introduced", "KITTI": "used", "nuScenes": "used"}


def test_title_naming_a_benchmark_introduces_it():
    mentions = found("We propose a tracker and evaluate it.", title="Anti-UAV: A Large Multi-Modal Benchmark for UAV Tracking")
    assert mentions["Anti-UAV"].role == "introduced" and mentions["Anti-UAV"].field == "title"


def test_paper_introducing_a_known_dataset_by_its_title():
    entry = gazetteer().single["cityscapes"][0].entry
    title = "The Cityscapes Dataset for Semantic Urban Scene Understanding"
    assert any(t for t in entry.introduced_in)
    assert roles("We evaluate on Cityscapes and report results.", title=title) == {"Cityscapes": "introduced"}


# --- new names from the abstract's phrasing -------------------------------------------------


def test_unknown_names_after_scores_and_before_dataset_words():
    text = (
        "Our method improves Rank-1/mAP by 6.70%/6.13% on SYSU-MM01 and 12.17%/11.23% on RegDB. "
        "Experiments on the ZeroWaste dataset show the same."
    )
    assert set(found(text)) == {"SYSU-MM01", "RegDB", "ZeroWaste"}


def test_abbreviation_after_dataset_of():
    text = "We reach 98.1% Dice score on the dataset of Japanese Society of Radiological Technology (JSRT)."
    mentions = found(text)
    assert set(mentions) == {"JSRT"}
    assert mentions["JSRT"].aliases == ("Japanese Society of Radiological Technology",)


# --- negatives -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In this paper, we propose the Motion Prior-Aware Siamese Network (MPASNET) for unsupervised crowd segmentation.",
        "To this end, we propose a novel method, named Cross-Modality Neural Architecture Search (CM-NAS).",
        "Furthermore, a novel transformer-based segmentation pipeline termed Trans2Seg is proposed.",
        "This work proposed a novel discriminative correlation filter based tracker, namely ADTrack.",
        "We reduce the parameters by 47% of EDSR x2 network without significant performance degradation.",
        "Experiments over benchmark datasets indicate that our model outperforms the state-of-the-arts by 12% in terms of mIoU.",
        "Conventional criteria such as PSNR and MSE lack standards based on the human visual system.",
        "Places where the set of objects changes are hard. The ADE of our trajectories drops.",
        "Hand-object interaction (HOI) is hard. We build a new large-scale 4D HOI dataset.",
        "We collect a large-scale RGB-D dataset and a COVID-19 dataset of CT scans.",
        "Our system is integrated with CARLA to create a high-fidelity digital twin.",
        "We present RAVEN, a unified QA architecture whose core is a fusion module.",
    ],
)
def test_no_dataset(text):
    assert found(text) == {}


def test_method_named_by_the_title_is_not_a_dataset():
    assert found("DAVANet improves deblurring on real images.", title="DAVANet: Stereo Deblurring With View Aggregation") == {}


def test_common_word_names_need_dataset_wording():
    assert found("Places in the city are crowded; Charades of this kind are common.") == {}
    assert set(found("We evaluate on the AVA dataset and on ImageNet/Places.")) == {"AVA", "ImageNet", "Places"}


# --- offsets and evidence ------------------------------------------------------------------


def test_offsets_index_the_plain_text_of_raw_input():
    raw = 'We evaluate on &lt;b&gt; the <a href="https://x.org">KITTI</a> dataset and \\emph{COCO} images.'
    text = plain_text(raw)
    for mention in find_datasets(raw):
        assert text[mention.start : mention.end] == mention.surface
        assert mention.surface in mention.evidence
    assert set(found(raw)) == {"KITTI", "COCO"}


def test_one_mention_per_dataset_keeps_the_introducing_sentence():
    text = "Experiments on FooBench-7 show gains. We introduce FooBench-7, a new benchmark for counting."
    mentions = find_datasets(text)
    assert len(mentions) == 1
    assert mentions[0].role == "introduced" and mentions[0].evidence.startswith("We introduce")


def test_gazetteer_ships_with_licence_and_clean_aliases():
    data = Path(__file__).resolve().parents[1] / "harvester" / "data"
    assert "CC BY-SA 4.0" in (data / "README.md").read_text(encoding="utf-8")
    assert (data / "LICENSE").exists()
    index = gazetteer()
    assert "cifar104000labels" not in index.single and "cocotestdev" not in index.single
    assert index.lookup("NuScenes").entry.name == "nuScenes"
