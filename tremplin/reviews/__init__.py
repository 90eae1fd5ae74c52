"""The title record: reviews, verdict overrides and competence validations, append-only."""
