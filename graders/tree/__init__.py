"""Shared by the `shell` and `git` kinds: learner commands run in a prepared folder, then the
working tree (and the Git repository) is inspected by the harness and checked on the host."""
