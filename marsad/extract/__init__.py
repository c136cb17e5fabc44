"""From raw pages to stories: text-page analysis (and, later, HTML main text)."""
