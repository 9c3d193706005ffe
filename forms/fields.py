"""Fields shared by the forms."""

from markupsafe import Markup, escape
from wtforms import SelectField as _WTSelectField
from wtforms.widgets import Select as _WTSelect


class Select(_WTSelect):
    """WTForms' ``<select>`` writing its plain options directly (issue 13): the pickers
    offer up to 50 bodies or inspections, and the library's generic attribute writer took
    a third of the new inspection form's time.  The HTML is the same."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value)
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""  # html_params sorts: selected, value
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')


class SelectField(_WTSelectField):
    widget = Select()
