"""Cohorts: members, invitations, CSV import, disabled accounts, follow-up contacts."""
