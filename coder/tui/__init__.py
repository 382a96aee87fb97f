"""The terminal workbench (``coder tui``): a thin Textual face over the core.

Only this package (and the ``tui`` command, inside its function) imports Textual.
Start it with :func:`coder.tui.app.make_app`.
"""
