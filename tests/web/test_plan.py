"""« Aujourd'hui »: the day of the month's plan on the learner's home and the trainer's dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.conftest import add_submission

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("on", "number"),
    [
        (MONDAY - timedelta(days=1), 0),  # before the start
        (MONDAY, 1),
        (MONDAY + timedelta(days=4), 5),  # Friday
        (MONDAY + timedelta(days=5), 5),  # Saturday keeps Friday's day
        (MONDAY + timedelta(days=6), 5),  # Sunday too
        (MONDAY + timedelta(days=7), 6),
        (MONDAY + timedelta(days=25), 20),  # the fourth Friday: the plan's last day
        (MONDAY + timedelta(days=28), 21),
    ],
)
def test_working_days_from_the_start(on: date, number: int) -> None:
    from tremplin.plan import working_day_number

    assert working_day_number(MONDAY, on) == number
    assert working_day_number(MONDAY + timedelta(days=2), MONDAY + timedelta(days=7)) == 4


@pytest.fixture(scope="module")
def promo(world):
    """Promo D, started this week's Monday (or last week's on a weekend), with Dora in it."""
    from tremplin.auth.services import create_user
    from tremplin.extensions import db
    from tremplin.models import Cohort, User
    from tremplin.plan import local_today

    with world.app.app_context():
        today = local_today()
        start = today - timedelta(days=today.weekday())
        cohort = Cohort(name="Promo D", site="Roubaix", starts_on=start)
        db.session.add(cohort)
        trainer = db.session.get(User, world.ids["trainer_a"])
        trainer.cohorts.append(cohort)
        db.session.commit()
        dora = create_user("dora@ecole.test", "motdepasse-12345", "learner", "Promo D", "Dora")
        return {"cohort": cohort.id, "dora": dora.id, "start": start, "today": today}


def _expected(world, promo):
    from tremplin.plan import plan_days, working_day_number

    with world.app.app_context():
        number = working_day_number(promo["start"], promo["today"])
        return number, plan_days()[number - 1]


def test_learner_home_shows_the_day_with_what_is_done(world, promo) -> None:
    number, day = _expected(world, promo)
    with world.app.app_context():
        add_submission(promo["dora"], day.exercises[0], "passed")
    client = world.app.test_client()
    client.post("/connexion", data={"email": "dora@ecole.test", "password": "motdepasse-12345"})
    home = client.get("/").text
    assert f"Aujourd'hui · jour {number} sur 20" in home
    assert day.title.replace("'", "&#39;") in home
    first = home.split(f'href="/exercices/{day.exercises[0]}"')[1].split("</li>")[0]
    assert "réussi" in first
    for slug in day.exercises[1:]:
        item = home.split(f'href="/exercices/{slug}"')[1].split("</li>")[0]
        assert "réussi" not in item
    module, lesson = day.lessons[0].split("/")
    assert f'href="/modules/{module}/lecons/{lesson}"' in home


def test_trainer_sees_the_day_and_shifts_the_start(world, promo) -> None:
    number, day = _expected(world, promo)
    trainer = world.client("trainer_a")
    page = trainer.get(f"/formateur/promos/{promo['cohort']}").text
    assert f"Aujourd'hui · jour {number} sur 20" in page
    assert "réussi par 1 / 1" in page and "réussi par 0 / 1" in page
    assert "Décaler le début de la promo" in page
    later = promo["today"] + timedelta(days=14)
    shifted = trainer.post(
        f"/formateur/promos/{promo['cohort']}/modifier",
        data={"name": "Promo D", "site": "Roubaix", "starts_on": later.isoformat(), "ends_on": ""},
    )
    assert shifted.status_code in (302, 303)
    page = trainer.get(f"/formateur/promos/{promo['cohort']}").text
    assert "La formation commence le" in page and "jour 1 sur" not in page
    home = world.client()
    home.post("/connexion", data={"email": "dora@ecole.test", "password": "motdepasse-12345"})
    assert "La formation commence le" in home.get("/").text


def test_no_plan_shown_without_a_start_date(world) -> None:
    home = world.client("chloe").get("/").text  # Promo B has no start date
    assert "Aujourd'hui" not in home
