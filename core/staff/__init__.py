"""Staff sign-in and staff-only screens: the second factor, sessions in the database, edits kept
across a sign-in step, lockout, password reset, role groups, the staff reports.
"""
