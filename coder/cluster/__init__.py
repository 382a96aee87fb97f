"""Clustering recurring themes (e.g. bottlenecks) across transcripts. Headless."""
