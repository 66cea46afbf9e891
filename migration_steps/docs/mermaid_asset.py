"""Mermaid for the site, served from the site itself: a pinned npm tarball, checked and cached.

mkdocs-material fetches Mermaid from unpkg unless `window.mermaid` is already defined; listing
this file in `extra_javascript` defines it, so the built site makes no request outside itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from migration_steps.errors import PlaybookError

MERMAID_VERSION = "11.12.2"
MERMAID_TARBALL_SHA256 = "c4ab1840638b1735135090c667382e89cc353b46b56761514a3d0a8a80963832"
_MEMBER = "package/dist/mermaid.min.js"
_NPM_TIMEOUT_SECONDS = 120


class MermaidUnavailable(PlaybookError):
    """The pinned Mermaid could not be fetched or did not match its checksum."""


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/playbook`, else `~/.cache/playbook`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "playbook"


def tarball_path(cache: Path) -> Path:
    return cache / f"mermaid-{MERMAID_VERSION}.tgz"


def install_mermaid(destination: Path, cache: Path | None = None) -> Path:
    """Write the pinned `mermaid.min.js` to `destination`, fetching the tarball once."""
    tarball = ensure_tarball(cache or cache_dir())
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(_MEMBER)
        if member is None:
            raise MermaidUnavailable(f"{tarball} has no {_MEMBER}")
        destination.write_bytes(member.read())
    return destination


def ensure_tarball(cache: Path) -> Path:
    """The cached tarball, checked against its sha256; `npm pack` it when absent or altered."""
    tarball = tarball_path(cache)
    if tarball.is_file() and sha256(tarball) == MERMAID_TARBALL_SHA256:
        return tarball
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="npm-pack-") as scratch:
        fetched = _npm_pack(Path(scratch))
        digest = sha256(fetched)
        if digest != MERMAID_TARBALL_SHA256:
            raise MermaidUnavailable(
                f"mermaid@{MERMAID_VERSION} from npm has sha256 {digest}, "
                f"expected {MERMAID_TARBALL_SHA256}; refusing to use it"
            )
        os.replace(fetched, tarball)
    return tarball


def _npm_pack(into: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise MermaidUnavailable(
            f"npm is not installed: cannot fetch mermaid@{MERMAID_VERSION}; "
            f"install npm or put the tarball at {tarball_path(into.parent)}"
        )
    try:
        subprocess.run(
            [npm, "pack", f"mermaid@{MERMAID_VERSION}", "--pack-destination", str(into)],
            cwd=into,
            check=True,
            capture_output=True,
            text=True,
            timeout=_NPM_TIMEOUT_SECONDS,
        )
    except subprocess.CalledProcessError as error:
        reason = (error.stderr or error.stdout or "").strip().splitlines()
        raise MermaidUnavailable(
            f"npm pack mermaid@{MERMAID_VERSION} failed: {reason[-1] if reason else error}"
        ) from error
    except subprocess.TimeoutExpired as error:
        raise MermaidUnavailable(f"npm pack mermaid@{MERMAID_VERSION} timed out") from error
    return into / f"mermaid-{MERMAID_VERSION}.tgz"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
