"""The fixed vocabularies of PRODUCT.md: slugs are part of URLs and the import format.

The database tables mirror these lists (created by a data migration); display
names come from here so that they go through the translation catalogue.
"""

from django.utils.translation import gettext_lazy as _

COUNTIES: dict[str, str] = {
    "bernalillo": "Bernalillo",
    "catron": "Catron",
    "chaves": "Chaves",
    "cibola": "Cibola",
    "colfax": "Colfax",
    "curry": "Curry",
    "de-baca": "De Baca",
    "dona-ana": "Doña Ana",
    "eddy": "Eddy",
    "grant": "Grant",
    "guadalupe": "Guadalupe",
    "harding": "Harding",
    "hidalgo": "Hidalgo",
    "lea": "Lea",
    "lincoln": "Lincoln",
    "los-alamos": "Los Alamos",
    "luna": "Luna",
    "mckinley": "McKinley",
    "mora": "Mora",
    "otero": "Otero",
    "quay": "Quay",
    "rio-arriba": "Rio Arriba",
    "roosevelt": "Roosevelt",
    "sandoval": "Sandoval",
    "san-juan": "San Juan",
    "san-miguel": "San Miguel",
    "santa-fe": "Santa Fe",
    "sierra": "Sierra",
    "socorro": "Socorro",
    "taos": "Taos",
    "torrance": "Torrance",
    "union": "Union",
    "valencia": "Valencia",
}

SERVICE_TYPES = {
    "shelter": _("Emergency shelter"),
    "housing": _("Transitional and long-term housing"),
    "hotline": _("Hotlines and crisis lines"),
    "legal-aid": _("Legal aid"),
    "immigration": _("Immigration legal help, T and U visas"),
    "counseling": _("Counseling and mental health"),
    "case-management": _("Case management and advocacy"),
    "medical": _("Medical care"),
    "substance-use": _("Substance use treatment"),
    "youth": _("Youth services"),
    "basic-needs": _("Food, clothing, basic needs"),
    "employment": _("Job training and education"),
}

# Spanish search words for each service type, so that "refugio" finds shelters even
# when a listing has no Spanish description. Indexed, never shown.
SERVICE_TYPE_KEYWORDS_ES = {
    "shelter": "refugio albergue emergencia",
    "housing": "vivienda transitoria alojamiento",
    "hotline": "línea de ayuda crisis teléfono",
    "legal-aid": "asesoría legal abogado ayuda legal",
    "immigration": "inmigración visa T visa U abogado",
    "counseling": "consejería terapia salud mental",
    "case-management": "gestión de casos defensoría",
    "medical": "atención médica salud clínica",
    "substance-use": "tratamiento adicciones drogas alcohol",
    "youth": "jóvenes juventud menores",
    "basic-needs": "comida ropa necesidades básicas",
    "employment": "empleo capacitación educación trabajo",
}

POPULATIONS = {
    "women": _("Women"),
    "men": _("Men"),
    "lgbtq": _("LGBTQ+ people"),
    "minors": _("Minors"),
    "families": _("Families"),
    "native-american": _("Native American people"),
    "immigrants": _("Immigrants"),
    "people-with-disabilities": _("People with disabilities"),
}

FEES = {
    "free": _("Free"),
    "sliding-scale": _("Sliding scale"),
    "fee": _("Fee"),
}
