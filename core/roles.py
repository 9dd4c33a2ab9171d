"""The portal's roles as Wagtail groups. Applied by a data migration so every install has them.

Site admins are Django superusers as well as members of "Site admins": Wagtail lets
superusers through group approval tasks, which is what we want for break-glass fixes.
"""

ADMIN_ACCESS = ("wagtailadmin", "access_admin")

# Patient-facing snippets that go through Clinical review like pages (drafts, locking and the
# workflow): (app label, model name). Editors add, change, lock and submit them; reviewers
# approve, which publishes, so they also need publish (and unlock). `attach_reviewed_snippets`
# puts each on the Clinical review workflow.
REVIEWED_SNIPPETS = [
    ("quiz", "quiz"),
    ("quiz", "supportlevel"),
    ("approaches", "condition"),
    ("approaches", "providertype"),
]
REVIEWED_EDIT = [(app, f"{action}_{model}") for app, model in REVIEWED_SNIPPETS for action in ("add", "change", "lock")]
# Approving a snippet in a workflow publishes it, so reviewers need publish as well as change.
REVIEWED_APPROVE = REVIEWED_EDIT + [
    (app, f"{action}_{model}") for app, model in REVIEWED_SNIPPETS for action in ("publish", "unlock")
]
# Conditions and provider types are shared by many pages: only reviewers and site admins remove one.
SNIPPET_DELETE = [("approaches", "delete_condition"), ("approaches", "delete_providertype")]
ANALYTICS = [("quiz", "view_quiz_analytics")]
GOVERNANCE = [("core", "add_clinicalreviewer"), ("core", "change_clinicalreviewer"), ("core", "change_portalsettings")]

# Permissions whose codename does not end in their model's name.
_PERMISSION_MODELS = {"view_quiz_analytics": "quiz"}

# role name -> (model permissions, page permissions on the whole tree, collection permissions)
ROLES = {
    "Clinical editors": (
        [ADMIN_ACCESS, *REVIEWED_EDIT],
        ["add_page", "change_page", "lock_page"],
        ["add_image", "choose_image", "add_document", "choose_document"],
    ),
    "Clinical reviewers": (
        [ADMIN_ACCESS, *REVIEWED_APPROVE, *SNIPPET_DELETE],
        ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    ),
    "Analytics": ([ADMIN_ACCESS, *ANALYTICS], [], []),
    "Site admins": (
        [ADMIN_ACCESS, *REVIEWED_APPROVE, *SNIPPET_DELETE, *ANALYTICS, *GOVERNANCE, ("wagtailcore", "change_site")],
        ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
        ["add_image", "change_image", "delete_image", "choose_image"],
    ),
}


def _permission(apps, app_label, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    existing = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if existing:
        return existing
    # Django creates model permissions only after every migration has run, and this runs
    # inside one; the codenames used here all end in their model's name.
    action, _, model = codename.rpartition("_")
    model = _PERMISSION_MODELS.get(codename, model)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return permission


def ensure_roles(apps):
    """Create or top up the role groups. Never removes a permission an admin added by hand."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, (model_perms, page_perms, collection_perms) in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in model_perms:
            group.permissions.add(_permission(apps, app_label, codename))
        if root_page is not None:
            for codename in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(apps, "wagtailcore", codename),
                )
        if root_collection is not None:
            for codename in collection_perms:
                app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, codename),
                )


def attach_reviewed_snippets(apps):
    """Put every model in REVIEWED_SNIPPETS on the "Clinical review" workflow (if it exists)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflow = Workflow.objects.filter(name="Clinical review").first()
    if workflow is None:
        return
    for app_label, model in REVIEWED_SNIPPETS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        # Never moves a model an admin has put on another workflow by hand.
        WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})
