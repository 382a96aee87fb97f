"""Codeertafel: qualitative coding of Dutch transcripts.

The core (store, ingest, nlp, suggest, cluster, export) is headless; the CLI
(``coder.cli``) and the terminal UI (``coder.tui``) are thin faces over it.
"""

__version__ = "0.1.0"
