"""The migrate-db report as a table a person checks at a glance."""

from __future__ import annotations

from typing import Any


def render_migration(report: dict[str, Any]) -> str:
    before, after = report["before"], report["after"]
    revision_before = report["revision_before"] or "none (made by legacy)"
    lines = [f"database: {report['database']}"]
    if report["revision_before"] == report["revision_after"]:
        lines.append(f"schema already at revision {report['revision_after']}: nothing to do")
    else:
        lines.append(
            f"schema: {revision_before} → {report['revision_after']} in {report['seconds']:.2f} s"
        )
    lines.append(f"  {'table':<16}{'rows before':>12}{'rows after':>12}")
    for table, count in before["row_counts"].items():
        lines.append(f"  {table:<16}{count:>12,}{after['row_counts'][table]:>12,}")
    same = before["checksum"] == after["checksum"]
    lines.append(
        f"checksum of (session, position, role, content): {before['checksum'][:16]} before, "
        f"{after['checksum'][:16]} after — {'identical' if same else 'DIFFERENT'}"
    )
    lines.append("verified: every message kept" if report["verified"] else "NOT VERIFIED")
    return "\n".join(lines)
