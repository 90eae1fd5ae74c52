"""Validation of the files a learner submits: names, text content, sizes."""

from __future__ import annotations

import unicodedata
from typing import Any

from tremplin.errors import InvalidSubmissionError

MAX_NAME_LENGTH = 100


class FileNameError(ValueError):
    """A file name that cannot be accepted."""


def check_file_name(name: str) -> None:
    """Raise FileNameError (French) unless ``name`` is a plain file name."""
    if not isinstance(name, str) or not name:
        raise FileNameError("un nom de fichier ne peut pas être vide.")
    if len(name) > MAX_NAME_LENGTH:
        raise FileNameError(f"le nom de fichier dépasse {MAX_NAME_LENGTH} caractères.")
    if "\x00" in name or any(unicodedata.category(c) == "Cc" for c in name):
        raise FileNameError("le nom de fichier contient un caractère interdit.")
    if "/" in name or "\\" in name:
        raise FileNameError(f"« {name} » : les dossiers (/ ou \\) ne sont pas permis.")
    if name in (".", "..") or name.startswith("."):
        raise FileNameError(f"« {name} » : un nom de fichier ne peut pas commencer par un point.")


def validate_files(files: Any, expected: list[str], max_bytes: int) -> dict[str, str]:
    """Check a submitted ``{"name": "text"}`` map against the exercise's files."""
    if not isinstance(files, dict) or not files:
        raise InvalidSubmissionError(
            "Envoie au moins un fichier : le champ « files » doit être un objet "
            '{"nom du fichier": "contenu"} non vide.'
        )
    total = 0
    for name, text in files.items():
        try:
            check_file_name(name)
        except FileNameError as exc:
            raise InvalidSubmissionError(f"Nom de fichier refusé : {exc}") from None
        if name not in expected:
            allowed = ", ".join(expected)
            raise InvalidSubmissionError(
                f"Le fichier « {name} » n'est pas attendu par cet exercice (attendu : {allowed})."
            )
        if not isinstance(text, str):
            raise InvalidSubmissionError(f"Le contenu de « {name} » doit être du texte.")
        if "\x00" in text:
            raise InvalidSubmissionError(
                f"Le fichier « {name} » contient des caractères binaires : envoie du texte."
            )
        total += len(text.encode("utf-8", errors="surrogatepass"))
    if total > max_bytes:
        raise InvalidSubmissionError(
            f"Ta soumission est trop grosse ({total // 1024} Kio) : "
            f"le maximum est {max_bytes // 1024} Kio au total.",
            status=413,
        )
    for name, text in files.items():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidSubmissionError(
                f"Le fichier « {name} » contient du texte mal encodé : enregistre-le en UTF-8."
            ) from None
    return dict(files)
