from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from forms import choices
from forms.fields import SelectField
from forms.users import MultiCheckboxField
from inspections.i18n import lazy_gettext as _l
from inspections.labels import (
    APPEAL_LEVEL_LABELS,
    APPEAL_OUTCOME_LABELS,
    AUTHOR_KIND_LABELS,
    CHANNEL_LABELS,
    DELIVERY_CHANNEL_LABELS,
    EVIDENCE_LABELS,
    GROUND_LABELS,
    REFUSAL_REASON_LABELS,
    REPORT_DECISION_LABELS,
    SPECIALIST_ROLE_LABELS,
)

REQUIRED = _l("This field is required.")


class GroundForm(FlaskForm):
    """A further ground of R3.1 on a draft."""

    ground = SelectField(_l("Ground (R3.1)"), coerce=int, choices=choices(GROUND_LABELS.items()))
    basis_number = StringField(_l("Basis document: number"),
                               validators=[DataRequired(REQUIRED), Length(max=100)])
    basis_date = DateField(_l("Basis document: date"), validators=[DataRequired(REQUIRED)])
    basis_author = StringField(_l("Basis document: author"),
                               validators=[DataRequired(REQUIRED), Length(max=500)])
    basis_file = FileField(_l("Basis document: file"))
    # R27.1: grounds 1–2 only.
    author_kind = RadioField(_l("The complaint's author (grounds 1 and 2)"),
                             choices=choices(AUTHOR_KIND_LABELS.items()), default="individual",
                             validators=[Optional()])
    disclosure_consent = BooleanField(
        _l("The individual consents to disclosing their identity to the inspected body"))
    consent_file = FileField(_l("Consent document"))
    linked_inspection_id = SelectField(_l("Earlier inspection (grounds 5 and 7)"), coerce=int,
                                       choices=[], validate_choice=False)


class NewInspectionForm(GroundForm):
    """An unscheduled inspection with its first ground (R3.1)."""

    control_subject_id = SelectField(_l("Control subject"), coerce=int, choices=[],
                                     validate_choice=False)


class SpecialistForm(Form):
    full_name = StringField(_l("Name"), validators=[Optional(), Length(max=255)])
    position = StringField(_l("Position in Kazakh"), validators=[Optional(), Length(max=255)])
    position_ru = StringField(_l("Position in Russian"), validators=[Optional(), Length(max=255)])
    organisation = StringField(_l("Organisation in Kazakh"),
                               validators=[Optional(), Length(max=500)])
    organisation_ru = StringField(_l("Organisation in Russian"),
                                  validators=[Optional(), Length(max=500)])
    role = SelectField(_l("Engaged as"), choices=choices(SPECIALIST_ROLE_LABELS.items()))


class ActForm(FlaskForm):
    """The elements of the appointment act (R7.2)."""

    inspector_ids = MultiCheckboxField(_l("Inspectors"), coerce=int, choices=[],
                                       validate_choice=False)
    specialists = FieldList(FormField(SpecialistForm), min_entries=3, max_entries=10)
    subdivision_id = SelectField(_l("Structural subdivision inspected"), coerce=int, choices=[],
                                 validate_choice=False)
    object_id = SelectField(_l("Object at another address"), coerce=int, choices=[],
                            validate_choice=False)
    requirement_ids = MultiCheckboxField(_l("Subject matter"), coerce=int, choices=[],
                                         validate_choice=False)
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    #: the end the application computed (R9.1) and showed; unchanged by the user, it is
    #: recomputed when the start changes
    computed_end = HiddenField()
    period_from = DateField(_l("Inspected period from"), validators=[Optional()])
    period_to = DateField(_l("Inspected period to"), validators=[Optional()])
    signatory_id = SelectField(_l("Signatory"), coerce=int, choices=[], validate_choice=False)


class IssueForm(FlaskForm):
    act_date = DateField(_l("Date of the act"), validators=[DataRequired(REQUIRED)])


class NoticeForm(FlaskForm):
    notified_at = DateTimeLocalField(_l("Notified at (date and time)"),
                                     validators=[DataRequired(REQUIRED)])
    channel = SelectField(_l("Channel"), choices=choices(CHANNEL_LABELS.items()))
    recipient = StringField(_l("Recipient (name and position)"),
                            validators=[DataRequired(REQUIRED), Length(max=500)])


class DeliveryForm(FlaskForm):
    delivered_at = DateTimeLocalField(_l("Delivered at (date and time)"),
                                      validators=[DataRequired(REQUIRED)])
    recipient_name = StringField(_l("Recipient's name"),
                                 validators=[DataRequired(REQUIRED), Length(max=255)])
    recipient_position = StringField(_l("Recipient's position"),
                                     validators=[DataRequired(REQUIRED), Length(max=255)])
    receipt = RadioField(_l("Receipt on the second copy"), default="signed",
                         choices=choices([("signed", _l("Signed")),
                                          ("refused", _l("Refused to sign"))]))
    refusal_explanation = TextAreaField(_l("Written explanation of the refusal"),
                                        validators=[Optional()])


class ArrivalForm(FlaskForm):
    act_shown = BooleanField(_l("The appointment act was shown"))
    ids_shown = BooleanField(_l("Service IDs or identity cards were shown"))
    permit_shown = BooleanField(_l("The permit to visit the regime object was shown"))
    permit_details = StringField(_l("Permit: issuing body, number and date"),
                                 validators=[Optional(), Length(max=500)])


class AdmissionRefusalForm(FlaskForm):
    reason = SelectField(_l("Reason given by the control subject"),
                         choices=choices(REFUSAL_REASON_LABELS.items()))
    note = TextAreaField(_l("Note"), validators=[Optional()])


class EvidenceForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(EVIDENCE_LABELS.items()))
    description = TextAreaField(_l("Description"), validators=[DataRequired(REQUIRED)])
    medium = SelectField(_l("Form"), choices=choices([("electronic", _l("Electronic")),
                                                      ("paper", _l("Paper"))]))
    is_original = BooleanField(_l("Original (not a copy)"))
    subject_holds_original = BooleanField(_l("The control subject holds the original"))
    obtained_on = DateField(_l("Obtained on"), validators=[Optional()])
    file = FileField(_l("File"))


class ExtensionRequestForm(FlaskForm):
    requested_end = DateField(_l("New end date"), validators=[DataRequired(REQUIRED)])
    reasons = TextAreaField(_l("Reasons"), validators=[DataRequired(REQUIRED)])


class ExtensionDecisionForm(FlaskForm):
    note = TextAreaField(_l("Comment"), validators=[Optional()])


class ExtensionNoticeForm(FlaskForm):
    delivered_on = DateField(_l("Delivered on"), validators=[DataRequired(REQUIRED)])
    recipient = StringField(_l("Recipient (name and position)"),
                            validators=[DataRequired(REQUIRED), Length(max=255)])
    proof = StringField(_l("Proof of delivery (incoming number, receipt, e-mail id)"),
                        validators=[DataRequired(REQUIRED), Length(max=500)])


class ConfirmForm(FlaskForm):
    """A button that needs nothing but the CSRF token."""


# --- part 2: results act and after (R10.1–R17.1) -------------------------------------------


class PersonForm(Form):
    full_name = StringField(_l("Name"), validators=[Optional(), Length(max=255)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=255)])


class ViolationForm(Form):
    requirement_id = SelectField(_l("Requirement violated"), coerce=int, choices=[],
                                 validate_choice=False)
    nature = TextAreaField(_l("What was found and its nature"), validators=[Optional()])
    evidence_ids = MultiCheckboxField(_l("Evidence"), coerce=int, choices=[], validate_choice=False)
    remedy = TextAreaField(_l("Requirement to eliminate it"), validators=[Optional()])
    committed_from = DateField(_l("Committed on (or from)"), validators=[Optional()])
    committed_to = DateField(_l("Committed until (for a period)"), validators=[Optional()])
    outside_functions = BooleanField(_l("The processing was outside the body's functions "
                                        "(Art. 19 (2) (1); required to cite Art. 19 (1))"))
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    report_due = DateField(_l("Report the elimination by (R16.1; empty: ten working days after "
                              "the deadline)"), validators=[Optional()])
    ability = TextAreaField(_l("Justification: organisational and technical ability (R15.1)"),
                            validators=[Optional()])
    approvals = TextAreaField(_l("Justification: conclusions and approvals required by law "
                                 "(R15.1)"), validators=[Optional()])


class ResultsForm(FlaskForm):
    """The results act (R11.1)."""

    drawn_at = DateTimeLocalField(_l("Drawn up at (date and time)"),
                                  validators=[DataRequired(REQUIRED)])
    place = StringField(_l("Place"), validators=[DataRequired(REQUIRED), Length(max=500)])
    results_summary = TextAreaField(_l("Results of the inspection"), validators=[Optional()])
    representative_name = StringField(_l("Head or representative of the control subject"),
                                      validators=[Optional(), Length(max=255)])
    representative_position = StringField(_l("Their position"),
                                          validators=[Optional(), Length(max=255)])
    persons_present = FieldList(FormField(PersonForm), min_entries=2, max_entries=10)
    violations = FieldList(FormField(ViolationForm), min_entries=3, max_entries=30)


class ResultsDeliveryForm(FlaskForm):
    delivered_at = DateTimeLocalField(_l("Copy 2 delivered at (date and time)"),
                                      validators=[DataRequired(REQUIRED)])
    channel = SelectField(_l("How"), choices=choices(DELIVERY_CHANNEL_LABELS.items()))
    recipient_name = StringField(_l("Recipient's name"),
                                 validators=[DataRequired(REQUIRED), Length(max=255)])
    recipient_position = StringField(_l("Recipient's position"),
                                     validators=[DataRequired(REQUIRED), Length(max=255)])
    receipt = RadioField(_l("Signature on the act"), default="signed",
                         choices=choices([("signed", _l("Signed")),
                                          ("refused_to_sign", _l("Refused to sign"))]))
    refusal_explanation = TextAreaField(_l("Written explanation of the refusal to sign"),
                                        validators=[Optional()])
    present_refused = MultiCheckboxField(_l("Persons present who refused to sign (the others read it)"),
                             choices=[], validate_choice=False)


class ResultsRefusalForm(FlaskForm):
    refused_at = DateTimeLocalField(_l("Refused at (date and time)"),
                                    validators=[DataRequired(REQUIRED)])
    refused_name = StringField(_l("Name of the head or representative"),
                               validators=[DataRequired(REQUIRED), Length(max=255)])
    refused_position = StringField(_l("Their position"),
                                   validators=[DataRequired(REQUIRED), Length(max=255)])
    reason = TextAreaField(_l("Reason given"), validators=[Optional()])


class Copy1Form(FlaskForm):
    sent_at = DateTimeLocalField(_l("Sent at (date and time)"),
                                 validators=[DataRequired(REQUIRED)])
    registration = StringField(_l("Registration number returned"),
                               validators=[DataRequired(REQUIRED), Length(max=100)])


class PointForm(Form):
    violation_id = SelectField(_l("About"), coerce=int, choices=[], validate_choice=False)
    text = TextAreaField(_l("Point"), validators=[Optional()])


class ObjectionForm(FlaskForm):
    received_on = DateField(_l("Received on"), validators=[DataRequired(REQUIRED)])
    incoming_number = StringField(_l("Incoming number"),
                                  validators=[DataRequired(REQUIRED), Length(max=100)])
    note = TextAreaField(_l("Note on the results act"), validators=[Optional()])
    points = FieldList(FormField(PointForm), min_entries=3, max_entries=20)
    files = MultipleFileField(_l("Files"))


class ReplyForm(FlaskForm):
    conclusion = TextAreaField(_l("Conclusion"), validators=[Optional()])


class ReportForm(FlaskForm):
    received_on = DateField(_l("Report received on"), validators=[DataRequired(REQUIRED)])
    description = TextAreaField(_l("What was done"), validators=[DataRequired(REQUIRED)])
    files = MultipleFileField(_l("Confirming documents"))


class ReportDecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=choices(REPORT_DECISION_LABELS.items()),
                          validators=[DataRequired(REQUIRED)])
    note = TextAreaField(_l("Reasons"), validators=[Optional()])


class AppealForm(FlaskForm):
    level = SelectField(_l("Appeal"), choices=choices(APPEAL_LEVEL_LABELS.items()))
    filed_on = DateField(_l("Filed on"), validators=[DataRequired(REQUIRED)])
    authority = StringField(_l("Higher official or court"),
                            validators=[DataRequired(REQUIRED), Length(max=500)])
    summary = TextAreaField(_l("What is contested"), validators=[DataRequired(REQUIRED)])


class AppealDecisionForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=choices(
        (k, v) for k, v in APPEAL_OUTCOME_LABELS.items() if k != "pending"))
    decided_on = DateField(_l("Decided on"), validators=[DataRequired(REQUIRED)])
    note = TextAreaField(_l("Note"), validators=[Optional()])
