"""Editors can only build a sensible tree: home → approaches index → approach pages, plus info pages."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from approaches.factories import ApproachIndexPageFactory, HomePageFactory
from approaches.models import AboutInformationPage, ApproachIndexPage, ApproachPage, HomePage, StandardPage
from quiz.models import QuizPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {ApproachIndexPage, StandardPage, QuizPage, AboutInformationPage})

    def test_approach_pages_live_under_the_index_only(self):
        self.assertAllowedParentPageTypes(ApproachPage, {ApproachIndexPage})
        self.assertAllowedSubpageTypes(ApproachPage, set())
        self.assertAllowedSubpageTypes(ApproachIndexPage, {ApproachPage})
        self.assertCanCreateAt(ApproachIndexPage, ApproachPage)
        self.assertCanNotCreateAt(HomePage, ApproachPage)
        self.assertCanNotCreateAt(StandardPage, ApproachPage)

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(ApproachIndexPage, StandardPage)

    def test_only_one_home_and_one_index(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="home-2")
        ApproachIndexPageFactory(parent=home)
        self.assertFalse(HomePage.can_create_at(root))
        self.assertFalse(ApproachIndexPage.can_create_at(home))
