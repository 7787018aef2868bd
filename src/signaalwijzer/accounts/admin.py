"""Beheer of organisations, accounts and roles (/beheer/). Only beheerders and superusers get in.

Roles are set through services.user_roles_set, so that is_staff follows the beheerder role and every
change lands in the audit log. Roles replace Django's groups and permissions in this app.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from signaalwijzer.accounts import services
from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.accounts.roles import BEHEERDER, Role

# Roles (RoleAssignment) take the place of Django's groups here.
admin.site.unregister(Group)


class BeheerderOnly:
    """Beheerders manage accounts without Django model permissions; superusers can do everything."""

    def _allowed(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.has_role(BEHEERDER))

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accounts are switched off (is_active), not deleted: the audit log refers to them.
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ["name", "type", "region", "created_at"]
    list_filter = ["type"]
    search_fields = ["name", "region"]
    fields = ["name", "type", "region"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.organisation_update(
                organisation=obj,
                name=data["name"],
                type=data["type"],
                region=data["region"],
                actor=request.user,
            )
        else:
            created = services.organisation_create(
                name=data["name"], type=data["type"], region=data["region"], actor=request.user
            )
            obj.pk, obj.created_at = created.pk, created.created_at
            obj._state.adding = False


class _RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Role.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Rollen"),
            help_text=_("Zorgcoördinator en beheerder loggen altijd in met tweestapsverificatie."),
            **kwargs,
        )


class _OrganisationRequired:
    """The database refuses an account without an organisation (except a superuser's): say so in the form."""

    def clean(self):
        cleaned = super().clean()
        is_superuser = cleaned.get("is_superuser", self.instance.is_superuser)
        if "organisation" in self.fields and not cleaned.get("organisation") and not is_superuser:
            self.add_error("organisation", _("Kies de organisatie van deze gebruiker."))
        return cleaned


class UserChangeWithRolesForm(_OrganisationRequired, UserChangeForm):
    roles = _RolesField()

    class Meta(UserChangeForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.roles)


class UserCreationWithRolesForm(_OrganisationRequired, AdminUserCreationForm):
    roles = _RolesField()

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation"]


@admin.register(User)
class UserAdmin(BeheerderOnly, DjangoUserAdmin):
    form = UserChangeWithRolesForm
    add_form = UserCreationWithRolesForm
    list_display = ["username", "first_name", "last_name", "organisation", "roles_shown", "is_active"]
    list_filter = ["is_active", "organisation__type", "role_assignments__role", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    ordering = ["username"]
    actions = ["two_factor_reset", "lockout_reset"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Persoonlijke gegevens"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Organisatie en rollen"), {"fields": ["organisation", "roles"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "organisation",
                    "roles",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    def has_change_permission(self, request, obj=None) -> bool:
        # A beheerder cannot change a superuser's account (their password least of all).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            # Only a superuser can make another one; a beheerder cannot raise anyone above themselves.
            fieldsets = [*fieldsets, (_("Superuser"), {"fields": ["is_superuser"]})]
        return fieldsets

    @admin.display(description=_("Rollen"))
    def roles_shown(self, obj: User) -> str:
        return ", ".join(obj.role_labels())

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = services.user_create(
            username=data["username"],
            organisation=data.get("organisation"),
            password=data.get("password1") if data.get("set_usable_password") else None,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
            roles=data.get("roles", []),
            actor=request.user,
        )
        obj.pk, obj.password, obj.is_staff = created.pk, created.password, created.is_staff
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            services.user_roles_set(
                user=form.instance, roles=form.cleaned_data.get("roles", []), actor=request.user
            )

    @admin.action(description=_("Tweestapsverificatie opnieuw laten instellen (kwijtgeraakte telefoon)"))
    def two_factor_reset(self, request, queryset):
        count = sum(
            1
            for user in queryset
            if services.totp_devices_remove(user=user, actor=request.user, request=request)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d account stelt bij de volgende keer inloggen tweestapsverificatie opnieuw in.",
                "%(count)d accounts stellen bij de volgende keer inloggen tweestapsverificatie opnieuw in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Blokkade na te veel inlogpogingen opheffen"))
    def lockout_reset(self, request, queryset):
        for user in queryset:
            axes_reset(username=user.get_username())
        self.message_user(request, _("De blokkades zijn opgeheven."), messages.SUCCESS)
