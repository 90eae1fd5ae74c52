"""The `quiz` kind: multiple choice, ordering and short answers, graded without a container."""
