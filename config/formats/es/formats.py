"""Spanish date and time formats for New Mexico (Django's FORMAT_MODULE_PATH).

Django's Spanish formats use the 24-hour clock ("14:00"); many readers here, in Mexican and
Central American Spanish in the United States, use the 12-hour clock, and the English pages
say "2 p.m.". So times read "2:00 p. m.", "9:30 a. m." (the a.m./p.m. abbreviations are
spelled the Spanish way in our catalogue, see directory/hours.py), always with minutes, as
the "Abre mar 9:00 a. m." of a closed listing does; dates "28 de septiembre de 2026".
"""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "g:i\xa0a"  # a no-break space: "2:00 p. m." never splits across lines
DATETIME_FORMAT = "j \\d\\e F \\d\\e Y, g:i\xa0a"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i a"
FIRST_DAY_OF_WEEK = 0  # Sunday, as calendars in the United States show it
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
