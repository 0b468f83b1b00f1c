"""The cooperation world (the Roslavl brake plant, the Chelyabinsk rubber-goods makers, a closed firm,
indexes under a temporary VAR_DIR) serves the start pages too."""
from cooperation.conftest import (  # noqa: F401  (fixtures)
    arctic_rti, closed_firm, isolated_indexes, need_values, plain_rti, roslavl, roslavl_member, rti_member)
