"""Import a cohort's learners from a CSV file (`nom,email`): all or nothing.

UTF-8 (with or without the BOM a spreadsheet adds), `;` or `,` between columns, a header
line `nom;email` (any order) or none. Every bad line is reported with its number, and then
nothing is written. Existing accounts are attached to the cohort, never duplicated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select

from tremplin.cohorts.invitations import EMAIL, issue, new_account
from tremplin.errors import TremplinError
from tremplin.extensions import db
from tremplin.models import Cohort, Role, User

MAX_ROWS = 500
NAME_HEADERS = {"nom", "name", "prénom nom", "nom complet"}
EMAIL_HEADERS = {"email", "e-mail", "courriel", "mail", "adresse e-mail"}


class CsvImportError(TremplinError):
    """The file cannot be imported; ``problems`` lists each one in French."""

    status = 422

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Import refusé, rien n'a été enregistré : " + " ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """One learner read from the file."""

    line: int
    name: str
    email: str


@dataclass
class ImportReport:
    """What an import did."""

    created: list[tuple[User, str]] = field(default_factory=list)
    attached: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(
            [
                "Le fichier n'est pas en UTF-8 : dans le tableur, enregistre-le au format "
                "« CSV UTF-8 (délimité par des virgules ou des points-virgules) »."
            ]
        ) from None


def _columns(first: list[str]) -> tuple[int, int, bool]:
    """(name index, email index, has header) from the first line."""
    cells = [c.strip().casefold() for c in first]
    names = [i for i, c in enumerate(cells) if c in NAME_HEADERS]
    emails = [i for i, c in enumerate(cells) if c in EMAIL_HEADERS]
    if names and emails:
        return names[0], emails[0], True
    if len(cells) >= 2 and "@" in cells[1]:
        return 0, 1, False
    raise CsvImportError(
        ["Ligne 1 : en-tête attendu « nom;email » (ou une première ligne « Nom;adresse@mail »)."]
    )


def parse(data: bytes) -> list[Row]:
    """The learners of the file, or CsvImportError listing every bad line."""
    text = _decode(data)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise CsvImportError(["Le fichier est vide."])
    delimiter = ";" if ";" in lines[0] else ","
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    name_at, email_at, header = _columns(records[0])
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(records[1:] if header else records, start=2 if header else 1):
        if not any(c.strip() for c in cells):
            continue
        problem = _check(number, cells, name_at, email_at, seen)
        if problem:
            problems.append(problem)
        else:
            rows.append(Row(number, cells[name_at].strip(), cells[email_at].strip().lower()))
            seen[rows[-1].email] = number
    if len(rows) + len(problems) > MAX_ROWS:
        problems.append(f"Trop de lignes : {MAX_ROWS} apprenant·es au plus par import.")
    if problems:
        raise CsvImportError(problems)
    if not rows:
        raise CsvImportError(["Le fichier ne contient aucun apprenant·e."])
    return rows


def _check(
    number: int, cells: list[str], name_at: int, email_at: int, seen: dict[str, int]
) -> str | None:
    width = max(name_at, email_at) + 1
    filled = [c for c in cells if c.strip()]
    if len(cells) < width or len(filled) > 2:
        return f"Ligne {number} : 2 colonnes attendues (nom et email), {len(filled)} trouvée(s)."
    name, email = cells[name_at].strip(), cells[email_at].strip().lower()
    if not name:
        return f"Ligne {number} : le nom est vide."
    if len(name) > 120:
        return f"Ligne {number} : le nom dépasse 120 caractères."
    if len(email) > 254 or not EMAIL.match(email):
        return f"Ligne {number} : adresse e-mail invalide « {cells[email_at].strip()} »."
    if email in seen:
        return f"Ligne {number} : {email} figure déjà ligne {seen[email]}."
    return None


def _existing(rows: list[Row]) -> dict[str, User]:
    emails = [r.email for r in rows]
    found = db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))
    return {u.email.lower(): u for u in found}


def import_learners(inviter: User, cohort: Cohort, data: bytes, ttl_days: int) -> ImportReport:
    """Create or attach every learner of the file, in one transaction, or nothing."""
    rows = parse(data)
    existing = _existing(rows)
    problems = []
    for row in rows:
        user = existing.get(row.email)
        if user is not None and user.role != Role.LEARNER:
            problems.append(
                f"Ligne {row.line} : {row.email} est un compte de formateur ou d'administrateur."
            )
        elif user is not None and not user.is_active:
            problems.append(f"Ligne {row.line} : le compte {row.email} est désactivé.")
    if problems:
        raise CsvImportError(problems)
    report = ImportReport()
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = new_account(row.email, row.name, Role.LEARNER)
            user.cohorts.append(cohort)
            report.created.append((user, issue(user, cohort, inviter, ttl_days)))
        elif cohort in user.cohorts:
            report.already.append(user)
        else:
            user.cohorts.append(cohort)
            report.attached.append(user)
    db.session.commit()
    return report
