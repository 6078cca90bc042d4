"""A school's sign-in settings, and the people waiting to join a school after their first
single sign-on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .policy import parse_domains


class SchoolSignIn(models.Model):
    """How the staff of one school sign in. Edited by a superuser (Settings > School sign-in)."""

    school = models.OneToOneField("departments.School", on_delete=models.CASCADE, related_name="sign_in")
    allowed_domains = models.TextField(
        blank=True,
        help_text="Email domains of the school's staff accounts, one a line or comma-separated "
        "(e.g. greenfield.sch.uk). A single sign-on from any other domain is refused.",
    )
    entra_tenant_id = models.CharField(
        "Microsoft Entra tenant id",
        max_length=64,
        blank=True,
        help_text="The school's Microsoft 365 directory (tenant) id. Empty: Microsoft sign-in is refused "
        "for this school.",
    )
    local_passwords_off = models.BooleanField(
        "Staff may not use local passwords",
        default=False,
        help_text="The school's staff must use single sign-on; site administrators keep their password.",
    )

    class Meta:
        verbose_name = "school sign-in"
        verbose_name_plural = "school sign-in"
        ordering = ["school__name"]

    def __str__(self) -> str:
        return f"Sign-in for {self.school}"

    @property
    def domains(self) -> list[str]:
        return parse_domains(self.allowed_domains)

    def clean(self):
        try:
            domains = parse_domains(self.allowed_domains, strict=True)
        except ValueError as error:
            raise ValidationError({"allowed_domains": str(error)}) from error
        self.allowed_domains = "\n".join(domains)
        self.entra_tenant_id = self.entra_tenant_id.strip().lower()
        clash = SchoolSignIn.objects.exclude(pk=self.pk)
        taken = [d for d in domains if any(d in other.domains for other in clash)]
        if taken:
            raise ValidationError({"allowed_domains": f"Already another school's domain: {', '.join(taken)}."})


class PendingMember(models.Model):
    """Someone whose first single sign-on came from a school's domain: they wait until a head of
    department of that school approves (they join one of its departments) or refuses (their new
    account is switched off)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_memberships")
    school = models.ForeignKey("departments.School", on_delete=models.CASCADE, related_name="pending_members")
    email = models.EmailField()
    provider = models.CharField(max_length=40, help_text="The sign-in it came from (allauth provider id).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    department = models.ForeignKey(
        "departments.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The department an approval added them to.",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], condition=Q(status="pending"), name="one_pending_request_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.school} · {self.get_status_display()}"
