"""LTI 1.3 Advantage tool (issue #16): school LMSs launch pdsite clips and modules, and pick them
by Deep Linking. pylti1p3 does the protocol; this app keeps the platform registrations, the
tool's rotating keys and the LTI-user ↔ pdsite-user links."""
