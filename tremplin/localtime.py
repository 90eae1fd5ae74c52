"""Dates as people in France read them: stored in UTC, shown in the platform's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def iso_utc(value: datetime | None) -> str | None:
    """A stored UTC datetime as the API writes it (``2026-03-14T08:05:00Z``); None stays None."""
    return value.isoformat(timespec="seconds") + "Z" if value else None


def to_local(value: datetime) -> datetime:
    """A naive UTC datetime in the configured time zone (``TIMEZONE``, Europe/Paris)."""
    zone = ZoneInfo(current_app.config.get("TIMEZONE", "Europe/Paris"))
    return value.replace(tzinfo=UTC).astimezone(zone)


def local_datetime(value: datetime | None) -> str:
    """``14/03/2026 09:05`` in local time; a dash when unknown."""
    return to_local(value).strftime("%d/%m/%Y %H:%M") if value else "—"


def local_date(value: datetime | date | None) -> str:
    """``14/03/2026``; a UTC datetime is converted to local time first."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d/%m/%Y")


def short_date(value: datetime) -> str:
    """``14/03``: day and month in local time, where the year goes without saying."""
    return to_local(value).strftime("%d/%m")


def long_date(value: datetime | date) -> str:
    """``14 mars 2026``, for documents."""
    if isinstance(value, datetime):
        value = to_local(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
