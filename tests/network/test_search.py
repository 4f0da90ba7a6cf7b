"""Search treats Arabic (and Latin) spelling variants as the same name."""

import pytest

from network.models import Organisation, Person
from network.search import matching
from network.text import normalise, search_text
from tests.factories.network import OrganisationFactory, PersonFactory


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمال", "امال"),
        ("مصطفى", "مصطفي"),
        ("فاطمة", "فاطمه"),
        ("مُحَمَّد", "محمد"),
        ("محـــمد", "محمد"),
        ("معمَّر", "معمر"),
        ("ﺃﺣﻤﺪ", "احمد"),  # presentation forms, as some PDFs and old systems store text
        ("Al-Karkhi", "al karkhi"),
        ("  ALI   Sámi ", "ali sami"),
    ],
)
def test_normalise_folds_spelling_variants(variant, canonical):
    assert normalise(variant) == normalise(canonical)


def test_normalise_keeps_different_names_apart():
    assert normalise("علي") != normalise("عالي")
    assert normalise("Ali") != normalise("Alia")


def test_search_text_keeps_fields_apart():
    folded = search_text("Ali Sami", "علي سامي", "")
    assert folded == "ali sami | علي سامي"
    assert "sami علي" not in folded


@pytest.mark.django_db
def test_searching_alef_without_hamza_finds_the_hamza_spelling():
    ahmed = PersonFactory(name="Ahmed Waheed", name_ar="أحمد وحيد")
    PersonFactory(name="Ali Sami", name_ar="علي سامي")
    assert list(matching(Person.objects.all(), "احمد")) == [ahmed]
    assert list(matching(Person.objects.all(), "أحمد وحيد")) == [ahmed]
    assert list(matching(Person.objects.all(), "وحيد احمد")) == [ahmed]


@pytest.mark.django_db
def test_search_finds_ta_marbuta_maqsura_and_diacritic_variants():
    fatima = PersonFactory(name="Fatima Hassan", name_ar="فاطمة حسن")
    mustafa = PersonFactory(name="Mustafa Ali", name_ar="مصطفى علي")
    faisal = PersonFactory(name="Faisal bin Muaammar", name_ar="فيصل بن معمَّر")
    people = Person.objects.all()
    assert list(matching(people, "فاطمه")) == [fatima]
    assert list(matching(people, "مصطفي")) == [mustafa]
    assert list(matching(people, "معمر")) == [faisal]
    assert list(matching(people, "muaammar")) == [faisal]


@pytest.mark.django_db
def test_search_text_follows_edits():
    person = PersonFactory(name="Old Name", name_ar="اسم قديم")
    person.name_ar = "إسم جديد"
    person.save(update_fields=["name_ar"])
    assert list(matching(Person.objects.all(), "اسم جديد")) == [person]
    assert not matching(Person.objects.all(), "قديم").exists()


@pytest.mark.django_db
def test_organisation_search_covers_acronym_and_both_scripts():
    icssi = OrganisationFactory(name="Iraqi Civil Society Solidarity Initiative", name_ar="المبادرة", acronym="ICSSI")
    OrganisationFactory(name="Another", name_ar="أخرى")
    organisations = Organisation.objects.all()
    assert list(matching(organisations, "icssi")) == [icssi]
    assert list(matching(organisations, "solidarity")) == [icssi]
    assert list(matching(organisations, "المبادره")) == [icssi]


@pytest.mark.django_db
def test_empty_or_punctuation_query_changes_nothing():
    PersonFactory.create_batch(3)
    assert matching(Person.objects.all(), "").count() == 3
    assert matching(Person.objects.all(), " - ! ").count() == 3


def test_query_terms_drop_the_article_and_index_text_keeps_both_forms():
    from network.text import index_text, query_terms

    assert query_terms("الإعلام الرقمي") == ["اعلام", "رقمي"]
    assert query_terms("الله") == ["الله"]  # too short to be "al-" and a word
    assert index_text("ورشة الإعلام", "أحمد") == "ورشه الاعلام اعلام احمد"


@pytest.mark.parametrize(
    ("word", "bare"),
    [
        ("للإعلام", ["اعلام"]),  # for the media
        ("والإعلام", ["اعلام"]),  # and the media
        ("بالإعلام", ["اعلام"]),  # with the media
        ("فالإعلام", ["اعلام"]),
        ("كالإعلام", ["اعلام"]),
        ("وإعلام", ["اعلام"]),  # and media
        ("والمجتمع", ["مجتمع"]),
        ("الإعلام", ["اعلام"]),
        ("إعلام", []),
        ("بغداد", []),  # a word's own first letter stays
        ("لبنان", []),
        ("والده", ["الده"]),  # too little left after «وال»: only the "and" goes
        ("لله", []),
        ("media", []),
    ],
)
def test_a_word_is_also_indexed_without_what_arabic_joins_to_its_front(word, bare):
    from network.text import bare_forms, index_text, normalise, query_terms

    folded = normalise(word)
    assert bare_forms(folded) == bare
    assert index_text(word).split() == [folded, *bare]
    assert query_terms(word) == [bare[-1] if bare else folded]


@pytest.mark.django_db
def test_the_article_makes_no_difference():
    with_article = OrganisationFactory(name="Media Network", name_ar="شبكة الإعلام")
    without = OrganisationFactory(name="Media Without Borders", name_ar="إعلام بلا حدود")
    organisations = Organisation.objects.all()
    assert set(matching(organisations, "الإعلام")) == {with_article, without}
    assert set(matching(organisations, "إعلام")) == {with_article, without}
