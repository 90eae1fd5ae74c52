"""The cohort's progress as JSON (API) and as CSV for a French spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response

from tremplin.localtime import iso_utc, local_datetime
from tremplin.trainer.dashboard import Dashboard

# A cell starting with one of these would run as a formula in a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def progress_json(dashboard: Dashboard) -> dict[str, Any]:
    """``GET /api/v1/cohorts/<id>/progress``: exactly the documented fields."""
    cohort = dashboard.cohort
    return {
        "cohort": {"id": cohort.id, "name": cohort.name},
        "learners": [
            {
                "id": row.user.id,
                "email": row.user.email,
                "name": row.user.name,
                "last_activity": iso_utc(row.last_activity),
                "attempted": row.attempted,
                "passed": row.passed,
                "stuck": bool(row.stuck),
                "blocks": [{"code": b["code"], "percent": b["percent"]} for b in row.blocks],
            }
            for row in sorted(dashboard.rows, key=lambda r: r.user.id)
        ],
    }


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def progress_csv(dashboard: Dashboard) -> str:
    """UTF-8 with BOM, ``;`` separated, CRLF: opens as columns in a French spreadsheet."""
    blocks = dashboard.rows[0].blocks if dashboard.rows else []
    header = ["Nom", "E-mail", "Dernière activité", "Exercices tentés", "Exercices réussis"]
    header += ["À suivre", "Pourquoi"]
    header += [f"{b['code']} (%)" for b in blocks]
    header += [f"{b['code']} compétences acquises" for b in blocks]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in dashboard.rows:
        last = local_datetime(row.last_activity) if row.last_activity else ""
        line: list[Any] = [row.user.name, row.user.email, last]
        line += [row.attempted, row.passed, "oui" if row.stuck else "non", " ; ".join(row.stuck)]
        line += [b["percent"] for b in row.blocks]
        line += [f"{b['acquired']} sur {len(b['competences'])}" for b in row.blocks]
        writer.writerow([_cell(v) for v in line])
    return out.getvalue()


def csv_response(text: str, name: str) -> Response:
    """A CSV download named after the cohort (ASCII file name)."""
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name.lower())
    slug = "-".join(part for part in slug.split("-") if part) or "promo"
    response = Response(text.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="progression-{slug}.csv"'
    return response
