"""Demo: the statistics of the last closed year placed on the internet resource, so that a
visitor of ``/statistics`` sees one year (idempotent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from .clock import ALMATY
from .extensions import db
from .models import User
from .services import statistics


def load_demo_statistics(*, now: datetime) -> None:
    year = now.astimezone(ALMATY).year - 1
    if statistics.publication(year) is not None:
        return
    head = db.session.execute(select(User).where(User.username == "head")).scalar_one()
    statistics.publish(head, year, now=now)
