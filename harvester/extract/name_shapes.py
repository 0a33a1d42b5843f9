"""Whether a token is shaped like a dataset's proper name, for names no gazetteer knows yet.

New datasets get coined names: digits (UAVDark135, DTB70), versions
(Trans10K-v2), CamelCase (FractalDB), '+' and ':' (AIST++, DAF:re), acronyms
(JSRT, Anti-UAV). So do methods (MPASNET, Trans2Seg, ADTrack), metrics (mIoU,
PSNR) and plain descriptors (RGB-D, COVID-19, 3D): those are refused here, by
shape where there is one and by name where the words are too common to guess.
"""

from __future__ import annotations

import re

_CAMEL = re.compile(r"[a-z][A-Z]")
_MEASURE = re.compile(r"[xX×]?\d+(?:[.,]\d+)?[a-zA-Z]{0,4}(?:-\w+)*")  # 3D, 10fps, 500K, 1080p, x4, 2-stage, 3D-aware
_LOWER_START = re.compile(r"[a-z]{1,2}[A-Z]")  # nuScenes, iNaturalist, xView; not "soUrCe"
_DESCRIPTIVE_TAIL = re.compile(r".-[a-z]{4,}$")  # AI-generated, CT-image, Transformer-based
# Methods are named after what they are: networks, transformers, trackers, searches, segmenters.
_METHOD_SHAPE = re.compile(
    r"(?:net|nets|gan|former|bert|gpt|vit|nas|seg|track|tracker|sr|det|cnn|rnn|lstm|conv|mlp|yolo\w*|resnet\w*"
    r"|vgg\w*|rcnn|r-cnn|diffusion|llama|clip|dino)(?:[-_]?v?\d[\w.]*|-?[A-Z]\w*)?$"
    r"|^(?:resnet|wrn|vgg|vit|yolo|bert|gpt|efficientnet|mobilenet|densenet|swin|deit|convnext)",
    re.IGNORECASE,
)
# Descriptors and metrics that appear right before "dataset" or after "on" without naming one.
_NOT_NAMES = frozenset(
    """rgb rgb-d rgbd rgb-t rgb-ir ct mri mr pet fmri eeg ecg emg oct lidar sar uav uavs x-ray xray covid covid-19
    sars-cov-2 hdr ldr ir nir tir gps imu hd uhd sd ai ml dl nlp cv api gpu gpus cpu tpu fpga iot rgbd-slam
    map mae mse rmse psnr ssim ms-ssim fid kid lpips auc roc auroc aupr f1 bleu rouge meteor cider spice wer cer
    eer far frr mota amota hota idf1 iou miou ap map50 ndcg mrr fps flops gflops macs top-1 top-5 rank-1 rank-5
    sota cnns dnns gans llms vlms mllms vlm llm mllm gnn gnns vae vaes nerf nerfs sam sgd adam relu bn id ood iid
    english chinese french german spanish japanese korean arabic hindi
    """.split()
)


def looks_like_name(token: str) -> bool:
    """A coined name: digits among letters, CamelCase, '+', ':' or two capitals; no metric or descriptor."""
    if len(token) < 3 or (token.isalpha() and token.istitle()) or " " in token or token.lower() in _NOT_NAMES:
        return False  # a capitalized word ("We", "Experiments") is the common case: refuse it first
    if not any(c.isalpha() for c in token):
        return False
    if _MEASURE.fullmatch(token) or _DESCRIPTIVE_TAIL.search(token):
        return False
    if token[0].islower() and not _LOWER_START.match(token):
        return False
    return (
        any(c.isdigit() for c in token)
        or "+" in token
        or ":" in token
        or bool(_CAMEL.search(token))
        or sum(c.isupper() for c in token) >= 2
    )


def looks_like_method(token: str) -> bool:
    """Shaped like a network, tracker or search method: "Trans2Seg", "ADTrack", "CM-NAS", "ResNet-50"."""
    return _METHOD_SHAPE.search(token) is not None
