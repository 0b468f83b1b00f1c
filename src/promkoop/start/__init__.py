"""Start pages: what waits for a signed-in user, by role — an officer's region, a member's company."""
