"""Forms of the representatives' portal (R6.1, R12.1, R12.4, R16.1, R17.1)."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    FieldList,
    FormField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from forms import choices
from forms.fields import SelectField
from forms.inspections import REQUIRED, PointForm
from inspections.i18n import lazy_gettext as _l
from inspections.labels import APPEAL_LEVEL_LABELS


class AcknowledgeForm(FlaskForm):
    """R6.1: receipt acknowledged, or R12.4: refused with a written explanation."""

    outcome = RadioField(_l("Your answer"), default="acknowledged", choices=choices([
        ("acknowledged", _l("I acknowledge receipt of the act")),
        ("refused", _l("I refuse to sign and explain why"))]))
    full_name = StringField(_l("Your name"), validators=[DataRequired(REQUIRED), Length(max=255)])
    position = StringField(_l("Your position"),
                           validators=[DataRequired(REQUIRED), Length(max=255)])
    explanation = TextAreaField(_l("Written explanation of the refusal (R12.4)"),
                                validators=[Optional()])


class PortalObjectionForm(FlaskForm):
    """R12.1: remarks and objections, point by point, with files."""

    note = TextAreaField(_l("Summary of your remarks and objections"), validators=[Optional()])
    points = FieldList(FormField(PointForm), min_entries=3, max_entries=20)
    files = MultipleFileField(_l("Supporting files (PDF, DOCX, XLSX, JPG, PNG, ZIP)"))


class PortalReportForm(FlaskForm):
    """R16.1: information on the elimination with confirming documents."""

    description = TextAreaField(_l("What was done to eliminate the violation"),
                                validators=[DataRequired(REQUIRED)])
    files = MultipleFileField(_l("Confirming documents"))


class PortalAppealForm(FlaskForm):
    """R17.1: an appeal the body has filed."""

    level = SelectField(_l("Appeal"), choices=choices(APPEAL_LEVEL_LABELS.items()))
    filed_on = DateField(_l("Filed on"), validators=[DataRequired(REQUIRED)])
    authority = StringField(_l("To whom (the higher official or the court)"),
                            validators=[DataRequired(REQUIRED), Length(max=500)])
    summary = TextAreaField(_l("What is contested"), validators=[DataRequired(REQUIRED)])


class ReadForm(FlaskForm):
    """Mark notifications read (the ids come as ``ids`` values; none = all)."""
