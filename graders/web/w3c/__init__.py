"""The `w3c` checks of the web kinds: the W3C's Nu Html Checker, run in its own sandbox."""
