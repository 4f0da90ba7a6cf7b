from django.db import migrations, models

from network.text import search_text


def fill_entered_search_text(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    entered = Registration.objects.exclude(entered_name="", entered_name_ar="").only(
        "pk", "entered_name", "entered_name_ar"
    )
    batch = []
    for registration in entered.iterator(chunk_size=500):
        registration.entered_search_text = search_text(registration.entered_name, registration.entered_name_ar)
        batch.append(registration)
        if len(batch) == 500:
            Registration.objects.bulk_update(batch, ["entered_search_text"])
            batch = []
    Registration.objects.bulk_update(batch, ["entered_search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_awaiting_acceptance"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="entered_search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_entered_search_text, migrations.RunPython.noop),
    ]
