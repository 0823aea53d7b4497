"""`ins.insi.mock`: an INSi in memory, for tests, demos and offline development.

[`MockInsi`][ins.insi.mock.MockInsi] implements [`ins.insi.InsiClient`][ins.insi.InsiClient]; seeded
by [`MockInsi.with_test_identities`][ins.insi.mock.MockInsi.with_test_identities] with the public
INSi test persons (shipped in `ins/data/insi_test_identities.json`), it answers as the INSi test
platform does. Around it: the persons it knows ([`Registry`][ins.insi.mock.Registry]), fault
injection ([`FaultPlan`][ins.insi.mock.FaultPlan]), and the seed file reader
([`load_test_identities`][ins.insi.mock.load_test_identities],
[`parse_identities`][ins.insi.mock.parse_identities]). Behind the INSi wire format it becomes a
SOAP endpoint: `SoapEndpoint(MockInsi.with_test_identities())`
([`ins.insi.soap`][ins.insi.soap]), which the mock INSi server
([`ins.insi.server`][ins.insi.server]) serves over HTTP.

```pycon
>>> from ins.insi import TraitsSearch
>>> insi = MockInsi.with_test_identities()
>>> insi.search_by_traits(TraitsSearch(birth_name="HOUILLES", first_names="PIERRE", sex="M",
...                                    birth_date="1993-01-27")).label
'Aucune identite trouvee'

```
"""

from __future__ import annotations

from ins.insi.mock._faults import FaultPlan, make_fault
from ins.insi.mock._insi import MAX_CALLS, Call, MockInsi
from ins.insi.mock._registry import RegisteredPerson, Registry
from ins.insi.mock._seed import (
    SeedData,
    SeedPerson,
    load_test_identities,
    parse_identities,
    wire_ins,
    wire_traits,
)

__all__ = [
    "MAX_CALLS",
    "Call",
    "FaultPlan",
    "MockInsi",
    "RegisteredPerson",
    "Registry",
    "SeedData",
    "SeedPerson",
    "load_test_identities",
    "make_fault",
    "parse_identities",
    "wire_ins",
    "wire_traits",
]
