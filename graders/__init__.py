"""Graders: one per exercise kind, each turning learner files into a Verdict."""
