"""Lesson study, Teacher Research Group and ECT observation cycles (issue #14, "Cycles")."""
