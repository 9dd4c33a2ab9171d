"""Machinery other apps use and patients never see: background tasks, spreadsheet exports, the
search backend, small-count suppression.
"""
