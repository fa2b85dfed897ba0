"""Bases published elsewhere: read from the local cache, fetched only with --fetch-lineage.

Every base is served by an HTTP server on 127.0.0.1 that this module starts (the standard
library's, in a thread): nothing leaves the machine. Each bad answer (a wrong digest, a 404, a
body over the limit, a server too slow, a redirect to another scheme) is an error at the
reference, and nothing is cached.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from test_lineage import bases, derivative, write

from aimanifest import lineage_source
from aimanifest.cli import main
from aimanifest.source import MAX_BYTES, read_document

BASE = yaml.safe_dump(bases()["open-weights"], sort_keys=False).encode("utf-8")
BASE_SHA = hashlib.sha256(BASE).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    """The routes the tests need; each records that it was asked."""

    requests: list[str] = []  # noqa: RUF012 - shared with the tests, on purpose

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def send(self, code: int, body: bytes, **headers: str) -> None:
        self.send_response(code)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.requests.append(self.path)
        if self.path in ("/base.yaml", "/other-name.yaml"):
            self.send(200, BASE, **{"Content-Type": "application/yaml"})
        elif self.path == "/redirect-same":
            self.send(302, b"", Location="/base.yaml")
        elif self.path == "/redirect-ftp":
            self.send(302, b"", Location="ftp://127.0.0.1/base.yaml")
        elif self.path == "/announced-huge":
            self.send_response(200)
            self.send_header("Content-Length", str(MAX_BYTES + 1))
            self.end_headers()
            self.wfile.write(b"x" * 1024)
        elif self.path == "/streamed-huge":
            self.send_response(200)  # no length: the body is simply too long
            self.end_headers()
            chunk = b"# padding\n" * 100_000
            try:
                for _ in range(MAX_BYTES // len(chunk) + 2):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/slow":
            self.send_response(200)
            self.end_headers()
            try:
                for byte in BASE[:200]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self.send(404, b"not found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("AIMANIFEST_CACHE_DIR", str(directory))
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    return directory


def published(tmp_path: Path, url: str, sha256: str = BASE_SHA) -> Path:
    manifest = tmp_path / "repo" / "aimanifest.yaml"
    reference = {"url": url, "digests": {"sha256": sha256}}
    write(manifest, derivative("fine-tune", reference))
    return manifest


def url_line(manifest: Path) -> str:
    """``aimanifest.yaml:LINE:COLUMN`` of the first entry's ``manifest.url``."""
    where = read_document(str(manifest)).locate(("lineage", 0, "manifest", "url"))
    return f"aimanifest.yaml:{where.line}:{where.column}"


def classify_json(manifest: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    code = main(["classify", "--format", "json", *extra, str(manifest)])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_not_fetched_without_the_flag(
    tmp_path: Path, server: str, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = published(tmp_path, f"{server}/base.yaml")
    Handler.requests.clear()
    code, report, _ = classify_json(manifest, capsys)
    assert code == 0 and report["tier"] is None
    assert "fetch it with --fetch-lineage" in report["lineage"]["bases"][0]["reason"]
    assert main(["validate", str(manifest)]) == 0
    out = capsys.readouterr().out
    assert f"{url_line(manifest)}: note lineage-unverified: base Base: manifest {server}" in out
    assert Handler.requests == [] and not cache.exists()


def test_fetched_into_the_content_addressed_cache_then_read_offline(
    tmp_path: Path, server: str, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = published(tmp_path, f"{server}/redirect-same")
    code, report, _ = classify_json(manifest, capsys, "--fetch-lineage")
    assert (code, report["tier"], report["own_tier"]) == (0, "open-weights", "fully-open")
    cached = cache / f"{BASE_SHA}.yaml"
    assert cached.read_bytes() == BASE
    assert [p.name for p in cache.iterdir()] == [cached.name]  # no temporary file left
    # the same content under another URL, and no network this time: the cache answers
    Handler.requests.clear()
    other = published(tmp_path / "other", f"{server}/other-name.yaml")
    code, report, _ = classify_json(other, capsys)
    assert (code, report["tier"]) == (0, "open-weights") and Handler.requests == []
    assert main(["validate", "--strict", str(other)]) == 0


def test_a_tampered_cache_file_is_not_used(
    tmp_path: Path, server: str, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.mkdir()
    (cache / f"{BASE_SHA}.yaml").write_bytes(BASE.replace(b"Tern-7B", b"Tern-7X"))
    manifest = published(tmp_path, f"{server}/base.yaml")
    assert main(["validate", str(manifest)]) == 1
    assert "does not match its sha256 digest" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "sha256", "reason"),
    [
        ("/base.yaml", "0" * 64, "the download does not match the pinned sha256 digest"),
        ("/missing.yaml", BASE_SHA, "the server answered HTTP 404"),
        ("/announced-huge", BASE_SHA, f"the limit is {MAX_BYTES:,}"),
        ("/streamed-huge", BASE_SHA, f"larger than {MAX_BYTES:,} bytes"),
        ("/redirect-ftp", BASE_SHA, "redirected to a ftp: URL"),
    ],
    ids=["digest-mismatch", "404", "announced-huge", "streamed-huge", "redirect-scheme"],
)
def test_a_bad_answer_is_an_error_and_nothing_is_cached(
    tmp_path: Path,
    server: str,
    cache: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    sha256: str,
    reason: str,
) -> None:
    manifest = published(tmp_path, f"{server}{path}", sha256)
    assert main(["validate", "--fetch-lineage", str(manifest)]) == 1
    out = capsys.readouterr().out
    assert re.search(
        re.escape(f"{url_line(manifest)}: error lineage: base Base: cannot fetch {server}{path}: ")
        + ".*"
        + re.escape(reason),
        out,
    ), out
    if sha256 == "0" * 64:
        assert BASE_SHA not in out  # what the server sent is not told
    code, report, err = classify_json(manifest, capsys, "--fetch-lineage")
    assert code == 2 and report["tier"] is None and "error lineage" in err
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_url_named_by_many_entries_is_asked_once(
    tmp_path: Path, server: str, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "aimanifest.yaml"
    child = derivative("merge", {"url": f"{server}/missing.yaml", "digests": {"sha256": BASE_SHA}})
    child["lineage"] = child["lineage"] * 500
    write(manifest, child)
    Handler.requests.clear()
    assert main(["validate", "--fetch-lineage", "--quiet", str(manifest)]) == 1
    assert Handler.requests == ["/missing.yaml"]
    assert capsys.readouterr().out.count("HTTP 404") == 500  # one finding per entry


def test_a_slow_server_times_out(
    tmp_path: Path, server: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lineage_source, "FETCH_TIMEOUT", 1.0)
    start = time.monotonic()
    with pytest.raises(lineage_source.FetchError, match=r"timed out after 1 s"):
        lineage_source.fetch(
            f"{server}/slow",
            {"sha256": BASE_SHA},
            directory=str(cache),
            limit=MAX_BYTES,
            timeout=lineage_source.FETCH_TIMEOUT,
        )
    assert time.monotonic() - start < 5
    assert not cache.exists()


def test_only_http_and_https(cache: Path) -> None:
    with pytest.raises(lineage_source.FetchError, match="only http and https"):
        lineage_source.fetch(
            "file:///etc/passwd", {"sha256": BASE_SHA}, directory=str(cache), limit=MAX_BYTES
        )


def test_unpinned_url_is_unverified(tmp_path: Path, server: str, cache: Path) -> None:
    manifest = tmp_path / "aimanifest.yaml"
    write(manifest, derivative("fine-tune", {"url": f"{server}/base.yaml"}))
    from aimanifest.lineage_source import LineageOptions
    from aimanifest.verdicts import evaluate

    verdicts = evaluate(
        yaml.safe_load(manifest.read_text()), str(manifest), lineage=LineageOptions(fetch=True)
    )
    assert verdicts.effective_tier is None
    assert verdicts.lineage is not None
    assert "not pinned by a sha256 digest" in str(verdicts.lineage.bases[0].reason)


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "aimanifest", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=20,
    )
    assert "Traceback" not in completed.stderr and "internal error" not in completed.stderr
    return completed


def test_no_home_and_an_unwritable_cache_give_a_message(tmp_path: Path, server: str) -> None:
    manifest = published(tmp_path, f"{server}/base.yaml")
    plain = {
        key: value
        for key, value in os.environ.items()
        if key not in ("HOME", "XDG_CACHE_HOME", "AIMANIFEST_CACHE_DIR")
        and "proxy" not in key.lower()
    }
    completed = _run(["validate", "aimanifest.yaml"], plain, manifest.parent)
    assert completed.returncode == 0  # not asked to fetch: the tier is just not assessed
    assert "note lineage-unverified" in completed.stdout
    assert "no cache directory: HOME is not set; set AIMANIFEST_CACHE_DIR" in completed.stdout
    completed = _run(["validate", "--fetch-lineage", "aimanifest.yaml"], plain, manifest.parent)
    assert completed.returncode == 1  # asked to fetch, and it cannot
    assert "error lineage" in completed.stdout and "HOME is not set" in completed.stdout
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    env = {**plain, "AIMANIFEST_CACHE_DIR": str(blocker / "cache")}
    completed = _run(["validate", "--fetch-lineage", "aimanifest.yaml"], env, manifest.parent)
    assert completed.returncode == 1
    assert "cannot create the cache directory" in completed.stdout
    assert re.search(r"aimanifest\.yaml:\d+:\d+: error lineage: ", completed.stdout)


def test_cache_directory_follows_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIMANIFEST_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    assert lineage_source.cache_directory() == "/x/cache/aimanifest/lineage"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", "/home/u")
    assert lineage_source.cache_directory() == "/home/u/.cache/aimanifest/lineage"
    monkeypatch.setenv("AIMANIFEST_CACHE_DIR", "/elsewhere")
    assert lineage_source.cache_directory() == "/elsewhere"


def test_pre_commit_hooks_never_fetch() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        words = [hook["entry"], *hook.get("args", [])]
        assert not any("fetch" in word for word in words), hook
