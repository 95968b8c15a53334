from django.db import migrations

# Frozen copies: a migration must not change when vocab.py's display names do.
COUNTIES = {
    "bernalillo": "Bernalillo", "catron": "Catron", "chaves": "Chaves", "cibola": "Cibola",
    "colfax": "Colfax", "curry": "Curry", "de-baca": "De Baca", "dona-ana": "Doña Ana",
    "eddy": "Eddy", "grant": "Grant", "guadalupe": "Guadalupe", "harding": "Harding",
    "hidalgo": "Hidalgo", "lea": "Lea", "lincoln": "Lincoln", "los-alamos": "Los Alamos",
    "luna": "Luna", "mckinley": "McKinley", "mora": "Mora", "otero": "Otero", "quay": "Quay",
    "rio-arriba": "Rio Arriba", "roosevelt": "Roosevelt", "sandoval": "Sandoval",
    "san-juan": "San Juan", "san-miguel": "San Miguel", "santa-fe": "Santa Fe",
    "sierra": "Sierra", "socorro": "Socorro", "taos": "Taos", "torrance": "Torrance",
    "union": "Union", "valencia": "Valencia",
}
SERVICE_TYPES = {
    "shelter": "Emergency shelter",
    "housing": "Transitional and long-term housing",
    "hotline": "Hotlines and crisis lines",
    "legal-aid": "Legal aid",
    "immigration": "Immigration legal help, T and U visas",
    "counseling": "Counseling and mental health",
    "case-management": "Case management and advocacy",
    "medical": "Medical care",
    "substance-use": "Substance use treatment",
    "youth": "Youth services",
    "basic-needs": "Food, clothing, basic needs",
    "employment": "Job training and education",
}
POPULATIONS = {
    "women": "Women",
    "men": "Men",
    "lgbtq": "LGBTQ+ people",
    "minors": "Minors",
    "families": "Families",
    "native-american": "Native American people",
    "immigrants": "Immigrants",
    "people-with-disabilities": "People with disabilities",
}


def create(apps, schema_editor):
    for model, names in (("County", COUNTIES), ("ServiceType", SERVICE_TYPES), ("Population", POPULATIONS)):
        Model = apps.get_model("directory", model)
        for slug, name in names.items():
            Model.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
