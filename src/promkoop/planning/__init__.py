"""The planning engine: pure Python (OR-Tools, no Django).

- `b2b`: B2B meeting schedules (CP-SAT), instance schema `promkoop.b2b/1`.
- `visits`: delegation visit itineraries (OR-Tools routing), schema `promkoop.itinerary/1`.

Takes and returns plain dataclasses and JSON; the `events` app adapts it to the database.
"""
