"""The `css` kind: computed styles and geometry in Chromium, at one or several viewport widths."""
