"""The demo data of the README (spec section 9): its cast (`cast`), the models' READMEs (`readmes`)
and how they are written (`seed`, run by `manage.py seed_demo`)."""
