"""The harness of the bad-input corpus: run one hostile case as a user would, and judge it.

Each case (``tests/bad_input_cases.py``) builds a small world in a fresh directory: a
repository (``repo/``, with a ``.git`` so that it is a repository root) holding the hostile
files, and beside it ``outside/``, files that no command may ever read (a valid manifest and a
secret). The command runs as a real process, under a memory cap and a time limit, with a Python
audit hook that records every file the process opens. Whatever the input, the run must:

* exit with one of the case's expected codes (1 or 2 for bad input);
* print no Python traceback and no "internal error";
* name the file the problem is in (with line and column where the case says they exist);
* finish within the case's time limit (5 s by default) and the memory cap (512 MB);
* open nothing under ``outside/``, and change no file but the case's declared output (and
  leave no temporary file behind).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

MEMORY_CAP = 512 << 20
"""Address space of the process under test: the issue's 512 MB."""
TIME_LIMIT = 5.0
SECRET = "the-secret-contents-of-a-file-outside-the-repository"

VALID = """\
aimanifest: "1.0"
release:
  name: Hostile-1B
  version: "1.0"
  date: "2024-05-01"
  publisher: {name: Example Lab}
  license: Apache-2.0
weights:
  components:
    - name: hostile-weights
      kind: final-weights
      availability: open
      location: {url: "https://example.org/w"}
"""
"""A valid manifest: the cases mutate it."""

_WRAPPER = r"""
import os, sys
_log = os.environ.pop("AIMANIFEST_TEST_OPEN_LOG")
_opened = []
def _hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes)):
        _opened.append(os.path.abspath(os.fsdecode(args[0])))
sys.addaudithook(_hook)
import atexit
def _dump():
    try:
        with open(_log, "w", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write("\n".join(_opened))
    except OSError:  # a case that fills the disk (RLIMIT_FSIZE) cannot log either
        pass
atexit.register(_dump)
mode = sys.argv[1]
if mode == "cli":
    sys.argv = ["aimanifest", *sys.argv[2:]]
    from aimanifest.cli import main
    sys.exit(main())
else:
    exec(sys.argv[2])
"""


class Case(NamedTuple):
    """One hostile input and what a correct run on it looks like."""

    id: str
    argv: tuple[str, ...]
    """``aimanifest`` arguments; ``{repo}`` and ``{outside}`` are replaced by the directories.
    With ``api`` set, the first item is the Python snippet (``{repo}`` replaced too)."""
    files: Mapping[str, bytes | str] = {}
    """Files to create under ``repo/`` (relative paths)."""
    setup: Callable[[Path, Path], None] | None = None
    """More set-up, given ``repo`` and ``outside`` (FIFOs, links, special files)."""
    exits: frozenset[int] = frozenset({1, 2})
    names: str | None = None
    """Text the output must contain (the file's name as printed); default: none required."""
    located: bool = False
    """The output must carry ``NAME:LINE:COLUMN:`` for ``names``."""
    env: Mapping[str, str | None] = {}
    """Environment changes (None removes a variable)."""
    api: bool = False
    output: str | None = None
    """A path under ``repo/`` the case may write; every other file must stay as it was."""
    timeout: float = TIME_LIMIT
    unprivileged: bool = False
    """Run without the capabilities that let root read any file (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH), so that a mode-000 file is unreadable even to a test run as root."""
    stdin: str = "devnull"
    """``devnull``, or ``closed``."""
    stdout: str = "pipe"
    """``pipe``, ``closed``, ``full`` (``/dev/full``) or ``early-close`` (the reader leaves)."""
    file_size_limit: int | None = None
    """RLIMIT_FSIZE in bytes: writes beyond it fail as on a full disk."""
    check: Callable[[Path, Result], None] | None = None
    """Further assertions on the result."""
    interrupt_after: float | None = None
    """Send SIGINT after this many seconds."""
    pending: str | None = None
    """Why this case cannot pass yet (the issue that builds it): an expected failure until then."""


class Result(NamedTuple):
    code: int
    stdout: str
    stderr: str
    seconds: float
    opened: list[str]

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    state: dict[str, tuple[int, int, int]] = {}
    for directory, subdirs, names in os.walk(root):
        for name in names + subdirs:
            path = os.path.join(directory, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            state[os.path.relpath(path, root)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return state


def world() -> tuple[Path, Path, Path]:
    """A fresh world in its own temporary directory."""
    base = Path(tempfile.mkdtemp(prefix="aimanifest-hostile-"))
    base.chmod(0o755)
    repo, outside = base / "repo", base / "outside"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "aimanifest.yaml").write_text(VALID, encoding="utf-8")
    return base, repo, outside


def drop_read_capabilities() -> None:
    """Drop the two capabilities from the bounding set: an exec'd root process keeps neither."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _limits(case: Case) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if case.file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (case.file_size_limit,) * 2)
        if case.stdin == "closed":
            os.close(0)
        if case.stdout == "closed":
            os.close(1)
        if case.unprivileged and os.geteuid() == 0:
            drop_read_capabilities()
        if case.interrupt_after is not None:
            # a test run started in the background (`pytest &`) inherits SIGINT ignored, and
            # Python keeps an ignored SIGINT ignored: the case would wait for its time limit
            signal.signal(signal.SIGINT, signal.SIG_DFL)

    return apply


def expand(text: str, repo: Path, outside: Path) -> str:
    """``{repo}`` and ``{outside}`` replaced (nothing else: hostile text has braces too)."""
    return text.replace("{repo}", str(repo)).replace("{outside}", str(outside))


def run_case(case: Case) -> tuple[Result, Path, Path]:
    """Run ``case`` in a fresh world; the caller judges the result (and removes the world)."""
    base, repo, outside = world()
    for relative, content in case.files.items():
        target = repo / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
    if case.setup is not None:
        case.setup(repo, outside)
    before = _snapshot(base)
    log = base / "opened.log"
    log.touch()
    argv = [expand(part, repo, outside) for part in case.argv]
    mode = "api" if case.api else "cli"
    env = {**os.environ, "AIMANIFEST_TEST_OPEN_LOG": str(log), "MALLOC_ARENA_MAX": "2"}
    env.pop("AIMANIFEST_DEBUG", None)
    for key, value in case.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = expand(value, repo, outside)
    stdout: Any = subprocess.PIPE
    if case.stdout == "full":
        stdout = open(os.devnull if not os.path.exists("/dev/full") else "/dev/full", "wb")  # noqa: SIM115
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, mode, *argv],
        cwd=repo,
        env=env,
        stdin=subprocess.DEVNULL if case.stdin == "devnull" else None,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=_limits(case),
    )
    try:
        if case.stdout == "early-close":
            assert process.stdout is not None
            process.stdout.read(1)
            process.stdout.close()
        if case.interrupt_after is not None:
            time.sleep(case.interrupt_after)
            process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=case.timeout + 5)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    seconds = time.monotonic() - started
    if stdout not in (subprocess.PIPE,):
        stdout.close()
    opened = log.read_text(encoding="utf-8", errors="replace").splitlines()
    result = Result(
        process.returncode,
        (out or b"").decode("utf-8", "replace"),
        (err or b"").decode("utf-8", "replace"),
        seconds,
        opened,
    )
    after = _snapshot(base)
    changed = {
        path
        for path in set(before) | set(after)
        if before.get(path) != after.get(path) and path != "opened.log"
    }
    allowed = {os.path.join("repo", case.output)} if case.output else set()
    if case.output:  # its directories' mtimes change too
        parent = os.path.dirname(os.path.join("repo", case.output))
        while parent:
            allowed.add(parent)
            parent = os.path.dirname(parent)
    result_changes = sorted(changed - allowed)
    return result._replace(opened=opened + [f"CHANGED {p}" for p in result_changes]), repo, base


def judge(case: Case, result: Result, repo: Path, base: Path) -> None:
    """The assertions every case must meet (see the module docstring)."""
    shown = (
        f"exit {result.code} in {result.seconds:.2f} s\n"
        f"--- stdout\n{result.stdout[-2000:]}\n--- stderr\n{result.stderr[-2000:]}"
    )
    assert result.code in case.exits, shown
    assert "Traceback" not in result.output, shown
    assert "internal error" not in result.output, shown
    assert result.seconds < case.timeout, shown
    if case.names is not None:
        name = expand(case.names, repo, base / "outside")
        assert name in result.output, f"{name!r} not named\n{shown}"
        if case.located:
            assert re.search(re.escape(name) + r":\d+:\d+:", result.output), shown
    outside = str(base / "outside")
    if case.file_size_limit is None:
        assert any(p.endswith((".py", ".pyc")) for p in result.opened), "the audit log is empty"
    # resolved: a symbolic link inside the repository may lead outside it
    read_outside = [
        p
        for p in result.opened
        if not p.startswith("CHANGED") and os.path.realpath(p).startswith(outside)
    ]
    assert not read_outside, f"opened outside the repository: {read_outside}\n{shown}"
    assert SECRET not in result.output, shown
    changes = [p.removeprefix("CHANGED ") for p in result.opened if p.startswith("CHANGED ")]
    assert not changes, f"changed files that are not the output: {changes}\n{shown}"
    leftovers = [p for p in base.rglob(".aimanifest-*.tmp")]
    assert not leftovers, leftovers
    if case.check is not None:
        case.check(repo, result)


def remove(base: Path) -> None:
    for path in base.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


def manifest(**replacements: str) -> str:
    """:data:`VALID` with lines replaced: ``name="..."`` replaces the release name, etc."""
    text = VALID
    for key, value in replacements.items():
        pattern = re.compile(rf"^(\s*){key}: .*$", re.M)
        match = pattern.search(text)
        assert match is not None, key
        text = text[: match.start()] + f"{match.group(1)}{key}: {value}" + text[match.end() :]
    return text


def with_components(extra_yaml: str, layer: str = "runtime") -> str:
    """:data:`VALID` plus a layer holding ``extra_yaml`` (the items of its components)."""
    return VALID + f"{layer}:\n  components:\n" + extra_yaml


def dumps(data: Any) -> str:
    return json.dumps(data)
