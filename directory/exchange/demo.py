"""Fictional demo listings for trying the directory out (`manage.py load_demo_data`).

Everything about the services is invented: organization names start with "Example",
listing names end in "(Example)", every description says so first, street addresses
are on "Example Way" or "Example Avenue", phone numbers are in the 555-0100..0199
range reserved for fiction, and web and mail addresses live under example.org. The
towns, ZIP codes and their centroids are real (from directory.geo), so that searching
near a town or by county behaves as it would with real data.

The rows are CSV rows for csv_import.import_rows(), so demo data obeys the same
validation as any import and is written by the same one writer. Nothing is random: the
same day gives the same rows, and last_verified dates count back from today so the demo
never goes stale by itself.
External ids follow the order of LISTINGS: add new listings at the end.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from directory.rules import geo

EXAMPLE_SUFFIX = " (Example)"
DESCRIPTION_PREFIX = "Example listing — fictional, for trying out the directory. "
DESCRIPTION_PREFIX_ES = "Ejemplo ficticio para probar el directorio. "
STALE_AGE = datetime.timedelta(days=425)  # about 14 months: past the 12-month line

COLUMNS = (
    "external_id",
    "organization",
    "name",
    "description",
    "description_es",
    "service_types",
    "counties_served",
    "county",
    "address",
    "city",
    "zip",
    "confidential_location",
    "latitude",
    "longitude",
    "phone",
    "text",
    "tty",
    "hotline_24_7",
    "hours",
    "languages",
    "populations",
    "website",
    "email",
    "fees",
    "eligibility",
    "eligibility_es",
    "status",
    "last_verified",
)

# Real New Mexico towns: town -> (ZIP, area code). The county comes from the ZIP.
TOWNS: dict[str, tuple[str, str]] = {
    "Alamogordo": ("88310", "575"),
    "Albuquerque": ("87102", "505"),
    "Anthony": ("88021", "575"),
    "Artesia": ("88210", "575"),
    "Belen": ("87002", "505"),
    "Carlsbad": ("88220", "575"),
    "Clayton": ("88415", "575"),
    "Clovis": ("88101", "575"),
    "Crownpoint": ("87313", "505"),
    "Deming": ("88030", "575"),
    "Española": ("87532", "505"),
    "Farmington": ("87401", "505"),
    "Fort Sumner": ("88119", "575"),
    "Gallup": ("87301", "505"),
    "Grants": ("87020", "505"),
    "Hobbs": ("88240", "575"),
    "Las Cruces": ("88001", "575"),
    "Las Vegas": ("87701", "505"),
    "Lordsburg": ("88045", "575"),
    "Los Alamos": ("87544", "505"),
    "Los Lunas": ("87031", "505"),
    "Mora": ("87732", "575"),
    "Moriarty": ("87035", "505"),
    "Portales": ("88130", "575"),
    "Raton": ("87740", "575"),
    "Reserve": ("87830", "575"),
    "Rio Rancho": ("87124", "505"),
    "Roswell": ("88201", "575"),
    "Roy": ("87743", "575"),
    "Ruidoso": ("88345", "575"),
    "Santa Fe": ("87505", "505"),
    "Santa Rosa": ("88435", "575"),
    "Shiprock": ("87420", "505"),
    "Silver City": ("88061", "575"),
    "Socorro": ("87801", "575"),
    "Sunland Park": ("88063", "575"),
    "Taos": ("87571", "575"),
    "Truth or Consequences": ("87901", "575"),
    "Tucumcari": ("88401", "575"),
}


@dataclass(frozen=True)
class DemoListing:
    """One demo listing; list fields are ';'-separated slugs, as in the CSV."""

    organization: str
    name: str  # without the " (Example)" suffix
    about: str  # English description after the example marker
    service_types: str
    serves: str = ""  # more counties served, or "statewide"; the place's county is always served
    town: str = ""  # a key of TOWNS; empty for a remote service
    about_es: str = ""
    confidential: bool = False
    hotline_24_7: bool = False
    hours: str = ""
    short_code: str = ""  # an SMS short code, instead of a texting number
    text_line: bool = False  # a texting number of its own
    tty: bool = False
    languages: str = "en"
    populations: str = ""
    fees: str = "free"
    eligibility: str = ""
    eligibility_es: str = ""
    status: str = "published"
    verified: str = "recent"  # "recent", "stale" or "never"


LISTINGS: tuple[DemoListing, ...] = (
    # Statewide services: every county is served by these.
    DemoListing(
        "Example Sunrise Coalition", "Statewide Survivor Helpline",
        "A round-the-clock helpline for anyone affected by trafficking or exploitation, and for "
        "the people helping them. Advocates listen, help plan for safety and connect callers with "
        "shelter, legal help and counseling anywhere in the state.",
        "hotline;case-management", serves="statewide", hotline_24_7=True, hours="24/7",
        short_code="55510", tty=True, languages="en;es;nv;zh;vi;ar",
        populations="women;men;lgbtq;minors;immigrants;people-with-disabilities",
        eligibility="Anyone in New Mexico, any age. No documents or ID needed.",
        eligibility_es="Cualquier persona en Nuevo México, de cualquier edad. No se necesitan documentos "
        "ni identificación.",
        about_es="Línea de ayuda las 24 horas para cualquier persona afectada por la trata o la "
        "explotación, y para quienes la ayudan. Un equipo de acompañantes le escucha, le ayuda a hacer "
        "un plan de seguridad y le conecta con refugio, asesoría legal y consejería en todo el estado.",
    ),
    DemoListing(
        "Example Sunrise Coalition", "Línea de crisis en español",
        "A Spanish-first crisis line staffed by bilingual advocates, day and night.",
        "hotline", serves="statewide", hotline_24_7=True, hours="24/7", languages="es;en",
        populations="immigrants;families",
        about_es="Línea de crisis atendida primero en español por acompañantes bilingües, de día y de "
        "noche.",
    ),
    DemoListing(
        "Example Four Winds Wellness", "Native Survivors Helpline",
        "A helpline run by and for Native survivors, with advocates who speak Diné bizaad and "
        "Pueblo languages and can connect callers with tribal and off-reservation services.",
        "hotline;counseling", serves="statewide", hotline_24_7=True, hours="24/7", text_line=True,
        languages="en;nv;kee;tew;zun", populations="native-american;women;men;lgbtq",
        about_es="Línea de ayuda dirigida por y para sobrevivientes indígenas, con acompañantes que "
        "hablan diné bizaad (navajo) y lenguas de los Pueblos, y que pueden conectarle con servicios "
        "tribales y fuera de la reservación.",
    ),
    DemoListing(
        "Example Blue Sky Youth Services", "Youth Text and Chat Line",
        "Young people can text a trained peer advocate every afternoon and evening about pressure, "
        "online exploitation, running away or anything else.",
        "hotline;youth", serves="statewide", hours="Mon-Sun 15:00-23:00", short_code="55520",
        languages="en;es", populations="minors;lgbtq",
        eligibility="Young people up to 24.",
        eligibility_es="Jóvenes de hasta 24 años.",
        about_es="Cada tarde y cada noche, las y los jóvenes pueden enviar un mensaje de texto a un "
        "acompañante joven capacitado para hablar de presiones, explotación en internet, irse de casa o "
        "cualquier otra cosa.",
    ),
    DemoListing(
        "Example Sunrise Coalition", "Statewide Emergency Shelter Network",
        "Places survivors in confidential emergency shelter anywhere in New Mexico, with transport "
        "arranged from any county. Call first: intake is by phone.",
        "shelter;housing", serves="statewide", town="Albuquerque", confidential=True,
        hotline_24_7=True, hours="24/7", tty=True, languages="en;es;nv",
        populations="women;men;lgbtq;families;people-with-disabilities",
        eligibility="Survivors of trafficking or exploitation and their children.",
        eligibility_es="Sobrevivientes de trata o explotación y sus hijos.",
        about_es="Coloca a sobrevivientes en refugios confidenciales en todo Nuevo México, con "
        "transporte desde cualquier condado. Llame primero: la admisión es por teléfono.",
    ),
    DemoListing(
        "Example Open Door Legal Collective", "Survivor Legal Help Line",
        "Free civil legal help by phone and in person: protection orders, custody, housing and "
        "debts incurred under coercion.",
        "legal-aid", serves="statewide", town="Albuquerque", hours="Mon-Fri 09:00-17:00",
        languages="en;es", populations="women;men;families",
        eligibility="Survivors with low incomes, and advocates calling on their behalf.",
        eligibility_es="Sobrevivientes con ingresos bajos, y acompañantes que llaman en su nombre.",
        about_es="Asesoría legal civil gratuita por teléfono y en persona: órdenes de protección, "
        "custodia, vivienda y deudas que le obligaron a tomar.",
    ),
    DemoListing(
        "Example Puente Immigration Project", "T and U Visa Clinic",
        "Immigration attorneys help survivors apply for T and U visas, continued presence and work "
        "permits, with interpreters for any language.",
        "immigration;legal-aid", serves="statewide", town="Santa Fe",
        hours="Mon-Thu 09:00-18:00; Fri 09:00-13:00", languages="en;es;vi;zh;ar",
        populations="immigrants", fees="sliding-scale",
        eligibility="Survivors of trafficking or serious crimes in the United States.",
        eligibility_es="Sobrevivientes de trata o de delitos graves ocurridos en Estados Unidos.",
        about_es="Un equipo de abogadas de inmigración ayuda a sobrevivientes a solicitar visas T y U, "
        "presencia continuada y permisos de trabajo, con intérpretes para cualquier idioma.",
    ),
    DemoListing(
        "Example Desert Bloom Health", "Telehealth Counseling for Survivors",
        "Trauma-focused counseling and psychiatric care by video or phone, so that survivors in "
        "rural counties need not travel.",
        "counseling;medical", serves="statewide", hours="Mon-Fri 08:00-20:00; Sat 09:00-13:00",
        tty=True, languages="en;es", populations="women;men;lgbtq;people-with-disabilities",
        fees="sliding-scale", eligibility="Ages 16 and up; Medicaid and most insurance accepted.",
        eligibility_es="Desde los 16 años; se aceptan Medicaid y la mayoría de los seguros médicos.",
        about_es="Consejería centrada en el trauma y atención psiquiátrica por video o por teléfono, "
        "para que las personas sobrevivientes de condados rurales no tengan que viajar.",
    ),
    # Bernalillo
    DemoListing(
        "Example Juniper Light Network", "Juniper Light Confidential Shelter",
        "Emergency shelter for survivors and their children, with advocates on site day and night.",
        "shelter", serves="sandoval;valencia;torrance", town="Albuquerque", confidential=True,
        hotline_24_7=True, hours="24/7", languages="en;es", populations="women;lgbtq;families",
        eligibility="Adults 18 and over, with their children.",
        eligibility_es="Personas adultas de 18 años o más, con sus hijos.",
        about_es="Refugio de emergencia para sobrevivientes y sus hijos, con acompañantes en el lugar "
        "de día y de noche.",
    ),
    DemoListing(
        "Example Juniper Light Network", "Juniper Light Drop-In Center",
        "A daytime drop-in center with showers, meals and advocates, and late-night outreach on "
        "Friday and Saturday nights.",
        "case-management;basic-needs", town="Albuquerque",
        hours="Mon-Fri 10:00-18:00; Fri 20:00-02:00; Sat 20:00-02:00", languages="en;es",
        populations="women;men;lgbtq",
        eligibility="Adults 18 and over. Walk in; no appointment or ID needed.",
        eligibility_es="Personas adultas de 18 años o más. Puede llegar sin cita y sin identificación.",
        about_es="Centro de día con regaderas, comidas y acompañantes, y atención en la calle los "
        "viernes y sábados por la noche.",
    ),
    DemoListing(
        "Example Desert Bloom Health", "Desert Bloom Survivor Clinic",
        "Primary care, sexual and reproductive health care and forensic exams, with no questions "
        "asked about immigration status.",
        "medical", serves="sandoval;valencia", town="Albuquerque", hours="Mon-Fri 08:00-17:00",
        languages="en;es;vi", populations="women;lgbtq;immigrants", fees="sliding-scale",
        about_es="Atención primaria, salud sexual y reproductiva y exámenes médicos después de una "
        "agresión sexual, sin preguntas sobre su estatus migratorio.",
    ),
    DemoListing(
        "Example Clear Water Recovery", "Clear Water Residential Recovery",
        "A 90-day residential program for substance use, designed with and for survivors of "
        "exploitation.",
        "substance-use;housing", town="Albuquerque", hours="Mon-Fri 08:00-16:00", fees="fee",
        populations="women;men",
        eligibility="Adults 18 and over. Medicaid covers the fee for most participants.",
        eligibility_es="Personas adultas de 18 años o más. Medicaid cubre el costo para la mayoría de "
        "las personas participantes.",
        about_es="Programa residencial de 90 días para el consumo de alcohol y drogas, diseñado con y "
        "para sobrevivientes de explotación.",
    ),
    DemoListing(
        "Example Steady Ground Works", "Steady Ground Job Training",
        "Paid job training, GED classes and help with résumés and interviews.",
        "employment", serves="sandoval;valencia", town="Albuquerque", hours="Mon-Thu 09:00-17:00",
        languages="en;es", populations="women;men;immigrants",
        about_es="Capacitación laboral pagada, clases de GED y ayuda con currículum y entrevistas.",
    ),
    DemoListing(
        "Example Blue Sky Youth Services", "Blue Sky Youth Shelter",
        "A confidential shelter for young people who have run away or been trafficked, with "
        "school support and family mediation when it is safe.",
        "shelter;youth", serves="sandoval;valencia", town="Albuquerque", confidential=True,
        hotline_24_7=True, hours="24/7", languages="en;es", populations="minors;lgbtq",
        eligibility="Young people aged 12 to 17.",
        eligibility_es="Jóvenes de 12 a 17 años.",
        about_es="Refugio confidencial para jóvenes que se han ido de su casa o han sido víctimas de "
        "trata, con apoyo escolar y mediación familiar cuando sea seguro.",
    ),
    DemoListing(
        "Example Harvest Table Pantry", "Harvest Table Food and Clothing",
        "Groceries, clothing and hygiene kits, no questions asked.",
        "basic-needs", town="Albuquerque", hours="Tue 10:00-14:00; Thu 16:00-19:00; Sat 09:00-12:00",
        languages="en;es", populations="families",
        about_es="Comida, ropa y artículos de higiene, sin preguntas.",
    ),
    DemoListing(
        "Example Juniper Light Network", "Juniper Light Transitional Apartments",
        "Up to two years of transitional housing with a case manager. Awaiting review.",
        "housing", town="Albuquerque", status="draft", verified="never",
    ),
    # Doña Ana
    DemoListing(
        "Example Bright Path Alliance", "Bright Path Emergency Shelter",
        "Confidential emergency shelter with advocates, case management and help with next steps.",
        "shelter;case-management", serves="luna;sierra;otero", town="Las Cruces",
        confidential=True, hotline_24_7=True, hours="24/7", tty=True, languages="en;es",
        populations="women;families;immigrants",
        eligibility="Adult survivors and their children.",
        eligibility_es="Sobrevivientes adultos y sus hijos.",
        about_es="Refugio de emergencia confidencial con acompañantes, gestión de casos y ayuda con "
        "los siguientes pasos.",
    ),
    DemoListing(
        "Example Bright Path Alliance", "Bright Path Family Shelter",
        "A confidential shelter for families, with rooms for parents and children together.",
        "shelter;housing", town="Anthony", confidential=True, hotline_24_7=True, hours="24/7",
        languages="es;en", populations="families;immigrants",
        about_es="Refugio confidencial para familias, con habitaciones para madres, padres e hijos "
        "juntos.",
    ),
    DemoListing(
        "Example Open Gate Services", "Open Gate Night Shelter",
        "An overnight shelter for men, open every evening, with breakfast and a case manager in "
        "the morning.",
        "shelter;basic-needs", town="Las Cruces", hours="Mon-Sun 19:00-07:00", languages="en;es",
        populations="men", eligibility="Men 18 and over.", eligibility_es="Hombres de 18 años o más.",
        about_es="Refugio nocturno para hombres, abierto cada noche, con desayuno y gestión de "
        "casos por la mañana.",
    ),
    DemoListing(
        "Example Puente Immigration Project", "Puente Border Legal Clinic",
        "Free immigration consultations and help with T and U visa applications.",
        "immigration;legal-aid", serves="dona-ana;luna", town="Sunland Park",
        hours="Mon-Fri 09:00-17:00; Sat 09:00-12:00", languages="es;en", populations="immigrants",
        about_es="Consultas de inmigración gratuitas y ayuda con solicitudes de visa T y U.",
    ),
    DemoListing(
        "Example Bright Path Alliance", "Bright Path Counseling",
        "Individual and group counseling for survivors of trafficking and sexual violence.",
        "counseling", serves="sierra", town="Las Cruces", hours="Mon-Thu 09:00-19:00",
        languages="en;es", populations="women;men;lgbtq", fees="sliding-scale",
        about_es="Consejería individual y de grupo para sobrevivientes de trata y violencia sexual.",
    ),
    DemoListing(
        "Example Harvest Table Pantry", "Harvest Table Las Cruces Pantry",
        "Food boxes and diapers. Call ahead for pick-up times.",
        "basic-needs", town="Las Cruces", languages="en;es", populations="families",
        eligibility="Anyone in need.", eligibility_es="Cualquier persona que lo necesite.",
        about_es="Despensas de comida y pañales. Llame antes para saber a qué hora puede recogerlas.",
    ),
    DemoListing(
        "Example Blue Sky Youth Services", "Blue Sky Las Cruces Youth Center",
        "After-school drop-in with counselors, meals and a safe place to be.",
        "youth;counseling", town="Las Cruces", hours="Mon-Fri 14:00-20:00", languages="en;es",
        populations="minors;lgbtq", eligibility="Ages 12 to 20.", eligibility_es="De 12 a 20 años.",
        about_es="Centro para jóvenes después de clases, con consejería, comidas y un lugar seguro.",
    ),
    DemoListing(
        "Example Blue Sky Youth Services", "Sunland Park Youth Program",
        "Planned mentoring program for young people. Awaiting review.",
        "youth", town="Sunland Park", languages="es;en", populations="minors", status="draft",
        verified="never",
    ),
    # Santa Fe, Rio Arriba, San Miguel, Los Alamos
    DemoListing(
        "Example Lantern House", "Lantern House Shelter",
        "Confidential emergency shelter and transitional apartments for survivors and their "
        "children.",
        "shelter;housing", serves="rio-arriba;los-alamos;san-miguel", town="Santa Fe",
        confidential=True, hotline_24_7=True, hours="24/7", languages="en;es;tew",
        populations="women;families;native-american",
        about_es="Refugio de emergencia confidencial y apartamentos de transición para "
        "sobrevivientes y sus hijos.",
    ),
    DemoListing(
        "Example Lantern House", "Lantern House Advocacy Office",
        "Advocates help with safety planning, protection orders and court accompaniment.",
        "case-management;legal-aid", town="Santa Fe", hours="Mon-Fri 08:30-17:00",
        languages="en;es", populations="women;men",
        about_es="Un equipo de acompañantes le ayuda con planes de seguridad, órdenes de protección y "
        "acompañamiento en la corte.",
    ),
    DemoListing(
        "Example Northern Pines Counseling", "Española Advocacy Office",
        "Walk-in advocacy and help with benefits, housing applications and legal referrals.",
        "case-management;legal-aid", town="Española", hours="Mon-Fri 09:00-17:00",
        languages="es;en;tew", populations="families;native-american",
        about_es="Acompañamiento sin cita y ayuda con beneficios, solicitudes de vivienda y referidos "
        "legales.",
    ),
    DemoListing(
        "Example Clear Water Recovery", "Clear Water Española Recovery Center",
        "Outpatient substance use treatment and counseling, including medication-assisted "
        "treatment.",
        "substance-use;counseling", serves="taos;santa-fe", town="Española",
        hours="Mon-Sat 08:00-20:00", languages="es;en", populations="women;men",
        fees="sliding-scale",
        about_es="Tratamiento ambulatorio para el consumo de alcohol y drogas y consejería, incluido "
        "el tratamiento con medicamentos.",
    ),
    DemoListing(
        "Example Northern Pines Counseling", "Los Alamos Counseling Office",
        "Short-term counseling by appointment.",
        "counseling", town="Los Alamos", hours="Mon-Fri 08:00-18:00", fees="fee",
        populations="women;men", verified="stale",
    ),
    DemoListing(
        "Example Lantern House", "Las Vegas Outreach Office",
        "Case management and help finding housing in San Miguel and Mora counties.",
        "case-management;housing", serves="mora;guadalupe", town="Las Vegas",
        hours="Tue-Thu 09:00-16:00", languages="es;en", populations="women;families",
        about_es="Gestión de casos y ayuda para encontrar vivienda en los condados de San Miguel y "
        "Mora.",
    ),
    # San Juan, McKinley, Cibola
    DemoListing(
        "Example Four Winds Wellness", "Four Winds Safe House",
        "A confidential safe house with Diné advocates and traditional healing on request.",
        "shelter", serves="mckinley", town="Farmington", confidential=True, hotline_24_7=True,
        hours="24/7", languages="en;nv", populations="native-american;women;families",
        about_es="Casa segura confidencial con acompañantes diné y sanación tradicional si usted la "
        "pide.",
    ),
    DemoListing(
        "Example Four Winds Wellness", "Four Winds Shiprock Outreach",
        "Advocates and counselors who visit chapter houses and meet people where they are.",
        "case-management;counseling", town="Shiprock", hours="Mon-Fri 08:00-17:00",
        languages="nv;en", populations="native-american",
        about_es="Acompañantes y consejeras que visitan las casas de capítulo (chapter houses) y le "
        "atienden donde usted esté.",
    ),
    DemoListing(
        "Example Steady Ground Works", "Farmington Job Readiness",
        "Job readiness classes, work clothes and help with driver's licenses.",
        "employment", town="Farmington", hours="Mon-Wed 09:00-15:00", languages="en;nv",
        populations="women;men;native-american",
        about_es="Clases de preparación para el trabajo, ropa de trabajo y ayuda para sacar la "
        "licencia de conducir.",
    ),
    DemoListing(
        "Example Four Winds Wellness", "Four Winds Gallup Shelter",
        "Confidential emergency shelter serving McKinley and Cibola counties.",
        "shelter", serves="cibola", town="Gallup", confidential=True, hotline_24_7=True,
        hours="24/7", languages="en;nv;zun", populations="native-american;women;families",
        about_es="Refugio de emergencia confidencial para los condados de McKinley y Cibola.",
    ),
    DemoListing(
        "Example Desert Bloom Health", "Desert Bloom Crownpoint Clinic",
        "Medical care and counseling, with Navajo-speaking staff.",
        "medical;counseling", town="Crownpoint", hours="Mon-Fri 08:00-16:30", languages="nv;en",
        populations="native-american", fees="sliding-scale",
        about_es="Atención médica y consejería, con personal que habla navajo.",
    ),
    DemoListing(
        "Example Four Winds Wellness", "Grants Community Advocate",
        "An advocate who helps with safety plans, benefits and rides to appointments.",
        "case-management", town="Grants", hours="Mon-Thu 09:00-16:00", languages="en;kee;nv",
        populations="native-american;families",
        about_es="Una acompañante que ayuda con planes de seguridad, beneficios y transporte a las "
        "citas.",
    ),
    # Chaves, Eddy, Lea
    DemoListing(
        "Example Yucca Partners", "Yucca House Shelter",
        "Confidential emergency shelter for southeastern New Mexico.",
        "shelter", serves="lincoln;de-baca", town="Roswell", confidential=True, hotline_24_7=True,
        hours="24/7", languages="en;es", populations="women;families",
        about_es="Refugio de emergencia confidencial para el sureste de Nuevo México.",
    ),
    DemoListing(
        "Example Steady Ground Works", "Roswell Career Pathways",
        "Career coaching and paid internships with local employers.",
        "employment", town="Roswell", hours="Mon-Fri 09:00-16:00", languages="en;es",
        populations="women;men",
        about_es="Orientación profesional y prácticas pagadas con empleadores locales.",
    ),
    DemoListing(
        "Example Yucca Partners", "Carlsbad Advocacy Center",
        "Advocacy and counseling for survivors in the oil field communities of Eddy County.",
        "case-management;counseling", town="Carlsbad", hours="Mon-Fri 08:00-17:00",
        languages="en;es", populations="women;men",
        about_es="Acompañamiento y consejería para sobrevivientes en las comunidades petroleras del "
        "condado de Eddy.",
    ),
    DemoListing(
        "Example Clear Water Recovery", "Clear Water Artesia Outpatient",
        "Outpatient substance use treatment with early-morning and evening groups.",
        "substance-use", town="Artesia", hours="Mon-Fri 07:00-19:00", fees="fee",
        populations="men;women", eligibility="Adults 18 and over.",
        eligibility_es="Personas adultas de 18 años o más.",
        about_es="Tratamiento ambulatorio para el consumo de alcohol y drogas, con grupos temprano en "
        "la mañana y en la noche.",
    ),
    DemoListing(
        "Example Yucca Partners", "Hobbs Emergency Shelter",
        "Confidential emergency shelter for Lea County.",
        "shelter", town="Hobbs", confidential=True, hotline_24_7=True, hours="24/7",
        languages="en;es", populations="women;families",
        about_es="Refugio de emergencia confidencial para el condado de Lea.",
    ),
    DemoListing(
        "Example Harvest Table Pantry", "Hobbs Clothing Closet",
        "Free clothing, shoes and household goods.",
        "basic-needs", town="Hobbs", hours="Sat 10:00-14:00", languages="en;es",
        about_es="Ropa, zapatos y artículos para el hogar gratis.",
    ),
    # Otero, Lincoln, Sierra
    DemoListing(
        "Example Mountain Sky Advocates", "Mountain Sky Shelter",
        "Confidential emergency shelter for Otero, Lincoln and Sierra counties.",
        "shelter", serves="lincoln;sierra", town="Alamogordo", confidential=True,
        hotline_24_7=True, hours="24/7", languages="en;es", populations="women;families;lgbtq",
        about_es="Refugio de emergencia confidencial para los condados de Otero, Lincoln y Sierra.",
    ),
    DemoListing(
        "Example Mountain Sky Advocates", "Ruidoso Outreach Office",
        "Advocates available midweek for walk-ins and appointments.",
        "case-management", town="Ruidoso", hours="Tue-Thu 10:00-16:00", populations="women;men",
        about_es="Acompañantes disponibles a mitad de semana, sin cita o con cita.",
    ),
    DemoListing(
        "Example Mountain Sky Advocates", "Truth or Consequences Outreach",
        "Advocacy and emergency supplies two days a week.",
        "case-management;basic-needs", town="Truth or Consequences",
        hours="Mon 09:00-15:00; Wed 09:00-15:00", languages="en;es", verified="stale",
        about_es="Acompañamiento y artículos de emergencia dos días por semana.",
    ),
    # Grant, Catron, Hidalgo, Luna
    DemoListing(
        "Example Silver Sage Allies", "Silver Sage Shelter",
        "Confidential shelter and transitional housing for the southwest corner of the state.",
        "shelter;housing", serves="catron;hidalgo;luna", town="Silver City", confidential=True,
        hotline_24_7=True, hours="24/7", languages="en;es", populations="women;families",
        about_es="Refugio confidencial y vivienda de transición para el suroeste del estado.",
    ),
    DemoListing(
        "Example Silver Sage Allies", "Reserve Circuit Rider Advocate",
        "An advocate who holds office hours in Reserve once a week and visits ranches by "
        "arrangement.",
        "case-management", town="Reserve", hours="Wed 10:00-15:00", populations="women;families",
        about_es="Una acompañante atiende en Reserve una vez por semana y visita ranchos con cita "
        "previa.",
    ),
    DemoListing(
        "Example Silver Sage Allies", "Lordsburg Family Resource Table",
        "Emergency supplies and referrals. Call to arrange a time.",
        "basic-needs;case-management", town="Lordsburg", languages="en;es", populations="families",
        about_es="Artículos de emergencia y referidos. Llame para acordar una hora.",
    ),
    DemoListing(
        "Example Puente Immigration Project", "Deming Immigration Help Desk",
        "Immigration screenings and help gathering documents for T and U visa applications.",
        "immigration", town="Deming", hours="Tue 09:00-17:00; Thu 09:00-17:00", languages="es;en",
        populations="immigrants",
        about_es="Revisión de su caso de inmigración y ayuda para reunir los documentos para "
        "solicitar visas T y U.",
    ),
    DemoListing(
        "Example Blue Sky Youth Services", "Deming Youth Drop-In",
        "After-school drop-in on weekdays and a late-night safe space on Saturdays.",
        "youth", town="Deming", hours="Mon-Fri 15:00-19:00; Sat 20:00-01:00", languages="en;es",
        populations="minors;lgbtq", eligibility="Ages 13 to 20.", eligibility_es="De 13 a 20 años.",
        about_es="Espacio para jóvenes después de clases y un lugar seguro los sábados por la noche.",
    ),
    # The eastern plains
    DemoListing(
        "Example High Plains Outreach", "High Plains Shelter",
        "Confidential emergency shelter for the eastern plains.",
        "shelter", serves="roosevelt;quay;de-baca;union;harding", town="Clovis", confidential=True,
        hotline_24_7=True, hours="24/7", languages="en;es", populations="women;men;families",
        about_es="Refugio de emergencia confidencial para los llanos del este.",
    ),
    DemoListing(
        "Example Desert Bloom Health", "Clovis Survivor Health Clinic",
        "Medical care and STI testing, walk-ins welcome.",
        "medical", town="Clovis", hours="Mon-Fri 08:00-17:00", languages="en;es",
        fees="sliding-scale", populations="women;men;lgbtq",
        about_es="Atención médica y pruebas de infecciones de transmisión sexual; puede llegar sin "
        "cita.",
    ),
    DemoListing(
        "Example High Plains Outreach", "Portales Campus Advocacy",
        "Confidential counseling and advocacy for students and young adults.",
        "counseling;youth", town="Portales", hours="Mon-Fri 09:00-17:00",
        populations="lgbtq;women;men", eligibility="Ages 16 to 25.", eligibility_es="De 16 a 25 años.",
        about_es="Consejería y acompañamiento confidenciales para estudiantes y personas adultas "
        "jóvenes.",
    ),
    DemoListing(
        "Example High Plains Outreach", "Tucumcari Resource Center",
        "Advocates and emergency supplies, and a phone to call the shelter from.",
        "case-management;basic-needs", town="Tucumcari", hours="Mon-Fri 09:00-16:00",
        languages="en;es", populations="women;men;families",
        about_es="Acompañantes y artículos de emergencia, y un teléfono para llamar al refugio.",
    ),
    DemoListing(
        "Example High Plains Outreach", "Clovis Transitional Housing",
        "Planned transitional apartments for survivors leaving shelter. Awaiting review.",
        "housing", town="Clovis", confidential=True, status="draft", verified="never",
    ),
    DemoListing(
        "Example High Plains Outreach", "Fort Sumner Visiting Advocate",
        "An advocate visits Fort Sumner every Thursday.",
        "case-management", town="Fort Sumner", hours="Thu 10:00-14:00", languages="en;es",
        about_es="Una acompañante visita Fort Sumner cada jueves.",
    ),
    DemoListing(
        "Example High Plains Outreach", "Clayton Outreach Hours",
        "Advocacy and counseling by appointment on Monday afternoons.",
        "case-management;counseling", town="Clayton", hours="Mon 13:00-17:00",
    ),
    DemoListing(
        "Example Harvest Table Pantry", "Roy Community Food Shelf",
        "Groceries and household goods on Saturday mornings.",
        "basic-needs", town="Roy", hours="Sat 09:00-12:00", languages="en;es",
        about_es="Comestibles y artículos para el hogar los sábados por la mañana.",
    ),
    DemoListing(
        "Example Steady Ground Works", "Santa Rosa Commercial Driving Course",
        "A commercial driver's license course with job placement afterwards.",
        "employment", town="Santa Rosa", hours="Mon-Wed 08:00-15:00", fees="fee",
        eligibility="Adults 21 and over with a driver's license; scholarships for survivors.",
        eligibility_es="Personas adultas de 21 años o más con licencia de conducir; hay becas para "
        "sobrevivientes.",
        about_es="Curso de licencia de conducir comercial con colocación laboral al terminar.",
    ),
    # The north
    DemoListing(
        "Example Northern Pines Counseling", "Northern Pines Shelter",
        "Confidential emergency shelter for the northern mountains.",
        "shelter", serves="colfax;mora;rio-arriba", town="Taos", confidential=True,
        hotline_24_7=True, hours="24/7", languages="en;es;tew", populations="women;families",
        about_es="Refugio de emergencia confidencial para las montañas del norte.",
    ),
    DemoListing(
        "Example Northern Pines Counseling", "Taos Counseling Center",
        "Individual, family and art therapy for survivors.",
        "counseling", town="Taos", hours="Mon-Fri 09:00-18:00", languages="en;es;tew",
        fees="sliding-scale", populations="women;men;families;native-american",
        about_es="Terapia individual, familiar y de arte para sobrevivientes.",
    ),
    DemoListing(
        "Example Northern Pines Counseling", "Raton Counseling Office",
        "Counseling by appointment, with evening hours on Tuesdays.",
        "counseling", town="Raton", hours="Mon 09:00-17:00; Tue 12:00-20:00; Wed-Fri 09:00-17:00",
        fees="sliding-scale",
    ),
    DemoListing(
        "Example Northern Pines Counseling", "Mora Valley Visiting Counselor",
        "A counselor and advocate visit Mora every Friday.",
        "counseling;case-management", town="Mora", hours="Fri 09:00-16:00", languages="es;en",
        about_es="Una consejera y una acompañante visitan Mora cada viernes.",
    ),
    # The middle Rio Grande and Estancia valleys
    DemoListing(
        "Example Juniper Light Network", "Rio Rancho Advocacy Office",
        "Advocacy and counseling for Sandoval County, including the Pueblos.",
        "case-management;counseling", town="Rio Rancho", hours="Mon-Fri 08:00-17:00",
        languages="en;es;kee;tew", populations="women;men;native-american",
        about_es="Acompañamiento y consejería para el condado de Sandoval, incluidos los Pueblos.",
    ),
    DemoListing(
        "Example Cottonwood Family Services", "Cottonwood Family Center",
        "Case management, youth programs and a food pantry under one roof.",
        "case-management;youth;basic-needs", serves="socorro", town="Los Lunas",
        hours="Mon-Fri 09:00-17:00; Sat 10:00-13:00", languages="en;es",
        populations="families;minors",
        about_es="Gestión de casos, programas para jóvenes y despensa de alimentos en un solo lugar.",
    ),
    DemoListing(
        "Example Cottonwood Family Services", "Cottonwood Transitional Housing",
        "Confidential transitional apartments for up to 18 months, with a case manager.",
        "housing", serves="valencia;socorro;torrance", town="Belen", confidential=True,
        languages="en;es", populations="women;families",
        eligibility="Survivors referred by an advocate or shelter.",
        eligibility_es="Sobrevivientes que envía una persona acompañante o un refugio.",
        about_es="Apartamentos de transición confidenciales hasta 18 meses, con gestión de casos.",
    ),
    DemoListing(
        "Example Cottonwood Family Services", "Socorro Outreach Office",
        "Advocacy and counseling for Socorro County.",
        "case-management;counseling", town="Socorro", hours="Mon-Thu 09:00-16:00",
        languages="en;es", populations="women;men;families",
        about_es="Acompañamiento y consejería para el condado de Socorro.",
    ),
    DemoListing(
        "Example Cottonwood Family Services", "Moriarty Family Resource Room",
        "Emergency supplies, job search help and computers to use.",
        "basic-needs;employment", town="Moriarty", hours="Tue 10:00-16:00; Thu 10:00-16:00",
        languages="en;es",
        about_es="Artículos de emergencia, ayuda para buscar empleo y computadoras para usar.",
    ),
    # More statewide services
    DemoListing(
        "Example Open Door Legal Collective", "Record Relief Project",
        "Lawyers help survivors clear criminal records for things they were forced to do while "
        "being trafficked.",
        "legal-aid", serves="statewide", hours="Mon-Fri 09:00-16:00", languages="en;es",
        tty=True, eligibility="Survivors of trafficking with a criminal record in New Mexico.",
        eligibility_es="Sobrevivientes de trata con antecedentes penales en Nuevo México.",
        about_es="Un equipo de abogados ayuda a sobrevivientes a borrar antecedentes penales por actos "
        "que les obligaron a cometer mientras eran víctimas de trata.",
    ),
)


def demo_rows(today: datetime.date | None = None) -> list[dict[str, str]]:
    """The demo listings as import rows, keyed by the CSV columns of PRODUCT.md."""
    today = today or timezone.localdate()
    numbers = _FictionalNumbers()
    return [_row(index, listing, today, numbers) for index, listing in enumerate(LISTINGS, start=1)]


class _FictionalNumbers:
    """Hands out 555-0100..0199 numbers, the range reserved for fiction, in a fixed order."""

    def __init__(self) -> None:
        self._next: dict[str, itertools.count] = {}

    def next(self, area_code: str) -> str:
        line = next(self._next.setdefault(area_code, itertools.count(100)))
        if line > 199:
            raise ValueError(f"out of fictional {area_code} numbers")
        return f"{area_code}-555-{line:04d}"


def _row(
    index: int, listing: DemoListing, today: datetime.date, numbers: _FictionalNumbers
) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    area_code = "505"
    if listing.town:
        zip_code, area_code = TOWNS[listing.town]
        place = geo.zip_place(zip_code)
        if place is None or place.county is None:
            raise ValueError(f"{zip_code} is not a New Mexico ZIP with a county")
        # A small fixed offset from the ZIP's centroid, so that listings in one town
        # are not all on the same point.
        latitude = place.latitude + ((index * 7) % 11 - 5) * 0.002
        longitude = place.longitude + ((index * 5) % 13 - 6) * 0.002
        street = "Example Way" if listing.confidential else "Example Avenue"
        row |= {
            "county": place.county,
            "address": f"{100 + 10 * index} {street}",
            "city": listing.town,
            "zip": zip_code,
            "latitude": f"{latitude:.5f}",
            "longitude": f"{longitude:.5f}",
        }
    if listing.serves == "statewide":
        counties_served = "statewide"
    else:
        served = [row["county"], *listing.serves.split(";")]
        counties_served = ";".join(dict.fromkeys(slug for slug in served if slug))

    organization_slug = slugify(listing.organization.removeprefix("Example "))
    row |= {
        "external_id": f"demo-{index:03d}",
        "organization": listing.organization,
        "name": listing.name + EXAMPLE_SUFFIX,
        "description": DESCRIPTION_PREFIX + listing.about,
        "description_es": DESCRIPTION_PREFIX_ES + listing.about_es if listing.about_es else "",
        "service_types": listing.service_types,
        "counties_served": counties_served,
        "confidential_location": "yes" if listing.confidential else "no",
        "phone": numbers.next(area_code),
        "text": listing.short_code or (numbers.next(area_code) if listing.text_line else ""),
        "tty": numbers.next(area_code) if listing.tty else "",
        "hotline_24_7": "yes" if listing.hotline_24_7 else "no",
        "hours": listing.hours,
        "languages": listing.languages,
        "populations": listing.populations,
        "website": f"https://example.org/{organization_slug}/",
        # Some rows leave optional fields empty, as real ones do.
        "email": f"{organization_slug}@example.org" if index % 4 else "",
        "fees": listing.fees,
        "eligibility": listing.eligibility,
        "eligibility_es": listing.eligibility_es,
        "status": listing.status,
        "last_verified": _last_verified(index, listing.verified, today),
    }
    return row


def _last_verified(index: int, verified: str, today: datetime.date) -> str:
    if verified == "never":
        return ""
    if verified == "stale":
        return (today - STALE_AGE).isoformat()
    # Spread over the last four months or so.
    return (today - datetime.timedelta(days=3 + (index * 17) % 115)).isoformat()
