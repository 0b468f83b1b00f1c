"""Promkoop: inter-regional industrial cooperation platform."""
