"""The web UI: Jinja2 templates, static CSS/JS/SVG, labels in Arabic and English, page routes."""
