from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import DataRequired, Length

from forms import choices
from forms.fields import SelectField
from inspections.i18n import lazy_gettext as _l
from inspections.labels import OVERRIDE_LABELS, RULE_CHOICES


class OverrideForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    kind = SelectField(_l("Kind of day"), choices=choices(OVERRIDE_LABELS.items()))
    name = StringField(_l("Name of the day"), validators=[DataRequired(), Length(max=255)])
    basis = StringField(_l("Basis (order number and date)"),
                        validators=[DataRequired(), Length(max=255)])


class YearForm(FlaskForm):
    confirmed = BooleanField(_l("The government's calendar of this year is confirmed"))
    basis = StringField(_l("Basis (order number and date)"), validators=[Length(max=255)])


class CalculatorForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET form

    rule = SelectField(_l("Rule"), choices=choices(RULE_CHOICES))
    value = StringField(_l("Date (for R2.3 and R2.4: the plan year; for R7.3 date and time)"),
                        validators=[DataRequired()])
