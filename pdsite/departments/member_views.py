"""The members page of a department (adding, removing, CSV import, teams) and the page where an
invited person accepts an invitation. Same shape as views.py: authorise through permissions.py,
call one service, render.

Adding someone answers one sentence whatever happened (added from the school, invited, or
nothing), so the page never tells whether an account exists. An invitation link that is
unknown, used or expired answers the same page with the same status.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import permissions
from .forms import InvitationSignUpForm, MemberAddForm, MemberImportForm, MemberRemoveForm, TeamForm
from .models import Department, Invitation
from .selectors import members as member_selectors
from .services import invitations as invitation_services
from .services import members as member_services

# What the members page says after "Add member", the same whether or not an account exists.
ADDED_OR_INVITED = "If {value} is a member of {school}, they have been added; otherwise an invitation has been sent to that address."
ADDED_OR_NOT = "If {value} is a member of {school}, they have been added. Enter an email address to invite someone new."
INVITATION_GONE_STATUS = 410


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    department = permissions.managed_department(request.user, slug)
    add_form = MemberAddForm(request.POST or None, prefix="add")
    if request.method == "POST" and add_form.is_valid():
        value = add_form.cleaned_data["person"]
        try:
            added = member_services.membership_add(
                department=department, actor=request.user, person=value, role=add_form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_form.add_error(None, error)
        else:
            messages.success(request, _added_message(added, value, department))
            return redirect("departments:members", slug=slug)
    return _members_page(request, department, add_form=add_form, status=400 if add_form.errors else 200)


def _added_message(added, value: str, department: Department) -> str:
    if added is member_services.Added.CHANGED:
        return f"The role of {value} in {department.name} is saved."
    sentence = ADDED_OR_INVITED if "@" in value else ADDED_OR_NOT
    return sentence.format(value=value, school=department.school)


@login_required
@require_POST
def members_remove(request: HttpRequest, slug: str) -> HttpResponse:
    department = permissions.managed_department(request.user, slug)
    form = MemberRemoveForm(request.POST, department=department)
    if not form.is_valid():
        return _members_page(request, department, remove_errors=["Choose a member of the department to remove."], status=400)
    person = form.cleaned_data["person"]
    try:
        member_services.membership_remove(department=department, actor=request.user, user=person)
    except ValidationError as error:
        return _members_page(request, department, remove_errors=error.messages, status=400)
    messages.success(request, f"{person.get_full_name() or person.username} is no longer a member of {department.name}.")
    return redirect("departments:members", slug=slug)


@login_required
@require_POST
def members_import(request: HttpRequest, slug: str) -> HttpResponse:
    department = permissions.managed_department(request.user, slug)
    form = MemberImportForm(request.POST, request.FILES, prefix="import")
    if not form.is_valid():
        return _members_page(request, department, import_form=form, status=400)
    try:
        result = member_services.members_import_csv(
            department=department, actor=request.user, text=form.cleaned_data["file"]
        )
    except member_services.ImportRejected as error:
        return _members_page(request, department, import_form=form, import_errors=error.messages, status=400)
    messages.success(
        request,
        f"Imported: {result.added} added from {department.school}, {result.updated} role changes, "
        f"{result.invited} invitations sent by email.",
    )
    return redirect("departments:members", slug=slug)


@login_required
@require_POST
def team_create(request: HttpRequest, slug: str) -> HttpResponse:
    department = permissions.managed_department(request.user, slug)
    form = TeamForm(request.POST, prefix="team", department=department)
    if not form.is_valid():
        return _members_page(request, department, team_form=form, status=400)
    member_services.team_create(
        department=department, name=form.cleaned_data["name"], members=form.cleaned_data["members"]
    )
    messages.success(request, f"Team “{form.cleaned_data['name']}” created.")
    return redirect("departments:members", slug=slug)


def _members_page(
    request, department, *, add_form=None, import_form=None, team_form=None, import_errors=None, remove_errors=None,
    status=200,
):
    return render(
        request,
        "departments/members.html",
        {
            "department": department,
            "members": member_selectors.members_of(department=department),
            "invitations": Invitation.objects.pending().filter(department=department).order_by("email"),
            "teams": department.teams.prefetch_related("members"),
            "add_form": add_form or MemberAddForm(prefix="add"),
            "import_form": import_form or MemberImportForm(prefix="import"),
            "team_form": team_form or TeamForm(prefix="team", department=department),
            "import_errors": import_errors or [],
            "remove_errors": remove_errors or [],
        },
        status=status,
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the link: signed in with the invited address, accept; signed out, make an
    account for it here (or sign in first); signed in as someone else, told to sign out."""
    invitation = Invitation.objects.pending().select_related("department__school").filter(token=token).first()
    if invitation is None:
        return _invitation_gone(request)
    user = request.user
    context = {"invitation": invitation, "department": invitation.department}
    if user.is_authenticated:
        error = None
        if request.method == "POST":
            try:
                invitation_services.invitation_accept(invitation=invitation, user=user)
            except invitation_services.InvitationNotValid:
                return _invitation_gone(request)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                messages.success(request, _joined_message(invitation))
                return redirect(settings.LOGIN_REDIRECT_URL)
        matches = (user.email or "").strip().lower() == invitation.email
        context.update(matches=matches, error=error or ("" if matches else invitation_services.WRONG_ACCOUNT))
        return render(request, "departments/invitation_accept.html", context, status=400 if error else 200)

    form = InvitationSignUpForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            new_user = invitation_services.invitation_accept_new_account(
                invitation=invitation, username=c["username"], password=c["password1"],
                first_name=c["first_name"], last_name=c["last_name"],
            )
        except invitation_services.InvitationNotValid:
            return _invitation_gone(request)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            login(request, new_user, backend=settings.PDSITE_SESSION_BACKEND)
            messages.success(request, _joined_message(invitation))
            return redirect(settings.LOGIN_REDIRECT_URL)
    context["form"] = form
    return render(request, "departments/invitation_accept.html", context, status=400 if form.errors else 200)


def _joined_message(invitation: Invitation) -> str:
    return f"Welcome: you are now a member of {invitation.department.name} at {invitation.department.school}."


def _invitation_gone(request) -> HttpResponse:
    return render(
        request, "departments/invitation_invalid.html", {"days": Invitation.VALID_DAYS}, status=INVITATION_GONE_STATUS
    )
