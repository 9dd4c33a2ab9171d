"""The portal's roles as Wagtail groups, kept in step with the apps on every migrate.

Core names no model of the apps above it. Each app says, on its AppConfig, which of its
snippets go through Clinical review (`reviewed_snippets`: model names) and which of its model
permissions a role holds (`role_permissions`: role -> codenames). `sync_roles` runs after every
migrate (post_migrate) and only ever adds: a permission an admin gave or took by hand elsewhere
is left alone, and running it twice changes nothing.

Site admins are Django superusers as well as members of "Site admins": Wagtail lets
superusers through group approval tasks, which is what we want for break-glass fixes.
"""

from dataclasses import dataclass

from django.apps import apps as global_apps

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# wagtail-localize's "Translate this page" (and "Translate" on snippets). In manual mode it only
# makes a draft copy in the other language, which then goes through Clinical review like any
# draft: publishing stays with whoever holds publish (docs/i18n-plan.md, step 4).
TRANSLATE = ("wagtail_localize", "submit_translation")
WORKFLOW = "Clinical review"

# What a role may do with a reviewed snippet. Editors add, change, lock and submit them;
# reviewers approve, which publishes, so they also need publish (and unlock).
REVIEWED_EDIT = ("add", "change", "lock")
REVIEWED_APPROVE = (*REVIEWED_EDIT, "publish", "unlock")


@dataclass(frozen=True)
class Role:
    model_permissions: tuple = ()  # (app label, codename) outside any app's own declaration
    reviewed: tuple = ()  # actions on every reviewed snippet
    page_permissions: tuple = ()  # on the whole page tree
    collection_permissions: tuple = ()  # on the root collection


ROLES = {
    "Clinical editors": Role(
        (ADMIN_ACCESS, TRANSLATE),
        REVIEWED_EDIT,
        ("add_page", "change_page", "lock_page"),
        ("add_image", "choose_image", "add_document", "choose_document"),
    ),
    "Clinical reviewers": Role(
        (ADMIN_ACCESS, TRANSLATE),
        REVIEWED_APPROVE,
        ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        ("add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"),
    ),
    "Analytics": Role((ADMIN_ACCESS,)),
    "Site admins": Role(
        (ADMIN_ACCESS, TRANSLATE, ("wagtailcore", "change_site")),
        REVIEWED_APPROVE,
        ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
        ("add_image", "change_image", "delete_image", "choose_image"),
    ),
}


def reviewed_snippets(apps=global_apps) -> list[tuple[str, str]]:
    """(app label, model name) of every snippet that goes through Clinical review like pages."""
    return [
        (config.label, model) for config in apps.get_app_configs() for model in getattr(config, "reviewed_snippets", ())
    ]


def model_permissions(role: str, apps=global_apps) -> list[tuple[str, str]]:
    """(app label, codename) of every model permission `role` holds."""
    spec = ROLES[role]
    result = list(spec.model_permissions)
    result += [(label, f"{action}_{model}") for label, model in reviewed_snippets(apps) for action in spec.reviewed]
    for config in apps.get_app_configs():
        result += [(config.label, codename) for codename in getattr(config, "role_permissions", {}).get(role, ())]
    return result


# Permissions another app creates in a data migration rather than on a model's Meta: Django makes
# them again after a flush (a test database put back, `flush` on a server) only if someone does.
# {(app label, codename): (model the migration hangs it on, name)}
MADE_BY_MIGRATIONS = {
    ("wagtail_localize", "submit_translation"): ("translation", "Can submit translations"),
}


def _permission(app_label, codename):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    # post_migrate runs after Django made every model's permissions (see sync_roles_after_migrate).
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found is None and (app_label, codename) in MADE_BY_MIGRATIONS:
        model, name = MADE_BY_MIGRATIONS[app_label, codename]
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        found, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    if found is None:
        raise Permission.DoesNotExist(f"{app_label}.{codename}")
    return found


def ensure_roles():
    """Create or top up the role groups. Never removes a permission an admin added by hand."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, spec in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(label, codename) for label, codename in model_permissions(name)))
        if root_page is not None:
            for codename in spec.page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=_permission("wagtailcore", codename)
                )
        if root_collection is not None:
            for codename in spec.collection_permissions:
                app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(app_label, codename)
                )


def attach_reviewed_snippets():
    """Put every reviewed snippet on the "Clinical review" workflow (if it exists)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Workflow, WorkflowContentType

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        return
    for app_label, model in reviewed_snippets():
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        # Never moves a model an admin has put on another workflow by hand.
        WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})


def sync_roles_after_migrate(sender, **kwargs):
    """post_migrate is sent once per app, in INSTALLED_APPS order, each after Django made that
    app's content types and permissions: the last one is when every permission exists."""
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        ensure_roles()
        attach_reviewed_snippets()
