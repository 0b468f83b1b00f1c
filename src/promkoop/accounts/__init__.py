"""Accounts app: who a user is in Promkoop — the role (`Role`, `UserProfile` in
`models.py`) and what follows from it (`roles.py`: `role_of`, `assign_role`, the
"officers" group whose permissions open the admin to regional officers).

Every app reads a user's role from here. Accounts imports no other Promkoop app:
the registry models a profile points to are named by label.
"""
