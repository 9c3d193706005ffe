from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from forms import choices
from forms.fields import SelectField
from inspections.i18n import lazy_gettext as _l
from inspections.labels import EVENT_LABELS, KIND_LABELS


class SubjectForm(FlaskForm):
    bin = StringField(_l("BIN"), validators=[
        DataRequired(), Regexp(r"^\d{12}$", message=_l("The BIN is 12 digits."))])
    name_kk = StringField(_l("Name in Kazakh"), validators=[DataRequired(), Length(max=500)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=500)])
    location = StringField(_l("Location in Kazakh"), validators=[DataRequired(), Length(max=500)])
    location_ru = StringField(_l("Location in Russian"), validators=[Optional(), Length(max=500)])
    kind = SelectField(_l("Kind of body"), choices=choices(KIND_LABELS.items()))
    parent_id = SelectField(_l("Parent body"), coerce=int, choices=[], validate_choice=False)


class SubdivisionForm(FlaskForm):
    name_kk = StringField(_l("Subdivision name in Kazakh"),
                          validators=[DataRequired(), Length(max=500)])
    name_ru = StringField(_l("Subdivision name in Russian"),
                          validators=[DataRequired(), Length(max=500)])
    location = StringField(_l("Location in Kazakh"), validators=[DataRequired(), Length(max=500)])
    location_ru = StringField(_l("Location in Russian"), validators=[Optional(), Length(max=500)])


class ObjectForm(FlaskForm):
    name = StringField(_l("Object name"), validators=[DataRequired(), Length(max=500)])
    address = StringField(_l("Address in Kazakh"), validators=[DataRequired(), Length(max=500)])
    address_ru = StringField(_l("Address in Russian"), validators=[Optional(), Length(max=500)])
    is_regime = BooleanField(_l("Regime object (a permit is needed to visit it, R8.1)"))


class EventForm(FlaskForm):
    kind = SelectField(_l("Event"), choices=choices(EVENT_LABELS.items()))
    event_date = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    successor_id = SelectField(_l("Successor (reorganisation)"), coerce=int, choices=[],
                               validate_choice=False)
    new_name_kk = StringField(_l("New name in Kazakh (renaming)"),
                              validators=[Optional(), Length(max=500)])
    new_name_ru = StringField(_l("New name in Russian (renaming)"),
                              validators=[Optional(), Length(max=500)])
    basis = StringField(_l("Basis document"), validators=[Optional(), Length(max=500)])
    note = TextAreaField(_l("Note"), validators=[Optional()])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a file."))])


class NationalBankForm(FlaskForm):
    """R27.2: mark (or unmark) a body as the National Bank or one of its organisations."""

    national_bank = BooleanField(_l("The National Bank of Kazakhstan or one of its "
                                    "organisations (R27.2)"))
