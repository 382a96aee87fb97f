"""Clock times as transcripts write them ("1:23", "00:01:23", "00:00:01,500")."""

from __future__ import annotations

import re

# h:mm:ss, mm:ss or m:ss, optionally with a fraction after "." or ",".
CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"

# Subtitle files write hours with as many digits as they like ("100:00:00.000"), but a
# recording is never a thousand hours long; a 400-digit hour overflowed a float.
MAX_HOUR_DIGITS = 3
HOURS = rf"\d{{1,{MAX_HOUR_DIGITS}}}"

_PARTS = re.compile(rf"^(?:({HOURS}):)?(\d{{1,2}}):(\d{{2}})(?:[.,](\d{{1,3}}))?$")


def parse_clock(value: str) -> float | None:
    """Seconds for a clock time, or None when it is not one (e.g. minutes >= 60)."""
    match = _PARTS.match(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if hours is not None and int(minutes) >= 60:
        return None
    if int(seconds) >= 60:
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        # ",5" is half a second and ",500" too: a fraction, not a count of ms.
        total += int(fraction) / 10 ** len(fraction)
    return float(total)
