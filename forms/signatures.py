from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField

from inspections.i18n import lazy_gettext as _l


class SignForm(FlaskForm):
    """A CMS from NCALayer (base64, filled in by static/js/ncalayer.js) or a .cms file
    signed elsewhere (issue 16)."""

    cms = HiddenField()
    file = FileField(_l("Signature file (.cms) made with another signing tool of the NCC"))
