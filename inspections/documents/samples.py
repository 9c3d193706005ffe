"""Built-in realistic sample contexts, per document code and language.

Used by the preview CLI (``render(code, sample_context(code, lang), lang)``), by the
template editor of administrators and by the tests.  One periodic inspection of 2026 is
followed through all its documents; names include ``&``, ``<`` and ``>`` on purpose
(an engaged organisation "«Data & Security <Audit>»") to prove escaping.

The dates follow the statutory rules with the 2026 calendar: start on Mon 2 March
(notice on 26 February, R7.3), ten working days to 16 March (9 March is a day off, R9.1),
extension by five working days to 26 March (23–25 March are Nauryz days off, R9.2),
deadlines at least ten calendar days after delivery (R14.1), reply to objections within
fifteen working days (R12.2).
"""

from __future__ import annotations

import copy

from .annual_report import sample as annual_report_sample
from .errors import DocumentError
from .schema import LANGS

_AUTHORITY = {
    "kk": "Қазақстан Республикасы Жасанды интеллект және цифрлық даму министрлігінің "
          "Ақпараттық қауіпсіздік комитеті",
    "ru": "Комитет по информационной безопасности Министерства искусственного интеллекта и "
          "цифрового развития Республики Казахстан",
}
_PLACE = {"kk": "Астана қаласы", "ru": "город Астана"}

_SUBJECT = {
    "kk": {"name": "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
           "location": "010000, Астана қаласы, Есіл ауданы, Мәңгілік Ел даңғылы, 8, "
                       "«Министрліктер үйі» әкімшілік ғимараты, 2-кіреберіс"},
    "ru": {"name": "Министерство труда и социальной защиты населения Республики Казахстан",
           "location": "010000, город Астана, район Есиль, проспект Мәңгілік Ел, 8, "
                       "административное здание «Дом министерств», подъезд 2"},
}
_SUBDIVISION = {
    "kk": {"name": "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау "
                   "министрлігінің Цифрлық трансформация департаменті",
           "location": "010000, Астана қаласы, Есіл ауданы, Дінмұхамед Қонаев көшесі, 12/1, "
                       "5-қабат"},
    "ru": {"name": "Департамент цифровой трансформации Министерства труда и социальной защиты "
                   "населения Республики Казахстан",
           "location": "010000, город Астана, район Есиль, улица Динмухамеда Кунаева, 12/1, "
                       "5 этаж"},
}
_INSPECTORS = {
    "kk": [
        {"full_name": "Серікбаев Ерлан Маратұлы",
         "position": "Ақпараттық қауіпсіздік комитеті Дербес деректерді қорғау басқармасының "
                     "басшысы"},
        {"full_name": "Жұмабекова Әйгерім Қайратқызы",
         "position": "Ақпараттық қауіпсіздік комитеті Дербес деректерді қорғау басқармасының "
                     "бас сарапшысы"},
    ],
    "ru": [
        {"full_name": "Серикбаев Ерлан Маратович",
         "position": "руководитель Управления защиты персональных данных Комитета по "
                     "информационной безопасности"},
        {"full_name": "Жумабекова Айгерим Кайратовна",
         "position": "главный эксперт Управления защиты персональных данных Комитета по "
                     "информационной безопасности"},
    ],
}
_SPECIALISTS = {
    "kk": [
        {"full_name": "Әбдірахманов Тимур Ғалымұлы",
         "position": "ақпараттық қауіпсіздік жөніндегі жетекші маман",
         "organisation": "«Мемлекеттік техникалық қызмет» АҚ"},
        {"full_name": "Ким Виктория Сергеевна",
         "position": "ақпараттық жүйелер аудиторы",
         "organisation": "«Data & Security <Audit>» ЖШС"},
    ],
    "ru": [
        {"full_name": "Абдрахманов Тимур Галымович",
         "position": "ведущий специалист по информационной безопасности",
         "organisation": "АО «Государственная техническая служба»"},
        {"full_name": "Ким Виктория Сергеевна",
         "position": "аудитор информационных систем",
         "organisation": "ТОО «Data & Security <Audit>»"},
    ],
}
_DEPUTY = {
    "kk": {"full_name": "Оспанов Дәурен Бекұлы", "position": "Комитет төрағасының орынбасары"},
    "ru": {"full_name": "Оспанов Даурен Бекович",
           "position": "Заместитель председателя Комитета"},
}
_CHAIR = {
    "kk": {"full_name": "Нұрғалиев Асхат Серікұлы", "position": "Комитет төрағасы"},
    "ru": {"full_name": "Нургалиев Асхат Серикович", "position": "Председатель Комитета"},
}
_REPRESENTATIVE = {
    "kk": {"full_name": "Қасымова Гүлнар Бақытжанқызы",
           "position": "Цифрлық трансформация департаментінің директоры (2026 жылғы 27 ақпандағы "
                       "№ 14 сенімхат бойынша уәкілетті өкіл)"},
    "ru": {"full_name": "Касымова Гульнар Бахытжановна",
           "position": "директор Департамента цифровой трансформации (уполномоченный "
                       "представитель по доверенности от 27 февраля 2026 г. № 14)"},
}
_PRESENT = {
    "kk": [{"full_name": "Төлеуов Бауыржан Әлиұлы",
            "position": "Цифрлық трансформация департаментінің бас сарапшысы, дербес "
                        "деректерді өңдеуді ұйымдастыруға жауапты адам міндетін атқарушы"}],
    "ru": [{"full_name": "Толеуов Бауыржан Алиевич",
            "position": "главный эксперт Департамента цифровой трансформации, исполняющий "
                        "обязанности лица, ответственного за организацию обработки "
                        "персональных данных"}],
}
_SUBJECT_MATTER = {
    "kk": "Қазақстан Республикасының дербес деректер және оларды қорғау туралы заңнамасының "
          "сақталуы: дербес деректерді жинау, өңдеу және сақтау, субъектілердің келісімін алу, "
          "дербес деректерді қорғау жөніндегі шаралар, дербес деректерді өңдеуді "
          "ұйымдастыруға жауапты адамды тағайындау (Заңның 7, 8, 12, 22 және 25-баптары)",
    "ru": "Соблюдение законодательства Республики Казахстан о персональных данных и их "
          "защите: сбор, обработка и хранение персональных данных, получение согласия "
          "субъектов, меры по защите персональных данных, назначение лица, ответственного за "
          "организацию обработки персональных данных (статьи 7, 8, 12, 22 и 25 Закона)",
}
_DATES = {
    "kk": {
        "plan": "2025 жылғы 27 қараша", "notice": "2026 жылғы 26 ақпан",
        "appointment": "2026 жылғы 26 ақпан", "start": "2026 жылғы 2 наурыз",
        "start_time": "2026 жылғы 2 наурыз, сағат 10:00",
        "end": "2026 жылғы 16 наурыз", "extension": "2026 жылғы 12 наурыз",
        "new_end": "2026 жылғы 26 наурыз", "results": "2026 жылғы 26 наурыз",
        "period_from": "2024 жылғы 1 қаңтар", "period_to": "2025 жылғы 31 желтоқсан",
        "objections": "2026 жылғы 31 наурыз", "reply": "2026 жылғы 17 сәуір",
        "as_of": "2026 жылғы 1 маусым", "proposal": "2026 жылғы 2 маусым",
        "amendment": "2026 жылғы 10 ақпан", "basis": "2026 жылғы 3 ақпан",
        "d1": "2026 жылғы 30 сәуір", "d2": "2026 жылғы 15 мамыр",
        "d3": "2026 жылғы 29 мамыр", "d4": "2026 жылғы 30 маусым",
        "r1": "2026 жылғы 20 мамыр", "r2": "2026 жылғы 29 мамыр",
        "r3": "2026 жылғы 12 маусым", "r4": "2026 жылғы 14 шілде",
    },
    "ru": {
        "plan": "27 ноября 2025 г.", "notice": "26 февраля 2026 г.",
        "appointment": "26 февраля 2026 г.", "start": "2 марта 2026 г.",
        "start_time": "2 марта 2026 г., 10:00",
        "end": "16 марта 2026 г.", "extension": "12 марта 2026 г.",
        "new_end": "26 марта 2026 г.", "results": "26 марта 2026 г.",
        "period_from": "1 января 2024 г.", "period_to": "31 декабря 2025 г.",
        "objections": "31 марта 2026 г.", "reply": "17 апреля 2026 г.",
        "as_of": "1 июня 2026 г.", "proposal": "2 июня 2026 г.",
        "amendment": "10 февраля 2026 г.", "basis": "3 февраля 2026 г.",
        "d1": "30 апреля 2026 г.", "d2": "15 мая 2026 г.",
        "d3": "29 мая 2026 г.", "d4": "30 июня 2026 г.",
        "r1": "20 мая 2026 г.", "r2": "29 мая 2026 г.",
        "r3": "12 июня 2026 г.", "r4": "14 июля 2026 г.",
    },
}
_NUMBERS = {
    "plan": "1", "amendment": "1-2", "appointment": "01-14/27", "notice": "01-14/26",
    "extension": "01-14/31", "extension_notice": "01-14/32", "results": "01-14/35",
    "refusal": "01-14/36", "reply": "01-14/412", "proposal": "01-14/508",
}


def _violations(lang: str) -> list[dict]:
    d = _DATES[lang]
    if lang == "kk":
        law = "Заңның"
        return [
            {"no": 1, "requirement_ref": f"{law} 7-бабының 10-тармағы",
             "requirement_text": "Мемлекеттік органдардың және (немесе) мемлекеттік заңды "
                                 "тұлғалардың ақпараттандыру объектілерімен интеграциялану "
                                 "болмаған, технологиялық құралдарды пайдалана отырып, "
                                 "субъектіні сәйкестендіру мүмкін болмаған жағдайларды "
                                 "қоспағанда, жеке басты куәландыратын құжаттардың қағаз "
                                 "жеткізгіштегі көшірмелерін жинауға, өңдеуге тыйым салынады.",
             "nature": "Халыққа қызмет көрсету бөлімінде әлеуметтік төлемдерді тағайындау "
                       "кезінде өтініш берушілердің жеке куәліктерінің қағаз көшірмелері "
                       "жиналады және сақталады (2025 жылы 1 240 іс), интеграция мен "
                       "сәйкестендіру мүмкіндігі бар.",
             "remedy": "Жеке басты куәландыратын құжаттардың қағаз көшірмелерін жинауды "
                       "тоқтату; жиналған көшірмелерді Заңның 18-бабына сәйкес жою және жою "
                       "актісін ұсыну.",
             "deadline": d["d1"], "report_due": d["r1"]},
            {"no": 2, "requirement_ref": f"{law} 25-бабы 2-тармағының 10) тармақшасы",
             "requirement_text": "Меншік иесі және (немесе) оператор, егер олар заңды тұлғалар "
                                 "болып табылса, дербес деректерді өңдеуді ұйымдастыруға "
                                 "жауапты тұлғаны тағайындауға міндетті.",
             "nature": "Дербес деректерді өңдеуді ұйымдастыруға жауапты тұлға бұйрықпен "
                       "тағайындалмаған; міндеттер лауазымдық нұсқаулықта бекітілмеген.",
             "remedy": "Дербес деректерді өңдеуді ұйымдастыруға жауапты тұлғаны тағайындау "
                       "туралы бұйрық шығару және оның міндеттерін Заңның 25-бабының "
                       "3-тармағына сәйкес бекіту.",
             "deadline": d["d2"], "report_due": d["r2"]},
            {"no": 3, "requirement_ref": f"{law} 12-бабының 2-тармағы",
             "requirement_text": "Дербес деректерді сақтауды меншік иесі және (немесе) оператор, "
                                 "сондай-ақ үшінші тұлға Қазақстан Республикасының аумағындағы "
                                 "базада жүзеге асырады.",
             "nature": "«E-Әлеуметтік көмек» ақпараттық жүйесінің резервтік көшірмелері "
                       "Қазақстан Республикасының аумағынан тыс орналасқан бұлттық қызметте "
                       "сақталады.",
             "remedy": "Резервтік көшірмелерді Қазақстан Республикасының аумағындағы дерекқорға "
                       "көшіру және шетелдік қызметтегі көшірмелерді жою.",
             "deadline": d["d3"], "report_due": d["r3"]},
            {"no": 4, "requirement_ref": f"{law} 25-бабы 2-тармағының 1) тармақшасы",
             "requirement_text": "Меншік иесі және (немесе) оператор өздері жүзеге асыратын "
                                 "міндеттерді орындауы үшін қажетті және жеткілікті дербес "
                                 "деректердің тізбесін бекітуге міндетті.",
             "nature": "Дербес деректердің тізбесі 2019 жылы бекітілген және қазіргі уақытта "
                       "өңделетін биометриялық деректерді қамтымайды.",
             "remedy": "Қажетті және жеткілікті дербес деректердің жаңартылған тізбесін "
                       "бекіту.",
             "deadline": d["d4"], "report_due": d["r4"]},
        ]
    law = "Закона"
    return [
        {"no": 1, "requirement_ref": f"пункт 10 статьи 7 {law}",
         "requirement_text": "Запрещается сбор, обработка копий документов, удостоверяющих "
                             "личность, на бумажном носителе, за исключением случаев "
                             "отсутствия интеграции с объектами информатизации "
                             "государственных органов и (или) государственных юридических "
                             "лиц, невозможности идентификации субъекта с использованием "
                             "технологических средств.",
         "nature": "В отделе обслуживания населения при назначении социальных выплат "
                   "собираются и хранятся бумажные копии удостоверений личности заявителей "
                   "(1 240 дел за 2025 год) при наличии интеграции и возможности "
                   "идентификации.",
         "remedy": "Прекратить сбор бумажных копий документов, удостоверяющих личность; "
                   "уничтожить собранные копии в соответствии со статьей 18 Закона и "
                   "представить акт уничтожения.",
         "deadline": d["d1"], "report_due": d["r1"]},
        {"no": 2, "requirement_ref": f"подпункт 10) пункта 2 статьи 25 {law}",
         "requirement_text": "Собственник и (или) оператор обязаны назначить лицо, "
                             "ответственное за организацию обработки персональных данных, в "
                             "случае если они являются юридическими лицами.",
         "nature": "Лицо, ответственное за организацию обработки персональных данных, приказом "
                   "не назначено; обязанности в должностной инструкции не закреплены.",
         "remedy": "Издать приказ о назначении лица, ответственного за организацию обработки "
                   "персональных данных, и закрепить его обязанности в соответствии с пунктом 3 "
                   "статьи 25 Закона.",
         "deadline": d["d2"], "report_due": d["r2"]},
        {"no": 3, "requirement_ref": f"пункт 2 статьи 12 {law}",
         "requirement_text": "Хранение персональных данных осуществляется собственником и "
                             "(или) оператором, а также третьим лицом в базе, находящейся на "
                             "территории Республики Казахстан.",
         "nature": "Резервные копии информационной системы «E-Социальная помощь» хранятся в "
                   "облачном сервисе, расположенном за пределами Республики Казахстан.",
         "remedy": "Перенести резервные копии в базу данных на территории Республики "
                   "Казахстан и уничтожить копии в иностранном сервисе.",
         "deadline": d["d3"], "report_due": d["r3"]},
        {"no": 4, "requirement_ref": f"подпункт 1) пункта 2 статьи 25 {law}",
         "requirement_text": "Собственник и (или) оператор обязаны утверждать перечень "
                             "персональных данных, необходимый и достаточный для выполнения "
                             "осуществляемых ими задач.",
         "nature": "Перечень персональных данных утвержден в 2019 году и не включает "
                   "обрабатываемые в настоящее время биометрические данные.",
         "remedy": "Утвердить актуализированный перечень необходимых и достаточных "
                   "персональных данных.",
         "deadline": d["d4"], "report_due": d["r4"]},
    ]


def _common(lang: str, number: str, date: str, code: str) -> dict:
    return {
        "authority_name": _AUTHORITY[lang],
        "doc_number": number,
        "doc_date": date,
        "place": _PLACE[lang],
        "verification_code": f"BQ7K-{len(code):02d}{code[:2].upper()}-9TQA",
        "verify_url": f"https://baqylau.example.kz/v/BQ7K-{len(code):02d}{code[:2].upper()}-9TQA",
    }


def _ref(key: str, lang: str, date_key: str | None = None) -> dict:
    return {"number": _NUMBERS[key], "date": _DATES[lang][date_key or key]}


def _plan(lang: str) -> dict:
    d = _DATES[lang]
    kk = lang == "kk"
    items = [
        (_SUBJECT[lang]["name"], _SUBJECT[lang]["location"],
         "2026 жылғы наурыз" if kk else "март 2026 года"),
        ("Алматы қаласы Қоғамдық денсаулық сақтау басқармасы" if kk else
         "Управление общественного здравоохранения города Алматы",
         "050000, Алматы қаласы, Әуезов ауданы, Қазыбек би көшесі, 115" if kk else
         "050000, город Алматы, Ауэзовский район, улица Казыбек би, 115",
         "2026 жылғы сәуір" if kk else "апрель 2026 года"),
        ("Қарағанды облысы әкімінің аппараты" if kk else "Аппарат акима Карагандинской области",
         "100000, Қарағанды қаласы, Бұқар жырау даңғылы, 13" if kk else
         "100000, город Караганда, проспект Бухар жырау, 13",
         "2026 жылғы мамыр" if kk else "май 2026 года"),
        ("Қазақстан Республикасы Оқу-ағарту министрлігі" if kk else
         "Министерство просвещения Республики Казахстан",
         "010000, Астана қаласы, Мәңгілік Ел даңғылы, 8, «Министрліктер үйі» ӘҒ, 11-кіреберіс"
         if kk else "010000, город Астана, проспект Мәңгілік Ел, 8, АЗ «Дом министерств», "
         "подъезд 11",
         "2026 жылғы қыркүйек" if kk else "сентябрь 2026 года"),
        ("Шымкент қаласының Цифрландыру басқармасы" if kk else
         "Управление цифровизации города Шымкента",
         "160000, Шымкент қаласы, Тәуке хан даңғылы, 5" if kk else
         "160000, город Шымкент, проспект Тауке хана, 5",
         "2026 жылғы қазан" if kk else "октябрь 2026 года"),
    ]
    return {
        **_common(lang, _NUMBERS["plan"], d["plan"], "plan"),
        "plan_year": 2026,
        "items": [{"no": i, "subject_name": name, "location": location, "timeframe": when,
                   "subject_matter": _SUBJECT_MATTER[lang]}
                  for i, (name, location, when) in enumerate(items, 1)],
        "signatory": _CHAIR[lang],
    }


def _plan_amendment(lang: str) -> dict:
    d = _DATES[lang]
    kk = lang == "kk"
    old = ("Шымкент қаласының Цифрландыру басқармасы" if kk else
           "Управление цифровизации города Шымкента")
    new = ("Шымкент қаласының Цифрлық даму және мемлекеттік қызметтер басқармасы" if kk else
           "Управление цифрового развития и государственных услуг города Шымкента")
    return {
        **_common(lang, _NUMBERS["amendment"], d["amendment"], "plan_amendment"),
        "plan": {"number": _NUMBERS["plan"], "date": d["plan"], "year": 2026},
        "version": 2,
        "ground": "renaming",
        "ground_details": (f"«{old}» мемлекеттік мекемесінің атауы «{new}» болып өзгертілді."
                           if kk else
                           f"Государственное учреждение «{old}» переименовано в «{new}»."),
        "basis_document": {
            "title": "Шымкент қаласы әкімдігінің қаулысы" if kk else
                     "Постановление акимата города Шымкента",
            "number": "214", "date": d["basis"]},
        "changes": [{
            "item_no": 5, "action": "change",
            "before": old + (", 160000, Шымкент қаласы, Тәуке хан даңғылы, 5" if kk else
                             ", 160000, город Шымкент, проспект Тауке хана, 5"),
            "after": new + (", 160000, Шымкент қаласы, Тәуке хан даңғылы, 5" if kk else
                            ", 160000, город Шымкент, проспект Тауке хана, 5"),
        }],
        "signatory": _CHAIR[lang],
    }


def _grounds(lang: str) -> list[str]:
    d = _DATES[lang]
    if lang == "kk":
        return [f"{d['plan']} бекітілген 2026 жылға арналған мерзімді тексерулер жүргізу "
                f"жоспары (№ {_NUMBERS['plan']}), 1-тармақ; ақпарат көздері: мемлекеттік "
                "органдардың интернет-ресурстарын талдау нәтижелері, мемлекеттік техникалық "
                "қызметтің мәліметтері (Заңның 27-3-бабының 1 және 2-тармақтары)"]
    return [f"План проведения периодических проверок на 2026 год № {_NUMBERS['plan']}, "
            f"утвержденный {d['plan']}, пункт 1; источники информации: результаты анализа "
            "интернет-ресурсов государственных органов, сведения государственной технической "
            "службы (пункты 1 и 2 статьи 27-3 Закона)"]


def _appointment_act(lang: str) -> dict:
    d = _DATES[lang]
    return {
        **_common(lang, _NUMBERS["appointment"], d["appointment"], "appointment_act"),
        "inspectors": _INSPECTORS[lang],
        "specialists": _SPECIALISTS[lang],
        "subject": _SUBJECT[lang],
        "subdivision": _SUBDIVISION[lang],
        "subject_matter": _SUBJECT_MATTER[lang],
        "inspection_kind": "periodic",
        "inspection_start": d["start"],
        "inspection_end": d["end"],
        "duration_days": 10,
        "grounds": _grounds(lang),
        "period_from": d["period_from"],
        "period_to": d["period_to"],
        "signatory": _DEPUTY[lang],
    }


def _start_notice(lang: str) -> dict:
    d = _DATES[lang]
    return {
        **_common(lang, _NUMBERS["notice"], d["notice"], "start_notice"),
        "subject": _SUBJECT[lang],
        "subdivision": _SUBDIVISION[lang],
        "inspection_kind": "periodic",
        "subject_matter": _SUBJECT_MATTER[lang],
        "planned_start": d["start_time"],
        "appointment_act": _ref("appointment", lang),
        "signatory": _DEPUTY[lang],
    }


_REASONS = {
    "kk": "Тексеру барысында «E-Әлеуметтік көмек» ақпараттық жүйесінің резервтік "
          "көшірмелерінің шетелдік бұлттық қызметте сақталуы анықталды; мемлекеттік техникалық "
          "қызметтің сараптамалық қорытындысын алу және қосымша 14 ақпараттық жүйеге "
          "қолжетімділік құқықтарын зерделеу қажет.",
    "ru": "В ходе проверки установлено хранение резервных копий информационной системы "
          "«E-Социальная помощь» в иностранном облачном сервисе; требуется получение "
          "экспертного заключения государственной технической службы и изучение прав доступа "
          "к 14 дополнительным информационным системам.",
}


def _extension_act(lang: str) -> dict:
    d = _DATES[lang]
    return {
        **_common(lang, _NUMBERS["extension"], d["extension"], "extension_act"),
        "appointment_act": _ref("appointment", lang),
        "subject": _SUBJECT[lang],
        "inspection_kind": "periodic",
        "subject_matter": _SUBJECT_MATTER[lang],
        "inspection_start": d["start"],
        "current_end": d["end"],
        "new_end": d["new_end"],
        "extension_days": 5,
        "reasons": _REASONS[lang],
        "signatory": _CHAIR[lang],
    }


def _extension_notice(lang: str) -> dict:
    d = _DATES[lang]
    return {
        **_common(lang, _NUMBERS["extension_notice"], d["extension"], "extension_notice"),
        "subject": _SUBJECT[lang],
        "appointment_act": _ref("appointment", lang),
        "extension_act": _ref("extension", lang),
        "current_end": d["end"],
        "new_end": d["new_end"],
        "extension_days": 5,
        "reasons": _REASONS[lang],
        "signatory": _DEPUTY[lang],
    }


def _results_act(lang: str) -> dict:
    d = _DATES[lang]
    kk = lang == "kk"
    return {
        **_common(lang, _NUMBERS["results"], d["results"], "results_act"),
        "copy_number": 2,
        "drawn_time": "16:30",
        "appointment_act": _ref("appointment", lang),
        "extension_act": _ref("extension", lang),
        "inspectors": _INSPECTORS[lang],
        "specialists": _SPECIALISTS[lang],
        "subject": _SUBJECT[lang],
        "subdivision": _SUBDIVISION[lang],
        "subject_matter": _SUBJECT_MATTER[lang],
        "inspection_kind": "periodic",
        "inspection_start": d["start"],
        "inspection_end": d["new_end"],
        "period_from": d["period_from"],
        "period_to": d["period_to"],
        "results_summary": (
            "Тексеру барысында 6 ақпараттық жүйе, 38 ішкі құжат, 1 240 әлеуметтік төлем "
            "ісі қаралды; дербес деректерді өңдейтін 9 жұмыскерден түсініктеме алынды; "
            "«E-Әлеуметтік көмек» ақпараттық жүйесіне тексеру нысанасы шегінде "
            "қолжетімділік берілді." if kk else
            "В ходе проверки изучены 6 информационных систем, 38 внутренних документов, "
            "1 240 дел о социальных выплатах; получены объяснения 9 работников, "
            "обрабатывающих персональные данные; предоставлен доступ к информационной "
            "системе «E-Социальная помощь» в пределах предмета проверки."),
        "violations": _violations(lang),
        # R10.2: copy 2 leaves out the copy of the list of personal data, whose original
        # the control subject holds; it carries copies of the other attachments.
        "attachments": [
            "Резервтік көшіру журналынан үзінді (электрондық құжат)" if kk else
            "Выписка из журнала резервного копирования (электронный документ)",
            "Жұмыскерлер түсініктемелерінің көшірмелері (9 парақ)" if kk else
            "Копии объяснений работников (9 листов)",
        ],
        "subject_representative": _REPRESENTATIVE[lang],
        "persons_present": _PRESENT[lang],
    }


def _refusal_act(lang: str) -> dict:
    d = _DATES[lang]
    return {
        **_common(lang, _NUMBERS["refusal"], d["results"], "refusal_act"),
        "results_act": _ref("results", lang),
        "appointment_act": _ref("appointment", lang),
        "subject": _SUBJECT[lang],
        "inspectors": _INSPECTORS[lang],
        "subject_representative": _REPRESENTATIVE[lang],
        "refusal_reason": (
            "Бақылау субъектісі 3-бұзушылықпен келіспейді: резервтік көшірмелер шифрланған "
            "түрде сақталады, деп есептейді; жазбаша түсініктеме қоса беріледі." if lang == "kk"
            else "Субъект контроля не согласен с нарушением № 3, полагая, что резервные копии "
                 "хранятся в зашифрованном виде; письменное пояснение прилагается."),
    }


def _objection_reply(lang: str) -> dict:
    d = _DATES[lang]
    kk = lang == "kk"
    return {
        **_common(lang, _NUMBERS["reply"], d["reply"], "objection_reply"),
        "subject": _SUBJECT[lang],
        "results_act": _ref("results", lang),
        "objections": {"number": "ЕХӘҚМ-04/1187", "received": d["objections"]},
        "points": [
            {"no": 1,
             "objection": "3-бұзушылық: резервтік көшірмелер шифрланған, сондықтан шетелде "
                          "сақтау Заңның 12-бабын бұзбайды." if kk else
                          "Нарушение № 3: резервные копии зашифрованы, поэтому хранение за "
                          "рубежом не нарушает статью 12 Закона.",
             "decision": "rejected",
             "reasons": "Заңның 12-бабының 2-тармағы дербес деректерді Қазақстан "
                        "Республикасының аумағындағы базада сақтауды талап етеді; шифрлау "
                        "бұл талаптан босатпайды." if kk else
                        "Пункт 2 статьи 12 Закона требует хранения персональных данных в базе, "
                        "находящейся на территории Республики Казахстан; шифрование от этого "
                        "требования не освобождает."},
            {"no": 2,
             "objection": "4-бұзушылық: тізбені жаңарту үшін «Мемлекеттік техникалық қызмет» "
                          "АҚ-ның қорытындысы қажет, мерзімді ұзарту сұралады." if kk else
                          "Нарушение № 4: для актуализации перечня требуется заключение АО "
                          "«Государственная техническая служба», просим продлить срок.",
             "decision": "partially_accepted",
             "reasons": "Заңның 27-3-бабының 15-тармағына сәйкес қорытынды алу мерзімі "
                        "ескерілді; орындау мерзімі өзгертілмейді, алайда бақылау субъектісі "
                        "қорытынды алу туралы сұрау салуды ұсынған жағдайда, бұл бұзушылықтарды "
                        "жою туралы ақпаратты қарау кезінде ескеріледі." if kk else
                        "Срок получения заключения учтен в соответствии с пунктом 15 статьи "
                        "27-3 Закона; срок исполнения не изменяется, однако при представлении "
                        "субъектом контроля запроса о заключении это будет учтено при "
                        "рассмотрении информации об устранении нарушений."},
            {"no": 3,
             "objection": "Актінің 6-тармағында департаменттің мекенжайы қате көрсетілген." if kk
                          else "В пункте 6 акта неверно указан адрес департамента.",
             "decision": "accepted",
             "reasons": "Ескерту қабылданды: департаменттің дұрыс мекенжайы — Астана қ., "
                        "Мәңгілік Ел даңғылы, 8. Табыс етілген акт өзгертілмейді; осы уәжді "
                        "жауап актіге қоса беріледі." if kk
                        else "Замечание принято: верный адрес департамента — г. Астана, "
                        "проспект Мангилик Ел, 8. Врученный акт не изменяется; настоящий "
                        "мотивированный ответ приобщается к акту."},
        ],
        "conclusion": (
            "Тексеру нәтижелері туралы актіде № 1, 2, 3 және 4 бұзушылықтарды жою туралы "
            "қойылған талаптар күшінде қалады." if kk else
            "Требования об устранении нарушений № 1, 2, 3 и 4, предъявленные в акте о "
            "результатах проверки, остаются в силе."),
        "signatory": _DEPUTY[lang],
    }


def _followup_proposal(lang: str) -> dict:
    d = _DATES[lang]
    kk = lang == "kk"
    # R16.2: only the violations whose reporting date (R16.1) has passed by ``as_of``
    overdue = [dict(v) for v in _violations(lang)[:2]]
    for v in overdue:
        v.pop("requirement_text")
    return {
        **_common(lang, _NUMBERS["proposal"], d["proposal"], "followup_proposal"),
        "addressee": ({"position": "Комитет төрағасы", "full_name": "А. С. Нұрғалиевке"} if kk
                      else {"position": "Председателю Комитета",
                            "full_name": "Нургалиеву А. С."}),
        "subject": _SUBJECT[lang],
        "results_act": _ref("results", lang),
        "appointment_act": _ref("appointment", lang),
        "as_of": d["as_of"],
        "subject_matter": (
            "Тексеру нәтижелері туралы актінің (№ 01-14/35) орындалуы: анықталған № 1 және "
            "№ 2 бұзушылықтардың жойылуы" if kk else
            "Исполнение акта о результатах проверки (№ 01-14/35): устранение выявленных "
            "нарушений № 1 и № 2"),
        "violations": overdue,
        "signatory": _INSPECTORS[lang][0],
    }


def _portal_statement(lang: str) -> dict:
    """Issue 16: remarks and objections submitted and signed on the portal (R12.1)."""
    d = _DATES[lang]
    kk = lang == "kk"
    return {
        **_common(lang, "01-14/35-П1", d["results"], "portal_statement"),
        "statement_kind": "objection",
        "subject": _SUBJECT[lang],
        "subject_bin": "990140000019",
        "act_kind": "results_act",
        "act": _ref("results", lang),
        "sender": ({"full_name": "Омаров Дәулет Серікұлы", "position": "Жауапты хатшы"} if kk
                   else {"full_name": "Омаров Даулет Серикович",
                         "position": "Ответственный секретарь"}),
        "submitted_at": d["results"] + " 11:20",
        "text": ("Ескертулер және (немесе) қарсылықтар қоса беріледі" if kk
                 else "Замечания и (или) возражения прилагаются"),
        "statement_points": [
            {"no": 1, "violation": "№ 2",
             "text": "Келісім 2025 жылы алынған." if kk else "Согласие получено в 2025 году."},
        ],
        "violation": None,
    }


_BUILDERS = {
    "plan": _plan,
    "plan_amendment": _plan_amendment,
    "appointment_act": _appointment_act,
    "start_notice": _start_notice,
    "extension_act": _extension_act,
    "extension_notice": _extension_notice,
    "results_act": _results_act,
    "refusal_act": _refusal_act,
    "objection_reply": _objection_reply,
    "followup_proposal": _followup_proposal,
    "portal_statement": _portal_statement,
    "annual_report": annual_report_sample,
}


def sample_context(code: str, lang: str) -> dict:
    """A realistic sample context of ``code`` in ``lang`` (a fresh deep copy)."""
    if code not in _BUILDERS:
        raise DocumentError(f"unknown document code: {code!r}")
    if lang not in LANGS:
        raise DocumentError(f"unknown document language: {lang!r}")
    return copy.deepcopy(_BUILDERS[code](lang))
