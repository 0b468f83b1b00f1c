"""UserProfile moved to the accounts app. Only Django's idea of which app owns the
model changes here: the table web_userprofile and its rows stay, and
accounts 0001 takes the model over on the same table."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('web', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='UserProfile')],
            database_operations=[],
        ),
    ]
