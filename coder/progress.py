"""The one protocol of long operations: a progress report and a cancel check.

Every long core operation (import, analysis, training, auto-tagging, clustering,
pseudonymising, exports) takes ``progress(done, total, item)`` and ``cancelled()``, so
the command line can draw a progress bar and the workbench can run it in a worker and
stop it.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
"""Called with how much is done, of how much, and what is being worked on."""

Cancelled = Callable[[], bool]
"""True when the user asked to stop; checked between steps."""
