"""The one reader: every file any command reads comes through here.

Manifests, base manifests, model cards, MOT files, ``config.json``, licence texts and digest
files are untrusted input, and each way of opening a file has its own trap: ``open()`` on a FIFO
waits forever for a writer; ``/dev/zero`` or a sparse file of a terabyte never ends or exhausts
memory; a symbolic link inside a repository can lead to ``/etc/shadow``, and a command that then
prints a digest of what it read becomes an oracle for any file on the machine. Written once, the
answer is:

* **regular files only**, checked on the opened descriptor (``fstat``), the file opened with
  ``O_NONBLOCK`` so that a FIFO cannot block the open itself;
* **inside the root** where a root applies: the path is resolved (every symbolic link,
  ``..``) and must stay below the resolved root; the opened file must be the resolved one (a
  link swapped between the check and the open is caught by comparing device and inode);
* **size before content**: the size from ``fstat`` is checked against the limit, then at most
  limit + 1 bytes are read, so a file that grows or lies about its size is still bounded;
* **text rules** shared by every format: UTF-8 only (a UTF-8 BOM is dropped), no UTF-16/32,
  no NUL byte; each refusal names the file, and the line and column where there is one;
* **YAML rules** from :mod:`aimanifest.source.yaml_reader` (depth, aliases counted by expansion,
  duplicate keys, tags), applied to embedded YAML too (a model card's front matter, an MOT file).

Errors are :class:`SourceError` with located findings: exit 2 for unusable input.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from typing import NamedTuple

from aimanifest.findings import Exit, Finding
from aimanifest.source.document import MAX_BYTES, Document, SourceError

__all__ = [
    "OpenError",
    "decode_text",
    "is_inside",
    "kind_of",
    "load_yaml",
    "open_regular",
    "read_bytes",
    "read_document",
    "read_document_at",
    "read_git",
    "read_text",
    "split_git_spec",
]


class OpenError(Exception):
    """A file that cannot be opened as a regular file; ``kind`` says why, for the caller's rule.

    ``missing``, ``special`` (not a regular file), ``unreadable`` (permission, I/O, loop),
    ``outside`` (leads out of the root) or ``invalid`` (a path no file system can hold).
    """

    def __init__(self, path: str, kind: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.kind = kind
        self.reason = reason


class Opened(NamedTuple):
    """An open descriptor of a regular file and what ``fstat`` said about it."""

    fd: int
    info: os.stat_result


def kind_of(mode: int) -> str:
    """A file type in words, for a message about a file that is not a regular one."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_inside(real_root: str, real_path: str) -> bool:
    """Whether resolved ``real_path`` is ``real_root`` or below it (both already resolved)."""
    try:
        return os.path.commonpath([real_root, real_path]) == real_root
    except ValueError:  # different drives on Windows, or a relative and an absolute path
        return False


_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_regular(
    path: str, *, root: str | None = None, follow_symlinks: bool = True, pipes: bool = False
) -> Opened:
    """Open ``path`` for reading if it is a regular file (inside ``root`` when one is given).

    Never blocks: ``O_NONBLOCK`` makes opening a FIFO return at once, and its type is then
    refused, unless ``pipes`` accepts it (a stream read line by line, such as a list of
    paths; the descriptor stays non-blocking, for the caller to switch). Raises
    :class:`OpenError`; the caller closes ``fd``.
    """
    if "\0" in path:
        raise OpenError(path, "invalid", "the path contains a NUL byte")
    target = path
    if root is not None:
        real_root = os.path.realpath(root)
        target = os.path.realpath(path)
        if not is_inside(real_root, target):
            raise OpenError(
                path, "outside", f"leads outside {root} (through '..' or a symbolic link)"
            )
    flags = _FLAGS | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(target, flags)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise OpenError(path, "missing", "is a broken symbolic link") from None
        raise OpenError(path, "missing", "no such file") from None
    except IsADirectoryError:
        raise OpenError(path, "special", "is a directory, not a file") from None
    except PermissionError:
        raise OpenError(path, "unreadable", "permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            reason = "is a symbolic link loop" if follow_symlinks else "is a symbolic link"
            raise OpenError(path, "unreadable", reason) from None
        if error.errno in (errno.ENAMETOOLONG, errno.ENOTDIR):
            raise OpenError(path, "missing", error.strerror or str(error)) from None
        raise OpenError(path, "unreadable", f"cannot open: {error.strerror or error}") from None
    except ValueError as error:  # e.g. a path the platform cannot encode
        raise OpenError(path, "invalid", str(error)) from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or (pipes and stat.S_ISFIFO(info.st_mode))):
            wanted = "a file or a pipe" if pipes else "a regular file"
            raise OpenError(path, "special", f"is {kind_of(info.st_mode)}, not {wanted}")
        if root is not None:
            # the link may have been swapped between realpath and open: compare what was opened
            now = os.stat(os.path.realpath(path))
            if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
                raise OpenError(path, "outside", "changed while it was opened; try again")
    except OpenError:
        os.close(fd)
        raise
    except OSError as error:
        os.close(fd)
        raise OpenError(path, "unreadable", f"cannot read: {error.strerror or error}") from None
    return Opened(fd, info)


def _fail(path: str, rule: str, message: str, line: int = 1, column: int = 1) -> SourceError:
    return SourceError([Finding(path, line, column, "error", rule, message)])


_RULES = {"outside": "path-escape", "invalid": "input"}


def read_bytes(
    path: str, *, root: str | None = None, limit: int = MAX_BYTES, what: str = "file"
) -> bytes:
    """The bytes of regular file ``path``, at most ``limit`` of them, or :class:`SourceError`.

    ``what`` names the file in the size message ("manifests are limited to ...").
    """
    try:
        fd, info = open_regular(path, root=root)
    except OpenError as error:
        raise _fail(path, _RULES.get(error.kind, "input"), error.reason) from None
    try:
        if info.st_size > limit:
            raise _fail(
                path,
                "input-too-large",
                f"file is {info.st_size:,} bytes; {what}s are limited to {limit:,} bytes",
            )
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            # ask for one byte more than fstat says is there: a short read of a regular file is
            # its end, so most files take one read call; one that grew is read on, to the limit
            wanted = min(limit + 1 - total, max(info.st_size + 1 - total, 1 << 16))
            chunk = os.read(fd, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if len(chunk) < wanted:
                break
    except OSError as error:
        raise _fail(path, "input", f"cannot read file: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if total > limit:  # it grew while read: still refuse
        raise _fail(path, "input-too-large", f"file is larger than {limit:,} bytes")
    return b"".join(chunks)


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` of UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decode_text(path: str, data: bytes, *, allow_empty: bool = False) -> str:
    """``data`` as UTF-8 text under the rules every text format shares, or SourceError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)):
        raise _fail(path, "input-encoding", "file is UTF-16 or UTF-32; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_column(data, nul)
        raise _fail(
            path, "input-binary", "file contains a NUL byte: binary data, not text", line, column
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        raise _fail(
            path,
            "input-encoding",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None
    text = text.removeprefix("\ufeff")
    if not allow_empty and not text.strip():
        raise _fail(path, "input-empty", "file is empty")
    return text


def read_text(
    path: str,
    *,
    root: str | None = None,
    limit: int = MAX_BYTES,
    what: str = "file",
    allow_empty: bool = False,
) -> str:
    """Regular file ``path`` as UTF-8 text (:func:`read_bytes`, then :func:`decode_text`)."""
    return decode_text(
        path, read_bytes(path, root=root, limit=limit, what=what), allow_empty=allow_empty
    )


def read_document(path: str, text: str | None = None, *, root: str | None = None) -> Document:
    """Parse a manifest file (YAML, or JSON for ``*.json``) with positions for every value.

    The document's ``raw`` holds the bytes it was parsed from, so that a caller checking a
    pinned digest hashes exactly what it parsed (a second read could see other bytes).
    """
    raw: bytes | None = None
    if text is None:
        raw = read_bytes(path, root=root, what="manifest")
        text = decode_text(path, raw)
    if path.lower().endswith(".json"):
        from aimanifest.source.json_reader import parse_json

        document = parse_json(path, text)
    else:
        from aimanifest.source.yaml_reader import parse_yaml

        document = parse_yaml(path, text)
    document.raw = raw if raw is not None else text.encode("utf-8")
    return document


GIT_PREFIX = "git:"
"""``git:REV:PATH`` names the version of PATH committed at REV (``aimanifest diff``)."""


def split_git_spec(spec: str) -> tuple[str, str] | None:
    """``(REV, PATH)`` of a ``git:REV:PATH`` argument, or None when it is a plain path."""
    if not spec.startswith(GIT_PREFIX):
        return None
    rev, separator, path = spec[len(GIT_PREFIX) :].partition(":")
    if not separator or not rev or not path:
        raise _fail(
            spec,
            "input",
            "write a committed version as git:REV:PATH, e.g. git:HEAD:aimanifest.yaml",
        )
    if rev.startswith("-") or "\0" in spec:
        raise _fail(spec, "input", f"'{rev}' is not a revision")
    return rev, path


def read_git(spec: str, *, limit: int = MAX_BYTES, cwd: str | None = None) -> bytes:
    """The bytes of ``git:REV:PATH`` as committed, at most ``limit``, or :class:`SourceError`.

    Git runs without a shell, with ``--no-textconv`` (a repository's attributes cannot make it
    run a filter program), its output read up to the limit and its run time bounded.
    """
    import subprocess

    found = split_git_spec(spec)
    if found is None:
        raise _fail(spec, "input", "not a git:REV:PATH argument")
    rev, path = found
    command = ["git", "--no-pager", "show", "--no-textconv", f"{rev}:{path}"]
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise _fail(spec, "input", f"cannot run git: {error.strerror or error}") from None
    assert process.stdout is not None and process.stderr is not None
    data = process.stdout.read(limit + 1)
    if len(data) > limit:
        process.kill()
        process.wait()
        raise _fail(spec, "input-too-large", f"the committed file is larger than {limit:,} bytes")
    try:
        _, errors = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise _fail(spec, "input", "git did not answer within 60 s") from None
    if process.returncode != 0:
        reason = errors.decode("utf-8", "replace").strip().splitlines()
        raise _fail(
            spec, "input", f"git cannot read it: {reason[-1] if reason else 'unknown error'}"
        )
    return data


def read_document_at(spec: str, *, cwd: str | None = None) -> Document:
    """:func:`read_document` for a path or a ``git:REV:PATH`` (the committed version)."""
    if split_git_spec(spec) is None:
        return read_document(spec)
    raw = read_git(spec, cwd=cwd)
    document = read_document(spec, decode_text(spec, raw))
    document.raw = raw
    return document


def load_yaml(path: str, text: str, *, first_line: int = 1) -> Document:
    """Embedded YAML (a model card's front matter, an MOT file) under the manifest's rules.

    ``first_line`` is the line of ``path`` where ``text`` starts, so that positions name the
    file's own lines. Raises :class:`SourceError` (its exit code is 2 for every problem here:
    a source that is not a manifest is unusable, not invalid).
    """
    from aimanifest.source.yaml_reader import parse_yaml

    try:
        return parse_yaml(path, text, first_line=first_line)
    except SourceError as error:
        raise SourceError(error.findings, Exit.UNUSABLE) from None
