"""What the learner is told about a submission: the next hint, and the sentence announced."""

from __future__ import annotations

from sqlalchemy import func, select

from tremplin.extensions import db
from tremplin.models import Submission, SubmissionStatus
from tremplin.submissions.services import ahead_of_you, current_content


def next_hint(submission: Submission) -> int | None:
    """After a failure, the hint to offer (1-based): one more per failed attempt, up to the last."""
    if submission.status != SubmissionStatus.FAILED:
        return None
    hints = len(current_content(submission.exercise).get("hints", []))
    failed = db.session.scalar(
        select(func.count(Submission.id)).where(
            Submission.user_id == submission.user_id,
            Submission.exercise_id == submission.exercise_id,
            Submission.status == SubmissionStatus.FAILED,
            Submission.id <= submission.id,
        )
    )
    return min(failed or 0, hints) or None


def announcement(submission: Submission, queue_position: int | None = None) -> str:
    """The short sentence a screen reader announces when the status changes."""
    status = submission.effective_status
    if status == SubmissionStatus.QUEUED:
        if isinstance(queue_position, int):
            return f"Soumission envoyée, en attente de correction : {ahead_of_you(queue_position)}"
        return "Soumission envoyée, en attente de correction."
    if status == SubmissionStatus.RUNNING:
        return "Correction en cours."
    if status == SubmissionStatus.PASSED:
        return "Réussi ! Tous les tests passent."
    if status == SubmissionStatus.ERROR:
        return "Erreur de la plateforme : ton code n'est pas en cause, réessaie dans un moment."
    failed = sum(t.status != "passed" for t in submission.tests)
    if failed:
        return f"Pas encore : {failed} test(s) sur {len(submission.tests)} à corriger."
    return "Pas encore : " + (submission.message or "regarde le détail sous le formulaire.")
