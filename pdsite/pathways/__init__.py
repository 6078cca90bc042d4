"""Induction pathways: the ordered steps an early-career teacher works through, their
enrolments, induction profiles, step progress and mentor comments, with the views for the
teacher, their mentor and induction tutor, and the Induction admin menu."""
