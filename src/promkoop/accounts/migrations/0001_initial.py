"""UserProfile, taken over from the web app on its own table web_userprofile.

The table always exists here (web 0001 creates it on a fresh database, and earlier
versions of Promkoop created it on an old one), so this migration changes only the
migration state, then hands the model's content type (and with it the permissions
and admin log entries that point to it) from the web app to accounts."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old='web', new='accounts'):
    content_types = apps.get_model('contenttypes', 'ContentType')
    if not content_types.objects.filter(app_label=new, model='userprofile').exists():
        content_types.objects.filter(app_label=old, model='userprofile').update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old='accounts', new='web')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('registry', '0001_initial'),
        ('web', '0002_move_userprofile_to_accounts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='UserProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('admin', 'администратор'), ('officer', 'сотрудник региона'), ('member', 'представитель предприятия'), ('guest', 'гость')], default='guest', max_length=10, verbose_name='роль')),
                        ('organization', models.ForeignKey(blank=True, help_text='для представителя предприятия', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='members', to='registry.organization', verbose_name='организация')),
                        ('region', models.ForeignKey(blank=True, help_text='для сотрудника региона', null=True, on_delete=django.db.models.deletion.PROTECT, to='registry.region', verbose_name='регион')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'профиль',
                        'verbose_name_plural': 'профили',
                        'db_table': 'web_userprofile',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
