"""The `dom` kind: HTML + JavaScript behaviour; the harness clicks, types and submits."""
