"""A learner can go through modules 1 to 8 in the browser: modules, lessons and exercises."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORDS
from tests.curriculum.test_exercises import CURRICULUM

pytestmark = [pytest.mark.redis, pytest.mark.docker]


def _login(client, email: str = "ana@example.org") -> None:
    response = client.post("/connexion", data={"email": email, "password": PASSWORDS[email]})
    assert response.status_code == 302


def _links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"#]+)"', html)


def test_from_module_one_to_eight(client) -> None:
    _login(client)
    home = client.get("/").get_data(as_text=True)
    modules = [link for link in _links(home, "/modules/") if "/lecons/" not in link]
    assert modules == [f"/modules/{m.slug}" for m in CURRICULUM.modules]
    for url, module in zip(modules, CURRICULUM.modules, strict=True):
        page = client.get(url).get_data(as_text=True)
        assert f"{module.hours} h" in page
        lessons = _links(page, f"{url}/lecons/")
        exercises = _links(page, "/exercices/")
        assert len(lessons) == len(module.lessons)
        # Listed along the path (each lesson, then its exercises): every exercise once.
        assert sorted(exercises) == sorted(f"/exercices/{e.slug}" for e in module.exercises)
        for link in lessons + exercises:
            assert client.get(link).status_code == 200, link


def test_lessons_have_highlighted_code(client) -> None:
    _login(client)
    page = client.get("/modules/m6-javascript/lecons/fonctions").get_data(as_text=True)
    assert '<code class="language-js"><span class="kd">function</span>' in page
    assert "pygments.css" in page


def test_shell_exercise_page_offers_the_script(client) -> None:
    _login(client)
    page = client.get("/exercices/m3-se-reperer").get_data(as_text=True)
    assert 'name="file:commandes.sh"' in page
    assert "tremplin" not in page.split("<textarea", 1)[1].split("</textarea>", 1)[0]


def test_exercise_links_its_lesson_and_projects_are_marked(client) -> None:
    _login(client)
    page = client.get("/exercices/js-somme").get_data(as_text=True)
    assert '<a href="/modules/m6-javascript/lecons/tableaux">Les tableaux</a>' in page
    module = client.get("/modules/m6-javascript").get_data(as_text=True)
    project = module.split('href="/exercices/js-projet-boutique"', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge">mini-projet</span>' in project
    assert module.count('<span class="badge">mini-projet</span>') == 1
