"""django-import-export resources for the directory: how a checked row finds its record
(matching), how it is saved, and which columns an export writes.

Matching a person: by slug when the file has one (an exported file does), else by email,
else by the spelling-insensitive name together with the organisation (a name alone matches
only someone without any affiliation). Matching an organisation: by slug, else by its
spelling-insensitive name in either script. Rows reach these resources already checked
(network.imports.checks), with ``None`` for cells left blank: a blank never overwrites.
"""

from collections import defaultdict

from django.db import connections, router
from import_export import fields, resources, widgets

from network.geography import check_place
from network.models import Affiliation, Organisation, Person
from network.slugs import unique_slug
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


class Slugs:
    """Unique slugs for new records, checked against the table and this import."""

    def __init__(self, model):
        self.model = model
        self.taken = set(model.objects.values_list("slug", flat=True))

    def make(self, *names):
        return unique_slug(self.model, *names, taken=self.taken)


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
        self.changes = defaultdict(list)
        self.slugs = None
        self.matched = {}

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        widget = YesNo() if field_name in ("public_profile", "is_public") else PassThrough()
        return fields.Field(attribute=field_name, column_name=field_name, widget=widget, readonly=readonly)

    def before_import(self, dataset, **kwargs):
        self.slugs = None
        self.organisations = OrganisationDirectory()
        self.prefetched = {}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if row.get(field.column_name) is None or not field.attribute:
            return
        before = getattr(instance, field.attribute, None)
        super().import_field(field, instance, row, is_m2m, **kwargs)
        if instance.pk and getattr(instance, field.attribute, None) != before:
            self.changes[row[ROW]].append(field.column_name)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing record the row does not change is skipped."""
        return bool(instance.pk) and not import_validation_errors and not self.row_changes(instance, row)

    def row_changes(self, instance, row):
        return self.changes.get(row[ROW])

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        check_place(instance)
        if not instance.name:
            instance.name = instance.name_ar
        if not instance.slug:
            if self.slugs is None:
                self.slugs = Slugs(self._meta.model)
            instance.slug = self.slugs.make(instance.name, instance.name_ar)

    def prefetch(self, dataset):
        """Loads every record the file's rows match, a thousand per query, before the rows
        are imported one by one."""
        pks = {self.match(dict(zip(dataset.headers, values, strict=True))) for values in dataset} - {None}
        self.prefetched = {}
        pks = sorted(pks)
        for start in range(0, len(pks), 1000):
            self.prefetched.update(self._meta.model.objects.in_bulk(pks[start : start + 1000]))

    def get_instance(self, instance_loader, row):
        pk = self.match(row)
        if not pk:
            return None
        if pk in self.matched:
            raise RepeatedRecord(self.matched[pk])
        self.matched[pk] = row[ROW]
        return self.prefetched.get(pk) or self._meta.model.objects.filter(pk=pk).first()

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (row_result.IMPORT_TYPE_ERROR, row_result.IMPORT_TYPE_INVALID):
            # The row's savepoint was rolled back, and with it anything it created.
            for pk in self.organisations.created.pop(row[ROW], []):
                self.organisations.forget(pk)
            self.notes.pop(row[ROW], None)
            self.forget_row(row[ROW])

    def forget_row(self, number):
        """Undo what the in-memory indexes learnt from a row whose savepoint rolled back."""


PERSON_FIELDS = (
    "slug", "name", "name_ar", "email", "phone", "gender", "country", "governorate", "title", "title_ar",
    "bio", "bio_ar", "public_profile",
)  # fmt: skip


class PersonResource(DirectoryResource):
    organisation = fields.Field(column_name="organisation", readonly=True)
    role = fields.Field(column_name="role", readonly=True)
    role_ar = fields.Field(column_name="role_ar", readonly=True)

    class Meta:
        model = Person
        fields = (*PERSON_FIELDS, "organisation", "role", "role_ar")
        export_order = fields
        import_id_fields = ()
        # Unchanged rows are found by comparing each value as it is set (import_field),
        # which is cheaper than import-export's copy-and-diff of every row.
        skip_diff = True
        report_skipped = True
        # Every imported value is parsed and checked per column (network.imports.columns)
        # before it gets here, so the model's own field validation would only repeat it.
        clean_model_instances = False
        use_transactions = True
        # People are written 500 at a time (an import of attendees runs to thousands of rows),
        # with their affiliations after each batch. Rows are checked beforehand, so a batch
        # fails only on a database error, and then the whole import is refused.
        use_bulk = True
        batch_size = 500

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.pending = []
        self.by_slug, self.by_email, self.by_name = {}, {}, {}
        affiliated = defaultdict(set)
        self.affiliations, self.with_primary, self.added = set(), set(), defaultdict(list)
        for person, organisation, role, primary in Affiliation.objects.values_list(
            "person", "organisation", "role", "is_primary"
        ):
            affiliated[person].add(organisation)
            self.affiliations.add((person, organisation, role))
            if primary:
                self.with_primary.add(person)
        for pk, slug, email, name, name_ar in Person.objects.values_list("pk", "slug", "email", "name", "name_ar"):
            self.by_slug[slug] = pk
            if email:
                self.by_email.setdefault(email.lower(), pk)
            for folded in {normalise(name), normalise(name_ar)} - {""}:
                for organisation in affiliated.get(pk) or {None}:
                    self.by_name.setdefault((folded, organisation), pk)
        self.prefetch(dataset)

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

    def row_changes(self, instance, row):
        changes = super().row_changes(instance, row)
        if changes or not row.get("organisation"):
            return changes
        organisation = self.organisations.find(row["organisation"])
        if organisation is None or (instance.pk, organisation, row.get("role") or "") not in self.affiliations:
            self.changes[row[ROW]].append("organisation")
        return self.changes.get(row[ROW])

    def before_save_instance(self, instance, row, **kwargs):
        # Bulk writes skip Person.save(), which keeps these two in step.
        instance.refresh_search_text()
        instance.refresh_consent_date()
        instance._import_row = row[ROW]

    def after_save_instance(self, instance, row, **kwargs):
        """Queues the row's affiliation; it is written once its person has a number."""
        if not row.get("organisation"):
            return
        organisation, created = self.organisations.find_or_create(row["organisation"], row[ROW])
        if created:
            self.notes[row[ROW]].append(("organisation", row["organisation"]))
        role = row.get("role") or ""
        if instance.pk and (instance.pk, organisation, role) in self.affiliations:
            if row.get("role_ar"):
                Affiliation.objects.filter(person=instance, organisation=organisation, role=role).exclude(
                    role_ar=row["role_ar"]
                ).update(role_ar=row["role_ar"])
            return
        self.pending.append((instance, organisation, role, row.get("role_ar") or "", row[ROW]))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        self.write_affiliations(result, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Writes each changed person with one UPDATE of the fields its row changed: Django's
        bulk_update builds a CASE per field and row, far slower at this size."""
        if self.update_instances and (using_transactions or not dry_run):
            try:
                self.write_updates(self.update_instances)
            except Exception as error:  # reported like import-export's own batch errors
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()
        self.write_affiliations(result, raise_errors)

    def write_updates(self, people):
        """One UPDATE statement per set of changed fields, run for every person in the set."""
        groups = defaultdict(list)
        for person in people:
            changed = {name for name in self.changes.get(person._import_row, []) if name in PERSON_FIELDS}
            groups[tuple(sorted(changed | {"search_text", "public_profile_since"}))].append(person)
        connection = connections[router.db_for_write(Person)]
        quote = connection.ops.quote_name
        for names, members in groups.items():
            model_fields = [Person._meta.get_field(name) for name in names]
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in model_fields)
            table, key = quote(Person._meta.db_table), quote(Person._meta.pk.column)
            statement = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - quoted names only
            rows = [
                [field.get_db_prep_save(getattr(person, field.attname), connection) for field in model_fields]
                + [person.pk]
                for person in members
            ]
            with connection.cursor() as cursor:
                cursor.executemany(statement, rows)

    def write_affiliations(self, result, raise_errors):
        ready = [entry for entry in self.pending if entry[0].pk]
        self.pending = [entry for entry in self.pending if not entry[0].pk]
        new = []
        for person, organisation, role, role_ar, number in ready:
            key = (person.pk, organisation, role)
            if key in self.affiliations:
                continue
            new.append(
                Affiliation(
                    person_id=person.pk,
                    organisation_id=organisation,
                    role=role,
                    role_ar=role_ar,
                    is_primary=person.pk not in self.with_primary,
                )
            )
            self.affiliations.add(key)
            self.with_primary.add(person.pk)
            self.added[number].append(key)
        try:
            Affiliation.objects.bulk_create(new, batch_size=500)
        except Exception as error:  # reported like import-export's own batch errors
            self.handle_import_error(result, error, raise_errors)

    def forget_row(self, number):
        for key in self.added.pop(number, []):
            self.affiliations.discard(key)

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
    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.prefetch(dataset)

    class Meta:
        model = Organisation
        fields = (
            "slug", "name", "name_ar", "acronym", "kind", "country", "governorate", "city", "website",
            "description", "description_ar", "is_public",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ()
        # Unchanged rows are found by comparing each value as it is set (import_field),
        # which is cheaper than import-export's copy-and-diff of every row.
        skip_diff = True
        report_skipped = True
        # Every imported value is parsed and checked per column (network.imports.columns)
        # before it gets here, so the model's own field validation would only repeat it.
        clean_model_instances = False
        use_transactions = True

    def match(self, row):
        if row.get("slug"):
            return self.organisations.by_slug.get(row["slug"])
        return self.organisations.find_by_name(row.get("name"), row.get("name_ar"))

    def after_save_instance(self, instance, row, **kwargs):
        if instance.slug not in self.organisations.by_slug:
            self.organisations.created[row[ROW]].append(instance.pk)
        self.organisations.remember(instance.pk, instance.slug, instance.name, instance.name_ar, instance.acronym)


RESOURCES = {"people": PersonResource, "organisations": OrganisationResource}
