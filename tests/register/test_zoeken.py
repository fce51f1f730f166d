"""Search in the public register: the pure text rules, and the search on both engines (tolerance,
filters, the index kept in sync, the plan using the index)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register import clock
from register import db as register_db
from register.actor import Actor, Rol
from register.rules import klank
from register.services import jobcoaches, organisaties, zoeken
from register.tables import Jobcoach
from tests import builders

# --- pure rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("Öztürk", "ozturk"),
        ("  Sanne   de  VRIES ", "sanne de vries"),
        ("'s-Gravenhage", "s gravenhage"),
        ("El Amrani-van den Berg", "el amrani van den berg"),
        ("Æsir Łódź Straße Søren", "aesir lodz strasse soren"),
        ("Zoë Ĳsbrandt-Çelik", "zoe ijsbrandt celik"),
        ("D'Angelo", "d angelo"),
        ("", ""),
    ],
)
def test_normaliseer(tekst, verwacht):
    assert zoeken.normaliseer(tekst) == verwacht


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("JC-000123", "JC-000123"),
        ("jc000123", "JC-000123"),
        ("jc 123", "JC-000123"),
        ("123", "JC-000123"),
        (" JC-000001 ", "JC-000001"),
        ("JC-1234567", None),
        ("Sanne", None),
        ("", None),
    ],
)
def test_registratienummer_in(tekst, verwacht):
    assert zoeken.registratienummer_in(tekst) == verwacht


# Reference values computed by PostgreSQL 15's pg_trgm for the same pairs.
@pytest.mark.parametrize(
    ("query", "naam", "similarity", "word_similarity"),
    [
        ("sane de vris", "sanne de vries", 0.5555556, 0.6666667),
        ("vries sanne de", "sanne de vries", 1.0, 1.0),
        ("vries", "sanne de vries", 0.4, 1.0),
        ("san", "sanne de vries", 0.1875, 0.75),
        ("sanne bakker", "sanne de vries", 0.27272728, 0.46153846),
        ("mohamed el amrani", "mohammed el amrani", 0.85, 0.85),
        ("jansen", "sanne de vries", 0.0, 0.0),
        ("werkfitt jobcoachin", "werkfit jobcoaching", 0.73913044, 0.8095238),
    ],
)
def test_scores_follow_pg_trgm(query, naam, similarity, word_similarity):
    assert zoeken.similarity(query, naam) == pytest.approx(similarity, abs=1e-6)
    assert zoeken.word_similarity(query, naam) == pytest.approx(word_similarity, abs=1e-6)


@pytest.mark.parametrize(
    ("query", "naam", "vindt"),
    [
        ("Sanne de Vries", "Sanne de Vries", True),
        ("sanne de vries", "Sanne de Vries", True),
        ("Vries Sanne de", "Sanne de Vries", True),
        ("Sane de Vris", "Sanne de Vries", True),
        ("ozturk", "Fatima Öztürk", True),
        ("Fatma Oztrk", "Fatima Öztürk", True),
        ("Vries", "Sanne de Vries", True),
        ("Sanne Bakker", "Sanne de Vries", False),
        ("Jansen", "Sanne de Vries", False),
    ],
)
def test_matches(query, naam, vindt):
    assert zoeken.matches(query, naam) is vindt


# Names in a Dutch register: Latin letters with or without diacritics.
names = st.lists(
    st.text(
        alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x024F),
        min_size=2,
        max_size=12,
    ),
    min_size=1,
    max_size=4,
)


@given(names, st.randoms())
def test_word_order_case_and_accents_do_not_matter(words, random):
    naam = " ".join(words)
    shuffled = words[:]
    random.shuffle(shuffled)
    query = " ".join(shuffled).upper()
    assert zoeken.similarity(query, naam) == zoeken.similarity(naam, naam)
    assert zoeken.matches(query, naam)


@given(names)
def test_a_name_finds_itself_and_scores_one(words):
    naam = " ".join(words)
    if zoeken.normaliseer(naam):
        assert zoeken.score(naam, naam) == 1.0


def test_fts_query_uses_trigrams_inside_words():
    assert zoeken.fts_query("sane de vris") == '"ane" OR "ris" OR "san" OR "vri"'
    assert zoeken.fts_query("li wu") is None


# --- the search on both engines ---------------------------------------------------------------------


async def coach(voornaam, achternaam, status="actief", werkgebied=()):
    for code in werkgebied:
        await builders.gemeente(code, code)
    view = await builders.jobcoach(voornaam=voornaam, achternaam=achternaam, werkgebied=list(werkgebied))
    if status in ("actief", "geschorst", "uitgeschreven"):
        await jobcoaches.set_status(builders.BEHEER, view["id"], "actief", "toegelaten")
    if status in ("geschorst", "uitgeschreven"):
        await jobcoaches.set_status(builders.BEHEER, view["id"], status, "besluit van de beheerder")
    return view


async def names_found(tekst, **kwargs):
    result = await zoeken.zoek(zoeken.Zoekvraag(soort="jobcoach", tekst=tekst, **kwargs), 0, 50)
    rows = await Jobcoach.select(Jobcoach.id, Jobcoach.voornaam, Jobcoach.achternaam)
    by_id = {str(r["id"]): f"{r['voornaam']} {r['achternaam']}" for r in rows}
    return [by_id[i] for i in result.ids]


@pytest.fixture
async def register(db):
    return {
        "sanne": await coach("Sanne", "de Vries", werkgebied=["GM0599"]),
        "fatima": await coach("Fatima", "Öztürk", werkgebied=["GM0363"]),
        "joost": await coach("Joost", "van den Berg", status="geschorst", werkgebied=["GM0599"]),
        "mohammed": await coach("Mohammed", "El Amrani", werkgebied=["GM1930"]),
        "eva": await coach("Eva", "Jansen", status="aangemeld"),
        "pieter": await coach("Pieter", "Bakker", status="uitgeschreven"),
        "sanneke": await coach("Sanneke", "Vos"),
    }


@pytest.mark.parametrize(
    ("tekst", "eerste"),
    [
        ("Sanne de Vries", "Sanne de Vries"),
        ("SANNE DE VRIES", "Sanne de Vries"),
        ("Vries Sanne de", "Sanne de Vries"),
        ("Sane de Vris", "Sanne de Vries"),
        ("de vries", "Sanne de Vries"),
        ("Öztürk", "Fatima Öztürk"),
        ("ozturk", "Fatima Öztürk"),
        ("Fatma Oztrk", "Fatima Öztürk"),
        ("Mohamed el-Amrani", "Mohammed El Amrani"),
        ("van den berg", "Joost van den Berg"),
    ],
)
async def test_tolerant_search(register, tekst, eerste):
    found = await names_found(tekst)
    assert found, f"{tekst!r} found nothing"
    assert found[0] == eerste


async def test_unrelated_names_are_not_found(register):
    assert await names_found("Sanne de Vries") == ["Sanne de Vries"]
    assert "Sanne de Vries" not in await names_found("Jansen")


async def test_only_actief_and_geschorst_coaches_are_public(register):
    assert await names_found("Eva Jansen") == []
    assert await names_found("Pieter Bakker") == []
    assert await names_found(register["eva"]["registratienummer"]) == []
    assert await names_found(register["pieter"]["registratienummer"]) == []
    assert await names_found("Joost van den Berg") == ["Joost van den Berg"]
    everyone = await zoeken.zoek(zoeken.Zoekvraag(soort="jobcoach"), 0, 50)
    assert everyone.totaal == 5


async def test_registratienummer_first_in_any_spelling(register):
    nummer = register["fatima"]["registratienummer"]
    digits = nummer.split("-")[1]
    for tekst in (nummer, nummer.lower(), f"jc {int(digits)}", digits):
        assert (await names_found(tekst))[0] == "Fatima Öztürk", tekst


async def test_best_match_ranks_first(register):
    found = await names_found("Sanne")
    assert found[:2] == ["Sanne de Vries", "Sanneke Vos"]


async def test_filters_combine_with_the_search(register):
    assert await names_found("", gemeenten=("GM0599",)) == ["Joost van den Berg", "Sanne de Vries"]  # phone-book order
    assert await names_found("Sanne", gemeenten=("GM0599",)) == ["Sanne de Vries"]
    assert await names_found("Sanne", gemeenten=("GM0363",)) == []
    assert await names_found("", gemeenten=()) == []


async def test_keurmerk_filter_counts_only_verified_valid_keurmerken(register):
    today = clock.today()
    me = Actor(None, "coach", (Rol("jobcoach", jobcoach=register["sanne"]["id"]),))
    claim = await jobcoaches.add_keurmerk(
        me,
        register["sanne"]["id"],
        {
            "schema": "noloc",
            "nummer": "N-1",
            "ingangsdatum": today - dt.timedelta(days=30),
            "geldig_tot": today + dt.timedelta(days=400),
            "status": "actief",
        },
    )
    vraag = {"schema": "noloc", "peildatum": today}
    assert await names_found("", **vraag) == []  # an unverified claim does not count
    await builders.verify(claim["id"])
    assert await names_found("", **vraag) == ["Sanne de Vries"]
    assert await names_found("", schema="nvs", peildatum=today) == []
    later = today + dt.timedelta(days=401)
    assert await names_found("", schema="noloc", peildatum=later) == []  # expired by then


async def test_index_follows_renames_and_deletes(register):
    await jobcoaches.update(builders.BEHEER, register["sanne"]["id"], {"achternaam": "Smit-Öztürk"})
    assert "Sanne Smit-Öztürk" in await names_found("Sanne Smit Ozturk")
    assert await names_found("de Vries") == []
    await Jobcoach.delete().where(Jobcoach.id == register["sanneke"]["id"])
    assert await names_found("Sanneke Vos") == []


async def test_short_words_are_found(db):
    await coach("Li", "Wu")
    assert await names_found("li wu") == ["Li Wu"]
    assert await names_found("Wu") == ["Li Wu"]


async def test_organisations_are_searched_the_same_way(db):
    await builders.organisatie(naam="Werkfit Jobcoaching")
    await builders.organisatie(naam="Jobcoach Zuid")
    await builders.organisatie(naam="Samen Aan Het Werk")
    result = await zoeken.zoek(zoeken.Zoekvraag(soort="organisatie", tekst="werkfitt jobcoachin"), 0, 10)
    views = [await organisaties.view(i) for i in result.ids]
    assert [v["naam"] for v in views][0] == "Werkfit Jobcoaching"
    assert "Samen Aan Het Werk" not in [v["naam"] for v in views]


# --- the index itself -------------------------------------------------------------------------------

LATIN = "".join(chr(c) for c in range(0x00C0, 0x0250))
# Every Latin letter of the other blocks that PostgreSQL's unaccent also covers, whose folding is ASCII
# (issue #16, case 12: SQLite folded only up to Latin Extended-B).
LATIN_MEER = "".join(
    ch
    for start, end in ((0x1E00, 0x1F00), (0x2C60, 0x2C80), (0xA720, 0xA800), (0xAB30, 0xAB70), (0xFB00, 0xFB07))
    for ch in map(chr, range(start, end))
    if ch.isalpha() and zoeken.normaliseer(ch) and zoeken.normaliseer(ch).isascii() and zoeken.normaliseer(ch) != ch
)


async def test_database_normalises_like_python(db):
    """The trigger (SQLite) or register_zoeknorm (PostgreSQL) folds text as normaliseer() does."""
    samples = [
        "Fatima Öztürk",
        "'s-Gravenhage",
        "Søren Ærø-Łukasz",
        "Ĳsbrand Çelik-Dağ",
        "Zoë D'Angelo",
        "ÀÉÎÕÜ àéîõü ñÑ çÇ",
        "Ṡṫḗṗḥḁṅ Ẁỳḿ Ɑⱥ",  # Latin Extended Additional and -C
        "Zoe\u0308 Ö\u0301",  # combining marks
    ]
    assert len(LATIN_MEER) > 250
    if register_db.is_postgres():
        samples += [LATIN, *(LATIN_MEER[i : i + 90] for i in range(0, len(LATIN_MEER), 90))]
        for text in samples:
            rows = await Jobcoach.raw("SELECT register_zoeknorm({}) AS n", text)
            assert rows[0]["n"] == zoeken.normaliseer(text), text
        return
    chunks = [LATIN_MEER[i : i + 90] for i in range(0, len(LATIN_MEER), 90)]
    for i, text in enumerate([*samples, LATIN[: len(LATIN) // 2], LATIN[len(LATIN) // 2 :], *chunks]):
        view = await builders.jobcoach(voornaam=f"X{i}", achternaam=text[:100])
        rows = await Jobcoach.raw("SELECT tekst FROM jobcoach_zoektekst WHERE jobcoach = {}", view["id"])
        assert " ".join(rows[0]["tekst"].split()) == zoeken.normaliseer(f"X{i} {text[:100]}"), text


async def bulk_coaches(n: int) -> None:
    """n public coaches straight into the table (the services would take minutes)."""
    first = ["Sanne", "Eva", "Pieter", "Mohammed", "Fatima", "Joost", "Anna", "Bram", "Lotte", "Daan"]
    last = ["de Vries", "Jansen", "Bakker", "El Amrani", "Öztürk", "van den Berg", "Visser", "Smit"]
    engine = register_db.engine()
    values = []
    for i in range(n):
        values.append(
            f"('{i:08d}-0000-4000-8000-{i:012d}', 'JC-9{i:05d}', '{first[i % len(first)]}{i % 97}', "
            f"'{last[(i // 10) % len(last)]} {i // 80}', 'x{i}@voorbeeld.nl', 'actief', "
            "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', 1)"
        )
    for start in range(0, n, 500):
        await engine.run_ddl(
            "INSERT INTO jobcoach (id, registratienummer, voornaam, achternaam, email, status, "
            "aangemaakt_op, gewijzigd_op, versie) VALUES " + ", ".join(values[start : start + 500])
        )


async def test_the_search_uses_the_index(db):
    await bulk_coaches(3000)
    vraag = zoeken.Zoekvraag(soort="jobcoach", tekst="Sane de Vris")
    engine = register_db.engine()
    if register_db.is_postgres():
        await engine.run_ddl("ANALYZE jobcoach")
        await engine.run_ddl("ANALYZE jobcoach_zoektekst")
        page, args, _, _ = zoeken.postgres_query(vraag, 0, 20)
        plan = "\n".join(r["QUERY PLAN"] for r in await Jobcoach.raw("EXPLAIN " + page, *args))
        # nearest first from the GiST indexes, each kind stopping after the page
        assert "Index Scan using jobcoach_zoektekst_gist" in plan, plan
        assert "Order By: (tekst <->> 'sane de vris'::text)" in plan, plan
        assert "Index Scan using jobcoach_zoektekst_klank_gist" in plan, plan
        assert "Seq Scan on jobcoach_zoektekst" not in plan, plan
    else:
        sql, args = zoeken.sqlite_candidates_query(vraag)
        plan = " | ".join(str(r["detail"]) for r in await Jobcoach.raw("EXPLAIN QUERY PLAN " + sql, *args))
        assert "VIRTUAL TABLE INDEX" in plan, plan
        assert "SCAN j" not in plan.split(" | "), plan  # no full scan of the coaches
    result = await zoeken.zoek(vraag, 0, 20)
    assert result.totaal > 0


# --- Dutch sound-alike names (issue #16, case 12) ----------------------------------------------------


@pytest.mark.parametrize(
    ("een", "ander"),
    [
        ("Meijer", "Meyer"),
        ("Meijer", "Meier"),
        ("Pauw", "Pouw"),
        ("Brand", "Brandt"),
        ("Brand", "Brant"),
        ("Philips", "Filips"),
        ("Claassen", "Klaasen"),
        ("Schouten", "Sgouten"),
        ("Thijs", "Tijs"),
        ("Huijgens", "Huygens"),
        ("Sanne de Vries", "Sane de Fries"),
        ("Quist", "Kwist"),
    ],
)
def test_sound_alike_names_share_a_key(een, ander):
    assert klank.klanksleutel(zoeken.normaliseer(een)) == klank.klanksleutel(zoeken.normaliseer(ander))


@pytest.mark.parametrize(("een", "ander"), [("Jansen", "Janssens"), ("Bakker", "Bekker"), ("de Boer", "de Groot")])
def test_different_names_keep_different_keys(een, ander):
    assert klank.klanksleutel(zoeken.normaliseer(een)) != klank.klanksleutel(zoeken.normaliseer(ander))


def test_the_sql_key_is_the_same_chain():
    assert klank.sql_klanksleutel("x").count("replace(") == len(klank.REGELS)


async def test_database_keeps_the_same_phonetic_key(db):
    for naam in ("Jan Meijer", "Pieter Philips", "Sanne de Vries", "Anna Schouten-Brandt", "Ĳsbrand Çelik"):
        view = await coach(naam.split()[0], naam.split(maxsplit=1)[1])
        rows = await Jobcoach.raw("SELECT tekst, klank FROM jobcoach_zoektekst WHERE jobcoach = {}", view["id"])
        tekst = " ".join(rows[0]["tekst"].split())
        assert tekst == zoeken.normaliseer(naam)
        assert " ".join(rows[0]["klank"].split()) == " ".join(klank.klanksleutel(tekst).split()), naam
    await jobcoaches.update(builders.BEHEER, view["id"], {"achternaam": "Meyer"})
    assert await names_found("Meijer") == ["Jan Meijer", "Ĳsbrand Meyer"]  # the key follows the rename


async def test_sound_alike_names_are_found_below_written_matches(db):
    for voornaam, achternaam in (("Jan", "Brant"), ("Eva", "Brand"), ("Piet", "Philips"), ("Kees", "Schouten")):
        await coach(voornaam, achternaam)
    assert await names_found("Brant") == ["Jan Brant", "Eva Brand"]  # the written match first
    assert await names_found("Filips") == ["Piet Philips"]
    assert await names_found("Sgouten") == ["Kees Schouten"]
    assert await names_found("Jansen") == []


async def test_a_typo_ranks_above_a_sound_alike(db):
    await coach("Eva", "Meijer")
    await coach("Eva", "Meyers")
    assert await names_found("Eva Meyer") == ["Eva Meyers", "Eva Meijer"]


# --- bounded totals (issue #18) ----------------------------------------------------------------------


async def test_the_total_is_exact_up_to_the_cap_and_a_lower_bound_above(db, monkeypatch):
    for i in range(6):
        await coach("Sanne", f"Visser{'x' * i}")
    monkeypatch.setattr(zoeken, "AANTAL_GRENS", 4)
    vraag = zoeken.Zoekvraag(soort="jobcoach", tekst="Sanne Visser")
    first = await zoeken.zoek(vraag, 0, 2)
    assert (first.totaal, first.ondergrens) == (4, True)
    second = await zoeken.zoek(vraag, 2, 2)
    assert len(set(first.ids + second.ids)) == 4
    whole = await zoeken.zoek(vraag, 0, 10)  # the whole result on one page: counted exactly
    assert (whole.totaal, whole.ondergrens) == (6, False)
    assert whole.ids[:4] == first.ids + second.ids
    monkeypatch.setattr(zoeken, "AANTAL_GRENS", 10)
    assert (await zoeken.zoek(vraag, 0, 2)).totaal == 6
    everyone = await zoeken.zoek(zoeken.Zoekvraag(soort="jobcoach"), 2, 2)
    assert (everyone.totaal, everyone.ondergrens) == (6, False)


async def test_both_engines_rank_the_same(db):
    """A fixed register and fixed queries give this exact order on SQLite and on PostgreSQL."""
    for voornaam, achternaam in (
        ("Sanne", "de Vries"), ("Sanne", "Vries"), ("Sanneke", "de Vries"), ("Anne", "de Vries"),
        ("Sanne", "Fries"), ("Zanne", "de Fries"), ("Jan", "de Vos"),
    ):  # fmt: skip
        await coach(voornaam, achternaam)
    assert await names_found("Sanne de Vries") == [
        "Sanne de Vries", "Anne de Vries", "Sanne Vries", "Sanneke de Vries", "Sanne Fries", "Zanne de Fries",
    ]  # fmt: skip
