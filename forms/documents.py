from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from forms import choices
from forms.fields import SelectField
from inspections.i18n import lazy_gettext as _l
from inspections.labels import DOCUMENT_LABELS, LANGUAGE_LABELS


class TemplateUploadForm(FlaskForm):
    code = SelectField(_l("Document"), choices=choices(DOCUMENT_LABELS.items()))
    lang = SelectField(_l("Language"), choices=choices((k, LANGUAGE_LABELS[k]) for k in ("kk", "ru")))
    file = FileField(_l("DOCX template"), validators=[FileRequired(message=_l("Choose a file."))])


class VerifyUploadForm(FlaskForm):
    file = FileField(_l("File to check"), validators=[FileRequired(message=_l("Choose a file."))])
