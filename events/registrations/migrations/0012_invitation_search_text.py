from django.db import migrations, models

from network.text import search_text


def fold_names(apps, schema_editor):
    """The invitations made before the column: their names folded as new ones are."""
    Invitation = apps.get_model("registrations", "Invitation")
    invitations = list(Invitation.objects.exclude(name="").only("pk", "name"))
    for invitation in invitations:
        invitation.search_text = search_text(invitation.name)
    Invitation.objects.bulk_update(invitations, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0011_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop),
    ]
