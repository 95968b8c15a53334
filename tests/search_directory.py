"""A directory of fictional services in real New Mexico towns, written the way providers
describe themselves: the data of the search and distance tests (the `directory` fixture,
tests/db/conftest.py, creates them)."""

from directory.models import Listing
from directory.rules import geo


def at_town(town: str, north: float = 0.01, east: float = 0.01) -> dict:
    """A street location a little off a real town's centre."""
    place = geo.town_place(town)
    return {
        "city": town,
        "latitude": round(place.latitude + north, 5),
        "longitude": round(place.longitude + east, 5),
        "county": place.county,
    }


# Fictional services in real New Mexico towns, written the way providers describe themselves.
DIRECTORY = {
    "casa-esperanza": dict(
        name="Casa Esperanza Emergency Shelter",
        organization="Casa Esperanza",
        service_types=["shelter"],
        counties_served=["bernalillo"],
        confidential_location=True,
        address="100 Example Way",
        description="Confidential emergency shelter for women and children escaping trafficking or "
        "domestic violence. Beds, meals and advocacy around the clock.",
        description_es="Refugio de emergencia confidencial para mujeres y niños que escapan de la trata "
        "o de la violencia doméstica.",
        languages=["en", "es"],
        populations=["women", "families"],
        fees="free",
        hotline_24_7=True,
        **at_town("Albuquerque", 0.05, -0.04),
    ),
    "survivor-legal-services": dict(
        name="Survivor Legal Services",
        organization="New Mexico Legal Aid",
        service_types=["legal-aid"],
        statewide=True,
        description="Free civil legal help for survivors: protective orders, custody, divorce, "
        "housing and public benefits.",
        description_es="Ayuda legal civil gratuita para sobrevivientes: órdenes de protección, custodia, "
        "divorcio, vivienda y beneficios públicos.",
        languages=["en", "es"],
        fees="free",
        hours=[(day, "08:00", "17:00") for day in range(5)],
        **at_town("Albuquerque"),
    ),
    "t-and-u-visa-clinic": dict(
        name="T and U Visa Clinic",
        organization="Santa Fe Immigrant Law Project",
        service_types=["immigration", "legal-aid"],
        counties_served=["santa-fe", "rio-arriba", "los-alamos"],
        description="Immigration attorneys help survivors of trafficking and crime apply for T visas, "
        "U visas and VAWA self-petitions.",
        description_es="Abogados de inmigración ayudan a sobrevivientes de trata y de delitos a solicitar "
        "visas T y U.",
        languages=["en", "es"],
        fees="sliding-scale",
        hours=[(day, "09:00", "16:00") for day in range(4)],
        **at_town("Santa Fe"),
    ),
    "asesoria-legal-latina": dict(
        name="Asesoría Legal Latina",
        organization="Centro de Derechos del Pueblo",
        service_types=["legal-aid"],
        counties_served=["bernalillo", "valencia", "sandoval"],
        description="Legal advice in Spanish for workers and families: wage theft, labor trafficking "
        "and tenant rights.",
        description_es="Asesoría legal gratuita en español para trabajadores y familias: robo de salario, "
        "trata laboral y derechos de inquilinos.",
        languages=["es"],
        fees="free",
        **at_town("Albuquerque", -0.03, 0.02),
    ),
    "rio-grande-trauma-counseling": dict(
        name="Rio Grande Trauma Counseling",
        organization="Mesilla Valley Wellness",
        service_types=["counseling"],
        counties_served=["dona-ana"],
        description="Trauma-focused therapy for adults and teens, including survivors of sexual "
        "exploitation.",
        description_es="Terapia centrada en el trauma para adultos y adolescentes.",
        fees="sliding-scale",
        languages=["en", "es"],
        **at_town("Las Cruces"),
    ),
    "valley-womens-shelter": dict(
        name="Valley Women's Shelter",
        organization="Northern Rio Grande Safe House",
        service_types=["shelter", "housing"],
        counties_served=["rio-arriba", "santa-fe"],
        confidential_location=True,
        description="Safe shelter and transitional apartments for women and their children in northern "
        "New Mexico.",
        description_es="Refugio seguro y apartamentos transitorios para mujeres y sus hijos en el norte de "
        "Nuevo México.",
        populations=["women", "families"],
        hotline_24_7=True,
        **at_town("Española", 0.04, 0.03),
    ),
    "taos-crisis-line": dict(
        name="Taos Crisis Line",
        organization="Community Against Violence",
        service_types=["hotline", "counseling"],
        counties_served=["taos", "colfax"],
        description="Crisis line for sexual and domestic violence and trafficking. Counselors answer "
        "day and night.",
        hotline_24_7=True,
        **at_town("Taos"),
    ),
    "gallup-youth-drop-in": dict(
        name="Gallup Youth Drop-In Center",
        organization="Four Corners Youth Project",
        service_types=["youth", "basic-needs"],
        counties_served=["mckinley"],
        description="Drop-in center for young people 12 to 24: meals, showers, clothing and a safe "
        "adult to talk to.",
        languages=["en", "nv"],
        populations=["minors", "native-american"],
        fees="free",
        hours=[(day, "12:00", "20:00") for day in range(6)],
        **at_town("Gallup"),
    ),
    "dine-family-advocacy": dict(
        name="Diné Family Advocacy Program",
        organization="Shiprock Family Services",
        service_types=["case-management"],
        counties_served=["san-juan", "mckinley"],
        description="Navajo-speaking advocates help families find safety, shelter and services on and "
        "off the Navajo Nation.",
        languages=["nv", "en"],
        populations=["native-american", "families"],
        **at_town("Shiprock"),
    ),
    "roswell-food-pantry": dict(
        name="Roswell Community Food Pantry",
        organization="Pecos Valley Helping Hands",
        service_types=["basic-needs"],
        counties_served=["chaves"],
        description="Groceries, hygiene kits and clothing, no questions asked.",
        description_es="Comida, artículos de higiene y ropa, sin preguntas.",
        fees="free",
        **at_town("Roswell"),
    ),
    "fresh-start-job-training": dict(
        name="Fresh Start Job Training",
        organization="High Plains Workforce Alliance",
        service_types=["employment"],
        counties_served=["curry", "roosevelt", "quay"],
        description="Job readiness classes, GED preparation and paid internships for survivors "
        "rebuilding their lives.",
        description_es="Capacitación laboral, preparación para el GED y pasantías pagadas.",
        **at_town("Clovis"),
    ),
    "san-juan-recovery-house": dict(
        name="San Juan Recovery House",
        organization="Four Corners Recovery",
        service_types=["substance-use", "housing"],
        counties_served=["san-juan"],
        description="Residential treatment for alcohol and drug addiction, with trauma-informed care.",
        fees="sliding-scale",
        **at_town("Farmington"),
    ),
    "street-medicine-van": dict(
        name="Street Medicine Van",
        organization="Albuquerque Health Outreach",
        service_types=["medical"],
        counties_served=["bernalillo"],
        description="A mobile clinic bringing free medical care, STI testing and wound care to people "
        "living on the street.",
        fees="free",
        **at_town("Albuquerque", 0.02, 0.03),
    ),
    "mesilla-transitional-housing": dict(
        name="Mesilla Transitional Housing",
        organization="Doña Ana Housing Coalition",
        service_types=["housing", "case-management"],
        counties_served=["dona-ana"],
        description="Up to 24 months of transitional housing with case management for survivors and "
        "their families.",
        description_es="Hasta 24 meses de vivienda transitoria con gestión de casos.",
        populations=["families"],
        **at_town("Las Cruces", -0.02, 0.01),
    ),
    "solace-crisis-treatment": dict(
        name="Solace Crisis Treatment Center",
        organization="Solace",
        service_types=["counseling", "hotline"],
        counties_served=["santa-fe"],
        description="Counseling and advocacy for survivors of sexual violence, with a crisis line.",
        hours=[(day, "09:00", "18:00") for day in range(5)],
        **at_town("Santa Fe", 0.01, -0.02),
    ),
    "nm-trafficking-hotline": dict(
        name="New Mexico Human Trafficking Hotline",
        organization="New Mexico Coalition Against Trafficking",
        service_types=["hotline"],
        statewide=True,
        description="Statewide hotline that connects survivors of sex and labor trafficking to shelter, "
        "legal help and counseling.",
        description_es="Línea estatal que conecta a sobrevivientes de trata sexual y laboral con refugio, "
        "ayuda legal y consejería.",
        languages=["en", "es"],
        hotline_24_7=True,
        fees="free",
    ),
    "otero-dv-shelter": dict(
        name="Otero County Domestic Violence Shelter",
        organization="COPE of Otero County",
        service_types=["shelter"],
        counties_served=["otero", "lincoln"],
        confidential_location=True,
        description="Emergency shelter, safety planning and court accompaniment.",
        hotline_24_7=True,
        **at_town("Alamogordo", -0.03, 0.03),
    ),
    "gila-survivor-advocacy": dict(
        name="Gila Survivor Advocacy",
        organization="Gila Regional Advocates",
        service_types=["case-management"],
        counties_served=["grant", "hidalgo", "catron"],
        description="Advocates walk with survivors through medical exams, police reports and court.",
        hours=[(day, "08:00", "17:00") for day in range(5)],
        **at_town("Silver City"),
    ),
    "counseling-for-men": dict(
        name="Counseling for Men and Boys",
        organization="Lea County Family Center",
        service_types=["counseling"],
        counties_served=["lea", "eddy"],
        description="Individual and group counseling for male survivors of abuse and exploitation.",
        populations=["men", "minors"],
        fees="fee",
        **at_town("Hobbs"),
    ),
    "rural-legal-outreach": dict(
        name="Rural Legal Outreach",
        organization="Middle Rio Grande Legal Project",
        service_types=["legal-aid"],
        counties_served=["socorro", "sierra", "valencia", "catron"],
        description="Lawyers travel to rural counties for free legal aid clinics: protective orders, "
        "family law and immigration referrals.",
        fees="free",
        **at_town("Socorro"),
    ),
    "border-immigrant-support": dict(
        name="Border Immigrant Support",
        organization="Luna County Immigrant Alliance",
        service_types=["immigration", "case-management"],
        counties_served=["luna", "dona-ana", "hidalgo"],
        description="Help for immigrant survivors: accompaniment to appointments, interpreting and "
        "referrals to immigration lawyers.",
        description_es="Apoyo para sobrevivientes inmigrantes: acompañamiento, interpretación y "
        "referencias a abogados de inmigración.",
        languages=["es", "en"],
        populations=["immigrants"],
        **at_town("Deming"),
    ),
    "teen-counseling-program": dict(
        name="Teen Counseling Program",
        organization="Los Alamos Family Council",
        service_types=["counseling", "youth"],
        counties_served=["los-alamos"],
        description="Free, confidential counseling for teenagers at school or at our office.",
        populations=["minors"],
        fees="free",
        **at_town("Los Alamos"),
    ),
    "raton-clothing-closet": dict(
        name="Raton Clothing Closet",
        organization="Colfax Community Services",
        service_types=["basic-needs"],
        counties_served=["colfax"],
        description="Free clothing, shoes and winter coats for anyone who needs them.",
        fees="free",
        **at_town("Raton"),
    ),
    "meadow-city-housing": dict(
        name="Meadow City Housing Partners",
        organization="San Miguel Housing Partners",
        service_types=["housing"],
        counties_served=["san-miguel", "mora"],
        description="Long-term affordable apartments with rent help for survivors leaving shelter.",
        **at_town("Las Vegas"),
    ),
    "family-advocacy-center": dict(
        name="Family Advocacy Center",
        organization="Bernalillo County Family Justice Partners",
        service_types=["case-management", "legal-aid", "counseling"],
        counties_served=["bernalillo"],
        description="One place for police reports, forensic interviews, legal advocacy and counseling "
        "after sexual assault or trafficking.",
        description_es="Un solo lugar para denuncias, entrevistas forenses, defensoría legal y consejería.",
        languages=["en", "es"],
        **at_town("Albuquerque", -0.01, -0.02),
    ),
    # Never public, whatever the query.
    "draft-shelter": dict(
        name="Draft Shelter Albuquerque",
        status=Listing.Status.DRAFT,
        service_types=["shelter"],
        counties_served=["bernalillo"],
        description="Emergency shelter not yet vetted.",
        **at_town("Albuquerque"),
    ),
    "archived-legal-aid": dict(
        name="Archived Legal Aid Clinic",
        status=Listing.Status.ARCHIVED,
        service_types=["legal-aid"],
        statewide=True,
        description="Legal aid that closed.",
        **at_town("Santa Fe"),
    ),
}
PUBLISHED = [slug for slug, fields in DIRECTORY.items() if "status" not in fields]
