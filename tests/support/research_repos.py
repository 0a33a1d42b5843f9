"""Repositories in the shapes research code has, as dicts of files (for make_bare_repo and ApiRepo)."""

from __future__ import annotations

PAPER_ID = "2101.00001"
PAPER_TITLE = "Learning Things from Other Things"

MIT = """MIT License

Copyright (c) 2021 Somebody

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY.
"""

COMPLETE = {
    "README.md": f"""# Things from Things

Official code of [{PAPER_TITLE}](https://arxiv.org/abs/{PAPER_ID}).

## Installation
```
pip install -r requirements.txt
```

## Training
```
python train.py --config configs/base.yaml
```

## Evaluation
Download our [pretrained checkpoint](https://example.org/files/things_best.pth) and run
```
python eval.py --ckpt things_best.pth
```

| Method | Top-1 (%) | Top-5 (%) |
|---|---|---|
| Ours | 81.2 | 95.4 |
""",
    "LICENSE": MIT,
    "requirements.txt": "torch>=1.8\nnumpy\n",
    "train.py": "print('train')\n",
    "eval.py": "print('eval')\n",
    "models/net.py": "class Net: pass\n",
    "configs/base.yaml": "lr: 0.1\n",
}

COMING_SOON = {
    "README.md": f"# {PAPER_TITLE}\n\nCode coming soon. Stay tuned!\n",
    "LICENSE": MIT,
    "teaser.png": b"\x89PNG\r\n\x1a\n",
}

# Weights attached to a GitHub release, which only the API reader can see.
WEIGHTS_IN_RELEASES = {
    "README.md": "# Detector\n\nSee the releases page.\n\n```\npython test.py --weights model.pth\n```\n",
    "LICENSE": MIT.replace("MIT License", "The MIT License (MIT)"),
    "setup.py": "from setuptools import setup\nsetup(name='detector', install_requires=['torch'])\n",
    "detector/train_net.py": "print('train')\n",
    "test.py": "print('test')\n",
}
RELEASES = [{"tag_name": "v1.0", "assets": [{"name": "detector_r50_coco.pth"}, {"name": "source.zip"}]}]

NO_LICENSE = {
    "README.md": "# Tool\n\nA tool. Licensed under MIT (see the badge).\n",
    "environment.yml": "name: tool\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.9\n",
    "tool/__init__.py": "",
    "tool/core.py": "def run(): pass\n",
    "third_party/lib/LICENSE": MIT,
    "third_party/lib/train.py": "print('vendored')\n",
}
