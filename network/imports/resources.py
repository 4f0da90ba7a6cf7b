"""django-import-export resources for the directory: how a checked row finds its record
(matching), how it is saved, and which columns an export writes.

Matching a person: by slug when the file has one (an exported file does), else by email,
else by the spelling-insensitive name together with the organisation (a name alone matches
only someone without any affiliation). Matching an organisation: by slug, else by its
spelling-insensitive name in either script. Rows reach these resources already checked
(network.imports.checks), with ``None`` for cells left blank: a blank never overwrites.
"""

from collections import defaultdict

from django.utils.text import slugify
from import_export import fields, resources, widgets

from network.models import Affiliation, Organisation, Person
from network.text import normalise

ROW = "_row"


class RepeatedRecord(Exception):
    """Two rows of one file lead to the same record."""

    def __init__(self, first_row):
        super().__init__(first_row)
        self.first_row = first_row


class PassThrough(widgets.Widget):
    """Values arrive already parsed; exports write them as text."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return str(value)


class YesNo(PassThrough):
    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


def _field(name, widget=None):
    return fields.Field(attribute=name, column_name=name, widget=widget or PassThrough())


class Slugs:
    """Unique slugs for new records, checked against the table and this import."""

    def __init__(self, model):
        self.taken = set(model.objects.values_list("slug", flat=True))

    def make(self, *names):
        slugs = [slugify(name, allow_unicode=True) for name in names if name]
        base = next((slug for slug in slugs if slug), "record")[:240]
        candidate, counter = base, 2
        while candidate in self.taken:
            candidate, counter = f"{base}-{counter}", counter + 1
        self.taken.add(candidate)
        return candidate


class OrganisationDirectory:
    """Finds organisations by slug, by name in either script or by acronym, and creates the
    ones a people import names for the first time."""

    def __init__(self):
        self.by_slug, self.by_name, self.by_acronym = {}, {}, {}
        for pk, slug, name, name_ar, acronym in Organisation.objects.values_list(
            "pk", "slug", "name", "name_ar", "acronym"
        ):
            self.remember(pk, slug, name, name_ar, acronym)
        self.slugs = None
        self.created = defaultdict(list)

    def remember(self, pk, slug, name, name_ar, acronym=""):
        self.by_slug[slug] = pk
        for value in (name, name_ar):
            if normalise(value):
                self.by_name.setdefault(normalise(value), pk)
        if normalise(acronym):
            self.by_acronym.setdefault(normalise(acronym), pk)

    def forget(self, pk):
        for table in (self.by_slug, self.by_name, self.by_acronym):
            for key in [key for key, value in table.items() if value == pk]:
                del table[key]

    def find_by_name(self, *names):
        for name in names:
            pk = self.by_name.get(normalise(name or "")) if name else None
            if pk:
                return pk
        return None

    def find(self, text):
        folded = normalise(text)
        return self.by_slug.get(text) or self.by_name.get(folded) or self.by_acronym.get(folded)

    def find_or_create(self, text, row_number):
        pk = self.find(text)
        if pk is not None:
            return pk, False
        if self.slugs is None:
            self.slugs = Slugs(Organisation)
        arabic = any("\u0600" <= char <= "\u06ff" for char in text)
        organisation = Organisation.objects.create(
            name=text, name_ar=text if arabic else "", slug=self.slugs.make(text)
        )
        self.remember(organisation.pk, organisation.slug, organisation.name, organisation.name_ar)
        self.created[row_number].append(organisation.pk)
        return organisation.pk, True


class DirectoryResource(resources.ModelResource):
    """What both resources share: blanks never overwrite, matching through an index built
    once per import, a Latin-script name and a slug for every new record, notes for the
    preview."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.notes = defaultdict(list)
        self.slugs = None
        self.matched = {}

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        widget = YesNo() if field_name in ("public_profile", "is_public") else PassThrough()
        return fields.Field(attribute=field_name, column_name=field_name, widget=widget, readonly=readonly)

    def before_import(self, dataset, **kwargs):
        self.slugs = None
        self.organisations = OrganisationDirectory()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if row.get(field.column_name) is None:
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.name:
            instance.name = instance.name_ar
        if not instance.slug:
            if self.slugs is None:
                self.slugs = Slugs(self._meta.model)
            instance.slug = self.slugs.make(instance.name, instance.name_ar)

    def get_instance(self, instance_loader, row):
        pk = self.match(row)
        if not pk:
            return None
        if pk in self.matched:
            raise RepeatedRecord(self.matched[pk])
        self.matched[pk] = row[ROW]
        return self._meta.model.objects.filter(pk=pk).first()

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (row_result.IMPORT_TYPE_ERROR, row_result.IMPORT_TYPE_INVALID):
            # The row's savepoint was rolled back, and with it anything it created.
            for pk in self.organisations.created.pop(row[ROW], []):
                self.organisations.forget(pk)
            self.notes.pop(row[ROW], None)


class PersonResource(DirectoryResource):
    organisation = fields.Field(column_name="organisation", readonly=True)
    role = fields.Field(column_name="role", readonly=True)
    role_ar = fields.Field(column_name="role_ar", readonly=True)

    class Meta:
        model = Person
        fields = (
            "slug", "name", "name_ar", "email", "phone", "gender", "country", "governorate", "title", "title_ar",
            "bio", "bio_ar", "public_profile", "organisation", "role", "role_ar",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.by_slug, self.by_email, self.by_name = {}, {}, {}
        affiliated = defaultdict(set)
        for person, organisation in Affiliation.objects.values_list("person", "organisation"):
            affiliated[person].add(organisation)
        for pk, slug, email, name, name_ar in Person.objects.values_list("pk", "slug", "email", "name", "name_ar"):
            self.by_slug[slug] = pk
            if email:
                self.by_email.setdefault(email.lower(), pk)
            for folded in {normalise(name), normalise(name_ar)} - {""}:
                for organisation in affiliated.get(pk) or {None}:
                    self.by_name.setdefault((folded, organisation), pk)

    def match(self, row):
        if row.get("slug"):
            return self.by_slug.get(row["slug"])
        if row.get("email") and row["email"] in self.by_email:
            return self.by_email[row["email"]]
        organisation = self.organisations.find(row["organisation"]) if row.get("organisation") else None
        for name in (row.get("name"), row.get("name_ar")):
            pk = self.by_name.get((normalise(name or ""), organisation))
            if name and pk:
                return pk
        return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if row.get("organisation") and instance.pk:
            organisation = self.organisations.find(row["organisation"])
            if (
                organisation is None
                or not Affiliation.objects.filter(
                    person=instance, organisation=organisation, role=row.get("role") or ""
                ).exists()
            ):
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        if not row.get("organisation") or instance.pk is None:
            return
        organisation, created = self.organisations.find_or_create(row["organisation"], row[ROW])
        if created:
            self.notes[row[ROW]].append(("organisation", row["organisation"]))
        has_primary = Affiliation.objects.filter(person=instance, is_primary=True).exists()
        affiliation, _new = Affiliation.objects.get_or_create(
            person=instance,
            organisation_id=organisation,
            role=row.get("role") or "",
            defaults={"role_ar": row.get("role_ar") or "", "is_primary": not has_primary},
        )
        if row.get("role_ar") and affiliation.role_ar != row["role_ar"]:
            affiliation.role_ar = row["role_ar"]
            affiliation.save(update_fields=["role_ar"])

    def _main_affiliation(self, person):
        affiliations = getattr(person, "_prefetched_objects_cache", {}).get("affiliations")
        if affiliations is None:
            affiliations = person.affiliations.select_related("organisation")
        return next(iter(affiliations), None)

    def dehydrate_organisation(self, person):
        affiliation = self._main_affiliation(person)
        return affiliation.organisation.name if affiliation else ""

    def dehydrate_role(self, person):
        affiliation = self._main_affiliation(person)
        return affiliation.role if affiliation else ""

    def dehydrate_role_ar(self, person):
        affiliation = self._main_affiliation(person)
        return affiliation.role_ar if affiliation else ""


class OrganisationResource(DirectoryResource):
    class Meta:
        model = Organisation
        fields = (
            "slug", "name", "name_ar", "acronym", "kind", "country", "governorate", "city", "website",
            "description", "description_ar", "is_public",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def match(self, row):
        if row.get("slug"):
            return self.organisations.by_slug.get(row["slug"])
        return self.organisations.find_by_name(row.get("name"), row.get("name_ar"))

    def after_save_instance(self, instance, row, **kwargs):
        if instance.slug not in self.organisations.by_slug:
            self.organisations.created[row[ROW]].append(instance.pk)
        self.organisations.remember(instance.pk, instance.slug, instance.name, instance.name_ar, instance.acronym)


RESOURCES = {"people": PersonResource, "organisations": OrganisationResource}
