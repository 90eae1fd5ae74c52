"""Who sees what: a trainer sees only their cohorts and their learners; admins see all.

Every trainer-side lookup goes through here. A learner is refused (403); an id outside
the trainer's cohorts answers "introuvable" (404), never a hint that it exists.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select

from tremplin.errors import ForbiddenError, NotFoundError
from tremplin.extensions import db
from tremplin.models import Cohort, Role, Submission, User, cohort_members

STAFF_ONLY = "Réservé aux formateurs et aux administrateurs."


def require_staff(user: User) -> None:
    """Trainers and admins pass; learners get a 403."""
    if not user.is_staff:
        raise ForbiddenError(STAFF_ONLY)


def require_admin(user: User) -> None:
    """Admins pass; everyone else gets a 403."""
    if user.role != Role.ADMIN:
        raise ForbiddenError("Réservé aux administrateurs.")


def _visible_cohort_ids(user: User) -> Select:
    return select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == user.id)


def visible_cohorts(user: User) -> list[Cohort]:
    """The cohorts a trainer belongs to (admins: every cohort), by name."""
    require_staff(user)
    query = select(Cohort).order_by(Cohort.name)
    if user.role != Role.ADMIN:
        query = query.where(Cohort.id.in_(_visible_cohort_ids(user)))
    return list(db.session.scalars(query))


def get_cohort(user: User, cohort_id: int) -> Cohort:
    """A cohort the user follows; 403 for learners, 404 outside their cohorts."""
    require_staff(user)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not (user.role == Role.ADMIN or user in cohort.members):
        raise NotFoundError("Promo introuvable.")
    return cohort


def follows(user: User, learner_id: int) -> bool:
    """True when the learner is in one of the user's cohorts (admins: any learner)."""
    if user.role == Role.ADMIN:
        return True
    shared = db.session.scalar(
        select(func.count())
        .select_from(cohort_members)
        .where(
            cohort_members.c.user_id == learner_id,
            cohort_members.c.cohort_id.in_(_visible_cohort_ids(user)),
        )
    )
    return bool(shared)


def get_learner(user: User, learner_id: int) -> User:
    """A learner of the user's cohorts; 403 for learners, 404 otherwise."""
    require_staff(user)
    learner = db.session.get(User, learner_id)
    if learner is None or learner.role != Role.LEARNER or not follows(user, learner.id):
        raise NotFoundError("Apprenant·e introuvable.")
    return learner


def get_learner_submission(user: User, submission_id: int) -> Submission:
    """A submission by a learner of the user's cohorts; 403 for learners, 404 otherwise."""
    require_staff(user)
    submission = db.session.get(Submission, submission_id)
    if submission is None or not follows(user, submission.user_id):
        raise NotFoundError("Soumission introuvable.")
    return submission


def cohort_learners(cohort: Cohort, *, include_disabled: bool = False) -> list[User]:
    """The cohort's learners by name (one query)."""
    query = (
        select(User)
        .join(cohort_members, cohort_members.c.user_id == User.id)
        .where(cohort_members.c.cohort_id == cohort.id, User.role == Role.LEARNER)
    )
    if not include_disabled:
        query = query.where(User.active.is_(True))
    learners = db.session.scalars(query)
    return sorted(learners, key=lambda u: (u.name.casefold(), u.email))


def cohort_trainers(cohort: Cohort) -> list[User]:
    """The cohort's trainers (and admins attached to it), by name."""
    return sorted(
        (m for m in cohort.members if m.role != Role.LEARNER), key=lambda u: u.name.casefold()
    )


def learner_counts(cohort_ids: list[int]) -> dict[int, int]:
    """Active learners per cohort (one query)."""
    counts = dict.fromkeys(cohort_ids, 0)
    rows = db.session.execute(
        select(cohort_members.c.cohort_id, func.count(User.id))
        .join(User, User.id == cohort_members.c.user_id)
        .where(
            cohort_members.c.cohort_id.in_(cohort_ids),
            User.role == Role.LEARNER,
            User.active.is_(True),
        )
        .group_by(cohort_members.c.cohort_id)
    )
    counts.update({cohort_id: count for cohort_id, count in rows})
    return counts
