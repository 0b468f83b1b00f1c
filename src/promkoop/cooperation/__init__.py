"""Cooperation: needs, offers, responses and the matching adapter."""
