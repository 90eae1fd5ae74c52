"""Live preview of the learner's page, served in an opaque-origin sandbox."""
