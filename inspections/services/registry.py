"""Registry of control subjects (R1.1): bodies, subdivisions, objects, history, CSV import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from .. import permissions
from ..bin import is_valid_bin
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import ControlSubject, Subdivision, SubjectEvent, SubjectObject
from ..models.registry import (
    EVENT_KINDS,
    EVENT_LIQUIDATED,
    EVENT_RENAMED,
    EVENT_REORGANISED,
    STATUS_LIQUIDATED,
    STATUS_REORGANISED,
    SUBJECT_KINDS,
)
from ..regions import CODES as REGION_CODES
from . import audit


def _require_edit(actor):
    if not permissions.can_edit_registry(actor):
        raise PermissionDenied(_l("You may not change the registry."))


def _clean(value) -> str:
    return (value or "").strip()


def _check_subject_fields(*, bin: str, name_kk: str, name_ru: str, location: str, kind: str,
                          parent_id: int | None, own_id: int | None = None) -> None:
    """R1.1: a body has a valid BIN, names in kk and ru, a location and a kind."""
    if not is_valid_bin(bin):
        raise ValidationFailed(
            _l("The BIN must be 12 digits with a correct check digit."), field="bin"
        )
    clash = db.session.execute(
        select(ControlSubject.id).where(ControlSubject.bin == bin)
    ).scalar()
    if clash is not None and clash != own_id:
        raise ValidationFailed(_l("A control subject with this BIN already exists."), field="bin")
    for name, value in (("name_kk", name_kk), ("name_ru", name_ru), ("location", location)):
        if not value:
            raise ValidationFailed(_l("This field is required."), field=name)
    if kind not in SUBJECT_KINDS:
        raise ValidationFailed(_l("Choose the kind of body."), field="kind")
    if parent_id is not None:
        if own_id is not None and parent_id == own_id:
            raise ValidationFailed(_l("A body cannot be its own parent."), field="parent_id")
        if db.session.get(ControlSubject, parent_id) is None:
            raise ValidationFailed(_l("The parent body does not exist."), field="parent_id")


def create_subject(actor, *, bin: str, name_kk: str, name_ru: str, location: str, kind: str,
                   parent_id: int | None = None, now: datetime, location_ru: str = "",
                   check_permission: bool = True) -> ControlSubject:
    """Add a state body to the registry (R1.1); ``location`` is the Kazakh wording,
    ``location_ru`` the Russian one (the Kazakh one when not given)."""
    if check_permission:
        _require_edit(actor)
    values = dict(bin=_clean(bin), name_kk=_clean(name_kk), name_ru=_clean(name_ru),
                  location=_clean(location), kind=kind, parent_id=parent_id or None)
    _check_subject_fields(**values)
    values["location_ru"] = _clean(location_ru) or values["location"]
    subject = ControlSubject(**values, created_at=now)
    db.session.add(subject)
    audit.record(actor, "subject.created", subject, data=values, now=now)
    return subject


def update_subject(actor, subject: ControlSubject, *, bin: str, name_kk: str, name_ru: str,
                   location: str, kind: str, parent_id: int | None, now: datetime,
                   location_ru: str = "") -> None:
    _require_edit(actor)
    values = dict(bin=_clean(bin), name_kk=_clean(name_kk), name_ru=_clean(name_ru),
                  location=_clean(location), kind=kind, parent_id=parent_id or None)
    _check_subject_fields(**values, own_id=subject.id)
    values["location_ru"] = _clean(location_ru) or values["location"]
    before = {k: getattr(subject, k) for k in values}
    for k, v in values.items():
        setattr(subject, k, v)
    changed = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    audit.record(actor, "subject.updated", subject, data=changed, now=now)


def add_subdivision(actor, subject: ControlSubject, *, name_kk: str, name_ru: str,
                    location: str, now: datetime, location_ru: str = "") -> Subdivision:
    """A structural subdivision with its own names and location in kk and ru (R1.1, R7.2
    item 5)."""
    _require_edit(actor)
    values = dict(name_kk=_clean(name_kk), name_ru=_clean(name_ru), location=_clean(location))
    for name, value in values.items():
        if not value:
            raise ValidationFailed(_l("This field is required."), field=name)
    values["location_ru"] = _clean(location_ru) or values["location"]
    sub = Subdivision(subject=subject, **values)
    db.session.add(sub)
    audit.record(actor, "subdivision.created", sub, data={"subject_id": subject.id, **values},
                 now=now)
    return sub


def add_object(actor, subject: ControlSubject, *, name: str, address: str, is_regime: bool,
               now: datetime, address_ru: str = "") -> SubjectObject:
    """An object at another address (kk and ru); ``is_regime`` makes the R8.1 permit
    required."""
    _require_edit(actor)
    values = dict(name=_clean(name), address=_clean(address))
    for key, value in values.items():
        if not value:
            raise ValidationFailed(_l("This field is required."), field=key)
    values["address_ru"] = _clean(address_ru) or values["address"]
    obj = SubjectObject(subject=subject, is_regime=bool(is_regime), **values)
    db.session.add(obj)
    audit.record(actor, "object.created", obj,
                 data={"subject_id": subject.id, "is_regime": bool(is_regime), **values},
                 now=now)
    return obj


def record_event(actor, subject: ControlSubject, *, kind: str, event_date: date,
                 successor_id: int | None = None, new_name_kk: str = "",
                 new_name_ru: str = "", basis: str = "", note: str = "",
                 now: datetime) -> SubjectEvent:
    """History of a body (R1.1): liquidated, reorganised (successor), renamed, powers
    redistributed.  Renaming keeps the old names on the event and sets the new ones."""
    _require_edit(actor)
    if kind not in EVENT_KINDS:
        raise ValidationFailed(_l("Choose the kind of event."), field="kind")
    if event_date is None:
        raise ValidationFailed(_l("Enter the date."), field="event_date")
    if subject.status == STATUS_LIQUIDATED:
        raise ValidationFailed(_l("This body has been liquidated; its history is closed."))
    event = SubjectEvent(subject=subject, kind=kind, event_date=event_date,
                         basis=_clean(basis), note=_clean(note))
    if kind == EVENT_RENAMED:
        new_name_kk, new_name_ru = _clean(new_name_kk), _clean(new_name_ru)
        if not new_name_kk or not new_name_ru:
            raise ValidationFailed(_l("Enter the new names in Kazakh and Russian."),
                                   field="new_name_kk")
        event.old_name_kk, event.old_name_ru = subject.name_kk, subject.name_ru
        event.new_name_kk, event.new_name_ru = new_name_kk, new_name_ru
        subject.name_kk, subject.name_ru = new_name_kk, new_name_ru
    elif kind == EVENT_REORGANISED:
        successor = db.session.get(ControlSubject, successor_id) if successor_id else None
        if successor is None or successor.id == subject.id:
            raise ValidationFailed(_l("Choose the successor body."), field="successor_id")
        event.successor = successor
        subject.status = STATUS_REORGANISED
    elif kind == EVENT_LIQUIDATED:
        subject.status = STATUS_LIQUIDATED
    db.session.add(event)
    audit.record(actor, f"subject.{kind}", subject,
                 data={"event_date": event_date.isoformat(), "successor_id": successor_id,
                       "new_name_kk": new_name_kk, "new_name_ru": new_name_ru,
                       "basis": basis},
                 now=now)
    return event


CSV_COLUMNS = ("bin", "name_kk", "name_ru", "location_kk", "location_ru", "kind", "parent_bin")
#: The former single ``location`` column is still accepted, as both languages.
CSV_OLD_LOCATION = "location"
#: optional last column: the code of the region (inspections.regions), may be empty
CSV_OPTIONAL_COLUMNS = ("region",)


@dataclass
class ImportReport:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_csv(actor, data: bytes, *, now: datetime) -> ImportReport:
    """Import bodies from CSV (columns ``CSV_COLUMNS``; UTF-8, comma or semicolon).

    Every row is checked first; if any row fails, nothing is imported and the report lists
    each failing row with its error."""
    if not permissions.can_import_registry(actor):
        raise PermissionDenied(_l("Only an administrator imports the registry."))
    report = ImportReport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, str(_l("The file is not UTF-8 text."))))
        return report
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    header = reader.fieldnames or []
    old_layout = CSV_OLD_LOCATION in header and "location_kk" not in header
    wanted = [c for c in CSV_COLUMNS if not (old_layout and c in ("location_kk", "location_ru"))]
    if old_layout:
        wanted.insert(3, CSV_OLD_LOCATION)
    elif "location_ru" not in header and "location_kk" in header:
        wanted.remove("location_ru")  # the Russian wording is optional: Kazakh for both
    missing = [c for c in wanted if c not in header]
    if missing:
        report.errors.append(
            (1, str(_l("Missing columns: %(cols)s", cols=", ".join(missing))))
        )
        return report
    rows = list(reader)
    for row in rows:
        kk = _clean(row.get("location_kk") if not old_layout else row.get(CSV_OLD_LOCATION))
        row["location_kk"], row["location_ru"] = kk, _clean(row.get("location_ru")) or kk
    seen: dict[str, int] = {}
    existing = set(db.session.execute(select(ControlSubject.bin)).scalars())
    for number, row in enumerate(rows, start=2):
        bin_ = _clean(row.get("bin"))
        problems = []
        if not is_valid_bin(bin_):
            problems.append(str(_l("The BIN must be 12 digits with a correct check digit.")))
        elif bin_ in existing or bin_ in seen:
            problems.append(str(_l("A control subject with this BIN already exists.")))
        for col in ("name_kk", "name_ru", "location_kk"):
            if not _clean(row.get(col)):
                problems.append(str(_l("Column %(col)s is empty.", col=col)))
        if _clean(row.get("kind")) not in SUBJECT_KINDS:
            problems.append(str(_l("Unknown kind %(kind)s; use one of: %(kinds)s.",
                                   kind=_clean(row.get("kind")),
                                   kinds=", ".join(SUBJECT_KINDS))))
        region = _clean(row.get("region"))
        if region and region not in REGION_CODES:
            problems.append(str(_l("Unknown region %(region)s; use one of: %(codes)s.",
                                   region=region, codes=", ".join(REGION_CODES))))
        parent = _clean(row.get("parent_bin"))
        if parent and parent not in existing and parent not in seen:
            problems.append(str(_l("Parent BIN %(bin)s is not in the registry or earlier in the file.",
                                   bin=parent)))
        if problems:
            report.errors.append((number, "; ".join(problems)))
        else:
            seen[bin_] = number
    if report.errors or not rows:
        if not rows:
            report.errors.append((1, str(_l("The file has no rows."))))
        return report
    by_bin = {s.bin: s for s in db.session.execute(select(ControlSubject)).scalars()}
    for row in rows:
        parent = by_bin.get(_clean(row.get("parent_bin"))) if _clean(row.get("parent_bin")) else None
        subject = ControlSubject(
            bin=_clean(row["bin"]), name_kk=_clean(row["name_kk"]), name_ru=_clean(row["name_ru"]),
            location_kk=row["location_kk"], location_ru=row["location_ru"],
            kind=_clean(row["kind"]), parent=parent,
            region=_clean(row.get("region")) or None, created_at=now,
        )
        db.session.add(subject)
        by_bin[subject.bin] = subject
        report.created += 1
    db.session.flush()
    audit.record(actor, "subject.imported", object_type="control_subjects",
                 data={"count": report.created, "bins": [r["bin"].strip() for r in rows]}, now=now)
    return report


def mark_national_bank(actor, subject: ControlSubject, *, national_bank: bool,
                       now: datetime) -> None:
    """R27.2: the registry marks the National Bank of Kazakhstan and its organisations;
    planning or appointing an Art. 27-3 inspection of such a body is then blocked."""
    _require_edit(actor)
    before = bool(subject.national_bank)
    subject.national_bank = bool(national_bank)
    audit.record(actor, "subject.national_bank", subject,
                 data={"national_bank": [before, bool(national_bank)]}, now=now)
