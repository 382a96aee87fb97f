"""Word lists for finding names in Dutch youth-care transcripts (written for Codeertafel).

Lower-case, accents folded (see detect.fold). They hold what capitalisation and the
general Dutch lexicon cannot tell: which capitalised words are not identifying, which
words make a name an organisation or a place, and the national organisations that
transcripts name without any such word.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sounds and words of speech the general lexicon lacks: never names.
SPOKEN_WORDS = _words(
    """eh ehm euh uh uhm hm hmm mm mmm mhm mm-hm mm-mm ah aha oh oeh pff pfoe wauw jeetje
    jemig joh hè he nou tja ok oke oké okee jaja neenee nah sorry dankjewel doei hoi hai
    houdoe ciao amen kut shit fuck godverdomme verdorie potverdorie hallo niks niets welkom
    hoor toch gewoon echt precies inderdaad klopt prima mooi goed fijn super top zeker
    natuurlijk tuurlijk absoluut sowieso eigenlijk misschien oftewel caseload
    nie da wa ge gij ff effe nada jao ajuu wollah wallah inshallah habibi tof vet chill bro
    mattie wajo hé"""
)

# Capitalised words that do not identify anyone: weekdays, months (dates are found by
# their own pattern), nationalities and languages, religions and holidays, and the
# generic words of youth care that transcribers capitalise.
NOT_NAMES = _words(
    """maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    januari februari maart april mei juni juli augustus september oktober november december
    nederlands nederlandse nederlander nederlanders engels engelse duits duitse frans franse
    pools poolse turks turkse turk turken marokkaans marokkaanse marokkaan marokkanen
    surinaams surinaamse surinamer antilliaans antilliaanse arabisch arabische berbers
    koerdisch eritrees eritrese syrisch syrische somalisch somalische afghaans
    kaapverdiaans portugees portugese spaans spaanse italiaans roemeens bulgaars oekraiens
    russisch chinees chinese hindoestaans hindoestaanse vlaams fries friese limburgs brabants
    nederlandstalig islam islamitisch islamitische moslim moslims christelijk christelijke
    katholiek katholieke protestants joods joodse hindoe god allah jezus koran bijbel
    ramadan suikerfeest offerfeest kerst kerstmis pasen pinksteren sinterklaas
    koningsdag carnaval jeugdzorg jeugdhulp jeugdwet wmo ggz pgb participatiewet
    wijkteam buurtteam sociaal rijk staat kabinet overheid internet whatsapp instagram
    tiktok snapchat facebook youtube google netflix teams zoom corona covid
    havo vwo vmbo mbo hbo wo pro praktijkonderwijs basisschool middelbare
    mama papa oma opa mam pap digid playstation xbox iphone ipad
    rus russen pool polen? turk marokkaan""".replace("polen?", "")
)

# Speaker roles: a speaker label of these words is not a name.
ROLES = _words(
    """gespreksleider interviewer moderator onderzoeker facilitator voorzitter notulist
    jongere jeugdige kind cliënt client respondent deelnemer ouder moeder vader pleegmoeder
    pleegvader stiefmoeder stiefvader oom tante opa oma broer zus zoon dochter buurvrouw buurman
    mentor docent leerkracht leraar lerares juf meester behandelaar therapeut psycholoog
    psychiater huisarts jeugdarts arts verpleegkundige wijkteam buurtteam wijkteammedewerker
    buurtteammedewerker medewerker hulpverlener jeugdhulpverlener begeleider ambulant gezinsvoogd
    jeugdbeschermer jeugdconsulent consulent wmo-consulent jongerenwerker ervaringsdeskundige
    loopbaanbegeleider budgetcoach coach leerplichtambtenaar leerplicht ambtenaar beleidsadviseur
    beleidsmedewerker wethouder manager teamleider casemanager regisseur zorgregisseur tolk
    intern ib ib'er zorgcoördinator zorgcoordinator wij-medewerker jim sportcoach"""
)

# Parts of role words: a label with one of them is a role ("Wijkteammedewerker").
ROLE_PARTS = (
    "medewerk",
    "consulent",
    "werker",
    "coach",
    "begeleid",
    "ambtena",
    "arts",
    "therapeut",
    "voogd",
    "beschermer",
    "deskundig",
    "leider",
    "adviseur",
    "regisseur",
    "verlener",
    "docent",
    "mentor",
    "moeder",
    "vader",
    "ouder",
    "jongere",
    "interview",
    "onderzoek",
    "spreker",
    "deelnemer",
    "respondent",
    "tolk",
    "notul",
    "voorzit",
)

# Acronyms of concepts, not of organisations: a measure, a school type, a diagnosis.
GENERIC_ACRONYMS = _words(
    """ots vog isk mdo adhd add ass pdd-nos pdd iq lvb pgb wmo ggz jgz vmbo havo vwo mbo hbo
    wo po vo so vso pro bso kdv ib opp oppp ptss ocd dsm ok tv pc sms app wifi bsn id
    eu nl vs usa uk ic zzp cv ict poh tlv tlv's jim gi"""
)
# Youth football and school classes: "JO11", "MO13", "H4", "3B".
GENERIC_CODE = re.compile(r"(?:jo|mo|h|v|m|b|k)?\d{1,2}[a-z]?|[a-z]{1,2}\d{1,2}")

# Organisations transcripts name without an organisation word.
ORGANISATIONS = _words(
    """duo cjib uwv svb cak cjg ggd halt ind coa vluchtelingenwerk belastingdienst
    kinderbescherming jeugdbescherming nibud kredietbank schuldhulpverlening
    lidl aldi jumbo kruidvat hema action blokker etos zeeman primark ikea albert
    bol.com marktplaats"""
) | frozenset(
    {
        "veilig thuis",
        "raad voor de kinderbescherming",
        "de raad",
        "raad",
        "albert heijn",
        "leger des heils",
        "bureau jeugdzorg",
        "william schrikker groep",
        "het leger des heils",
    }
)

# A name with one of these words is an organisation: schools, centres, foundations.
ORGANISATION_WORDS = _words(
    """college lyceum gymnasium academie school scholengemeenschap basisschool roc stichting
    centrum kliniek ziekenhuis umc polikliniek praktijk bank kredietbank jeugdbescherming
    jeugdzorg zorg groep instituut dienst bureau vereniging club woningcorporatie wonen
    woonnet woningbouw maatschappij universiteit hogeschool team huis fonds kerk moskee
    moskeevereniging wijkcentrum buurthuis opvang gemeente"""
)
ORGANISATION_SUFFIXES = ("college", "school", "-team", "zorg", "wonen", "kracht", "groep")

# Places the transcripts name without a place word: cities, regions and provinces of
# the Netherlands and the countries families come from.
PLACES = _words(
    """nederland amsterdam rotterdam den-haag utrecht eindhoven groningen tilburg almere breda
    nijmegen apeldoorn haarlem arnhem enschede amersfoort zaanstad haarlemmermeer zwolle
    zoetermeer leiden leeuwarden maastricht dordrecht ede alphen westland alkmaar emmen
    delft venlo deventer sittard helmond oss amstelveen hilversum heerlen hengelo purmerend
    schiedam lelystad roosendaal leidschendam vlaardingen almelo gouda zaandam hoorn assen
    capelle spijkenisse veenendaal katwijk zeist nieuwegein hardenberg barendrecht middelburg
    vlissingen goes terneuzen zierikzee 's-hertogenbosch
    kerkrade roermond weert venray geleen brunssum landgraaf heerlen parkstad randstad
    zeeland limburg brabant noord-brabant gelderland overijssel drenthe friesland flevoland
    holland noord-holland zuid-holland twente achterhoek veluwe betuwe
    belgie antwerpen brussel duitsland polen turkije marokko suriname curacao aruba syrie
    eritrea somalie afghanistan irak iran oekraine roemenie bulgarije spanje portugal
    kaapverdie ghana nigeria china india pakistan indonesie"""
) | frozenset({"den haag", "bergen op zoom", "den bosch", "rotterdam-zuid", "amsterdam-noord"})

STREET_SUFFIXES = (
    "straat",
    "laan",
    "weg",
    "plein",
    "kade",
    "singel",
    "gracht",
    "dijk",
    "park",
    "hof",
    "dreef",
    "pad",
    "steeg",
    "markt",
    "vliet",
    "baan",
    "plantsoen",
    "boulevard",
    "wal",
    "allee",
    "ring",
    "polder",
    "wijk",
    "veld",
    "hage",
    "plaats",
    "haven",
    "poort",
    "meer",
    "broek",
    "horst",
    "hoven",
    "stad",
    "dorp",
    "heuvel",
    "berg",
    "bos",
    "woude",
    "kerk",
)
PLACE_WORDS = _words("noord zuid oost west centrum wijk straat laan buurt dorp stad")
# "woont in X", "verhuisd naar X", "komt uit X"
PLACE_PREPOSITIONS = _words("in naar uit vanuit richting rond door langs")

# Words that join the parts of one name: "Raad voor de Kinderbescherming", "van der Linden".
NAME_JOINERS = _words("van de der den het voor op ter ten te la le du von 't")
# Marks after which a sentence starts again: a quoted sentence, a new clause.
OPENING_MARKS = frozenset({'"', "“", "„", "'", "‘", "(", "[", ")", "]", "-", "–", "—", ":", "…"})
# Marks that end a sentence: what follows starts a new one.
CLOSING_MARKS = frozenset({".", "!", "?", "…", ";"})
# Words before a person's name.
TITLES = _words(
    """meneer mevrouw juf juffrouw meester dokter dr mr mw mevr dhr heer tante oom opa oma
    buurman buurvrouw collega zoon dochter broer zus broertje zusje neef nicht vriend
    vriendin vriendje vriendinnetje man vrouw moeder vader heet heette noemen"""
)
