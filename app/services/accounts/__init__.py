"""Who signs in and for whom: accounts, delegations and groups, passwords, tokens, throttling, administration."""
