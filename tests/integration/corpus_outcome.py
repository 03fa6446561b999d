"""What importing one corpus file came to, as one comparable line (shared by the corpus test)."""

from __future__ import annotations

from pathlib import Path

from kithkin.service.import_session import FileSummary

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
MANIFESTS = ("MANIFEST", "MANIFEST-contacts")
EXPECTED = CORPUS / "EXPECTED"


def corpus_files() -> list[str]:
    """Every file the manifests name (relative to the corpus folder), in their order."""
    names: list[str] = []
    for manifest in MANIFESTS:
        path = CORPUS / manifest
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                names.append(line.split("\t", 1)[0])
    return names


def outcome(result: FileSummary, file: Path) -> str:
    """``imported …`` with its counts and skip reasons, or ``rejected …`` with its one line."""
    if result.error:
        return "rejected " + result.error.replace(str(file), "{file}")
    skipped = "|".join(f"{reason}:{n}" for reason, n in sorted(result.skipped.items()))
    return (
        f"imported added={result.added} merged={result.merged} "
        f"interactions={result.interactions} ties={result.ties} bad={len(result.bad)} "
        f"warnings={len(result.warnings)} skipped={skipped or '-'}"
    )


def expected() -> dict[str, str]:
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))
