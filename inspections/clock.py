"""The one place that reads the clock.

Pure modules never call this: views and CLI commands read ``today()`` / ``now()`` here and
pass the values down.  Tests and the demo may pin the clock with the ``CLOCK_NOW`` config
value (an ISO date-time in Asia/Almaty).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

ALMATY = ZoneInfo("Asia/Almaty")


def now() -> datetime:
    """Current time, timezone-aware, in Asia/Almaty."""
    pinned = current_app.config.get("CLOCK_NOW") if has_app_context() else None
    if pinned:
        value = datetime.fromisoformat(pinned)
        return value if value.tzinfo else value.replace(tzinfo=ALMATY)
    return datetime.now(ALMATY)


def today() -> date:
    """Today's date in Asia/Almaty."""
    return now().date()


def as_moment(value: datetime) -> datetime:
    """A naive date-time read as Asia/Almaty; an aware one unchanged."""
    return value if value.tzinfo else value.replace(tzinfo=ALMATY)
