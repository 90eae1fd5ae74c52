"""Curriculum content: the loader of ``exercises/`` and Markdown rendering."""
