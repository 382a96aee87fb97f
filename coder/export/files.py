"""Writing export files safely: the core's one atomic writer (:mod:`coder.files`)."""

from __future__ import annotations

from coder.files import check_target, write_atomically

__all__ = ["check_target", "write_atomically"]
