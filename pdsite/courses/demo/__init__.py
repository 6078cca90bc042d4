"""The courses part of the demo: its data files (`*.yaml` here), read by `loader`, turned into
plain records by `content`, and seeded as rows and pages by `seeding.seed`."""
