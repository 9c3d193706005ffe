"""Forms of the annual plan (R2.1–R2.6), the findings (R1.3) and the requirement catalogue."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from forms import choices
from forms.fields import SelectField
from forms.users import MultiCheckboxField
from inspections.i18n import lazy_gettext as _l
from inspections.labels import (
    AMENDMENT_GROUND_LABELS,
    CHANGE_ACTION_LABELS,
    FINDING_SOURCE_LABELS,
)

WEIGHTS = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


class ConfirmForm(FlaskForm):
    """A button that changes something (CSRF only)."""


# ------------------------------------------------------------------------- findings


class FindingForm(FlaskForm):
    subject_id = SelectField(_l("Control subject"), coerce=int, choices=[],
                             validate_choice=False)
    source = SelectField(_l("Information source (R1.3)"),
                         choices=choices(FINDING_SOURCE_LABELS.items()))
    found_on = DateField(_l("Date of the finding"),
                         validators=[DataRequired(message=_l("Enter the date."))])
    weight = SelectField(_l("Weight (1 — minor, 5 — serious)"), coerce=int,
                         choices=choices(WEIGHTS), default=3)
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=5000)])
    files = MultipleFileField(_l("Files (PDF, DOCX, XLSX, JPG, PNG, MP4, MP3, ZIP)"))


class FindingFilesForm(FlaskForm):
    files = MultipleFileField(_l("Files (PDF, DOCX, XLSX, JPG, PNG, MP4, MP3, ZIP)"))


# ------------------------------------------------------------------------ catalogue


class RequirementForm(FlaskForm):
    code = StringField(_l("Code (Latin letters, digits, underscores)"),
                       validators=[DataRequired(), Length(max=40)])
    ref_kk = StringField(_l("Article reference in Kazakh"),
                         validators=[DataRequired(), Length(max=500)])
    ref_ru = StringField(_l("Article reference in Russian"),
                         validators=[DataRequired(), Length(max=500)])
    topic_kk = StringField(_l("Short title in Kazakh"),
                           validators=[DataRequired(), Length(max=500)])
    topic_ru = StringField(_l("Short title in Russian"),
                           validators=[DataRequired(), Length(max=500)])
    text_kk = TextAreaField(_l("Wording in Kazakh"), validators=[DataRequired()])
    text_ru = TextAreaField(_l("Wording in Russian"), validators=[DataRequired()])
    effective_from = DateField(_l("In force from"),
                               validators=[DataRequired(message=_l("Enter the date."))])
    effective_to = DateField(_l("In force until (empty: still in force)"),
                             validators=[Optional()])
    source = StringField(_l("Source (act, amendment)"), validators=[Optional(), Length(max=500)])


class RetireForm(FlaskForm):
    effective_to = DateField(_l("Last day in force"),
                             validators=[DataRequired(message=_l("Enter the date."))])


# ---------------------------------------------------------------------------- plans


class StartPlanForm(FlaskForm):
    year = IntegerField(_l("Plan year"), validators=[
        DataRequired(message=_l("Enter the year.")), NumberRange(min=2000, max=2100)])


class ItemForm(FlaskForm):
    subject_id = SelectField(_l("Control subject"), coerce=int, choices=[],
                             validate_choice=False)
    unit = SelectField(_l("What is inspected"), choices=[], validate_choice=False)
    location = StringField(_l("Location of the subject (object)"),
                           validators=[Optional(), Length(max=500)])
    month = SelectField(_l("Month"), coerce=int, choices=[], validate_choice=False)
    starts_on = DateField(_l("or from"), validators=[Optional()])
    ends_on = DateField(_l("to"), validators=[Optional()])
    requirement_ids = MultiCheckboxField(_l("Subject matter"), coerce=int, choices=[])
    finding_ids = MultiCheckboxField(_l("Cited findings (R1.3)"), coerce=int, choices=[])


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("Comments for the inspectors"),
                            validators=[DataRequired(message=_l("Write what should be "
                                                                "changed."))])


class ApproveForm(FlaskForm):
    number = StringField(_l("Plan number"), validators=[DataRequired(), Length(max=64)])
    approved_on = DateField(_l("Date of approval"),
                            validators=[DataRequired(message=_l("Enter the date."))])
    late_reason = TextAreaField(_l("Reason of the late approval (R2.3)"),
                                validators=[Optional(), Length(max=5000)])


class AmendmentForm(FlaskForm):
    ground = SelectField(_l("Ground (R2.6)"), choices=choices(AMENDMENT_GROUND_LABELS.items()))
    ground_details = TextAreaField(_l("Circumstances (which body, what changed)"),
                                   validators=[Optional(), Length(max=5000)])
    basis_title = StringField(_l("Basis document: title"),
                              validators=[DataRequired(), Length(max=500)])
    basis_number = StringField(_l("Basis document: number"),
                               validators=[DataRequired(), Length(max=100)])
    basis_date = DateField(_l("Basis document: date"),
                           validators=[DataRequired(message=_l("Enter the date."))])


class ChangeForm(FlaskForm):
    action = SelectField(_l("Change"), choices=choices(CHANGE_ACTION_LABELS.items()))
    item_id = SelectField(_l("Item of the plan"), coerce=int, choices=[],
                          validate_choice=False)
    subject_id = SelectField(_l("Control subject"), coerce=int, choices=[],
                             validate_choice=False)
    unit = SelectField(_l("What is inspected"), choices=[], validate_choice=False)
    location = StringField(_l("Location of the subject (object)"),
                           validators=[Optional(), Length(max=500)])
    month = SelectField(_l("Month"), coerce=int, choices=[], validate_choice=False)
    starts_on = DateField(_l("or from"), validators=[Optional()])
    ends_on = DateField(_l("to"), validators=[Optional()])
    requirement_ids = MultiCheckboxField(_l("Subject matter"), coerce=int, choices=[])
    finding_ids = MultiCheckboxField(_l("Cited findings (R1.3)"), coerce=int, choices=[])


class ApproveAmendmentForm(FlaskForm):
    number = StringField(_l("Amendment number"), validators=[DataRequired(), Length(max=64)])
    approved_on = DateField(_l("Date of approval"),
                            validators=[DataRequired(message=_l("Enter the date."))])
