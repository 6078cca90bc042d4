"""The home part of the demo: its data files (`users.yaml`, `home.yaml`) and `seeding`, which
makes the role logins and the home page's intro. The whole demo is run by `seed_demo`."""
