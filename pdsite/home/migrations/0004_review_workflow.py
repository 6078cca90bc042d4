"""Authoring roles: PD leads create and edit and submit for review; Reviewers approve,
which publishes. A "PD review" workflow on the home page makes that the path for every page."""

from django.db import migrations

PD_LEADS, REVIEWERS = "PD leads", "Reviewers"
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MODEL_PERMISSIONS = {
    PD_LEADS: [
        ("courses", ["add_unit", "change_unit", "view_unit", "add_smallstep", "change_smallstep", "view_smallstep",
                     "add_block", "change_block", "view_block", "view_year", "change_bigidea", "view_bigidea",
                     "change_essenceprinciple", "view_essenceprinciple"]),
        ("wagtaildocs", ["add_document", "change_document", "choose_document"]),
    ],
    REVIEWERS: [
        ("wagtailadmin", ["access_admin"]),
        ("videos", ["view_video"]),
        ("courses", ["view_unit", "view_block", "view_year", "view_bigidea", "view_essenceprinciple"]),
    ],
}


def setup_review(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    HomePage = apps.get_model("home.HomePage")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    pd_leads = Group.objects.get(name=PD_LEADS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    home = HomePage.objects.get(depth=2, slug="home")

    # PD leads no longer publish directly: publishing is the reviewer's approval.
    GroupPagePermission.objects.filter(group=pd_leads, permission__codename="publish_page").delete()
    for codename in REVIEWER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=reviewers,
            page_id=home.pk,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    for group_name, grants in MODEL_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for app_label, codenames in grants:
            for codename in codenames:
                group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for codename in ("add_document", "change_document", "choose_document"):
            GroupCollectionPermission.objects.get_or_create(
                group=pd_leads,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename),
            )

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(name="Reviewer approval", defaults={"content_type": task_type})
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name="PD review")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_create_groups"),
        ("courses", "0003_big_ideas_and_essence_principles"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(setup_review, migrations.RunPython.noop)]
