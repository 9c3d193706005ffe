"""Context builders for the documents of an inspection, part 1 (R7.2, R7.3, R9.3, R9.4):
model → plain dict for :func:`inspections.documents.render`."""

from __future__ import annotations

from ..confidentiality import ground_author_shown
from .formatting import doc_date

GROUND_TEXT = {
    "kk": {
        1: "жеке немесе заңды тұлғалардың бақылау субъектісінің бұзушылықтары туралы "
           "расталған өтініштері",
        2: "құқықтары мен заңды мүдделері бұзылған жеке немесе заңды тұлғалардың өтініші",
        3: "зиян келтіру немесе зиян келтіру қатерінің нақты фактілері бойынша прокурордың "
           "талабы",
        4: "мемлекеттік органдардың зиян келтірудің нақты фактілері бойынша өтініші",
        5: "бақылау субъектісінің бастапқы тексеру нәтижелерімен келіспеуіне байланысты "
           "қайта тексеру",
        6: "қылмыстық қудалау органының тапсырмасы",
        7: "тексеру нәтижелері туралы актінің орындалуын бақылау",
    },
    "ru": {
        1: "подтверждённые обращения физических или юридических лиц о нарушениях субъектом "
           "контроля",
        2: "обращение физических или юридических лиц, права и законные интересы которых "
           "нарушены",
        3: "требование прокурора по конкретным фактам причинения вреда либо угрозы "
           "причинения вреда",
        4: "обращение государственных органов по конкретным фактам причинения вреда",
        5: "повторная проверка в связи с несогласием субъекта контроля с результатами "
           "первоначальной проверки",
        6: "поручение органа уголовного преследования",
        7: "контроль исполнения акта о результатах проверки",
    },
}
_BASIS = {"kk": "{text} ({author}, {date} № {number})", "ru": "{text} ({author}, № {number} от {date})"}
_PLAN = {"kk": "Мерзімді тексерулер жүргізу жоспары",
         "ru": "План проведения периодических проверок"}
# R27.1: a complaint of an individual without consent — registration number and date only.
_BASIS_ANONYMOUS = {"kk": "{text} ({date} № {number})", "ru": "{text} (№ {number} от {date})"}


def person(user, lang: str) -> dict:
    return {"full_name": user.full_name, "position": user.position(lang)}


def subject(inspection, lang: str) -> dict:
    body = inspection.control_subject
    location = body.location_in(lang)  # a Russian document prints the Russian address
    obj = inspection.subject_object
    if obj is not None:
        location = f"{location}; {obj.name}, {obj.address_in(lang)}"
    return {"name": body.name(lang), "location": location}


def subdivision(inspection, lang: str) -> dict | None:
    sub = inspection.subdivision
    return None if sub is None else {"name": sub.name(lang), "location": sub.location_in(lang)}


def subject_matter(inspection, lang: str) -> str:
    return "; ".join(f"{row.requirement.ref(lang)} — {row.requirement.topic(lang)}"
                     for row in inspection.requirements)


def grounds(inspection, lang: str, plan_reference: str = "") -> list[str]:
    if inspection.kind == "periodic":
        return [f"{_PLAN[lang]} {plan_reference}".strip()]
    out = []
    for g in inspection.grounds:
        author = ground_author_shown(g)  # R27.1: None for an individual without consent
        pattern = _BASIS[lang] if author is not None else _BASIS_ANONYMOUS[lang]
        out.append(pattern.format(text=GROUND_TEXT[lang][g.ground], author=author,
                                  number=g.basis_number, date=doc_date(g.basis_date, lang)))
    return out


def _common(inspection, lang: str, *, authority: str, place: str, number: str, on) -> dict:
    return {"authority_name": authority, "place": place, "doc_number": number,
            "doc_date": doc_date(on, lang)}


def _act_ref(inspection, lang: str) -> dict:
    return {"number": inspection.number, "date": doc_date(inspection.act_date, lang)}


def appointment_act(inspection, lang: str, *, authority: str, place: str, cal,
                    plan_reference: str = "") -> dict:
    """R7.2: all thirteen elements (12 — the receipt — is signed on paper)."""
    start, end = inspection.planned_start, inspection.planned_end
    return {
        **_common(inspection, lang, authority=authority, place=place,
                  number=inspection.number, on=inspection.act_date),
        "inspectors": [person(u, lang) for u in inspection.inspector_users],
        "specialists": [{"full_name": s.full_name, "position": s.position_in(lang),
                         "organisation": s.organisation_in(lang)}
                        for s in inspection.specialists],
        "subject": subject(inspection, lang),
        "subdivision": subdivision(inspection, lang),
        "subject_matter": subject_matter(inspection, lang),
        "inspection_kind": inspection.kind,
        "inspection_start": doc_date(start, lang),
        "inspection_end": doc_date(end, lang),
        "duration_days": cal.working_days_between(start, end),
        "grounds": grounds(inspection, lang, plan_reference),
        "period_from": doc_date(inspection.period_from, lang),
        "period_to": doc_date(inspection.period_to, lang),
        "signatory": person(inspection.signatory, lang),
    }


def start_notice(inspection, lang: str, *, authority: str, place: str) -> dict:
    """R7.3: the notice of the start, with the subject matter."""
    notice = inspection.notice
    from ..clock import ALMATY

    return {
        **_common(inspection, lang, authority=authority, place=place,
                  number=inspection.number, on=notice.notified_at.astimezone(ALMATY).date()),
        "subject": subject(inspection, lang),
        "subdivision": subdivision(inspection, lang),
        "inspection_kind": inspection.kind,
        "subject_matter": subject_matter(inspection, lang),
        "planned_start": doc_date(inspection.planned_start, lang),
        "appointment_act": _act_ref(inspection, lang),
        "signatory": person(inspection.signatory, lang),
    }


def extension_act(inspection, lang: str, *, authority: str, place: str, cal) -> dict:
    """R9.3: cites the appointment act's number and date and gives the reasons."""
    ext = inspection.extension
    return {
        **_common(inspection, lang, authority=authority, place=place, number=ext.act_number,
                  on=ext.act_date),
        "appointment_act": _act_ref(inspection, lang),
        "subject": subject(inspection, lang),
        "inspection_kind": inspection.kind,
        "subject_matter": subject_matter(inspection, lang),
        "inspection_start": doc_date(inspection.start_date, lang),
        "current_end": doc_date(ext.previous_end, lang),
        "new_end": doc_date(ext.requested_end, lang),
        "extension_days": cal.working_days_between(cal.next_working_day(ext.previous_end),
                                                   ext.requested_end),
        "reasons": ext.reasons,
        "signatory": person(ext.decided_by, lang),
    }


def extension_notice(inspection, lang: str, *, authority: str, place: str, cal) -> dict:
    """R9.4: the notice of the extension to the control subject."""
    ctx = extension_act(inspection, lang, authority=authority, place=place, cal=cal)
    ext = inspection.extension
    return {key: ctx[key] for key in ("authority_name", "place", "doc_number", "doc_date",
                                      "appointment_act", "subject", "current_end", "new_end",
                                      "extension_days", "reasons", "signatory")} | {
        "extension_act": {"number": ext.act_number, "date": doc_date(ext.act_date, lang)}}




# ---------------------------------------------------------------- part 2 (R10.2–R16.2)

_ORIGINAL = {"kk": ("түпнұсқа", "көшірме"), "ru": ("оригинал", "копия")}
_MEDIUM = {"kk": {"paper": "қағаз жеткізгіште", "electronic": "электрондық түрде", "": ""},
           "ru": {"paper": "на бумажном носителе", "electronic": "в электронном виде", "": ""}}


def _results_ref(act, lang: str) -> dict:
    return {"number": act.number, "date": doc_date(act.drawn_at.date(), lang)}


def violation(v, lang: str, with_text: bool = True) -> dict:
    row = {"no": v.no, "requirement_ref": v.requirement.ref(lang), "nature": v.nature,
           "remedy": v.remedy, "deadline": doc_date(v.deadline, lang),
           "report_due": doc_date(v.report_due, lang) if v.report_due else ""}
    if with_text:
        row["requirement_text"] = v.requirement.text(lang)
    return row


def attachment(e, lang: str) -> str:
    kind = _ORIGINAL[lang][0 if e.is_original else 1]
    medium = _MEDIUM[lang].get(e.medium or "", "")
    return f"{e.description} ({kind}{', ' + medium if medium else ''})"


def results_act(inspection, lang: str, *, authority: str, place: str, copy_number: int,
                attachments) -> dict:
    """R11.1: the thirteen elements; R10.2: the copy number and its attachments."""
    from ..clock import ALMATY

    act = inspection.results_act
    drawn = act.drawn_at.astimezone(ALMATY)
    ext = inspection.extension
    return {
        **_common(inspection, lang, authority=authority, place=act.place or place,
                  number=act.number, on=drawn.date()),
        "copy_number": copy_number,
        "drawn_time": drawn.strftime("%H:%M"),
        "appointment_act": _act_ref(inspection, lang),
        "extension_act": ({"number": ext.act_number, "date": doc_date(ext.act_date, lang)}
                          if ext is not None and ext.notice_delivered_on else None),
        "inspectors": [person(u, lang) for u in inspection.inspector_users],
        "specialists": [{"full_name": s.full_name, "position": s.position_in(lang),
                         "organisation": s.organisation_in(lang)}
                        for s in inspection.specialists],
        "subject": subject(inspection, lang),
        "subdivision": subdivision(inspection, lang),
        "subject_matter": subject_matter(inspection, lang),
        "inspection_kind": inspection.kind,
        "inspection_start": doc_date(inspection.start_date, lang),
        "inspection_end": doc_date(inspection.end_date, lang),
        "period_from": doc_date(inspection.period_from, lang),
        "period_to": doc_date(inspection.period_to, lang),
        "results_summary": act.results_summary,
        "violations": [violation(v, lang) for v in act.violations],
        "attachments": [attachment(e, lang) for e in attachments],
        "subject_representative": {"full_name": act.representative_name,
                                   "position": act.representative_position},
        "persons_present": [{"full_name": p["full_name"], "position": p.get("position", "")}
                            for p in act.persons_present or []],
    }


def refusal_act(inspection, lang: str, *, authority: str, place: str) -> dict:
    """R12.3: the act of refusal to accept the results act."""
    from ..clock import ALMATY

    act = inspection.results_act
    return {
        **_common(inspection, lang, authority=authority, place=act.place or place,
                  number=f"{act.number}-Б", on=act.delivered_at.astimezone(ALMATY).date()),
        "results_act": _results_ref(act, lang),
        "appointment_act": _act_ref(inspection, lang),
        "subject": subject(inspection, lang),
        "inspectors": [person(u, lang) for u in inspection.inspector_users],
        "subject_representative": {"full_name": act.recipient_name,
                                   "position": act.recipient_position},
        "refusal_reason": act.refusal_explanation,
    }


def objection_reply(inspection, lang: str, *, authority: str, place: str, objection) -> dict:
    """R12.2: the reasoned reply, point by point."""
    act = inspection.results_act
    return {
        **_common(inspection, lang, authority=authority, place=place,
                  number=objection.reply_number, on=objection.replied_on),
        "subject": subject(inspection, lang),
        "results_act": _results_ref(act, lang),
        "objections": {"number": objection.incoming_number,
                       "received": doc_date(objection.received_on, lang)},
        "points": [{"no": p.no,
                    "objection": (f"№ {p.violation.no}: {p.text}" if p.violation else p.text),
                    "decision": p.decision, "reasons": p.reasons} for p in objection.points],
        "conclusion": objection.conclusion,
        "signatory": person(inspection.signatory, lang),
    }


def followup_proposal(inspection, lang: str, *, authority: str, place: str, violations,
                      as_of, number: str) -> dict:
    """R16.2: the proposal of an unscheduled inspection on ground 7."""
    act = inspection.results_act
    refs = "; ".join(f"{v.requirement.ref(lang)} — {v.requirement.topic(lang)}"
                     for v in violations)
    nos = ", ".join(str(v.no) for v in violations)
    matter = (f"Тексеру нәтижелері туралы актінің (№ {act.number}) орындалуы: {nos} "
              f"бұзушылықтардың жойылуы ({refs})" if lang == "kk" else
              f"Исполнение акта о результатах проверки (№ {act.number}): устранение нарушений "
              f"№ {nos} ({refs})")
    return {
        **_common(inspection, lang, authority=authority, place=place, number=number, on=as_of),
        "addressee": person(inspection.signatory, lang),
        "subject": subject(inspection, lang),
        "results_act": _results_ref(act, lang),
        "appointment_act": _act_ref(inspection, lang),
        "as_of": doc_date(as_of, lang),
        "subject_matter": matter,
        "violations": [violation(v, lang, with_text=False) for v in violations],
        "signatory": person(inspection.inspector_users[0], lang),
    }
