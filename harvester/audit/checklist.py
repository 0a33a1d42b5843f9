"""Score a repository snapshot: the ML Code Completeness Checklist plus licence, placeholder, citation.

Pure: a Snapshot (tree paths, README, licence text, a few manifests) and the catalog's papers in, a
Checklist out, every item with its evidence. The rules follow the audit corpus' labelling rules
(shared/audit-corpus/README.md): they read the tree's paths and the root README only, because that is
what a reader can fetch cheaply for thousands of repositories, and they never run anything.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from harvester.audit import paths as P
from harvester.audit import readme as R
from harvester.audit.license import spdx_id
from harvester.audit.snapshot import PaperInfo, Snapshot

ITEMS = ("dependencies", "training", "evaluation", "pretrained", "results")


@dataclass
class Item:
    value: bool
    evidence: str  # a path, a README line, or why not
    paths: list[str] = field(default_factory=list)
    readme_line: str | None = None


@dataclass
class Checklist:
    dependencies: Item
    training: Item
    evaluation: Item
    pretrained: Item
    results: Item
    license: str | None
    license_evidence: str
    placeholder: Item
    cites_paper: Item
    cites_arxiv_id: str | None

    @property
    def score(self) -> int:
        return sum(getattr(self, item).value for item in ITEMS)

    def evidence(self) -> dict:
        """Item -> its evidence, as stored (JSON) in audits.evidence."""
        found = {item: _compact(asdict(getattr(self, item))) for item in (*ITEMS, "placeholder", "cites_paper")}
        found["license"] = {"spdx": self.license, "evidence": self.license_evidence}
        found["cites_paper"]["arxiv_id"] = self.cites_arxiv_id
        return found


def _compact(item: dict) -> dict:
    return {k: v for k, v in item.items() if v not in (None, [])}


# ---- the repository as the rules see it ------------------------------------------------------------

@dataclass
class _Repo:
    snapshot: Snapshot
    readme: R.Readme
    own: list[str]  # paths outside vendored third-party folders
    commands: list[tuple[R.Block, str, str | None]]  # README command: its block, its text, the tree script it runs

    @classmethod
    def of(cls, snapshot: Snapshot) -> _Repo:
        vendored = P.vendored_dirs(snapshot.paths, snapshot.submodules)
        own = [p for p in snapshot.paths if not P.in_any(p, vendored)]
        readme = R.parse(snapshot.readme)
        scripts = [p for p in own if P.is_code(p)]
        commands = [(block, line, _script_run(line, scripts)) for block, line in R.command_lines(readme)]
        return cls(snapshot, readme, own, commands)


def _script_run(command: str, scripts: list[str]) -> str | None:
    """The repository script a command runs (`python a/b.py cfg.py`, `bash ./x.sh`, `python -m pkg.mod`): the
    first of its words naming a script of the tree (the words after it are arguments), unless a demo or
    data preparation."""
    tokens = command.replace("&&", " ").replace(";", " ").split()
    for i, token in enumerate(tokens):
        token = token.strip("'\"`()").removeprefix("./")
        if i and tokens[i - 1] == "-m":
            token = token.replace(".", "/") + ".py"
        if "/" not in token and "." not in token:
            continue
        match = next((s for s in scripts if s == token or s.endswith("/" + token)), None)
        if match:
            return match if _is_runnable(match) else None
    return None


# ---- wording ----------------------------------------------------------------------------------------

_PROMISE = re.compile(
    r"coming soon|\bcode coming\b|\bcoming\b.{0,20}\bsoon\b|\bwill\s+(?:be\s+)?(?:soon\s+)?(?:made\s+)?(?:publicly\s+)?"
    r"(?:released?|available|open[- ]?sourced?|uploaded|published|public|updated|come|provided)\b|"
    r"\bto be (?:released|updated|announced)\b|under construction|stay tuned|\bwill release\b|\bupcoming\b|\btba\b",
    re.I,
)
_DONE_TASK = re.compile(r"^\s*[-*]\s*\[[xX]\]")


@dataclass(frozen=True)
class _Task:
    """What makes a script, a README command or a promise about training (or evaluation)."""

    name: str
    tokens: frozenset[str]  # file-name words of its scripts
    stems: frozenset[str]  # whole file names of its scripts at the root or in a script folder
    folder_tokens: frozenset[str]  # words of script sub-folders holding its shell scripts
    words: re.Pattern  # README wording around its commands
    code_words: re.Pattern  # "<task> code" in a promise
    flags: re.Pattern | None = None  # command-line flags that select it


_TRAINING = _Task(
    "training",
    frozenset({"train", "training", "pretrain", "pretraining", "finetune", "finetuning"}),
    frozenset(),
    frozenset({"train", "training", "pretrain", "finetune"}),
    # "trained"/"pretrained" describe weights, not the act of training
    re.compile(r"\btrain(?:s|ing)?\b|\bpre-?train(?:s|ing)?\b|\bfine-?tun(?:e|es|ing)\b", re.I),
    re.compile(r"\b(?:train\w*|fine-?tun\w*)\s+(?:code|scripts?)|\b(?:code|scripts?)\s+(?:for|of)\s+(?:the\s+)?(?:train|fine-?tun)", re.I),
)
_EVALUATION = _Task(
    "evaluation",
    # linear probing / k-NN classification are the evaluation protocols of self-supervised methods
    frozenset({"eval", "evaluate", "evaluation", "evaluator", "benchmark", "benchmarks", "lincls", "linprobe"}),
    frozenset({"test", "testing", "tester", "test_net", "test_model", "run_test", "main_test", "val"}),
    frozenset({"eval", "evaluate", "evaluation", "test", "testing", "benchmark"}),
    re.compile(r"\beval(?:uat\w*)?\b|\btest(?:s|ing)?\b|\bbenchmark\w*|\breproduc\w*", re.I),
    re.compile(r"\b(?:eval\w*|test\w*|benchmark\w*)\s+(?:code|scripts?)|\b(?:code|scripts?)\s+(?:for|of)\s+(?:the\s+)?(?:eval|test|benchmark)", re.I),
    re.compile(r"\s--?(?:eval\w*|test\w*)\b|\s--mode[= ](?:eval|test)\b", re.I),
)
# File-name words of helpers and data preparation: "training_utils.py", "make_train_split.py" are not entry points.
_NOT_ENTRY_TOKENS = {"util", "utils", "helper", "helpers", "stats", "config", "configs", "cfg", "metric", "metrics",
                     "loop", "hooks", "split", "splits", "sets", "set", "list", "lists", "data", "dataset",
                     "prepare", "preprocess", "generate", "gen", "loader", "dataloader"}
_DEMO_TOKENS = {"demo", "demos", "example", "examples", "inference", "infer", "predict", "visualize", "visualization"}
_SCRIPT_DIRS = {"scripts", "script", "tools", "tool", "bin", "experiments", "exps", "jobs", "run"}
_NOT_CODE_DIRS = {"configs", "config", "cfg", "cfgs", "docs", "doc", "assets"}
_UNIT_TEST = re.compile(r"^(?:tests?_|conftest$)|_tests?$|[a-z0-9]Tests?$")
_TEST_DIRS = {"test", "tests", "unittest", "unittests", "unit_tests"}


def _promises(readme: R.Readme, topic: re.Pattern | None = None) -> list[str]:
    """README sentences that promise something for later (about `topic` when given); ticked to-dos are done."""
    found = []
    for line in readme.text.split("\n"):
        if _DONE_TASK.match(line):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
            if _PROMISE.search(sentence) and (topic is None or topic.search(sentence)):
                found.append(sentence)
    return found


# ---- items ------------------------------------------------------------------------------------------

def _dependencies(repo: _Repo) -> Item:
    snap = repo.snapshot
    found = [p for p in repo.own if _is_dependency_spec(p, snap)]
    c_project = any(P.is_c_build(p) for p in repo.own if "/" not in p)
    if c_project:
        cmake = snap.files.get("CMakeLists.txt")
        if cmake is not None and re.search(r"find_package|FetchContent|ExternalProject|pkg_check_modules|CPMAddPackage", cmake):
            found.append("CMakeLists.txt")
        found += [p for p in repo.own if re.match(r"^cmake/(Find|Fetch)\w+\.cmake$", p, re.I)][:3]
        if ".gitmodules" in repo.own and snap.submodules:
            found.append(".gitmodules")
    if found:
        return Item(True, ", ".join(found[:5]), found[:10])
    prose = next((line for line in snap.readme.split("\n") if re.search(r"(pytorch|torch|tensorflow|python)\s*[>=]=?\s*\d", line, re.I)), None)
    why = "no dependency file (requirements, environment, setup, pyproject, Pipfile, Dockerfile, C/C++ build manifest)"
    return Item(False, why + ("; README lists requirements in prose only" if prose else ""),
                readme_line=prose.strip() if prose else None)


def _is_dependency_spec(path: str, snap: Snapshot) -> bool:
    text = snap.files.get(path)
    if snap.sizes.get(path) == 0 or (text is not None and not _meaningful(text)):
        return False
    if P.is_conda_candidate(path):
        if text is not None:
            return bool(re.search(r"^dependencies\s*:", text, re.M))
        return "/" in path  # unread (API reader, size known): filed as an environment, trust that
    if P.name(path) == "CMakeLists.txt" or re.match(r"^cmake/", path, re.I):
        return False  # C/C++ build files decide only in C/C++ projects (see _dependencies)
    return P.is_manifest_name(path)


def _meaningful(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith(("#", "//")) for line in text.split("\n"))


def _code_item(repo: _Repo, task: _Task) -> Item:
    """Training or evaluation: entry points named for it, or README commands run under wording about it.

    A README sentence promising that code for later wins: the authors know what they have not released.
    """
    promised = _promises(repo.readme, task.code_words)
    if promised:
        return Item(False, f"README promises {task.name} code for later", readme_line=promised[0])
    named = sorted((p for p in repo.own if _is_entry_point(p, task)), key=lambda p: (p.count("/"), len(p), p))
    commanded, line = [], None
    for block, command, script in repo.commands:
        if script is None or script in commanded:
            continue
        context = " ".join((_topic_heading(block.headings), _text_around(repo.readme, block), command))
        if task.words.search(context) or (task.flags and task.flags.search(" " + command)):
            commanded.append(script)
            line = line or command
    found = named + [s for s in commanded if s not in named]
    if not found:
        return Item(False, f"no {task.name} script in the tree and no README command running one")
    return Item(True, ", ".join(found[:4]), found[:10], line)


def _topic_heading(headings: tuple[str, ...]) -> str:
    """The innermost heading about training or evaluation: "Adversarial training > Robust evaluation" is evaluation."""
    return next((h for h in reversed(headings) if _TRAINING.words.search(h) or _EVALUATION.words.search(h)), "")


def _text_around(readme: R.Readme, block: R.Block) -> str:
    """A block's own prose (for a code block: none) and the prose just before it."""
    before = readme.previous(block)
    own = block.text if block.kind == "text" else ""
    return own + " " + (before.text if before is not None and before.kind == "text" else "")


def _is_entry_point(path: str, task: _Task) -> bool:
    """A script named for the task: train.py, main_pretrain.py, eval.py, scripts/reproduce_test/x.sh."""
    folders = [f.lower() for f in P.parts(path)[:-1]]
    if (P.suffix(path) not in P.SCRIPT_SUFFIXES or _is_unit_test(path) or _is_demo(path)
            or set(folders) & _NOT_CODE_DIRS or "__pycache__" in folders):
        return False
    words = set(P.stem_tokens(path))
    if words & _NOT_ENTRY_TOKENS:
        return False
    if words & task.tokens:
        return True
    in_script_dir = bool(folders) and folders[0] in _SCRIPT_DIRS
    if PurePosixPath(path).stem.lower() in task.stems and (not folders or in_script_dir):
        return True
    folder_words = {w for f in folders[1:] for w in re.split(r"[_\-.]", f)}
    return in_script_dir and P.suffix(path) in {".sh", ".bash"} and bool(folder_words & task.folder_tokens)


def _is_runnable(script: str) -> bool:
    """A script a README command runs that can be the paper's training or evaluation (not a demo, not data prep)."""
    return not _is_demo(script) and not set(P.stem_tokens(script)) & _NOT_ENTRY_TOKENS


def _is_demo(path: str) -> bool:
    words = {w for part in P.parts(path) for w in P.stem_tokens(part)}
    return bool(words & _DEMO_TOKENS)


def _is_unit_test(path: str) -> bool:
    folders = [f.lower() for f in P.parts(path)[:-1]]
    if set(folders) & _TEST_DIRS:
        return True
    stem = PurePosixPath(path).stem
    # tools/test_net.py is an evaluation entry point; test_model.py elsewhere is a unit test
    return bool(_UNIT_TEST.search(stem)) and not (folders and folders[0] in _SCRIPT_DIRS)


_WEIGHT_SUFFIXES = (".pth", ".pth.tar", ".ckpt", ".safetensors", ".caffemodel", ".pdparams", ".onnx", ".tflite",
                    ".h5", ".hdf5", ".pt", ".pkl", ".pb", ".bin", ".t7", ".weights", ".params", ".npz", ".mar")
_AMBIGUOUS_SUFFIXES = (".pt", ".pkl", ".pb", ".bin", ".npz", ".h5", ".hdf5", ".params")  # data files use them too
_WEIGHT_NAME = re.compile(r"checkpoint|ckpt|weight|pretrain|trained|model|best|final|epoch|snapshot", re.I)
_WEIGHT_WORDS = re.compile(
    r"\b(?:check-?points?|ckpts?|(?:model )?weights|pre-?trained(?:[ _-]?models?)?|trained[ _-]models?|"
    r"model[ _-]?zoo|our models?|released models?|models? (?:are|is) available|download (?:the |our )?models?)\b",
    re.I,
)
_THIRD_PARTY = re.compile(
    r"\bini?tiali[sz]|imagenet[- ]pre-?trained|pre-?trained (?:\w+ )?on imagenet|backbone (?:weights|checkpoints?|models?)|"
    r"pre-?trained backbones?|third[- ]party|\boriginal (?:authors|repo\w*)",
    re.I,
)
_NOT_WEIGHT_HOSTS = re.compile(
    r"(^|\.)(arxiv\.org|colab\.research\.google\.com|shields\.io|badge\w*\.\w+|youtube\.com|youtu\.be|"
    r"twitter\.com|x\.com|doi\.org|openaccess\.thecvf\.com|paperswithcode\.com|openreview\.net|"
    r"githubusercontent\.com|user-images\.githubusercontent\.com)$",
    re.I,
)


def _pretrained(repo: _Repo) -> Item:
    snap = repo.snapshot
    committed = [p for p in repo.own if _is_weight_file(p)]
    if committed:
        return Item(True, "weights committed: " + ", ".join(committed[:3]), committed[:10])
    assets = [a for a in snap.release_assets or () if _is_weight_file(a)]
    if assets:
        return Item(True, "release assets: " + ", ".join(assets[:3]))
    linked = _weight_link(repo.readme)
    if linked:
        return Item(True, f"README links weights: {linked[1]}", readme_line=linked[0])
    if "hubconf.py" in repo.own:
        return Item(True, "torch.hub entry points (hubconf.py)", ["hubconf.py"])
    return Item(False, "no weights committed, attached to a release or linked from the README")


def _is_weight_file(path: str) -> bool:
    lower = path.lower()
    if not lower.endswith(_WEIGHT_SUFFIXES):
        return False
    return not lower.endswith(_AMBIGUOUS_SUFFIXES) or bool(_WEIGHT_NAME.search(P.name(path)))


def _weight_link(readme: R.Readme) -> tuple[str, str] | None:
    """(README line, URL) of a link to the paper's own weights, skipping third-party initialisations."""
    for block in readme.blocks:
        if block.kind != "text":
            continue
        before = readme.previous(block)
        context = " ".join((*block.headings, block.text, before.text if before else ""))
        if _THIRD_PARTY.search(context):
            continue
        keyword = _WEIGHT_WORDS.search(block.text) or _WEIGHT_WORDS.search(" ".join(block.headings))
        for link in R.links(block.text):
            if _is_weight_url(link.url) or (keyword and _is_download_url(link.url)):
                line = next((l for l in block.lines if link.url in l), block.lines[0])
                return line.strip()[:300], link.url
    return None


def _is_weight_url(url: str) -> bool:
    parsed = urlsplit(url)
    host = parsed.netloc.lower()
    if host.endswith("huggingface.co"):
        first = parsed.path.strip("/").split("/")[0] if parsed.path.strip("/") else ""
        return first not in ("", "spaces", "datasets", "docs", "papers", "blog")
    return _is_weight_file(parsed.path) and _is_download_url(url)


def _is_download_url(url: str) -> bool:
    parsed = urlsplit(url)
    if parsed.scheme not in ("http", "https") or _NOT_WEIGHT_HOSTS.search(parsed.netloc):
        return False
    if re.search(r"\.(png|jpe?g|gif|svg|webp|mp4|pdf|html?)$", parsed.path, re.I):
        return False
    if parsed.netloc.lower() in ("github.com", "www.github.com"):
        # a repository page is code; its releases and raw files may be weights
        return bool(re.search(r"/(releases|raw|blob|files)/|/releases$", parsed.path))
    return True


def _results(repo: _Repo) -> Item:
    tables = [t for t in R.tables(repo.readme) if R.is_results_table(t)]
    commands = [(command, script) for _, command, script in repo.commands if script]
    # show the command that evaluates, when there is one
    commands.sort(key=lambda c: not _EVALUATION.words.search(f"{c[1]} {c[0]}"))
    if tables and commands:
        return Item(True, f"results table and command {commands[0][0][:200]}", [commands[0][1]], tables[0].line)
    if tables:
        return Item(False, "results table but no command in the README that runs the repository's scripts",
                    readme_line=tables[0].line)
    if commands:
        return Item(False, "commands but no table of quantitative results in the README")
    return Item(False, "no results table and no commands in the README")


def _placeholder(repo: _Repo) -> Item:
    snap = repo.snapshot
    if not snap.paths:
        return Item(False, "empty tree")
    website = "index.html" in snap.paths  # a project page: its scripts are the page's, not the paper's code
    code = [p for p in repo.own if P.is_code(p) and not (website and P.suffix(p) in (".js", ".ts"))]
    promised = _promises(repo.readme)
    if not code:
        return Item(True, "the tree holds no code: " + ", ".join(snap.paths[:5]), readme_line=promised[0] if promised else None)
    if len(code) <= 3 and promised:
        return Item(True, f"only {len(code)} code file(s) and the README promises the code", code, promised[0])
    return Item(False, f"{len(code)} code files")


def _cites(repo: _Repo, papers: list[PaperInfo]) -> tuple[Item, str | None]:
    """The README names a linked paper: its arXiv id in any link form (abs, pdf, v2, eprint), else its exact title."""
    text = repo.snapshot.readme
    for paper in papers:
        match = re.search(rf"(?<![\d.]){re.escape(paper.arxiv_id)}(?:v\d+)?(?!\d)", text)
        if match:
            line = text[: match.end()].rsplit("\n", 1)[-1] + text[match.end():].split("\n", 1)[0]
            return Item(True, f"README has arXiv id {paper.arxiv_id}", readme_line=line.strip()[:300]), paper.arxiv_id
    normalised = _letters_digits(text)
    for paper in papers:
        title = _letters_digits(paper.title)
        if len(title) >= 12 and title in normalised:  # a short title ("Anti-UAV") would match by chance
            return Item(True, f"README has the exact title '{paper.title}'"), None
    if not papers:
        return Item(False, "no paper linked to this repository in the catalog"), None
    return Item(False, "README has neither the arXiv id nor the exact title"), None


def _letters_digits(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _license(snap: Snapshot) -> tuple[str | None, str]:
    if snap.license_path is None:
        return None, "no root licence file"
    spdx = spdx_id(snap.license_text)
    if spdx is None:
        return None, f"{snap.license_path}: not a recognised licence text"
    return spdx, f"{snap.license_path}: {spdx} text"


def score(snapshot: Snapshot, papers: list[PaperInfo]) -> Checklist:
    """Every item of the audit for one snapshot, with evidence."""
    repo = _Repo.of(snapshot)
    cites, cited_id = _cites(repo, papers)
    spdx, license_evidence = _license(snapshot)
    return Checklist(
        dependencies=_dependencies(repo),
        training=_code_item(repo, _TRAINING),
        evaluation=_code_item(repo, _EVALUATION),
        pretrained=_pretrained(repo),
        results=_results(repo),
        license=spdx,
        license_evidence=license_evidence,
        placeholder=_placeholder(repo),
        cites_paper=cites,
        cites_arxiv_id=cited_id,
    )
