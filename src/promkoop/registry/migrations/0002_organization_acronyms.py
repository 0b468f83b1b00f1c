"""Organizations' search text gains the acronym of their name («ртс» for «Рославльские тормозные системы»)."""
from django.db import migrations


def refresh_search_text(apps, schema_editor):
    from promkoop.registry.models import acronym, fold

    Organization = apps.get_model("registry", "Organization")
    batch = []
    for org in Organization.objects.only("id", "name", "short_name", "inn", "description").iterator(chunk_size=2000):
        org.search_text = fold(" ".join([org.name, org.short_name, acronym(org.name), org.inn, org.description]))
        batch.append(org)
        if len(batch) >= 2000:
            Organization.objects.bulk_update(batch, ["search_text"])
            batch = []
    Organization.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(refresh_search_text, migrations.RunPython.noop, elidable=True)]
