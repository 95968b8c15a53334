"""The roles of PRODUCT.md as groups: advocates propose, reviewers vet.

Superusers are Django's own flag, not a group. A reviewer also needs is_staff to reach
the admin; `manage.py add_to_role` sets it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copies: a migration must not change when the code's role definitions do.
ROLES = {
    # The portal asks for add_proposal: a member of an organization who is not (or no
    # longer) an advocate cannot propose anything.
    "advocates": ["add_proposal", "view_proposal"],
    "reviewers": [
        *("view_listing", "add_listing", "change_listing"),
        *("view_organization", "add_organization", "change_organization"),
        *("view_phone", "add_phone", "change_phone", "delete_phone"),
        *("view_openinghours", "add_openinghours", "change_openinghours", "delete_openinghours"),
        *("view_language", "add_language", "view_county", "view_servicetype", "view_population"),
        *("view_proposal", "change_proposal", "view_suggestion", "change_suggestion"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; a fresh database
    # needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="directory", codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_review_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
