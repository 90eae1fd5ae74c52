"""Shared by the `html`, `css` and `dom` kinds: the learner's pages in headless Chromium.

The checks (``spec``), the plan sent into the sandbox (``plan``), the harness that drives
Chromium (``harness/``), the frames it reports (``observe``) and the facts compared on the
host (``facts``, ``css_values``, ``markup_messages``).
"""
