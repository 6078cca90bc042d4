"""The pending members page: list, approve (into one of the approver's departments), refuse.
Each view asks access.py; an unknown, decided or forbidden request answers the same 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import access, services
from .forms import ApproveForm


@login_required
def pending_list(request):
    rows = [
        (pending, ApproveForm(departments=access.approval_departments(request.user, pending.school), prefix=f"p{pending.pk}"))
        for pending in access.decidable_pending_members(request.user)
    ]
    return render(request, "accounts/pending_list.html", {"rows": rows})


@login_required
@require_POST
def pending_approve(request, pk: int):
    pending = access.pending_member_get_decidable(request.user, pk)
    form = ApproveForm(
        request.POST, departments=access.approval_departments(request.user, pending.school), prefix=f"p{pending.pk}"
    )
    if not form.is_valid():
        messages.error(request, f"Choose one of your departments to add {pending.email} to.")
        return redirect("accounts:pending")
    try:
        services.pending_member_approve(pending=pending, department=form.cleaned_data["department"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:pending")
    messages.success(request, f"{pending.email} joined {form.cleaned_data['department'].name} as a teacher.")
    return redirect("accounts:pending")


@login_required
@require_POST
def pending_refuse(request, pk: int):
    pending = access.pending_member_get_decidable(request.user, pk)
    try:
        services.pending_member_refuse(pending=pending, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:pending")
    messages.success(request, f"You refused {pending.email}; they cannot sign in to pdsite.")
    return redirect("accounts:pending")
