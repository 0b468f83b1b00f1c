"""Django admin for officers and admins: every registry table, searchable."""
from django.contrib import admin

from .models import Capability, City, Okpd2, Okved2, Organization, Person, Region, RegionAlias


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
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "inn", "region", "is_public", "source")
    list_filter = ("kind", "is_public", "source", "region")
    search_fields = ("name", "short_name", "inn", "ogrn")
    raw_id_fields = ("okved_main", "okved_extra", "city", "residents")
    inlines = [CapabilityInline]


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "kind", "okpd2", "climate_version", "temp_min_c")
    list_filter = ("kind", "climate_version", "prototypes_to_spec")
    search_fields = ("name", "organization__name")
    raw_id_fields = ("organization", "okpd2")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "position", "organization", "region")
    search_fields = ("full_name", "position")
    raw_id_fields = ("organization",)
