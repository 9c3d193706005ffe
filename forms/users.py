from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from forms import choices
from inspections.i18n import lazy_gettext as _l
from inspections.labels import ROLE_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    surname = StringField(_l("Surname"), validators=[DataRequired(), Length(max=100)])
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=100)])
    patronymic = StringField(_l("Patronymic (if in the identity document)"),
                             validators=[Optional(), Length(max=100)])
    position_kk = StringField(_l("Position (Kazakh)"), validators=[Optional(), Length(max=255)])
    position_ru = StringField(_l("Position (Russian)"), validators=[Optional(), Length(max=255)])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=255)])
    iin = StringField(_l("IIN"), validators=[Optional(), Length(max=12)])
    roles = MultiCheckboxField(_l("Roles"), choices=choices(ROLE_LABELS.items()),
                               validators=[DataRequired(message=_l("Choose at least one role."))])
    control_subject_id = SelectField(_l("Control subject (representatives only)"),
                                     coerce=int, choices=[], validate_choice=False)
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=12, message=_l("At least 12 characters."))],
    )


class EditUserForm(UserForm):
    username = None
    password = None


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=12, message=_l("At least 12 characters."))],
    )
