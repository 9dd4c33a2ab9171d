import pytest

from approaches.factories import AboutInformationPageFactory, ApproachIndexPageFactory
from tests.decision_aid.support import complete
from tests.support import make_home


@pytest.fixture
def index(db):
    return ApproachIndexPageFactory(parent=make_home())


@pytest.fixture
def linked(index):
    """The pages every approach page links to: the not-now page and About this information."""
    complete(index, slug="wait-and-see", is_not_now_option=True)
    AboutInformationPageFactory(parent=index.get_parent())
