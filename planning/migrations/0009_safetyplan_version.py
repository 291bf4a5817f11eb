from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def number_current_versions(apps, schema_editor):
    """Give each existing safety plan the number of its newest version."""
    SafetyPlan = apps.get_model("planning", "SafetyPlan")
    SafetyPlanVersion = apps.get_model("planning", "SafetyPlanVersion")
    newest = (
        SafetyPlanVersion.objects.filter(plan=OuterRef("pk"))
        .values("plan")
        .annotate(top=Max("number"))
        .values("top")
    )
    SafetyPlan.objects.filter(pk__in=SafetyPlanVersion.objects.values("plan")).update(version=Subquery(newest))


class Migration(migrations.Migration):
    dependencies = [("planning", "0008_plan_updated_by")]

    operations = [
        migrations.AddField(
            model_name="safetyplan",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(number_current_versions, migrations.RunPython.noop),
    ]
