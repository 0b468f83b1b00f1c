"""Events: delegation visits, round tables, B2B sessions, forums, governors' meetings; their
participants, itineraries, meeting schedules and outcomes. Adapts `promkoop.planning`."""
