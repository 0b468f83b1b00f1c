"""Registry: regions, cities, classifiers, organizations, capabilities, persons, imports."""
