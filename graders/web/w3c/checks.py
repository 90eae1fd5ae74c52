"""A `w3c` check against the checker's report, and the remarks shown under the verdict."""

from __future__ import annotations

from graders.web.w3c.messages import describe
from graders.web.w3c.validator import FileReport, Remark, Report

NOT_CHECKED = "Le validateur du W3C n'a pas pu vérifier {file}."
STOPPED = {
    "memory": "Le validateur du W3C manque de mémoire sur {file} : ta page est-elle énorme ?",
    "stack": (
        "Ta page est trop imbriquée pour le validateur du W3C "
        "(des balises ouvertes sans jamais être fermées ?)."
    ),
    "messages": (
        "Le validateur du W3C s'est arrêté avant {file} : un autre fichier a trop d'erreurs, "
        "corrige-le d'abord."
    ),
}
LISTED_IN_CHECK = 3
LISTED_IN_OUTPUT = 10


def problem(report: Report | None, file: str, warnings: bool) -> str:
    """Why the file is not valid for the W3C checker, in French; empty when it is."""
    found = report.files.get(file) if report is not None else None
    if found is None or (not found.complete and not _count(found, warnings)):
        stopped = report.stopped if report is not None else ""
        return STOPPED.get(stopped, NOT_CHECKED).format(file=file)
    count = _count(found, warnings)
    if not count:
        return ""
    what = "erreur" if not warnings else "remarque"
    at_least = "" if found.complete else "au moins "
    listed = " ; ".join(describe(r) for r in _shown(found, warnings)[:LISTED_IN_CHECK])
    plural = "s" if count > 1 else ""
    return f"Le validateur du W3C trouve {at_least}{count} {what}{plural} dans {file} : {listed}."


def output(report: Report) -> list[str]:
    """One paragraph per file with remarks, for the learner to read under the verdict."""
    parts = []
    for file, found in report.files.items():
        shown = _shown(found, report.warnings)
        if not shown:
            continue
        count = _count(found, report.warnings)
        what = "remarque" if report.warnings else "erreur"
        more = (
            f"{'au moins ' if not found.complete else ''}{count} {what}{'s' if count > 1 else ''}"
        )
        lines = "\n".join(f"- {describe(r)}" for r in shown[:LISTED_IN_OUTPUT])
        if count > LISTED_IN_OUTPUT:
            lines += f"\n- … et {count - LISTED_IN_OUTPUT} autre(s)."
        parts.append(f"Validateur du W3C, {file} ({more}) :\n{lines}")
    return parts


def _count(found: FileReport, warnings: bool) -> int:
    return found.errors + (found.warnings if warnings else 0)


def _shown(found: FileReport, warnings: bool) -> list[Remark]:
    return [r for r in found.remarks if warnings or not r.warning]
