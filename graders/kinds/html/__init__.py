"""The `html` kind: the learner's pages, checked on the document Chromium parsed (scripts off)."""
