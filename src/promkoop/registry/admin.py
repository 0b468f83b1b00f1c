"""Django admin for officers and admins: every registry table, searchable.

A superuser sees everything. Other staff (regional officers, who get their
model permissions from the "officers" group, see promkoop.accounts.roles) see and
change only what registry.access lets them edit: their region's organizations,
those organizations' capabilities and people. Foreign-key choices are limited
the same way, so a form cannot move a record into another region.
"""
from django.contrib import admin
from django.db.models import Q

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of

from . import access
from .models import Capability, City, Okpd2, Okved2, Organization, Person, Region, RegionAlias


def _editable_filter(request) -> Q | None:
    """Organizations the user may edit, as a Q; None for superusers (no limit)."""
    if request.user.is_superuser:
        return None
    return access.editable_organizations_filter(request.user)


def _editable_organizations(request):
    editable = _editable_filter(request)
    return Organization.objects.all() if editable is None else Organization.objects.filter(editable)


def _officer_region(request) -> str | None:
    """The region of a non-superuser officer, else None."""
    if request.user.is_superuser or role_of(request.user) != Role.OFFICER:
        return None
    return request.user.profile.region_id


class RegionScopedAdmin(admin.ModelAdmin):
    """Rows and choices limited to what registry.access lets the user edit."""

    def scope(self, request, queryset):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if _editable_filter(request) is None else self.scope(request, queryset)

    def _in_scope(self, request, obj) -> bool:
        return obj is None or _editable_filter(request) is None or \
            self.scope(request, type(obj).objects.filter(pk=obj.pk)).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        region = _officer_region(request)
        if _editable_filter(request) is not None:
            if db_field.name == "organization":
                kwargs["queryset"] = _editable_organizations(request)
            elif db_field.name == "region" and region:
                kwargs["queryset"] = Region.objects.filter(pk=region)
            elif db_field.name == "city" and region:
                kwargs["queryset"] = City.objects.filter(region_id=region)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        """Officers see one region: a region filter would only list regions they cannot open."""
        filters = super().get_list_filter(request)
        if _editable_filter(request) is not None:
            filters = tuple(f for f in filters if f not in ("region", "organization__region"))
        return filters


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "federal_district", "capital")
    search_fields = ("code", "name", "capital")


@admin.register(RegionAlias)
class RegionAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "region", "kind", "ambiguous")
    list_filter = ("kind", "ambiguous")
    search_fields = ("alias",)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "population", "is_regional_capital")
    list_filter = ("region",)
    search_fields = ("name",)


@admin.register(Okved2, Okpd2)
class ClassifierAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "section", "level")
    list_filter = ("section", "level")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class CapabilityInline(admin.StackedInline):
    model = Capability
    extra = 0
    raw_id_fields = ("okpd2",)


@admin.register(Organization)
class OrganizationAdmin(RegionScopedAdmin):
    list_display = ("name", "kind", "inn", "region", "is_public", "source")
    list_filter = ("kind", "is_public", "source", "region")
    search_fields = ("name", "short_name", "inn", "ogrn")
    raw_id_fields = ("okved_main", "okved_extra", "city", "residents")
    inlines = [CapabilityInline]

    def scope(self, request, queryset):
        return queryset.filter(_editable_filter(request))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "residents" and _editable_filter(request) is not None:
            kwargs["queryset"] = access.visible_organizations(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Capability)
class CapabilityAdmin(RegionScopedAdmin):
    list_display = ("name", "organization", "kind", "okpd2", "climate_version", "temp_min_c")
    list_filter = ("kind", "climate_version", "prototypes_to_spec")
    search_fields = ("name", "organization__name")
    raw_id_fields = ("organization", "okpd2")

    def scope(self, request, queryset):
        return queryset.filter(organization__in=_editable_organizations(request))


@admin.register(Person)
class PersonAdmin(RegionScopedAdmin):
    list_display = ("full_name", "position", "organization", "region")
    search_fields = ("full_name", "position")
    raw_id_fields = ("organization",)

    def scope(self, request, queryset):
        """People of editable organizations, and an officer's region's people with no organization."""
        in_scope = Q(organization__in=_editable_organizations(request))
        region = _officer_region(request)
        if region:
            in_scope |= Q(organization__isnull=True, region_id=region)
        return queryset.filter(in_scope)
