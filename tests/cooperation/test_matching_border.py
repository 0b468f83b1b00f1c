"""The Django ↔ engine border: rows become engine dataclasses, matches become rows, the
capability index follows registry changes and respects who may see what."""
import json

from django.contrib.auth.models import AnonymousUser

from promkoop.cooperation.matching import documents, indexes, queries
from promkoop.cooperation import services
from promkoop.matching import CapabilityDoc, NeedQuery
from promkoop.registry import services as registry
from promkoop.registry.models import Capability

from factories import make_inn, make_member


def test_capability_to_doc_carries_requirements_and_place(arctic_rti):
    cap = arctic_rti.capabilities.get()
    doc = documents.capability_to_doc(cap)
    assert isinstance(doc, CapabilityDoc)
    assert (doc.id, doc.organization_id, doc.region_code) == (cap.pk, arctic_rti.pk, "74")
    assert (doc.temp_min_c, doc.climate_version, doc.prototypes_to_spec) == (-60, "ХЛ", True)
    assert doc.okpd2 == "22.19.73" and doc.okpd2_name
    assert doc.city == "Челябинск" and doc.lat is not None
    assert doc.is_public


def test_need_to_query_takes_text_requirements_and_regions(roslavl, need_values):
    need = services.create_need(roslavl, preferred_regions=["74"], excluded_regions=["77"], **need_values)
    query = documents.need_to_query(need)
    assert isinstance(query, NeedQuery)
    assert query.text.startswith("РТИ для арктических условий. резинотехнические")
    assert (query.temp_min_c, query.climate_version, query.kind) == (-60, "ХЛ", "prototype")
    assert query.region_code == "67" and query.lat is not None
    assert (query.preferred_regions, query.excluded_regions) == (("74",), ("77",))


def test_need_to_doc_is_public_only_for_public_visibility(roslavl, need_values):
    public = services.create_need(roslavl, **need_values)
    officers = services.create_need(roslavl, visibility="officers", **need_values)
    assert documents.need_to_doc(public).is_public
    assert not documents.need_to_doc(officers).is_public


def test_partners_ranked_with_arctic_maker_first_and_explained(roslavl, arctic_rti, plain_rti, need_values):
    need = services.create_need(roslavl, **need_values)
    rows = queries.partners_for_need(need, AnonymousUser())
    assert [r["organization"] for r in rows][:2] == ["ЧЗРТИ", "Уральский завод РТИ"]
    top = rows[0]
    assert set(top) >= {"organization", "inn", "region_code", "capability", "score", "explanation"}
    assert top["inn"] == arctic_rti.inn and top["region_code"] == "74"
    met = {c["name"] for c in top["explanation"]["requirements_met"]}
    assert {"temperature", "climate_version"} <= met
    assert {c["name"] for c in rows[1]["explanation"]["requirements_not_met"]} >= {"temperature"}
    json.dumps(rows, ensure_ascii=False)  # rows are plain JSON


def test_own_organization_is_never_its_own_partner(roslavl, arctic_rti, need_values):
    registry.create_capability(roslavl, name="Резинотехнические изделия для арктики", temp_min_c=-60)
    need = services.create_need(roslavl, **need_values)
    assert roslavl.pk not in {r["organization_id"] for r in queries.partners_for_need(need, AnonymousUser())}


def test_closed_profile_capability_hidden_from_anonymous_shown_to_its_member(roslavl, arctic_rti, closed_firm,
                                                                            need_values):
    need = services.create_need(roslavl, **need_values)
    anonymous = {r["organization_id"] for r in queries.partners_for_need(need, AnonymousUser())}
    assert closed_firm.pk not in anonymous
    member = make_member("closed-member", closed_firm)
    assert closed_firm.pk in {r["organization_id"] for r in queries.partners_for_need(need, member)}


def test_index_follows_added_changed_and_deleted_capabilities(roslavl, arctic_rti, need_values):
    need = services.create_need(roslavl, **need_values)
    query = documents.need_to_query(need)
    assert len(indexes.current().capabilities.index()) == 1
    # given a new maker, when its capability appears, then the next query finds it
    other = registry.create_organization(name="Новосибирский завод РТИ", region_id="54")
    cap = registry.create_capability(other, name="Арктические резинотехнические изделия", temp_min_c=-60,
                                     climate_version="ХЛ")
    assert other.pk in {r["organization_id"] for r in queries.rank_partners(query, AnonymousUser())}
    # a closed profile drops out for anonymous users
    registry.update_organization(other, is_public=False)
    assert other.pk not in {r["organization_id"] for r in queries.rank_partners(query, AnonymousUser())}
    registry.update_capability(cap, name="Уплотнения для Арктики")
    assert indexes.current().capabilities.index().get(cap.pk).name == "Уплотнения для Арктики"
    registry.delete_capability(cap)
    assert cap.pk not in indexes.current().capabilities.index()
    assert len(indexes.current().capabilities.index()) == Capability.objects.count()


def test_index_saved_to_var_dir_and_loaded_by_a_fresh_process(settings, arctic_rti):
    index = indexes.current().capabilities.index()
    assert (indexes.index_dir() / "capabilities" / "meta.json").exists()
    assert indexes.index_dir().parent == settings.VAR_DIR / "index"
    fresh = indexes.IndexSet(indexes.index_dir(), indexes.encoder())  # as a new process would start
    loaded = fresh.capabilities.index()
    assert loaded is not index and [d.id for d in loaded.docs()] == [d.id for d in index.docs()]


def test_processes_share_the_saved_index_and_a_small_change_does_not_rewrite_it(arctic_rti):
    indexes.current().capabilities.index()
    saved = indexes.index_dir() / "capabilities" / "meta.json"
    written = saved.stat().st_mtime_ns
    # a new process reads the saved files in place (memory-mapped), not into its own memory
    worker = indexes.IndexSet(indexes.index_dir(), indexes.encoder())
    assert worker.capabilities.index()._bm25.scores["data"].__class__.__name__ == "memmap"
    # a page's write reaches that process's index without writing the whole index again
    cap = registry.create_capability(arctic_rti, name="Мембраны тормозных камер морозостойкие")
    assert worker.capabilities.index().get(cap.pk).name == "Мембраны тормозных камер морозостойкие"
    assert saved.stat().st_mtime_ns == written
    # and a process started after it finds the change too (checked against the database on load)
    later = indexes.IndexSet(indexes.index_dir(), indexes.encoder())
    assert cap.pk in later.capabilities.index()


def test_a_new_process_trusts_a_saved_index_unless_the_database_went_back(arctic_rti, monkeypatch):
    cap = arctic_rti.capabilities.get()
    indexes.current().capabilities.index()
    checked = []
    original = indexes.ManagedIndex._docs
    monkeypatch.setattr(indexes.ManagedIndex, "_docs", lambda self, rows: checked.extend(r.pk for r in rows)
                        or original(self, rows))
    # a later state of the same database: only what changed since the save is read again
    registry.create_capability(arctic_rti, name="Манжеты морозостойкие")
    indexes.IndexSet(indexes.index_dir(), indexes.encoder()).capabilities.index()
    assert cap.pk not in checked and len(checked) == 1
    # a restored backup (the latest change is older than the save): every row is checked
    checked.clear()
    Capability.objects.filter(pk=cap.pk).update(name="Уплотнения из копии", updated_at="2001-01-01T00:00:00Z")
    Capability.objects.exclude(pk=cap.pk).delete()
    restarted = indexes.IndexSet(indexes.index_dir(), indexes.encoder()).capabilities.index()
    assert cap.pk in checked and restarted.get(cap.pk).name == "Уплотнения из копии"


def test_published_need_enters_needs_index_on_commit(roslavl, arctic_rti, need_values,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
    assert need.pk in indexes.current().needs.index()
    rows = queries.needs_for_organization(arctic_rti, AnonymousUser())
    assert [r["id"] for r in rows] == [need.pk]
    assert rows[0]["capability"] == "Морозостойкие манжеты и уплотнения"


def test_remembered_opportunities_follow_publishing_and_closing(roslavl, arctic_rti, need_values,
                                                               django_capture_on_commit_callbacks):
    """An organization's opportunities are remembered per index version: publishing a need, or closing it,
    shows on the very next ask."""
    need = services.create_need(roslavl, **need_values)
    assert queries.needs_for_organization(arctic_rti, AnonymousUser()) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_need(need)
    assert [r["id"] for r in queries.needs_for_organization(arctic_rti, AnonymousUser())] == [need.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.close_need(need, outcome="cancelled")
    assert queries.needs_for_organization(arctic_rti, AnonymousUser()) == []


def test_draft_need_is_not_an_opportunity(roslavl, arctic_rti, need_values):
    services.create_need(roslavl, **need_values)
    assert queries.needs_for_organization(arctic_rti, AnonymousUser()) == []


def test_saved_search_matches_by_stems_and_filters(roslavl, need_values, admin_user):
    need = services.create_need(roslavl, **need_values)
    hit = services.save_search(admin_user, name="арктика", text="резинотехническое изделие арктика")
    miss = services.save_search(admin_user, name="насосы", text="насосы")
    other_region = services.save_search(admin_user, name="РТИ в 74", text="резинотехнические", region="74")
    assert queries.posting_matches_search(need, hit)
    assert not queries.posting_matches_search(need, miss)
    assert not queries.posting_matches_search(need, other_region)


def test_text_query_from_region_has_capital_coordinates(db):
    query = documents.text_query("РТИ", region_code="67")
    assert query.region_code == "67" and query.lat is not None


def test_lexical_fallback_without_encoder_ranks_and_ignores_dense_index(monkeypatch, roslavl, arctic_rti,
                                                                        plain_rti, need_values):
    need = services.create_need(roslavl, **need_values)
    assert indexes.current().capabilities.index().dense_enabled  # built with the bundled encoder
    # when the encoder wheel is absent, a new process must not reuse the dense index
    monkeypatch.setattr(indexes, "encoder", lambda: None)
    assert not indexes.current().capabilities.index().dense_enabled
    rows = queries.partners_for_need(need, AnonymousUser())
    assert rows[0]["organization"] == "ЧЗРТИ"


def test_what_a_viewer_may_see_is_remembered_per_registry_version_and_role(roslavl, arctic_rti, closed_firm,
                                                                           need_values):
    """The visible capabilities are remembered per class of viewer (role and its region or organization):
    a user whose role changes sees by the new role at once, and a closed capability added since shows."""
    from promkoop.accounts.roles import Role, assign_role
    from promkoop.registry.models import Region

    from factories import make_user

    need = services.create_need(roslavl, **need_values)

    def partners(user):
        return {r["organization_id"] for r in queries.partners_for_need(need, user)}

    smolensk = make_user("officer-67", Role.OFFICER, region_id="67")
    assert closed_firm.pk in partners(smolensk)  # the closed firm is in the officer's region
    chelyabinsk = make_user("officer-74", Role.OFFICER, region_id="74")
    assert closed_firm.pk not in partners(chelyabinsk)
    assign_role(chelyabinsk, Role.OFFICER, region=Region.objects.get(code="67"))
    chelyabinsk = type(chelyabinsk).objects.get(pk=chelyabinsk.pk)  # as the next request loads it
    assert closed_firm.pk in partners(chelyabinsk)
    assign_role(smolensk, Role.GUEST)
    smolensk = type(smolensk).objects.get(pk=smolensk.pk)
    assert closed_firm.pk not in partners(smolensk)
    other = registry.create_organization(name="Вяземский закрытый завод РТИ", inn=make_inn("672200004"),
                                         region_id="67", is_public=False)
    registry.create_capability(other, name="Резинотехнические изделия для Арктики по ТЗ", okpd2_id="22.19",
                               temp_min_c=-60, climate_version="ХЛ")
    assert other.pk in partners(chelyabinsk)
