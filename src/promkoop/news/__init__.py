"""News app: articles, the facts extracted from them, entity linking and the review queue.

Where things are: `models.py` (Article, Fact, Event, ExtractedNeed/ExtractedOffer drafts),
`engine.py` (the one door to `promkoop.nlp`, one NlpParts per process), `spans.py` (where a
fact is mentioned in the text), `linking.py` (which registry row a fact is), the writes — `ingest.py` (an article with
its facts, events and drafts), `fact_review.py` (linking, creating or rejecting reviewed
facts), `drafts.py` (confirming or rejecting need/offer drafts) — `review.py` (review
actions by name, with who may do them),
`access.py` (who may ingest and review), `queries.py` (shared reads), `views.py`/`urls.py`
(pages under /news/), `api.py` (/api/news), and the commands `promkoop ingest FILE…` and
`promkoop extract FILE --json`.

Dependencies run one way: news uses the registry (linking, creating organizations and
people) and the cooperation app (a confirmed need/offer draft is published through
`cooperation.services.create_need` / `create_offer`; who may confirm follows
`cooperation.access.can_post_for`). Neither the registry nor cooperation imports news;
the draft → need/offer link is a foreign key on the news side (`ExtractedNeed.need`,
`ExtractedOffer.offer`).
"""
