"""The border between Django and the matching engine: the only code that knows both.

Split by job:

- `documents` — rows ↔ engine dataclasses (`capability_to_doc`, `need_to_query`,
  `need_to_doc`, `offer_to_capability_doc`, `text_query`) and matches → plain rows;
- `reasons` — the engine's structured reasons worded with gettext in the active language;
- `indexes` — the indexes saved under VAR_DIR/index and kept in step with the database
  (`current()` gives those of the current VAR_DIR and database);
- `queries` — what a page, the API or a command asks for a user (`rank_partners`,
  `partners_for_need`, `needs_for_offer`, `needs_for_organization`,
  `offers_for_organization`, `posting_matches_search`).

Callers: cooperation pages, API, services (on commit), the `match` and `reindex` commands.
"""
