"""The docs site: Markdown pages rendered from a run's results, built with mkdocs-material."""
