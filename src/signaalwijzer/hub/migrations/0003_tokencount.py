# The token counts table (ADR 0011), filled from the token index in the same migration.

from django.db import migrations, models


def like_index_skip(apps, schema_editor):
    """PostgreSQL: Django gives a varchar primary key a second index for LIKE (varchar_pattern_ops), made at
    the end of the migration (deferred). Tokens are only ever looked up whole, so that index would only slow
    every write of a count: it is left out. (A later AlterField drops it with IF EXISTS.)"""
    schema_editor.deferred_sql = [
        sql
        for sql in schema_editor.deferred_sql
        if not (str(sql).startswith("CREATE INDEX") and "hub_tokencount" in str(sql) and '_like"' in str(sql))
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0002_signal_minor"),
    ]

    operations = [
        migrations.CreateModel(
            name="TokenCount",
            fields=[
                ("token", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("n", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(like_index_skip, migrations.RunPython.noop),
        # The same statement on SQLite and PostgreSQL. Reversed, the table goes with the model.
        migrations.RunSQL(
            "INSERT INTO hub_tokencount (token, n) SELECT token, count(*) FROM hub_signaltoken GROUP BY token",
            migrations.RunSQL.noop,
        ),
    ]
