"""The `git` kind: shell commands run in a prepared folder, then the repository is inspected."""
