"""The built site: strict, every internal link resolves, nothing fetched from elsewhere."""

import json
import shutil
import tarfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from migration_steps import commands
from migration_steps.docs.mermaid_asset import (
    MERMAID_TARBALL_SHA256,
    MermaidUnavailable,
    cache_dir,
    ensure_tarball,
    sha256,
    tarball_path,
)
from migration_steps.docs.site import DocsBuild, generate_pages
from migration_steps.errors import ChecksFailed


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, url: str) -> Path:
    path = unquote(urlparse(url).path)
    base = site if path.startswith("/") else page.parent  # 404.html links from the root
    resolved = (base / path.lstrip("/")).resolve() if path else page
    return resolved / "index.html" if resolved.is_dir() else resolved


def test_every_internal_link_and_anchor_resolves(built_site: DocsBuild) -> None:
    site = built_site.site_dir
    pages = sorted(site.rglob("*.html"))
    parsed = {path: parse(path) for path in pages}
    broken = []
    for path, links in parsed.items():
        for _tag, url in links.links:
            if urlparse(url).scheme or url.startswith(("mailto:", "data:")):
                continue
            target = target_file(site, path, url)
            fragment = urldefrag(url).fragment
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} -> {url}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{path.relative_to(site)} -> {url} (no such anchor)")
    assert broken == []
    assert len(pages) >= 12


def test_nothing_is_loaded_from_outside_the_site(built_site: DocsBuild) -> None:
    external = []
    for path in built_site.site_dir.rglob("*.html"):
        for tag, url in parse(path).links:
            if tag in ("script", "link", "img", "iframe") and urlparse(url).scheme:
                external.append(f"{path.name}: <{tag}> {url}")
    assert external == []
    index = (built_site.site_dir / "index.html").read_text()
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index
    assert 'src="javascripts/mermaid.min.js"' in index


def test_mermaid_is_the_pinned_release(built_site: DocsBuild) -> None:
    tarball = tarball_path(cache_dir())
    assert sha256(tarball) == MERMAID_TARBALL_SHA256
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/dist/mermaid.min.js")
        assert member is not None
        expected = member.read()
    assert (built_site.site_dir / "javascripts" / "mermaid.min.js").read_bytes() == expected


def test_an_altered_cached_tarball_is_never_used(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    tarball_path(cache).write_bytes(b"not mermaid")
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    with pytest.raises(MermaidUnavailable, match="npm is not installed"):
        ensure_tarball(cache)


def test_the_internal_brief_is_not_published(built_site: DocsBuild) -> None:
    site = built_site.site_dir
    assert not (site / "dev").exists() and not (site / "generated").exists()
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert not any(doc["location"].startswith(("dev/", "generated/")) for doc in index["docs"])
    assert "Brief for engineers" not in json.dumps(index)


def test_a_broken_link_fails_the_strict_build(tmp_path: Path, results_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n")
    with pytest.raises(ChecksFailed, match="missing.md"):
        commands.build_docs(results_path, docs_dir=docs, site_dir=tmp_path / "site")


def test_a_hand_written_page_may_not_shadow_a_generated_one(
    tmp_path: Path, results_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "problem.md").write_text("# My own problem\n")
    with pytest.raises(ChecksFailed, match="problem.md is hand-written and generated too"):
        commands.build_docs(results_path, docs_dir=docs, site_dir=tmp_path / "site")


def test_benchmark_and_workshop_pages_appear_when_their_sources_exist(
    tmp_path: Path, results_path: Path
) -> None:
    run_dir = tmp_path / "build"
    run_dir.mkdir()
    shutil.copy(results_path, run_dir / "results.json")
    bench = {
        "db": "sqlite",
        "stages": {"legacy": {"msg_per_s": 210.5}, "target": {"msg_per_s": 580}},
    }
    (run_dir / "bench.json").write_text(json.dumps(bench))
    docs = tmp_path / "docs"
    (docs / "workshop").mkdir(parents=True)
    (docs / "benchmark-notes.md").write_text("# Notes on the benchmark\n")
    (docs / "workshop" / "index.md").write_text("# The workshop\n")
    (docs / "workshop" / "facilitator.md").write_text("# Facilitator guide\n")

    generate_pages(run_dir / "results.json", docs)

    nav = json.loads((docs / "generated" / "nav.json").read_text())
    benchmark = next(entry["Benchmark"] for entry in nav if "Benchmark" in entry)
    assert benchmark[0] == {"Results": "benchmark.md"}
    assert {"Notes on the benchmark": "benchmark-notes.md"} in benchmark
    workshop = next(entry["Workshop"] for entry in nav if "Workshop" in entry)
    assert workshop[0] == {"The workshop": "workshop/index.md"}
    assert {"Facilitator guide": "workshop/facilitator.md"} in workshop
    benchmark = (docs / "generated" / "benchmark.md").read_text()
    assert "| legacy | 210.5 |" in benchmark and "| target | 580 |" in benchmark
