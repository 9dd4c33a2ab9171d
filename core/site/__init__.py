"""Site content shared by every page: Portal settings and wording as patients see them, crisis
numbers, languages, review-date and reading-grade rules, the core seed.
"""
