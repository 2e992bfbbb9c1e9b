"""Reference lists: entries parsed into fields, lists split into entries, a transliterated list merged into the
original one (one ref_id per work), and citations linked."""

import pytest

from pipeline.analysis.citations import Citation
from pipeline.analysis.references import (
    References,
    entry_text,
    parse_reference,
    split_entries,
)
from pipeline.core.schema import REFERENCE_COLUMNS, Document, Paragraph
from pipeline.output.export import reference_rows

FIELDS = ("number", "authors", "year", "title", "container", "volume", "issue", "pages", "doi", "url", "accessed", "style")


def check(entry: str, expected: dict) -> None:
    ref = parse_reference(entry, "r1")
    got = {name: getattr(ref, name) for name in FIELDS}
    want = {name: [] if name == "authors" else "" for name in FIELDS} | expected
    assert got == want


GOST = [
    ("1. Бондаренко Н.С., Сейткали Ж.К. Приграничная торговля на Алтае // Вестник Евразийского политологического "
     "общества. 2021. Т. 9, № 4. С. 105–119.",
     {"number": "1", "authors": ["Бондаренко Н.С.", "Сейткали Ж.К."], "year": "2021", "title": "Приграничная торговля на Алтае",
      "container": "Вестник Евразийского политологического общества", "volume": "9", "issue": "4", "pages": "105–119",
      "style": "gost"}),
    # GOST 7.1 heading: a comma between surname and initials, the author repeated after `/`, areas after `. –`
    ("Анисимов, А.В. Волжско-каспийский транзит / А.В. Анисимов. – М.: Наука, 2010. – 240 с.",
     {"authors": ["Анисимов А.В."], "year": "2010", "title": "Волжско-каспийский транзит", "pages": "240", "style": "gost"}),
    ("Иванов, И.И. Транзитный потенциал Урала / И.И. Иванов, П.П. Петров, С.С. Сидоров // Экономика региона. – 2019. – "
     "Т. 15, № 2. – С. 38–52.",
     {"authors": ["Иванов И.И.", "Петров П.П.", "Сидоров С.С."], "year": "2019", "title": "Транзитный потенциал Урала",
      "container": "Экономика региона", "volume": "15", "issue": "2", "pages": "38–52", "style": "gost"}),
    ("Мельников Д.Е. Субнациональные акторы в мировой политике. Новосибирск: Сибирское научное издательство, 2017. 214 с.",
     {"authors": ["Мельников Д.Е."], "year": "2017", "title": "Субнациональные акторы в мировой политике", "pages": "214",
      "style": "gost"}),
    # a collection: its editor is not an author
    ("Петров П.П. Региональные элиты и граница // Приграничное сотрудничество: сб. науч. тр. / под ред. С.С. Сидорова. "
     "Омск: Изд-во ОмГУ, 2018. С. 25–34.",
     {"authors": ["Петров П.П."], "year": "2018", "title": "Региональные элиты и граница",
      "container": "Приграничное сотрудничество: сб. науч. тр.", "pages": "25–34", "style": "gost"}),
    ("Сидоров С.С. Казахстанский вектор региональной политики. В кн.: Россия и Центральная Азия: проблемы и перспективы. "
     "М.: ИМЭМО РАН, 2015. С. 44–60.",
     {"authors": ["Сидоров С.С."], "year": "2015", "title": "Казахстанский вектор региональной политики",
      "container": "Россия и Центральная Азия: проблемы и перспективы", "pages": "44–60", "style": "gost"}),
    ("Россия – Казахстан: 30 лет сотрудничества / под ред. И.И. Иванова. М.: Наука, 2021. 300 с.",
     {"year": "2021", "title": "Россия – Казахстан: 30 лет сотрудничества", "pages": "300", "style": "gost"}),
    ("Иванов И.И. Приграничное сотрудничество регионов России и Казахстана: дис. … канд. полит. наук: 23.00.04. М., 2015. "
     "180 с.",
     {"authors": ["Иванов И.И."], "year": "2015", "title": "Приграничное сотрудничество регионов России и Казахстана",
      "pages": "180", "style": "gost"}),
    ("Кузнецов А.А. Транзит через Казахстан [Электронный ресурс] // Эксперт. 2020. 12 марта. URL: "
     "https://expert.example.ru/2020/03/12/tranzit (дата обращения: 05.03.2021).",
     {"authors": ["Кузнецов А.А."], "year": "2020", "title": "Транзит через Казахстан", "container": "Эксперт",
      "url": "https://expert.example.ru/2020/03/12/tranzit", "accessed": "2021-03-05", "style": "gost"}),
    # a web page's access date is not the year of the work: that stays empty (unknown)
    ("6. Положение о Совете приграничных регионов [Электронный ресурс]. URL: http://www.example.org/council "
     "(дата обращения: 12.03.2024).",
     {"number": "6", "title": "Положение о Совете приграничных регионов", "url": "http://www.example.org/council",
      "accessed": "2024-03-12", "style": "gost"}),
    ("Федеральный закон от 26.07.2017 № 187-ФЗ «О безопасности критической информационной инфраструктуры Российской "
     "Федерации» // Собрание законодательства РФ. 2017. № 31 (ч. I). Ст. 4736.",
     {"year": "2017", "title": "Федеральный закон от 26.07.2017 № 187-ФЗ «О безопасности критической информационной "
      "инфраструктуры Российской Федерации»", "container": "Собрание законодательства РФ", "issue": "31", "style": "gost"}),
    # an official document's own date is its year
    ("Указ Президента РФ от 05.12.2016 № 646 «Об утверждении Доктрины информационной безопасности Российской Федерации». "
     "URL: http://www.kremlin.ru/acts/bank/41460 (дата обращения: 05.03.2019).",
     {"year": "2016", "title": "Указ Президента РФ от 05.12.2016 № 646 «Об утверждении Доктрины информационной безопасности "
      "Российской Федерации»", "url": "http://www.kremlin.ru/acts/bank/41460", "accessed": "2019-03-05", "style": "gost"}),
    ("Росстат. Регионы России. Социально-экономические показатели. 2020: стат. сб. М., 2020. 1242 с.",
     {"authors": ["Росстат"], "year": "2020", "title": "Регионы России. Социально-экономические показатели",
      "pages": "1242", "style": "gost"}),
    # authors followed directly by `//`: no title, the container is the journal
    ("Harlow T.J., Grant P.A. // Oncogene. 2009. Vol. 28. P. 1129–1140.",
     {"authors": ["Harlow T.J.", "Grant P.A."], "year": "2009", "container": "Oncogene", "volume": "28",
      "pages": "1129–1140", "style": "gost"}),
    ("Алексеева Н.В. и др. Приграничье как ресурс развития // Регионология. 2019. Т. 27, № 1. С. 8–29.",
     {"authors": ["Алексеева Н.В."], "year": "2019", "title": "Приграничье как ресурс развития", "container": "Регионология",
      "volume": "27", "issue": "1", "pages": "8–29", "style": "gost"}),
    ("Сидоренко О.В. Регионы России. Опыт сотрудничества // Вестн. Моск. ун-та. Сер. 12. Политические науки. 2019. "
     "Вып. 3. С. 5–19. DOI: 10.24290/1029-3736-2019-0-3-5-19",
     {"authors": ["Сидоренко О.В."], "year": "2019", "title": "Регионы России. Опыт сотрудничества",
      "container": "Вестн. Моск. ун-та. Сер. 12. Политические науки", "issue": "3", "pages": "5–19",
      "doi": "10.24290/1029-3736-2019-0-3-5-19", "style": "gost"}),
    ("П.П. Петров, С.С. Сидоров. Транзит через степь // Вестник Омского университета. 2018. № 2. С. 3–15.",
     {"authors": ["Петров П.П.", "Сидоров С.С."], "year": "2018", "title": "Транзит через степь",
      "container": "Вестник Омского университета", "issue": "2", "pages": "3–15", "style": "gost"}),
    ("Петров-Водкин А.А., Ким Е.Ю. Корейцы Казахстана // Этнографическое обозрение. 2014. № 5. С. 120–135.",
     {"authors": ["Петров-Водкин А.А.", "Ким Е.Ю."], "year": "2014", "title": "Корейцы Казахстана",
      "container": "Этнографическое обозрение", "issue": "5", "pages": "120–135", "style": "gost"}),
]

AUTHOR_DATE = [
    ("Karimova, A. S. (2019). Duty-free zones on the Kazakh–Chinese border. Journal of Steppe Economies, 11(2), 105–128. "
     "https://doi.org/10.5555/jse.2019.11.2.105",
     {"authors": ["Karimova A.S."], "year": "2019", "title": "Duty-free zones on the Kazakh–Chinese border",
      "container": "Journal of Steppe Economies", "volume": "11", "issue": "2", "pages": "105–128",
      "doi": "10.5555/jse.2019.11.2.105", "style": "apa"}),
    ("Li, W., & Petrov, D. V. (2021). Conjunction without integration? The EAEU and the Belt and Road. Eurasian Policy "
     "Quarterly, 9(4), 33–51.",
     {"authors": ["Li W.", "Petrov D.V."], "year": "2021", "title": "Conjunction without integration? The EAEU and the Belt and Road",
      "container": "Eurasian Policy Quarterly", "volume": "9", "issue": "4", "pages": "33–51", "style": "apa"}),
    ("Smith, J. R., & Jones, M. E. (2015). Landlocked but connected: Kazakhstan and the Silk Road. Northlake University Press.",
     {"authors": ["Smith J.R.", "Jones M.E."], "year": "2015", "title": "Landlocked but connected: Kazakhstan and the Silk Road",
      "style": "apa"}),
    ("Eurasian Transport Observatory. (2022). Corridor performance report 2021. ETO Press.",
     {"authors": ["Eurasian Transport Observatory"], "year": "2022", "title": "Corridor performance report 2021", "style": "apa"}),
    ("Olsen, K. (2018). Border markets. In T. Lee & M. Park (Eds.), Trade at the edge (pp. 10–32). Routledge.",
     {"authors": ["Olsen K."], "year": "2018", "title": "Border markets", "container": "Trade at the edge", "pages": "10–32",
      "style": "apa"}),
    ("Brown, T. and White, K. (2016) Cross-border regions in Eurasia. Journal of Borderlands Studies, 31(3), pp. 355–370.",
     {"authors": ["Brown T.", "White K."], "year": "2016", "title": "Cross-border regions in Eurasia",
      "container": "Journal of Borderlands Studies", "volume": "31", "issue": "3", "pages": "355–370", "style": "apa"}),
    ("Novak, P. 2014. Borders and bridges. Regional Studies 48(5): 801–815.",
     {"authors": ["Novak P."], "year": "2014", "title": "Borders and bridges", "container": "Regional Studies",
      "volume": "48", "issue": "5", "pages": "801–815", "style": "apa"}),
    ("Anders, J. and O'Neill, L. (1999) 'Borders, regions and territoriality', Regional Review, 33(7), pp. 593–604. "
     "Available at: https://doi.org/10.5555/rr.1999.33.7 (Accessed: 5 March 2019).",
     {"authors": ["Anders J.", "O'Neill L."], "year": "1999", "title": "Borders, regions and territoriality",
      "container": "Regional Review", "volume": "33", "issue": "7", "pages": "593–604", "doi": "10.5555/rr.1999.33.7",
      "accessed": "2019-03-05", "style": "apa"}),
    # an editor is not an author
    ("Hale, J. (Ed.). (2015). Borders in Eurasia. Routledge.",
     {"year": "2015", "title": "Borders in Eurasia", "style": "apa"}),
    ("Tkachenko, A., Zhang, L., … Wu, H. (2020). Migration along the Irtysh. Asian Survey, 60(3), 455–480.",
     {"authors": ["Tkachenko A.", "Zhang L.", "Wu H."], "year": "2020", "title": "Migration along the Irtysh",
      "container": "Asian Survey", "volume": "60", "issue": "3", "pages": "455–480", "style": "apa"}),
]

NUMBERED_ENGLISH = [
    ("7. Smith JR, Jones ME, Lee K, et al. Cross-border trade and regional growth. J Borderl Stud. 2015;7(1):1-20. "
     "doi:10.1080/08865655.2015.1012345",
     {"number": "7", "authors": ["Smith J.R.", "Jones M.E.", "Lee K."], "year": "2015",
      "title": "Cross-border trade and regional growth", "container": "J Borderl Stud", "volume": "7", "issue": "1",
      "pages": "1-20", "doi": "10.1080/08865655.2015.1012345", "style": "other"}),
    ("12. Tanaka H, Wu L. Rail corridors in Central Asia. Transp Policy. 2017;45:101-112.",
     {"number": "12", "authors": ["Tanaka H.", "Wu L."], "year": "2017", "title": "Rail corridors in Central Asia",
      "container": "Transp Policy", "volume": "45", "pages": "101-112", "style": "other"}),
    ("3. Jones ME. Borders of Eurasia. 2nd ed. London: Routledge; 2018. 312 p.",
     {"number": "3", "authors": ["Jones M.E."], "year": "2018", "title": "Borders of Eurasia", "pages": "312", "style": "other"}),
    ("[4] A. Smith, B. Jones, Trade corridors in Central Asia, Transp. Policy 45 (2016) 101–112.",
     {"number": "4", "authors": ["Smith A.", "Jones B."], "year": "2016", "title": "Trade corridors in Central Asia",
      "container": "Transp. Policy", "volume": "45", "pages": "101–112", "style": "other"}),
    ("World Bank. World Development Report 2020: Trading for Development. Washington, DC: World Bank, 2020. 268 p.",
     {"authors": ["World Bank"], "year": "2020", "title": "World Development Report 2020: Trading for Development",
      "pages": "268", "style": "other"}),
]

TRANSLITERATED = [
    ("2. Kuznetsova A.V. Paradiplomatiya sibirskikh regionov [Paradiplomacy of Siberian regions]. Politicheskaya "
     "ekspertiza Sibiri, 2019, vol. 5, no. 2, pp. 38–52. (In Russ.)",
     {"number": "2", "authors": ["Kuznetsova A.V."], "year": "2019",
      "title": "Paradiplomatiya sibirskikh regionov [Paradiplomacy of Siberian regions]",
      "container": "Politicheskaya ekspertiza Sibiri", "volume": "5", "issue": "2", "pages": "38–52", "style": "other"}),
    ("Mel'nikov D.E. Subnatsional'nye aktory [Subnational actors]. Novosibirsk, Sibirskoe nauchnoe izdatel'stvo Publ., "
     "2017. 214 p. (In Russ.)",
     {"authors": ["Mel'nikov D.E."], "year": "2017", "title": "Subnatsional'nye aktory [Subnational actors]", "pages": "214",
      "style": "other"}),
    ("Galiev R.T. Promyshlennye svyazi [Industrial links]. Regional'naya ekonomika i politika [Regional Economy and Policy], "
     "2018, no. 2, pp. 60–71. (In Russ.) DOI: 10.24412/rep.2018.2.60",
     {"authors": ["Galiev R.T."], "year": "2018", "title": "Promyshlennye svyazi [Industrial links]",
      "container": "Regional'naya ekonomika i politika [Regional Economy and Policy]", "issue": "2", "pages": "60–71",
      "doi": "10.24412/rep.2018.2.60", "style": "other"}),
    ("Polozhenie o Sovete prigranichnykh regionov [Regulation on the Council of Border Regions]. Available at: "
     "http://www.example.org/council (accessed 12.03.2024). (In Russ.)",
     {"title": "Polozhenie o Sovete prigranichnykh regionov [Regulation on the Council of Border Regions]",
      "url": "http://www.example.org/council", "accessed": "2024-03-12", "style": "other"}),
    ("Ivanov I.I. Prigranichnoe sotrudnichestvo regionov Rossii [Cross-border cooperation of Russian regions]. Cand. Diss. "
     "Moscow, 2015. 180 p. (In Russ.)",
     {"authors": ["Ivanov I.I."], "year": "2015",
      "title": "Prigranichnoe sotrudnichestvo regionov Rossii [Cross-border cooperation of Russian regions]", "pages": "180",
      "style": "other"}),
    ("Anisimov A.V. Volzhsko-kaspiiskii tranzit [Volga–Caspian transit]. Moscow, Nauka Publ., 2010. 240 p. (In Russ.)",
     {"authors": ["Anisimov A.V."], "year": "2010", "title": "Volzhsko-kaspiiskii tranzit [Volga–Caspian transit]",
      "pages": "240", "style": "other"}),
]


@pytest.mark.parametrize("entry, expected", GOST)
def test_gost_entries(entry, expected):
    check(entry, expected)


@pytest.mark.parametrize("entry, expected", AUTHOR_DATE)
def test_author_date_entries(entry, expected):
    check(entry, expected)


@pytest.mark.parametrize("entry, expected", NUMBERED_ENGLISH)
def test_vancouver_and_other_entries(entry, expected):
    check(entry, expected)


@pytest.mark.parametrize("entry, expected", TRANSLITERATED)
def test_transliterated_entries(entry, expected):
    check(entry, expected)


@pytest.mark.parametrize("access", [
    "(дата обращения: 05.03.2019)", "(дата обращения 5.03.2019)", "(дата обращения: 5 марта 2019 г.)",
    "(accessed 05.03.2019)", "(accessed: March 5, 2019)", "(Accessed 5 March 2019)", "(Accessed: 2019-03-05)",
    "(date of access: 05.03.2019)", "(дата обращения: 2019.03.05)",
])
def test_access_dates_are_never_the_year(access):
    ref = parse_reference(f"Стратегия развития приграничья. URL: https://example.org/strategy-2017 {access}.", "r1")
    assert (ref.accessed, ref.year, ref.url, ref.title) == (
        "2019-03-05", "", "https://example.org/strategy-2017", "Стратегия развития приграничья")


def test_an_access_date_in_an_unknown_form_is_not_the_year_either():
    ref = parse_reference("Стратегия развития приграничья. URL: https://example.org/s (дата обращения: весна 2019).", "r1")
    assert (ref.accessed, ref.year) == ("", "")


def test_year_not_from_pages_doi_or_url():
    ref = parse_reference("Petrov P.P. Transit routes // Logistics Review. Vol. 12, no. 3. P. 1998–2005. "
                          "DOI: 10.1016/j.lr.2019.05.003 URL: https://example.org/2017/transit", "r1")
    assert (ref.year, ref.pages, ref.doi, ref.url) == ("", "1998–2005", "10.1016/j.lr.2019.05.003",
                                                       "https://example.org/2017/transit")


def test_year_in_ascii_digits_only():
    ref = parse_reference("Иванов И.И. Приграничье // Вестник. ٢٠١٩. № 3. С. 10–20.", "r1")
    assert ref.year == ""


# ------------------------------------------------------------------ splitting


def entries(text: str) -> list[str]:
    return [entry_text(text, a, b) for a, b in split_entries(text)]


def test_split_numbered_entries_run_together():
    text = ("1. Бондаренко Н.С. Приграничье // Вестник. 2021. № 4. С. 105–119. 2. Кузнецова А.В. Парадипломатия // "
            "Полис. 2019. Т. 5. С. 38–52. 3. Мельников Д.Е. Акторы. Новосибирск: Наука, 2017. 214 с.\n"
            "4. Очирбат Б. Западная Монголия // Монголоведение. 2020. № 1. С. 71–84. [5] Тарасов П.Г. Чуйский тракт. "
            "Барнаул, 2016. 6) Смирнов К.К. Степь. М., 2011.")
    assert entries(text) == [
        "1. Бондаренко Н.С. Приграничье // Вестник. 2021. № 4. С. 105–119.",
        "2. Кузнецова А.В. Парадипломатия // Полис. 2019. Т. 5. С. 38–52.",
        "3. Мельников Д.Е. Акторы. Новосибирск: Наука, 2017. 214 с.",
        "4. Очирбат Б. Западная Монголия // Монголоведение. 2020. № 1. С. 71–84.",
        "[5] Тарасов П.Г. Чуйский тракт. Барнаул, 2016.",
        "6) Смирнов К.К. Степь. М., 2011.",
    ]


def test_split_wrapped_numbered_entries():
    text = ("1. Бондаренко Н.С. Приграничное сотрудничество России и Казахстана в\n"
            "Алтайском регионе // Вестник. 2021. № 4. С. 105–119.\n"
            "2. Кузнецова А.В. Парадипломатия сибирских регионов. URL:\n"
            "https://example.org/paper-\nsiberia\n"
            "(дата обращения: 05.03.2019).\n"
            "3. Kuznetsova A.V. Paradiplomatiya. Politicheskaya ekspertiza Sibiri, 2019, vol. 5, no. 2, pp. 38–52.\n"
            "(In Russ.)\n"
            "4. Мельников Д.Е. Акторы // Сибирский сборник. 2017. Т.\n"
            "5. С. 38–44.\n"
            "5. Смирнов К.К. Степь. М., 2011. 300 с.")
    assert entries(text) == [
        "1. Бондаренко Н.С. Приграничное сотрудничество России и Казахстана в Алтайском регионе // Вестник. 2021. № 4. "
        "С. 105–119.",
        "2. Кузнецова А.В. Парадипломатия сибирских регионов. URL: https://example.org/paper-siberia (дата обращения: "
        "05.03.2019).",
        "3. Kuznetsova A.V. Paradiplomatiya. Politicheskaya ekspertiza Sibiri, 2019, vol. 5, no. 2, pp. 38–52. (In Russ.)",
        "4. Мельников Д.Е. Акторы // Сибирский сборник. 2017. Т. 5. С. 38–44.",
        "5. Смирнов К.К. Степь. М., 2011. 300 с.",
    ]


def test_split_unnumbered_alphabetical_list():
    text = ("Анисимов, А.В. Приграничная торговля / А.В. Анисимов. – М.: Наука, 2010. – 240 с.\n"
            "Бондаренко Н.С., Сейткали Ж.К. Приграничное сотрудничество России и Казахстана в Алтайском\n"
            "Регионе // Вестник. 2021. № 4. С. 105–119.\n"
            "Государственная программа развития приграничья [Электронный ресурс]. URL: http://example.org/gp\n"
            "(дата обращения: 12.03.2024).\n"
            "Соглашение о сотрудничестве между регионами.\n"
            "URL: http://example.org/a (дата обращения: 12.03.2024).\n"
            "Karimova, A. S. (2019). Duty-free borders.\n"
            "Journal of Steppe Economies, 11(2), 105–128.\n"
            "Smith J.R. Landlocked but connected: Kazakhstan and the new\n"
            "Silk Road. London: Northlake, 2015. 220 p.\n"
            "World Bank. World Development Report 2020. Washington, DC: World Bank, 2020. 268 p.")
    got = entries(text)
    assert len(got) == 7
    assert [e[:12] for e in got] == ["Анисимов, А.", "Бондаренко Н", "Государствен", "Соглашение о", "Karimova, A.",
                                     "Smith J.R. L", "World Bank. "]
    assert got[3] == "Соглашение о сотрудничестве между регионами. URL: http://example.org/a (дата обращения: 12.03.2024)."


def test_split_unnumbered_entries_run_together():
    text = ("Иванов И.И. Книга о границе. М.: Наука, 2010. 240 с. Петров П.П. Статья о транзите // Журнал. 2019. № 3. "
            "С. 10–20. Smith, J. R. (2015). Borders. Northlake Press. Сидоров С.С. Заметки // Полис. 2018. № 1.")
    assert [e.split()[0] for e in entries(text)] == ["Иванов", "Петров", "Smith,", "Сидоров"]


# ------------------------------------------------------------------ documents


def document(parts: list[tuple[str, bool, str]], body: str = "", citations: list | None = None) -> Document:
    """A document from (section, heading, paragraph text) parts, after a body paragraph."""
    text, paragraphs = "", []
    for section, heading, chunk in [("body", False, body)] * bool(body) + parts:
        lang = "ru" if any("а" <= ch <= "я" for ch in chunk.lower()) else "en"
        paragraphs.append(Paragraph(len(text), len(text) + len(chunk), section, lang, heading))
        text += chunk + "\n"
    return Document("doc", "doc.txt", "txt", text=text, paragraphs=paragraphs, citations=citations or [])


def reference_list(heading: str | None, items: list[str]) -> list[tuple[str, bool, str]]:
    return [("references", True, heading)] * bool(heading) + [("references", False, item) for item in items]


RU = [
    "1. Галиев Р.Т. Промышленные связи Восточного Оренбуржья // Региональная экономика и политика. 2018. № 2. С. 60–71.",
    "2. Жумабаева А.Е., Нуртаев С.М. Приграничные регионы Казахстана в ЕАЭС // Вестник Западного Казахстана. 2020. № 1. "
    "С. 12–24.",
    "3. Соколов И.В. Транспортная связанность пограничья // Транспорт Евразии. 2019. Т. 3, № 4. С. 81–95.",
    "4. Hughes R. Borders of Eurasia. London: Routledge, 2018. 240 p.",
    "5. Соглашение о приграничном сотрудничестве [Электронный ресурс]. URL: http://www.example.org/agreement "
    "(дата обращения: 05.09.2023).",
]
TRANSLIT = [
    "1. Galiev R.T. Promyshlennye svyazi Vostochnogo Orenburzh'ya [Industrial links of Eastern Orenburg region]. "
    "Regional'naya ekonomika i politika, 2018, no. 2, pp. 60–71. (In Russ.)",
    "2. Zhumabaeva A.E., Nurtaev S.M. Prigranichnye regiony Kazakhstana v EAES [Border regions of Kazakhstan in the EAEU]. "
    "Vestnik Zapadnogo Kazakhstana, 2020, no. 1, pp. 12–24. (In Russ.) DOI: 10.24412/vzk.2020.1.12",
    "3. Sokolov I.V. Transportnaya svyazannost' pogranich'ya [Transport connectivity of the borderland]. Transport Evrazii, "
    "2019, vol. 3, no. 4, pp. 81–95. (In Russ.)",
    "4. Hughes R. Borders of Eurasia. London: Routledge, 2018. 240 p.",
    "5. Soglashenie o prigranichnom sotrudnichestve [Agreement on cross-border cooperation]. Available at: "
    "http://www.example.org/agreement (accessed 05.09.2023). (In Russ.)",
]


def test_transliterated_list_merges_into_one_id_per_work():
    doc = References()(document(reference_list("Список литературы", RU) + reference_list("References", TRANSLIT)))
    assert [r.ref_id for r in doc.references] == ["r1", "r2", "r3", "r4", "r5"]
    assert [r.text for r in doc.references] == RU
    assert [r.text_translit for r in doc.references] == TRANSLIT
    second = doc.references[1]
    assert (second.authors, second.authors_translit) == (["Жумабаева А.Е.", "Нуртаев С.М."],
                                                         ["Zhumabaeva A.E.", "Nurtaev S.M."])
    assert second.doi == "10.24412/vzk.2020.1.12"  # only the transliterated entry gives it
    assert doc.references[4].year == ""


def test_numbering_restarting_without_a_heading_is_a_second_list():
    doc = References()(document(reference_list(None, RU + TRANSLIT)))
    assert [r.ref_id for r in doc.references] == ["r1", "r2", "r3", "r4", "r5"]
    assert all(r.text_translit for r in doc.references)


def test_unnumbered_lists_in_different_orders_match_by_author_and_year():
    ru = ["Жумабаева А.Е. Приграничье // Вестник. 2020. № 1. С. 12–24.",
          "Соколов И.В. Связанность // Транспорт. 2019. № 4. С. 81–95.",
          "Чернов К.К. Степь. М.: Наука, 2011. 300 с.",
          "Чернов К.К. Кочевники. М.: Наука, 2014. 280 с."]
    en = ["Chernov K.K. Kochevniki [Nomads]. Moscow, Nauka Publ., 2014. 280 p. (In Russ.)",
          "Chernov K.K. Step' [Steppe]. Moscow, Nauka Publ., 2011. 300 p. (In Russ.)",
          "Sokolov I.V. Svyazannost' [Connectivity]. Transport, 2019, no. 4, pp. 81–95. (In Russ.)"]
    doc = References()(document(reference_list("Литература", ru) + reference_list("References", en)))
    assert [r.ref_id for r in doc.references] == ["r1", "r2", "r3", "r4"]
    assert [r.text_translit.split(" [")[0] for r in doc.references] == [
        "", "Sokolov I.V. Svyazannost'", "Chernov K.K. Step'", "Chernov K.K. Kochevniki"]


def test_a_second_list_that_is_no_transliteration_keeps_its_own_ids():
    sources = ["1. Brown T. Steppe empires. Oxford: Clarendon Press, 1999. 300 p.",
               "2. White K. Nomads and borders. London: Verso, 2001. 200 p."]
    doc = References()(document(reference_list("Литература", RU) + reference_list("Sources", sources)))
    ids = [r.ref_id for r in doc.references]
    assert ids == ["r1", "r2", "r3", "r4", "r5", "r1-2", "r2-2"]
    assert len(set(ids)) == len(ids)
    assert not any(r.text_translit for r in doc.references)


def test_two_unnumbered_lists_of_different_lengths_have_no_duplicate_ids():
    first = ["Жумабаева А.Е. Приграничье // Вестник. 2020. № 1. С. 12–24.",
             "Соколов И.В. Связанность // Транспорт. 2019. № 4. С. 81–95."]
    second = ["Brown T. Steppe empires. Oxford: Clarendon Press, 1999. 300 p.",
              "Hughes R. Borders of Eurasia. London: Routledge, 2018. 240 p.",
              "White K. Nomads and borders. London: Verso, 2001. 200 p."]
    doc = References()(document(reference_list("Литература", first) + reference_list("References", second)))
    assert [r.ref_id for r in doc.references] == ["r1", "r2", "r3", "r4", "r5"]


def test_entry_split_over_paragraphs_keeps_its_offsets():
    doc = document(reference_list("Литература", [
        "1. Галиев Р.Т. Промышленные связи Восточного", "Оренбуржья // Региональная экономика. 2018. № 2. С. 60–71.",
        "2. Соколов И.В. Связанность. URL: http://www.example.org/s", "(дата обращения: 05.09.2023)."]))
    refs = References()(doc).references
    assert [r.text for r in refs] == [
        "1. Галиев Р.Т. Промышленные связи Восточного Оренбуржья // Региональная экономика. 2018. № 2. С. 60–71.",
        "2. Соколов И.В. Связанность. URL: http://www.example.org/s (дата обращения: 05.09.2023)."]
    assert doc.text[refs[1].start:refs[1].end].endswith("(дата обращения: 05.09.2023).")
    assert (refs[1].url, refs[1].accessed, refs[1].year) == ("http://www.example.org/s", "2023-09-05", "")


def test_list_heading_number_lines_and_a_closing_note():
    """A heading the structure stage left as text splits the lists; a number alone on its line opens an entry;
    `Поступила в редакцию …` after the list is not an entry."""
    doc = document(reference_list("Литература", [
        "1.", "Жумабаева А.Е. Приграничье // Вестник. 2020. № 1. С. 12–24.",
        "2.", "Соколов И.В. Связанность // Транспорт. 2019. № 4. С. 81–95.",
        "REFERENCES",
        "Sokolov I.V. Svyazannost' [Connectivity]. Transport, 2019, no. 4, pp. 81–95. (In Russ.)",
        "Zhumabaeva A.E. Prigranich'e [Borderland]. Vestnik, 2020, no. 1, pp. 12–24. (In Russ.)",
        "Поступила в редакцию 12.03.2024"]))
    refs = References()(doc).references
    assert [(r.ref_id, r.text, r.text_translit[:10]) for r in refs] == [
        ("r1", "1. Жумабаева А.Е. Приграничье // Вестник. 2020. № 1. С. 12–24.", "Zhumabaeva"),
        ("r2", "2. Соколов И.В. Связанность // Транспорт. 2019. № 4. С. 81–95.", "Sokolov I."),
    ]


def test_an_entry_taken_for_a_heading_stays_an_entry():
    doc = document(reference_list("Литература", ["Абрамов К.К. Степь. М.: Наука, 2011. 300 с."])
                   + [("references", True, "Введение в теорию границ. М.: Наука, 2010. 120 с.")]
                   + reference_list(None, ["Яковлев Б.Б. Граница. М.: Наука, 2012. 90 с."]))
    assert [r.ref_id for r in References()(doc).references] == ["r1", "r2", "r3"]


def test_works_without_authors_pair_by_web_address():
    ru = ["Закон Республики Казахстан от 16.01.2013 № 70-V «О Государственной границе Республики Казахстан». "
          "URL: https://adilet.example.kz/docs/Z1300000070 (дата обращения: 14.02.2022).",
          "Винокуров Е.Ю. Евразийская интеграция. СПб.: ЦИИ ЕАБР, 2012. 224 с."]
    en = ["On the State Border of the Republic of Kazakhstan. Law of the Republic of Kazakhstan of 16.01.2013 no. 70-V. "
          "Available at: https://adilet.example.kz/docs/Z1300000070 (accessed 14.02.2022). (In Russ.)",
          "Vinokurov E.Yu. Evraziiskaya integratsiya [Eurasian integration]. Saint Petersburg, EDB Publ., 2012. 224 p."]
    refs = References()(document(reference_list("Литература", ru) + reference_list("References", en[::-1]))).references
    assert [(r.ref_id, r.text_translit) for r in refs] == [("r1", en[0]), ("r2", en[1])]


# ------------------------------------------------------------------ linking


def cite(text: str, kind: str, numbers=(), authors=(), year="", title="") -> Citation:
    return Citation(0, len(text), text, kind, authors=list(authors), year=year, title=title, numbers=list(numbers))


@pytest.mark.parametrize("citation, ref_id", [
    (cite("[3]", "numeric", [3]), "r3"),
    (cite("[3, с. 45]", "numeric", [3]), "r3"),
    (cite("[1–4]", "numeric", [1, 2, 3, 4]), "r1;r2;r3;r4"),
    (cite("[7]", "numeric", [7]), ""),
    (cite("[Жумабаева, Нуртаев, 2020]", "work", authors=["Жумабаева", "Нуртаев"], year="2020"), "r2"),
    (cite("(Galiev, 2018)", "work", authors=["Galiev"], year="2018"), "r1"),
    (cite("(Zhumabaeva & Nurtaev, 2020, p. 14)", "work", authors=["Zhumabaeva", "Nurtaev"], year="2020"), "r2"),
    (cite("[Hughes, 2018]", "work", authors=["Hughes"], year="2018"), "r4"),
    (cite("[Соколов, 2017]", "work", authors=["Соколов"], year="2017"), ""),  # another year
    (cite("[Соглашение о приграничном сотрудничестве, www]", "web", title="Соглашение о приграничном сотрудничестве"), "r5"),
])
def test_citations_link_to_references(citation, ref_id):
    doc = document(reference_list("Список литературы", RU) + reference_list("References", TRANSLIT), citations=[citation])
    References()(doc)
    assert citation.ref_id == ref_id


def test_author_year_letter_picks_the_work():
    items = ["Smith, J. (2015a). Borders. Northlake Press.", "Smith, J. (2015b). Bridges. Northlake Press."]
    citation = cite("(Smith, 2015b)", "work", authors=["Smith"], year="2015b")
    References()(document(reference_list("References", items), citations=[citation]))
    assert citation.ref_id == "r2"


def test_reference_rows_have_every_column():
    doc = References()(document(reference_list("Список литературы", RU[:2]) + reference_list("References", TRANSLIT[:2])))
    rows = list(reference_rows(doc))
    assert [list(row) for row in rows] == [REFERENCE_COLUMNS] * 2
    assert rows[1]["authors"] == "Жумабаева А.Е.;Нуртаев С.М."
    assert (rows[1]["number"], rows[1]["container"], rows[1]["text_translit"]) == ("2", "Вестник Западного Казахстана", TRANSLIT[1])
