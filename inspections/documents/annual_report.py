"""The annual report of the authorised body on its inspections: template and sample.

Pure (no Flask, no database).  The application builds the context from the dashboard's
figures (:mod:`inspections.services.annual_report`); the template is generated with the
other built-in templates and may be replaced by administrators like any other.  Charts
are :class:`~inspections.documents.images.Image` values, placed as pictures.

Plan execution (R2.1), violations found (R11.1 (10)), remediation (R16.1, R16.2),
timeliness of the authority (R2.3, R2.4, R9.2, R12.2, R13.1), objections (R12.1, R12.2).
"""

from __future__ import annotations

from .docxbuild import C, Doc
from .images import Image

TITLE = ("Уәкілетті органның тексерулер туралы жылдық есебі",
         "Годовой отчет уполномоченного органа о проверках")

VARIABLES = frozenset({
    "authority_name", "doc_date", "place", "report_year", "report_period", "totals", "plan_rows",
    "by_requirement", "by_kind", "by_region", "remediation_rows", "timeliness_rows", "objection_rows",
    "chart_plan", "chart_violations", "chart_remediation",
})

DESCRIPTIONS = {
    "report_year": "int — the year of the report",
    "report_period": "str — the period covered, formatted (first and last day)",
    "totals": "{planned, appointed, completed, cancelled, unscheduled, violations} — int "
              "totals of the period",
    "plan_rows": "list of {label, planned, appointed, completed, cancelled, unscheduled} — "
                 "plan execution by month (label: the month's name)",
    "by_requirement": "list of {label, violations, inspections} — violations by requirement "
                      "of the catalogue (label: the article reference and code)",
    "by_kind": "list of {label, violations, inspections} — violations by kind of body",
    "by_region": "list of {label, violations, inspections} — violations by region",
    "remediation_rows": "list of {label, count} — remediation outcomes (R16.1, R16.2)",
    "timeliness_rows": "list of {label, count} — the authority's own deadlines missed or used "
                  "(R13.1, R12.2, R9.2, R2.3, R2.4)",
    "objection_rows": "list of {label, count} — objections received and their points by "
                  "decision (R12.1, R12.2)",
    "chart_plan": "image — chart of plan execution by month",
    "chart_violations": "image — chart of violations by requirement",
    "chart_remediation": "image — chart of remediation outcomes",
}


def build(d: Doc, t, lang: str) -> None:
    d.authority_header()
    d.title(t("{{ report_year }} ЖЫЛҒЫ ТЕКСЕРУЛЕР ТУРАЛЫ ЖЫЛДЫҚ ЕСЕП",
              "ГОДОВОЙ ОТЧЕТ О ПРОВЕРКАХ ЗА {{ report_year }} ГОД"))
    d.p("{{ place }}, {{ doc_date }}", indent=None, after=8)
    d.p(t("Есепті кезең: {{ report_period }}. Кезеңде мерзімді тексерулер жүргізу жоспарының "
          "{{ totals.planned }} тармағы жоспарланды, олар бойынша {{ totals.appointed }} "
          "тексеру тағайындалды, {{ totals.completed }} тексеру аяқталды, "
          "{{ totals.cancelled }} тексеру тоқтатылды; {{ totals.unscheduled }} жоспардан тыс "
          "тексеру тағайындалды. Тексеру нәтижелері туралы актілерде барлығы "
          "{{ totals.violations }} бұзушылық анықталды.",
          "Отчетный период: {{ report_period }}. В периоде запланировано пунктов плана проведения "
          "периодических проверок: {{ totals.planned }}; по ним назначено проверок: "
          "{{ totals.appointed }}, завершено: {{ totals.completed }}, отменено: "
          "{{ totals.cancelled }}; назначено внеплановых проверок: {{ totals.unscheduled }}. "
          "В актах о результатах проверки выявлено нарушений: {{ totals.violations }}."))

    d.heading(t("1. Мерзімді тексерулер жүргізу жоспарының орындалуы (айлар бойынша)",
                "1. Исполнение плана проведения периодических проверок (по месяцам)"))
    d.p("{{ chart_plan }}", indent=None, align=C, after=4)
    d.grid(headers=[t("Ай", "Месяц"), t("Жоспар тармақтары", "Пункты плана"),
                    t("Тағайындалды", "Назначено"), t("Аяқталды", "Завершено"),
                    t("Тоқтатылды", "Отменено"),
                    t("Жоспардан тыс тексерулер", "Внеплановые проверки")],
           widths=[3.5, 2.6, 2.6, 2.6, 2.6, 2.6], size=10, loop="for r in plan_rows",
           cells=["{{ r.label }}", "{{ r.planned }}", "{{ r.appointed }}",
                  "{{ r.completed }}", "{{ r.cancelled }}", "{{ r.unscheduled }}"],
           aligns=[None, C, C, C, C, C])

    d.heading(t("2. Анықталған бұзушылықтар", "2. Выявленные нарушения"))
    d.p("{{ chart_violations }}", indent=None, align=C, after=4)
    for title_kk, title_ru, loop in (
            ("Талаптар бойынша", "По требованиям", "by_requirement"),
            ("Мемлекеттік орган түрі бойынша", "По виду государственного органа", "by_kind"),
            ("Өңірлер бойынша", "По регионам", "by_region")):
        d.p((t(title_kk, title_ru), "i"), indent=None, after=2, keep=True)
        d.grid(headers=[t("Көрсеткіш", "Показатель"), t("Бұзушылықтар", "Нарушения"),
                        t("Тексерулер", "Проверки")],
               widths=[10.5, 3.25, 3.25], size=10, loop=f"for r in {loop}",
               cells=["{{ r.label }}", "{{ r.violations }}", "{{ r.inspections }}"],
               aligns=[None, C, C])

    for heading_kk, heading_ru, loop, chart in (
            ("3. Бұзушылықтардың жойылуы", "3. Устранение нарушений", "remediation_rows",
             "chart_remediation"),
            ("4. Уәкілетті органның мерзімдерді сақтауы",
             "4. Соблюдение сроков уполномоченным органом", "timeliness_rows", None),
            ("5. Ескертулер және (немесе) қарсылықтар",
             "5. Замечания и (или) возражения", "objection_rows", None)):
        d.heading(t(heading_kk, heading_ru))
        if chart:
            d.p("{{ " + chart + " }}", indent=None, align=C, after=4)
        d.grid(headers=[t("Көрсеткіш", "Показатель"), t("Саны", "Количество")],
               widths=[13.5, 3.5], size=10, loop=f"for r in {loop}",
               cells=["{{ r.label }}", "{{ r.count }}"], aligns=[None, C])


def _sample_chart() -> Image:
    from ..charts import Bar, Group, png

    return Image(png("—", ["1", "2"], [Group("1", (Bar(3), Bar(2))),
                                       Group("2", (Bar(1), Bar(0)))], width=600), 120)


def sample(lang: str) -> dict:
    kk = lang == "kk"
    months = (["Қаңтар", "Ақпан", "Наурыз"] if kk else ["Январь", "Февраль", "Март"])
    return {
        "authority_name": ("Қазақстан Республикасы Жасанды интеллект және цифрлық даму "
                           "министрлігінің Ақпараттық қауіпсіздік комитеті" if kk else
                           "Комитет по информационной безопасности Министерства искусственного "
                           "интеллекта и цифрового развития Республики Казахстан"),
        "doc_date": "2027 жылғы 15 қаңтар" if kk else "15 января 2027 г.",
        "place": "Астана қаласы" if kk else "город Астана",
        "report_year": 2026,
        "report_period": ("2026 жылғы 1 қаңтар — 2026 жылғы 31 желтоқсан" if kk
                   else "1 января 2026 г. — 31 декабря 2026 г."),
        "totals": {"planned": 6, "appointed": 5, "completed": 4, "cancelled": 1,
                   "unscheduled": 2, "violations": 7},
        "plan_rows": [{"label": m, "planned": 2, "appointed": 2 - (i == 2), "completed": 1,
                       "cancelled": int(i == 2), "unscheduled": int(i < 2)}
                      for i, m in enumerate(months)],
        "by_requirement": [{"label": "Заңның 7-бабының 10-тармағы (art7_10)" if kk else
                            "пункт 10 статьи 7 Закона (art7_10)",
                            "violations": 4, "inspections": 3}],
        "by_kind": [{"label": "Орталық мемлекеттік орган" if kk else
                     "Центральный государственный орган", "violations": 5, "inspections": 3},
                    {"label": "Жергілікті атқарушы орган" if kk else
                     "Местный исполнительный орган", "violations": 2, "inspections": 1}],
        "by_region": [{"label": "Астана қаласы" if kk else "город Астана",
                       "violations": 7, "inspections": 4}],
        "remediation_rows": [{"label": "Мерзімінде жойылды" if kk else "Устранено в срок",
                         "count": 5},
                        {"label": "Жойылмады" if kk else "Не устранено", "count": 2}],
        "timeliness_rows": [{"label": "Ұзартулар (R9.2)" if kk else "Продления (R9.2)",
                        "count": 1}],
        "objection_rows": [{"label": "Алынған ескертулер және (немесе) қарсылықтар" if kk else
                        "Получено замечаний и (или) возражений", "count": 2}],
        "chart_plan": _sample_chart(),
        "chart_violations": _sample_chart(),
        "chart_remediation": _sample_chart(),
    }
